"""The report pages: who may open them (every role), requesting a run from the form, the progress partial that the
run page polls, a finished run's figures formatted with their currency, a failed run's error, cancelling, the checked
downloads, and flat query counts. Finished runs hold results built by hand (tests/reports/results.py), not computed."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports.exports import write_files
from reports.forms import ReportRequestForm
from reports.models import ReportRun
from tests.api_helpers import government, member_of
from tests.gsp.test_security_headers import INLINE_SCRIPT
from tests.identity.factories import OrganisationFactory, UserFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory
from tests.reference.factories import OccupationFactory, country
from tests.reports.factories import ReportRunFactory
from tests.reports.results import done_run
from tests.training.factories import CohortFactory, CourseFactory, TrainingCentreFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

ALLOWED = ["government_origin", "government_destination_viewer", "donor", "staff"]
REFUSED = ["employer", "training_centre", "agency", "government_elsewhere", "donor_elsewhere"]


# --- the world: a NG→GB partnership with a party of every kind, and users of every role -----------------------


@pytest.fixture
def partnership():
    partnership = PartnershipFactory(code="ng-gb-nursing", title="UK–Nigeria nursing")
    partnership.occupations.add(OccupationFactory(code="2221", title="Nursing professionals"))
    return partnership


@pytest.fixture
def cohort(partnership):
    course = CourseFactory(centre=TrainingCentreFactory(), occupation=OccupationFactory(code="2221"), title="Nursing")
    return CohortFactory(partnership=partnership, course=course, code="nursing-2024-1")


@pytest.fixture
def users(partnership, cohort):
    """A user of every role, by name; the training centre is the cohort's, a party of the partnership."""
    parties = {}
    for kind, code in (("employer", "GB"), ("agency", "NG"), ("donor", "GB")):
        organisation = OrganisationFactory(kind=kind, country=country(code), name=f"The {kind}")
        PartnershipPartyFactory(partnership=partnership, organisation=organisation, role=kind)
        parties[kind] = organisation
    return {
        "government_origin": member_of(government("NG", name="NG ministry"), first_name="Ada", last_name="Obi"),
        "government_destination_viewer": member_of(government("GB"), "viewer"),
        "donor": member_of(parties["donor"], "editor"),
        "staff": UserFactory(is_staff=True),
        "employer": member_of(parties["employer"], "admin"),
        "training_centre": member_of(cohort.course.centre.organisation, "editor"),
        "agency": member_of(parties["agency"], "editor"),
        "government_elsewhere": member_of(government("MA"), "editor"),
        "donor_elsewhere": member_of(OrganisationFactory(kind="donor", country=country("AU")), "editor"),
    }


@pytest.fixture
def no_task(monkeypatch):
    """Requesting queues no computation (the computation is tested on its own)."""
    queued = []
    monkeypatch.setattr("reports.services._enqueue", queued.append)
    return queued


def signed_in(client, user):
    if user is not None:
        client.force_login(user)
    return client


def live_run(partnership, status="queued", **fields):
    started = timezone.now() if status == "running" else None
    return ReportRunFactory(partnership=partnership, status=status, started_at=started, **fields)


