"""Screening course proposals on a tablet held upright (768 px), in a real browser.

Sara filters the table to the proposals already on the list, selects them all with the
select-all box, rejects them with a reason, and sees the result. The table scrolls sideways
inside its own labelled region rather than widening the page. Screenshots land in
test-artifacts/screenshots/screening-NN-….png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from raadsrum.positivelist import screening_services
from raadsrum.positivelist.models import CourseProposal, JobTitle, Organisation, Round
from raadsrum.positivelist.tests.conftest import (  # noqa: F401 (fixtures)
    PLCast,
    balance,
    draft_round,
    fixed_round,
    job_titles,
    organisations,
    pl,
)
from raadsrum.positivelist.tests.screening_setup import make_screening_case

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

UPRIGHT_TABLET = {"width": 768, "height": 1024}


def test_rejecting_the_proposals_already_on_the_list_at_768_px(
    live_server: object,
    open_page: object,
    screenshot: object,
    pl: PLCast,  # noqa: F811
    fixed_round: Round,  # noqa: F811
    organisations: dict[str, Organisation],  # noqa: F811
    job_titles: dict[str, JobTitle],  # noqa: F811
) -> None:
    case = make_screening_case(
        pl=pl, fixed_round=fixed_round, organisations=organisations, job_titles=job_titles
    )
    screening_services.screening_run(round=case.round, by=pl.sara)
    page: Page = open_page(**UPRIGHT_TABLET)  # type: ignore[operator]
    url = f"{live_server.url}/sekretariat/positivliste/runde/{case.round.pk}/screening/"  # type: ignore[attr-defined]
    page.goto(url)
    page.get_by_label("Brugernavn").fill("sara")
    page.get_by_label("Adgangskode").fill("pw")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", name="Screening af kursusforslag", level=1)).to_be_visible()

    # The page itself does not scroll sideways; the table's region does.
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    region = page.get_by_role("region", name="Kursusforslag: 4 vist af 4 indsendte")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    screenshot("screening-01-table", on=page)  # type: ignore[operator]

    page.get_by_label("Flag").select_option(label="Står allerede på listen")
    page.get_by_role("button", name="Vis forslag").click()
    page.get_by_label("Vælg alle viste forslag").check()
    expect(page.get_by_label("Vælg Brød og kager fra EUC Nord")).to_be_checked()
    page.get_by_label("Begrundelse").fill("Står allerede på positivlisten")
    page.get_by_role("button", name="Afvis de valgte").click()

    expect(page.get_by_text("1 forslag står nu som »Afvist«.")).to_be_visible()
    expect(page.get_by_label("Flag")).to_have_value("already_listed")  # the filter stays
    screenshot("screening-02-rejected", on=page)  # type: ignore[operator]
    case.listed.refresh_from_db()
    assert case.listed.status == CourseProposal.Status.REJECTED
    assert case.listed.status_reason == "Står allerede på positivlisten"
