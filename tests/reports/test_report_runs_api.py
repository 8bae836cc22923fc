"""Report runs through the API: read-only, by the governments of their partnership; filters; the list's query count
is flat."""

import pytest

from tests.api_helpers import assert_flat, client_for, error_of, ids, member_of, official
from tests.partnerships.factories import PartnershipFactory
from tests.reference.factories import OccupationFactory, country
from tests.reports.factories import ReportRunFactory
from tests.training.factories import CohortFactory, CourseFactory, TrainingCentreFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


# --- the world: a NG→GB partnership and a cohort of it (as in tests/migration_tracks/conftest.py) -------------


@pytest.fixture
def partnership():
    return PartnershipFactory()


@pytest.fixture
def cohort(partnership):
    course = CourseFactory(centre=TrainingCentreFactory(), occupation=OccupationFactory(code="2221"))
    return CohortFactory(partnership=partnership, course=course)


def test_report_runs_are_read_by_the_partnership_s_governments_only(partnership, cohort):
    own = ReportRunFactory(partnership=partnership, kind="placement")
    other = ReportRunFactory(
        partnership=PartnershipFactory(origin_country=country("MA"), destination_country=country("BE"))
    )
    minister = client_for(official("GB"))

    assert ids(minister.get("/api/v1/reports/")) == [own.pk]
    assert minister.get(f"/api/v1/reports/{own.pk}/").json()["kind"] == "placement"
    error_of(minister.get(f"/api/v1/reports/{other.pk}/"), 404, "not_found")
    assert ids(client_for(member_of(cohort.course.centre.organisation)).get("/api/v1/reports/")) == []
    error_of(
        minister.post("/api/v1/reports/", {"kind": "placement", "partnership": partnership.pk}),
        405,
        "method_not_allowed",
    )


def test_report_runs_filter_by_kind_and_status(partnership, staff_client):
    done = ReportRunFactory(partnership=partnership, status="done", progress=100)
    ReportRunFactory(partnership=partnership, kind="placement")

    assert ids(staff_client.get("/api/v1/reports/", {"status": "done"})) == [done.pk]
    assert ids(staff_client.get("/api/v1/reports/", {"kind": "cost_sharing", "partnership": partnership.pk})) == [
        done.pk
    ]


def test_reports_list_is_flat(partnership):
    assert_flat(client_for(official("NG")), "/api/v1/reports/", lambda: ReportRunFactory(partnership=partnership))
