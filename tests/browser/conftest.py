"""Fixtures that need a real service: headless Chromium (Debian's, no `playwright install`)."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

CHROMIUM = Path(os.environ.get("GSP_CHROMIUM", "/usr/bin/chromium"))
# Flags that make Debian's Chromium start headless as root in a container, and stay off the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def open_browser(live_server, transactional_db, monkeypatch):
    """Opens a page of a fresh headless Chromium: `with open_browser() as page:`.

    The page records console errors, failed requests and HTTP errors in `page.problems`. Playwright drives the
    browser from an event loop in this thread, and while it runs Django's connections are context-local: ORM
    work done then would open a connection that nobody closes. So create the test's rows *before* opening the
    browser; DJANGO_ALLOW_ASYNC_UNSAFE only lets Django's own checks through while the loop runs.
    """
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing: `apt-get install chromium` to run the browser tests")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    @contextmanager
    def open_page():
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            try:
                yield _watched_page(browser)
            finally:
                browser.close()

    return open_page


def _watched_page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.problems = []
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(f"console: {msg.text}"))
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: page.problems.append(f"request failed: {request.url}"))
    page.on("response", lambda resp: resp.status >= 400 and page.problems.append(f"{resp.status}: {resp.url}"))
    return page
