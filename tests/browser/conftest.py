"""Playwright fixtures on Debian's Chromium (/usr/bin/chromium; never `playwright install`).

Browser tests are marked `browser` and use pytest-django's `live_server`, so they need
`transactional_db`. Without /usr/bin/chromium they are skipped locally and fail in CI.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

Screenshot = Callable[..., Path]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium; `make test` does it as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Sync Playwright keeps an event loop running in this thread; Django would then refuse
    # ORM calls from the test (and live_server/transactional_db teardown) as "async unsafe".
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _danish_context(browser: object, *, width: int, height: int) -> object:
    """A browser context as a Danish visitor in Copenhagen, with a window of that size."""
    context = browser.new_context(  # type: ignore[attr-defined]
        locale="da-DK",
        timezone_id="Europe/Copenhagen",
        viewport={"width": width, "height": height},
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page in its own context, as a Danish visitor at a laptop-sized window."""
    context = _danish_context(browser, width=1280, height=900)
    new_page = context.new_page()  # type: ignore[attr-defined]
    try:
        yield new_page
    finally:
        context.close()  # type: ignore[attr-defined]


OpenPage = Callable[..., object]


@pytest.fixture
def open_page(browser: object) -> Iterator[OpenPage]:
    """`open_page(width=820, height=1180)`: another visitor (own cookies, own login) at
    that window size, e.g. the chair on a tablet beside the secretariat's `page`."""
    contexts: list[object] = []

    def open_(*, width: int = 1280, height: int = 900) -> object:
        context = _danish_context(browser, width=width, height=height)
        contexts.append(context)
        return context.new_page()  # type: ignore[attr-defined]

    try:
        yield open_
    finally:
        for context in contexts:
            context.close()  # type: ignore[attr-defined]


@pytest.fixture
def screenshot(page: object) -> Screenshot:
    """`screenshot("forside")` saves the whole page to test-artifacts/screenshots/forside.png;
    `screenshot("formand", on=other_page)` takes it of another page instead."""

    def take(name: str, on: object | None = None) -> Path:
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "screenshot"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{safe}.png"
        (on or page).screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
        return path

    return take
