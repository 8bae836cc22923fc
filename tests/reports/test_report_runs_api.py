"""Report runs through the API: requested (202 + Location) by the governments and donors of a partnership, read with
their result and file links, files downloaded through a checked route, queued runs cancelled; everyone else sees
nothing (404). The list's query count is flat."""

import datetime as dt

import pytest

from identity.choices import OrganisationKind
from partnerships.choices import PartyRole
from partnerships.models import PartnershipParty
from tests.api_helpers import assert_flat, client_for, error_of, ids, member_of, official
from tests.identity.factories import OrganisationFactory
from tests.partnerships.factories import PartnershipFactory, ProgrammeFactory
from tests.reference.factories import country
from tests.reports.factories import ReportRunFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


@pytest.fixture
def donor(priced_cohort):
    org = OrganisationFactory(kind=OrganisationKind.DONOR, country=country("GB"))
    PartnershipParty.objects.create(partnership=priced_cohort.partnership, organisation=org, role=PartyRole.DONOR)
    return member_of(org, "viewer")


def post(client, cohort, **body):
    return client.post(
        "/api/v1/reports/", {"kind": "cost_sharing", "partnership": cohort.partnership.pk, **body}, format="json"
    )


def test_a_government_requests_a_report_and_reads_it_when_done(priced_cohort, django_capture_on_commit_callbacks):
    minister = client_for(official("GB"))
    with django_capture_on_commit_callbacks(execute=True):
        response = post(minister, priced_cohort, as_of="2025-06-30", filters={"cohorts": [priced_cohort.pk]})

    assert response.status_code == 202
    body = response.json()
    assert (
        body["status"] == "queued" and body["currency"] == "GBP" and body["filters"] == {"cohorts": [priced_cohort.pk]}
    )
    assert response["Location"].endswith(f"/api/v1/reports/{body['id']}/")
    run = minister.get(response["Location"]).json()
    assert (run["status"], run["progress"]) == ("done", 100)
    assert run["result"]["summary"]["total"] == "803.20"
    csv = minister.get(run["files"]["csv"])
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert b"803.20" in b"".join(csv.streaming_content)
    assert minister.get(run["files"]["xlsx"])["Content-Disposition"].startswith("attachment;")


def test_the_same_request_answers_the_live_run(priced_cohort):
    minister = client_for(official("NG"))
    first = post(minister, priced_cohort, as_of="2025-06-30").json()
    again = post(minister, priced_cohort, as_of="2025-06-30")

    assert again.status_code == 202 and again.json()["id"] == first["id"]


def test_a_donor_of_the_partnership_requests_and_reads(priced_cohort, donor):
    response = post(client_for(donor), priced_cohort)
    assert response.status_code == 202
    assert ids(client_for(donor).get("/api/v1/reports/")) == [response.json()["id"]]


@pytest.mark.parametrize("side", ["employer", "training_centre", "agency", "other_government", "unrelated_donor"])
def test_others_neither_request_nor_see_reports(priced_cohort, side):
    p = priced_cohort.partnership
    run = ReportRunFactory(partnership=p, status="done", result={"kind": "cost_sharing"})
    if side == "other_government":
        user = official("MA")
    elif side == "training_centre":
        user = member_of(priced_cohort.course.centre.organisation)
    elif side == "unrelated_donor":
        user = member_of(OrganisationFactory(kind=OrganisationKind.DONOR, country=country("GB")))
    else:
        kind = {"employer": OrganisationKind.EMPLOYER, "agency": OrganisationKind.AGENCY}[side]
        org = OrganisationFactory(kind=kind, country=country("GB" if side == "employer" else "NG"))
        PartnershipParty.objects.create(partnership=p, organisation=org, role=side)
        user = member_of(org)
    client = client_for(user)

    error_of(post(client, priced_cohort), 400, "invalid")
    assert ids(client.get("/api/v1/reports/")) == []
    error_of(client.get(f"/api/v1/reports/{run.pk}/"), 404, "not_found")
    error_of(client.get(f"/api/v1/reports/{run.pk}/download/csv/"), 404, "not_found")
    error_of(client.delete(f"/api/v1/reports/{run.pk}/"), 404, "not_found")


def test_anonymous_is_refused(priced_cohort):
    assert post(client_for(None), priced_cohort).status_code == 401


def test_bad_requests_answer_field_errors(priced_cohort):
    minister = client_for(official("GB"))
    p = priced_cohort.partnership

    assert (
        "partnership"
        in error_of(minister.post("/api/v1/reports/", {"kind": "cost_sharing"}, format="json"), 400, "invalid")[
            "errors"
        ]
    )
    assert "kind" in error_of(post(minister, priced_cohort, kind="budget"), 400, "invalid")["errors"]
    assert "as_of" in error_of(post(minister, priced_cohort, as_of="0001-01-01"), 400, "invalid")["errors"]
    assert "currency" in error_of(post(minister, priced_cohort, currency="eur"), 400, "invalid")["errors"]
    assert "filters" in error_of(post(minister, priced_cohort, filters={"cohorts": [10**12]}), 400, "invalid")["errors"]
    both = {"kind": "placement", "partnership": p.pk, "programme": ProgrammeFactory().pk}
    error_of(minister.post("/api/v1/reports/", both, format="json"), 400, "invalid")


def test_a_queued_run_is_cancelled_and_a_started_one_is_kept(priced_cohort):
    minister = client_for(official("GB"))
    queued = ReportRunFactory(partnership=priced_cohort.partnership)
    running = ReportRunFactory(partnership=priced_cohort.partnership, status="running")

    assert minister.delete(f"/api/v1/reports/{queued.pk}/").status_code == 204
    error_of(minister.delete(f"/api/v1/reports/{running.pk}/"), 409, "refused")
    assert ids(minister.get("/api/v1/reports/")) == [running.pk]


def test_a_file_of_a_run_not_done_is_not_found(priced_cohort):
    run = ReportRunFactory(partnership=priced_cohort.partnership, status="running")
    error_of(client_for(official("GB")).get(f"/api/v1/reports/{run.pk}/download/xlsx/"), 404, "not_found")


def test_report_runs_filter_by_kind_and_status(priced_cohort, staff_client):
    p = priced_cohort.partnership
    done = ReportRunFactory(partnership=p, status="done", progress=100)
    ReportRunFactory(partnership=p, kind="placement")
    other = PartnershipFactory(origin_country=country("MA"), destination_country=country("BE"))
    ReportRunFactory(partnership=other, as_of=dt.date(2024, 1, 1))

    assert ids(staff_client.get("/api/v1/reports/", {"status": "done"})) == [done.pk]
    assert ids(staff_client.get("/api/v1/reports/", {"kind": "cost_sharing", "partnership": p.pk})) == [done.pk]


def test_reports_list_is_flat(priced_cohort):
    p = priced_cohort.partnership
    assert_flat(client_for(official("NG")), "/api/v1/reports/", lambda: ReportRunFactory(partnership=p))
