"""The home page renders in a real browser: Danish, titled, and screenshotted."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_home_page_opens_in_danish_with_the_site_name_in_the_title(
    live_server, page, screenshot
) -> None:
    response = page.goto(live_server.url + "/")
    path = screenshot("forside")  # before the checks, so a failure leaves a picture

    assert response is not None and response.status == 200
    assert "Rådsrum" in page.title()
    assert page.locator("html").get_attribute("lang") == "da"
    assert path.stat().st_size > 0
