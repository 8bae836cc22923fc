"""Fixtures that need a real service: headless Chromium (Debian's, no `playwright install`).

When a browser test fails while its pages are open, every open page is saved as a full-page screenshot to
`test-results/screenshots/<module>-<test>.png` (CI keeps the folder as an artifact).
"""

import os
import re
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


SCREENSHOTS = Path("test-results") / "screenshots"


@pytest.fixture
def open_browser(live_server, transactional_db, monkeypatch, request):
    """Opens a page of a fresh headless Chromium: `with open_browser() as page:`.

    The page records console errors, failed requests and HTTP errors in `page.problems`. Playwright drives the
    browser from an event loop in this thread, and while it runs Django's connections are context-local: ORM
    work done then would open a connection that nobody closes. So create the test's rows *before* opening the
    browser; DJANGO_ALLOW_ASYNC_UNSAFE only lets Django's own checks through while the loop runs.

    `open_browser(viewport={"width": 375, "height": 740})` opens a page of another size (a phone).

    A page left by a failure stays open until the test's report is made (`pytest_runtest_makereport` below saves
    its screenshot), then closes with the fixture.
    """
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing: `apt-get install chromium` to run the browser tests")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    left_open = []  # (playwright, browser) of pages a failure left open, closed at teardown
    request.node.gsp_pages = []

    @contextmanager
    def open_page(viewport=None):
        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = _watched_page(browser, viewport or {"width": 1280, "height": 900})
        page.gsp_server = live_server.url
        request.node.gsp_pages.append(page)
        try:
            yield page
        except BaseException:
            left_open.append((playwright, browser))
            raise
        browser.close()
        playwright.stop()

    yield open_page
    for playwright, browser in left_open:
        browser.close()
        playwright.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test leaves a full-page screenshot of each page it still had open."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    pages = [p for p in getattr(item, "gsp_pages", []) if not p.is_closed()]
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{item.module.__name__.rsplit('.', 1)[-1]}-{item.name}")
    for i, page in enumerate(pages):
        path = Path(item.config.rootpath) / SCREENSHOTS / (f"{stem}.png" if i == 0 else f"{stem}-{i + 1}.png")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception as error:  # noqa: BLE001 — a page that cannot be drawn must not hide the test's failure
            report.sections.append(("screenshot", f"{path}: {error}"))
        else:
            report.sections.append(("screenshot", str(path)))


def _watched_page(browser, viewport: dict):
    page = browser.new_page(viewport=viewport)
    page.problems = []
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(f"console: {msg.text}"))
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: page.problems.append(f"request failed: {request.url}"))
    page.on("response", lambda resp: resp.status >= 400 and page.problems.append(f"{resp.status}: {resp.url}"))
    return page
