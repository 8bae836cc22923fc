"""The report pages in a real headless Chromium: a ministry official logs in, requests a report, watches its progress
bar advance without reloading (htmx polling), then reads the result with its charts drawn; no console error and no
Content Security Policy violation on the way.

The computation is not what these tests are about (tests/reports/ checks its figures): `reports.computations` is
replaced by a stub that reports progress slowly and returns a hand-built result (tests/reports/results.py), and the
task runs in a thread of its own, as a worker would, instead of inside the request that queued it.
"""

import sys
import threading
import time
import types
from urllib.parse import urlsplit

import pytest
from django.db import connection

from reports.models import ReportRun
from reports.services import report_compute
from tests.api_helpers import government, member_of
from tests.partnerships.factories import PartnershipFactory
from tests.reports.results import RESULTS, done_run

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # tests/identity/factories.py
STEP_SECONDS = 2.5

# Recorded in the page before any of its scripts runs (Playwright injects it outside the page's CSP).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`);
});
"""


class StubReportError(Exception):
    pass


def stub_compute(run, progress=None):
    """What the computation would return, slowly: 30 %, then 70 %, then the result."""
    for percent in (30, 70):
        progress(percent)
        time.sleep(STEP_SECONDS)
    return RESULTS[run.kind](run.partnership, currency=run.currency, as_of=run.as_of.isoformat(), filters=run.filters)


@pytest.fixture
def worker(monkeypatch):
    """Requested runs are computed by a thread, as a worker would, with the stub computation."""
    stub = types.ModuleType("reports.computations")
    stub.compute, stub.ReportError = stub_compute, StubReportError
    monkeypatch.setitem(sys.modules, "reports.computations", stub)
    threads = []

    def compute_later(run_id):
        def work():
            try:
                time.sleep(1)
                report_compute(run_id)
            finally:
                connection.close()

        threads.append(threading.Thread(target=work, daemon=True))
        threads[-1].start()

    monkeypatch.setattr("reports.services._enqueue", compute_later)
    yield threads
    for thread in threads:
        thread.join(timeout=30)
    for run in ReportRun.objects.exclude(csv_file=""):
        run.csv_file.delete(save=False)
        run.xlsx_file.delete(save=False)


def painted(page, canvas_id: str) -> int:
    return page.evaluate(
        """(id) => {
            const canvas = document.getElementById(id);
            const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1;
            return painted;
        }""",
        canvas_id,
    )


def assert_clean(page, live_server):
    assert page.problems == []
    assert page.evaluate("window.__cspViolations") == []
    assert {urlsplit(url).netloc for url in page.requested} == {urlsplit(live_server.url).netloc}


def test_a_ministry_official_requests_a_report_and_watches_it_finish(live_server, open_browser, worker):
    partnership = PartnershipFactory(title="UK–Nigeria nursing", reporting_currency="GBP")
    member_of(government("GB", name="Department of Health"), username="gb-official", first_name="Jo", last_name="Bell")

    with open_browser() as page:
        page.add_init_script(WATCH_CSP)
        page.goto(f"{live_server.url}/accounts/login/?next=/reports/")
        page.fill("#id_username", "gb-official")
        page.fill("#id_password", PASSWORD)
        page.click("form.gsp-form button[type=submit]")
        page.click(f'a[href="/partnerships/{partnership.pk}/reports/"]')
        page.check("#id_kind_0")  # cost sharing
        page.fill("#id_as_of", "2021-04-30")
        page.click("#request-report")

        # The run's page: a progress bar that advances while the page stays the same (htmx swaps the partial).
        page.wait_for_selector("#report-progress-bar")
        run_url = page.url
        page.evaluate("window.__samePage = true")
        page.wait_for_selector('#report-progress-bar:is([value="30"], [value="70"])', timeout=15_000)
        assert page.evaluate("window.__samePage") is True
        # The status badge followed, and the cancel button went away: a run that started is kept.
        assert page.text_content("#report-status").strip() == "Running"
        assert not page.is_visible("#cancel-report")
        # Once done, the partial has the page reload and show the result.
        page.wait_for_selector("#report-summary", timeout=20_000)
        page.wait_for_selector("#chart-cost-by-payer[data-drawn]", timeout=10_000)

        assert page.url == run_url
        assert page.text_content("#summary-total").strip() == "£1,506,100.00"
        for chart in ("chart-cost-by-payer", "chart-planned-actual"):
            assert page.get_attribute(f"#{chart}", "data-error") is None
            assert painted(page, chart) > 1_000, chart
        assert page.is_visible("#report-downloads")
        assert any(url.endswith("/progress/") for url in page.requested)
        assert_clean(page, live_server)

    run = ReportRun.objects.get()
    assert (run.status, run.progress, run.requested_by.username) == ("done", 100, "gb-official")


def test_a_placement_report_draws_its_funnel_and_rates(live_server, open_browser):
    partnership = PartnershipFactory()
    run = done_run(partnership, "placement", currency="EUR", rows=6)
    official = member_of(government("NG"), username="ng-official")

    with open_browser() as page:
        page.add_init_script(WATCH_CSP)
        page.goto(f"{live_server.url}/accounts/login/?next=/reports/{run.pk}/")
        page.fill("#id_username", official.username)
        page.fill("#id_password", PASSWORD)
        page.click("form.gsp-form button[type=submit]")
        page.wait_for_selector("#chart-rate-by-occupation[data-drawn]", timeout=15_000)

        for chart in ("chart-funnel", "chart-rate-by-occupation"):
            assert page.get_attribute(f"#{chart}", "data-drawn") == "1"
            assert painted(page, chart) > 1_000, chart
        assert page.text_content("#summary-rate-home").strip() == "47.1%"
        assert_clean(page, live_server)
