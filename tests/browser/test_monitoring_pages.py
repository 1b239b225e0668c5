"""The monitoring pages in a real browser at 768 px: nothing wider than the window, the
synthetic-data notice visible, and the figures behind a chart one keypress away."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PAGES = (
    ("/monitorering/beskaeftigelsesraad-nordjylland/", "Nøgletal for"),
    ("/monitorering/nordjylland/jobcenterindblik/?periode=2020H1", "Fokusmål 2020"),
    ("/monitorering/nordjylland/refusion/?weekly_benefit=4.500&weeks=53&persons=1", "Uge 53"),
)


@pytest.fixture
def synthetic() -> None:
    from raadsrum.councils.services import reference_load
    from raadsrum.monitoring.rules import rules_ensure
    from raadsrum.monitoring.synthetic import synthetic_load

    reference_load()
    rules_ensure()  # a transactional test empties the tables the data migration filled
    synthetic_load(today=dt.date.today())


def test_the_pages_fit_768_px_and_say_the_figures_are_synthetic(
    live_server, open_page, synthetic, screenshot
) -> None:
    page = open_page(width=768, height=1000)
    for path, text in PAGES:
        response = page.goto(live_server.url + path)
        screenshot("monitorering-768-" + path.strip("/").split("?")[0].replace("/", "-"), on=page)
        assert response is not None and response.status == 200
        assert text in page.content()
        assert page.get_by_role("note").filter(has_text="Syntetiske data").is_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow} px wider than the window"


def test_a_charts_figures_open_from_the_keyboard(live_server, open_page, synthetic) -> None:
    page = open_page(width=768, height=1000)
    page.goto(live_server.url + "/monitorering/beskaeftigelsesraad-nordjylland/")
    summary = page.locator("details.chart-table summary").first
    summary.focus()
    page.keyboard.press("Enter")
    table = page.locator("details.chart-table table").first
    assert table.is_visible()
    assert table.locator("caption").inner_text().startswith("Bruttoledige")