def failed_run(partnership):
    now = timezone.now()
    return ReportRunFactory(
        partnership=partnership, status="failed", started_at=now, finished_at=now,
        error="No exchange rate from NGN to GBP on or before 2024-01-08.",
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _drop_report_files():
    """The files a test writes into private storage are deleted after it."""
    yield
    for run in ReportRun.objects.exclude(csv_file=""):
        run.csv_file.delete(save=False)
        run.xlsx_file.delete(save=False)


def with_files(run):
    write_files(run, run.result)
    run.save()
    return run


def text_of(response) -> str:
    """The page's text with tags dropped and ASCII spaces collapsed (so a figure split across lines still matches,
    and the locale's no-break spaces inside figures stay as they are)."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# --- who may open what ------------------------------------------------------------------------------------------


def urls_of(partnership, cohort) -> dict:
    done = with_files(done_run(partnership))
    return {
        "reports": f"/partnerships/{partnership.pk}/reports/",
        "run": f"/reports/{done.pk}/",
        "progress": f"/reports/{live_run(partnership, 'running').pk}/progress/",
        "csv": f"/reports/{done.pk}/download/csv/",
        "xlsx": f"/reports/{done.pk}/download/xlsx/",
    }


@pytest.mark.parametrize("role", ALLOWED)
def test_governments_donors_and_staff_open_every_report_page(client, partnership, cohort, users, role):
    urls = urls_of(partnership, cohort)
    signed_in(client, users[role])

    for name, url in urls.items():
        assert client.get(url).status_code == 200, (name, url)
    assert client.get("/reports/").status_code == 200


@pytest.mark.parametrize("role", REFUSED)
def test_employers_centres_agencies_and_others_find_no_report_page(client, partnership, cohort, users, role):
    urls = urls_of(partnership, cohort)
    queued = live_run(partnership)
    signed_in(client, users[role])

    for name, url in urls.items():
        assert client.get(url).status_code == 404, (name, url)
    assert client.post(urls["reports"], {"kind": "placement"}).status_code == 404
    assert client.post(f"/reports/{queued.pk}/cancel/").status_code == 404
    assert ReportRun.objects.filter(pk=queued.pk).exists()
    # Their index lists no partnership, and the navigation has no Reports link.
    index = client.get("/reports/")
    assert index.status_code == 200 and b'id="no-reportable-partnership"' in index.content
    assert b'href="/reports/"' not in client.get("/").content


def test_anonymous_users_are_sent_to_log_in(client, partnership, cohort):
    urls = urls_of(partnership, cohort)
    for name in ("reports", "run", "csv", "xlsx"):
        response = client.get(urls[name])
        assert response.status_code == 302, name
        assert response["Location"] == f"/accounts/login/?next={urls[name]}"
    # The polled partial has the page reload itself, which then leads to the login form.
    progress = client.get(urls["progress"], headers={"HX-Request": "true"})
    assert (progress.status_code, progress["HX-Refresh"]) == (204, "true")
    assert client.get(urls["progress"])["Location"] == f"/accounts/login/?next={urls['progress']}"


def test_the_navigation_and_the_index_lead_to_the_partnership_s_reports(client, partnership, users):
    PartnershipFactory(title="Morocco–Belgium ICT", origin_country=country("MA"), destination_country=country("BE"))
    signed_in(client, users["government_origin"])

    assert b'href="/reports/"' in client.get("/").content
    index = client.get("/reports/")
    assert f'href="/partnerships/{partnership.pk}/reports/"'.encode() in index.content
    assert b"Morocco" not in index.content


# --- requesting a run ---------------------------------------------------------------------------------------------


def test_the_form_offers_the_partnership_s_cohorts_and_occupations_with_today_and_its_currency(
    client, partnership, cohort, users
):
    CohortFactory(code="elsewhere-2024-1")  # another partnership's cohort
    signed_in(client, users["government_origin"])

    page = client.get(f"/partnerships/{partnership.pk}/reports/")
    html = page.content.decode()

    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html
    assert re.search(r'name="currency"[^>]*value="GBP"', html)
    assert "nursing-2024-1" in html and "elsewhere-2024-1" not in html
    # The occupation and the ISCO-08 groups above it.
    assert [o.pk for o in page.context["form"].fields["occupation"].queryset] == ["2", "22", "222", "2221"]
    assert 'id="no-report-runs"' in html


def test_requesting_a_report_saves_a_queued_run_and_opens_its_page(client, partnership, cohort, users, no_task):
    user = users["government_destination_viewer"]
    signed_in(client, user)

    response = client.post(
        f"/partnerships/{partnership.pk}/reports/",
        {"kind": "placement", "as_of": "2024-12-31", "currency": "eur", "cohorts": [cohort.pk], "occupation": "222",
         "period_start": "2024-01-01", "period_end": "2024-06-30"},
    )  # fmt: skip

    run = ReportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{run.pk}/"
    assert (run.kind, run.as_of, run.currency, run.status, run.requested_by) == (
        "placement", dt.date(2024, 12, 31), "EUR", "queued", user
    )  # fmt: skip
    assert run.filters == {
        "cohorts": [cohort.pk], "occupation": "222", "period_start": "2024-01-01", "period_end": "2024-06-30"
    }  # fmt: skip
    page = client.get(response["Location"])
    assert "Placement report" in text_of(page) and "nursing-2024-1" in text_of(page)


def test_the_same_request_while_it_is_computed_opens_the_run_already_there(client, partnership, users, no_task):
    signed_in(client, users["donor"])
    form = {"kind": "cost_sharing", "as_of": "2024-12-31", "currency": "GBP"}

    first = client.post(f"/partnerships/{partnership.pk}/reports/", form)
    again = client.post(f"/partnerships/{partnership.pk}/reports/", form, follow=True)

    assert ReportRun.objects.count() == 1
    assert again.redirect_chain == [(first["Location"], 302)]
    assert "already requested" in text_of(again)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"period_start": "2024-06-30", "period_end": "2024-01-01"}, "period_end", "end of the period is before"),
        ({"currency": "euro"}, "currency", "at most 3 characters"),
        ({"as_of": "1900-01-01"}, "as_of", "greater than or equal to 1950-01-01"),
        ({"as_of": "31/12/2024"}, "as_of", "Enter a valid date"),
        ({"cohorts": ["999999"]}, "cohorts", "Select a valid choice"),
    ],
)
def test_a_wrong_request_shows_its_error_beside_the_field_with_the_input_kept(
    client, partnership, users, no_task, change, field, message
):
    signed_in(client, users["government_origin"])
    form = {"kind": "placement", "as_of": "2024-12-31", "currency": "GBP"} | change

    page = client.post(f"/partnerships/{partnership.pk}/reports/", form)

    assert page.status_code == 200
    assert ReportRun.objects.count() == 0
    assert list(page.context["form"].errors) == [field]
    html = page.content.decode()
    # Beside the field (its error sits in the field's block, before its input), and in the summary at the top.
    block = re.search(rf'<label class="form-label" for="id_{field}">.*?<(input|select)[^>]*id="id_{field}"', html, re.S)
    assert block and message in block.group(0)
    assert f'href="#id_{field}"' in html and 'id="error-summary"' in html
    assert re.search(rf'id="id_{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="id_{field}"', html)
    # The input is kept.
    assert 'value="placement" class="form-check-input" id="id_kind_1" required checked' in html
    for name, value in change.items():
        if name != "cohorts":
            assert f'value="{value}"' in html


def test_the_service_s_errors_go_beside_the_field_they_name(partnership):
    form = ReportRequestForm({"kind": "placement", "as_of": "2024-12-31", "currency": "GBP"}, partnership=partnership)
    assert form.is_valid()

    form.add_service_errors(
        ValidationError({"filters": "period_end is before period_start.", "as_of": "Too early.", "request": "Odd."})
    )
    form.add_service_errors(ValidationError({"filters": "No cohort 7 in this report's partnerships."}))
    form.add_service_errors(ValidationError("Refused."))

    assert form.errors == {
        "period_end": ["period_end is before period_start."],
        "as_of": ["Too early."],
        "__all__": ["Odd.", "Refused."],
        "cohorts": ["No cohort 7 in this report's partnerships."],
    }


# --- the run page while it computes, then finished -------------------------------------------------------------


def test_a_queued_run_shows_a_polling_progress_bar_and_a_cancel_button(client, partnership, users):
    run = live_run(partnership)
    signed_in(client, users["government_origin"])

    html = client.get(f"/reports/{run.pk}/").content.decode()

    poller = re.search(r'<div id="report-progress"[^>]*>', html).group(0)
    assert f'hx-get="/reports/{run.pk}/progress/"' in poller and 'hx-trigger="every 2s"' in poller
    assert '<progress class="gsp-progress" id="report-progress-bar" max="100" value="0"' in html
    assert f'action="/reports/{run.pk}/cancel/"' in html
    assert "report-chart-data" not in html


def test_the_progress_partial_shows_the_progress_then_reloads_the_page_when_finished(client, partnership, users):
    run = live_run(partnership, "running", progress=40)
    signed_in(client, users["donor"])
    url = f"/reports/{run.pk}/progress/"

    running = client.get(url, headers={"HX-Request": "true"})
    assert running.status_code == 200 and "HX-Refresh" not in running
    assert 'value="40"' in running.content.decode() and "40 % done" in text_of(running)
    assert "no-cache" in running["Cache-Control"]
    assert "<html" not in running.content.decode()  # a fragment, swapped in place
    assert "#}" not in running.content.decode() and "comment" not in running.content.decode()
    assert 'hx-trigger="every 2s"' in running.content.decode()  # and it keeps polling
    # It also brings the status up to date, and takes the cancel button away (the run started).
    oob = re.search(
        r'<span class="fs-5" id="report-status" hx-swap-oob="true">.*?</span>\s*</span>', running.content.decode(), re.S
    )
    assert oob and "Running" in oob.group(0)
    assert '<div id="report-cancel" hx-swap-oob="true">' in running.content.decode()
    assert "cancel-report" not in running.content.decode()
    assert f'action="/reports/{run.pk}/cancel/"' not in client.get(f"/reports/{run.pk}/").content.decode()

    ReportRun.objects.filter(pk=run.pk).update(status="done", progress=100, result={}, finished_at=timezone.now())
    done = client.get(url, headers={"HX-Request": "true"})
    assert (done.status_code, done["HX-Refresh"]) == (204, "true")
    # Opened directly (not by htmx), it leads to the run's page.
    assert client.get(url)["Location"] == f"/reports/{run.pk}/"


def test_a_finished_cost_sharing_report_shows_its_figures_in_their_currency(client, partnership, users):
    run = with_files(done_run(partnership, "cost_sharing", currency="EUR", requested_by=users["government_origin"]))
    result = run.result
    result["unit_costs"]["home"]["per_placed"] = None  # no home-track placement yet
    ReportRun.objects.filter(pk=run.pk).update(result=result)
    signed_in(client, users["government_origin"])

    page = client.get(f"/reports/{run.pk}/")
    html, text = page.content.decode(), text_of(page)

    assert "€1,506,100.00" in text  # total
    assert "€180,000.00" in text  # of which management
    assert "€12,550.83" in text  # cost per trainee
    assert "3.04" in text  # skill-drain offset
    assert "€1,126,400.00" in text  # destination savings
    assert "€324,000.00" in text  # instruction, home track, destination government (60 %)
    labels = ["Destination government", "Destination employer", "Origin government", "Donor", "Employer 01"]
    labels += ["Unit costs", "Planned versus actual", "98.0%", "cohort-2019-2", "Management (coordination"]
    for label in labels:
        assert label in text, label
    assert "€49,125.00" in text  # the origin employers' share, unallocated
    assert '<span class="gsp-null" title="No placed worker yet">' in html
    assert "Requested by Ada Obi (NG ministry)" in text
    # The charts: canvases, their data as JSON, the static script; nothing inline.
    for chart in ("chart-cost-by-payer", "chart-planned-actual"):
        assert f'<canvas id="{chart}"' in html
    assert '<script id="report-chart-data" type="application/json">' in html
    assert "/static/gsp/report-charts.js" in html and "/static/vendor/chart.js/chart.umd.min.js" in html
    assert INLINE_SCRIPT.findall(html) == []
    charts = page.context["chart_data"]["charts"]
    assert charts[0]["datasets"][0] == {
        "label": "Destination government", "data": [589500.0, 287980.0], "colour": 0
    }  # fmt: skip
    # The downloads go through the checked view.
    assert f'href="/reports/{run.pk}/download/csv/"' in html and f'href="/reports/{run.pk}/download/xlsx/"' in html


def test_figures_follow_the_reader_s_language(client, partnership, users):
    run = done_run(partnership, "cost_sharing", currency="EUR")
    signed_in(client, users["government_origin"])

    text = text_of(client.get(f"/reports/{run.pk}/", headers={"Accept-Language": "fr"}))

    assert "1\u202f506\u202f100,00\xa0€" in text
    assert "3,04" in text


def test_a_finished_placement_report_shows_its_funnel_rates_and_demand(client, partnership, users):
    run = done_run(partnership, "placement", currency="EUR")
    signed_in(client, users["donor"])

    page = client.get(f"/reports/{run.pk}/")
    html, text = page.content.decode(), text_of(page)

    assert "47.1%" in text and "71.4%" in text  # home 40/85, away 20/28
    assert "Visa granted" in text and "Retained at 12 months" in text
    assert '<span class="gsp-null" title="Not a step of this track">' in html  # no visa on the home track
    assert '<span class="gsp-null" title="Nothing completed yet">' in html  # the cohort still in training
    assert "Belgium" in text and "Software developers" in text and "Employer 02" in text
    assert "61 days" in text and "190.5 days" in text and "€2,875.00" in text
    for chart in ("chart-funnel", "chart-rate-by-occupation"):
        assert f'<canvas id="{chart}"' in html
    funnel = page.context["chart_data"]["charts"][0]
    assert funnel["datasets"][0]["data"] == [90, 85, 80, 40, None, None, None, 30]
    assert INLINE_SCRIPT.findall(html) == []


def test_a_failed_run_shows_why(client, partnership, users):
    run = failed_run(partnership)
    signed_in(client, users["staff"])

    html = client.get(f"/reports/{run.pk}/").content.decode()

    assert 'id="report-error"' in html and "No exchange rate from NGN to GBP on or before 2024-01-08." in html
    assert "hx-get" not in html and "report-downloads" not in html


# --- cancelling ---------------------------------------------------------------------------------------------------


def test_a_queued_run_is_cancelled(client, partnership, users):
    run = live_run(partnership)
    signed_in(client, users["government_destination_viewer"])

    response = client.post(f"/reports/{run.pk}/cancel/", follow=True)

    assert not ReportRun.objects.filter(pk=run.pk).exists()
    assert response.redirect_chain == [(f"/partnerships/{partnership.pk}/reports/", 302)]
    assert "The report was cancelled." in text_of(response)


def test_a_run_that_started_is_not_cancelled(client, partnership, users):
    run = live_run(partnership, "running", progress=10)
    signed_in(client, users["government_origin"])

    response = client.post(f"/reports/{run.pk}/cancel/")

    assert response.status_code == 409
    assert "only a queued one is cancelled" in text_of(response)
    assert ReportRun.objects.get(pk=run.pk).status == "running"
    assert client.get(f"/reports/{run.pk}/cancel/").status_code == 405


# --- downloads ----------------------------------------------------------------------------------------------------


def test_files_are_downloaded_through_the_checked_view_only(client, partnership, users):
    run = with_files(done_run(partnership, "placement"))
    signed_in(client, users["donor"])

    csv = client.get(f"/reports/{run.pk}/download/csv/")
    xlsx = client.get(f"/reports/{run.pk}/download/xlsx/")

    assert csv.status_code == 200 and csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv["Content-Disposition"].startswith('attachment; filename="placement-ng-gb-nursing-2021-04-30.csv"')
    assert csv["Cache-Control"] == "private, no-store"
    assert b"# Funnel" in b"".join(csv.streaming_content)
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"
    # The files live in private storage, outside MEDIA_ROOT (which is all the media route could ever serve): the
    # media path of the file serves nothing, and the page links to the checked view only.
    path = Path(run.csv_file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_ROOT)) and not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert client.get(f"/{settings.MEDIA_URL}{run.csv_file.name}").status_code == 404
    with pytest.raises(ValueError, match="no public URL"):
        run.csv_file.url  # noqa: B018 (the property raises)
    assert settings.MEDIA_URL not in client.get(f"/reports/{run.pk}/").content.decode()


def test_there_is_nothing_to_download_before_a_run_is_done_or_in_another_format(client, partnership, users):
    running = live_run(partnership, "running")
    done = with_files(done_run(partnership))
    signed_in(client, users["staff"])

    assert client.get(f"/reports/{running.pk}/download/csv/").status_code == 404
    assert client.get(f"/reports/{done.pk}/download/pdf/").status_code == 404
    assert client.get(f"/reports/{done_run(partnership, 'placement').pk}/download/csv/").status_code == 404  # no file


# --- query counts -------------------------------------------------------------------------------------------------


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("kind", ["cost_sharing", "placement"])
def test_the_run_page_makes_as_many_queries_for_20_rows_as_for_2(client, partnership, cohort, users, kind):
    filters = {"cohorts": [cohort.pk], "occupation": "2221"}
    small = done_run(partnership, kind, rows=2, filters=filters, requested_by=users["government_origin"])
    large = done_run(partnership, kind, rows=20, filters=filters, requested_by=users["government_origin"])
    signed_in(client, users["government_origin"])
    client.get(f"/reports/{small.pk}/")

    assert queries_of(client, f"/reports/{small.pk}/") == queries_of(client, f"/reports/{large.pk}/")


def test_the_reports_page_makes_as_many_queries_for_20_runs_as_for_2(client, partnership, cohort, users):
    requesters = [users["government_origin"], users["donor"], users["government_destination_viewer"]]
    url = f"/partnerships/{partnership.pk}/reports/"
    signed_in(client, users["government_origin"])
    client.get(url)

    for i in range(2):
        done_run(partnership, requested_by=requesters[i % 3])
    two = queries_of(client, url)
    for i in range(18):
        done_run(partnership, requested_by=requesters[i % 3], kind=("placement", "cost_sharing")[i % 2])
    twenty = queries_of(client, url)

    assert two == twenty
    assert client.get(url).content.decode().count('href="/reports/') >= 20


def test_the_reports_index_makes_as_many_queries_for_20_partnerships_as_for_2(client, users):
    signed_in(client, users["staff"])
    client.get("/reports/")
    before = ReportRun.objects.count()

    def add(n):
        for _ in range(n):
            done_run(PartnershipFactory())

    add(1)  # the fixture's partnership is the second
    two = queries_of(client, "/reports/")
    add(18)
    twenty = queries_of(client, "/reports/")

    assert ReportRun.objects.count() - before == 19
    assert two == twenty
