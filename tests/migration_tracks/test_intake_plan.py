"""Intake planning (DESIGN §3): recommended seats per occupation and track for the next cohort = open positions ÷
(completion rate × placement rate of the occupation's past cohorts), rounded up; a stated default where there is no
history. On the partnership page and at `GET /api/v1/partnerships/{id}/intake-plan/`, for whoever sees the
partnership, in a few grouped queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from migration_tracks.intake import intake_plan
from tests.api_helpers import client_for, employer_in, member_of, official
from tests.identity.factories import OrganisationFactory
from tests.migration_tracks.factories import PlacementFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory, SkillNeedFactory
from tests.reference.factories import OccupationFactory
from tests.training.factories import CohortFactory, CourseFactory, EnrollmentFactory, TrainingCentreFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

TODAY = dt.date(2026, 6, 1)


def enroll(cohort, n: int, track="away", **fields):
    return [EnrollmentFactory(cohort=cohort, track=track, **fields) for _ in range(n)]


def complete(cohort, n: int, track="away"):
    return enroll(cohort, n, track, status="completed", completed_on=cohort.end_date)


def place(enrollments, need):
    for e in enrollments:
        PlacementFactory(enrollment=e, skill_need=need, status="started", started_on=dt.date(2025, 2, 3))


@pytest.fixture
def nursing():
    return OccupationFactory(code="2221", title="Nursing professionals")


@pytest.fixture
def history(partnership, cohort, nursing, need):
    """Away track of nursing: 10 enrolled in a past cohort, 5 completed, 4 of them placed (on a need they fill:
    it has no open position left). A running cohort's trainees are not history yet."""
    filled = SkillNeedFactory(partnership=partnership, employer=need.employer, occupation=nursing, positions=4)
    completers = complete(cohort, 5)
    enroll(cohort, 5, status="dropped_out", dropped_on=dt.date(2024, 6, 1))
    place(completers[:4], filled)
    running = CohortFactory(
        partnership=partnership, course=cohort.course, start_date=dt.date(2026, 1, 5), end_date=dt.date(2026, 12, 18)
    )
    enroll(running, 8)
    return running


def rows_of(plan) -> dict:
    return {(r["occupation"], r["track"]): r for r in plan["rows"]}


def test_seats_from_the_observed_rates(partnership, need, history):
    need.positions = 12
    need.save()
    for enrollment in enroll(history, 2):  # offers to trainees of the running cohort: not history
        PlacementFactory(enrollment=enrollment, skill_need=need)

    row = rows_of(intake_plan(partnership, TODAY))[("2221", "away")]

    # 12 positions − 2 taken by offers = 10 open; 10 ÷ (5/10 × 4/5) = 25 seats.
    assert row == {
        "occupation": "2221",
        "occupation_title": "Nursing professionals",
        "track": "away",
        "open_positions": 10,
        "enrolled": 10,
        "completed": 5,
        "placed": 4,
        "completion_rate": "0.5000",
        "placement_rate": "0.8000",
        "completion_rate_used": "0.5000",
        "placement_rate_used": "0.8000",
        "rates_source": "observed",
        "recommended_seats": 25,
    }


def test_no_history_takes_the_default_rates(partnership, nursing):
    employer = employer_in("NG", name="Lagos hospital")
    SkillNeedFactory(partnership=partnership, employer=employer, occupation=nursing, positions=7)

    plan = intake_plan(partnership, TODAY)

    # 7 ÷ (0.8 × 0.7) = 12.5 → 13 seats on the home track.
    assert (plan["default_completion_rate"], plan["default_placement_rate"]) == ("0.8000", "0.7000")
    row = rows_of(plan)[("2221", "home")]
    assert (row["completion_rate"], row["placement_rate"], row["rates_source"], row["recommended_seats"]) == (
        None,
        None,
        "default",
        13,
    )
    assert (row["completion_rate_used"], row["placement_rate_used"]) == ("0.8000", "0.7000")


def test_a_zero_rate_is_no_history(partnership, cohort, nursing, need):
    complete(cohort, 4)  # completed, nobody placed: placement rate 0 → the default
    enroll(cohort, 1)
    need.positions = 6
    need.save()

    row = rows_of(intake_plan(partnership, TODAY))[("2221", "away")]

    # 6 ÷ (4/5 × 0.7) = 10.71… → 11
    assert (row["completion_rate"], row["placement_rate"], row["rates_source"], row["recommended_seats"]) == (
        "0.8000",
        None,
        "partly_default",
        11,
    )


def test_defaults_come_from_the_settings(partnership, nursing, settings):
    settings.GSP_INTAKE_DEFAULT_COMPLETION_RATE = 0.5
    settings.GSP_INTAKE_DEFAULT_PLACEMENT_RATE = 0.5
    SkillNeedFactory(partnership=partnership, employer=employer_in("GB"), occupation=nursing, positions=3)

    assert rows_of(intake_plan(partnership, TODAY))[("2221", "away")]["recommended_seats"] == 12


def test_withdrawn_needs_and_other_partnerships_do_not_count(partnership, nursing, need):
    need.status = "withdrawn"
    need.save()
    SkillNeedFactory(occupation=nursing, positions=50)  # another partnership

    assert intake_plan(partnership, TODAY)["rows"] == []


def test_the_plan_takes_few_queries_whatever_the_size(partnership, cohort, nursing, need, history):
    def measure():
        with CaptureQueriesContext(connection) as ctx:
            intake_plan(partnership, TODAY)
        return len(ctx.captured_queries)

    small = measure()
    for code in ("7212", "5321", "3221"):
        occupation = OccupationFactory(code=code)
        course = CourseFactory(centre=cohort.course.centre, occupation=occupation)
        past = CohortFactory(partnership=partnership, course=course)
        complete(past, 3)
        SkillNeedFactory(partnership=partnership, employer=need.employer, occupation=occupation, positions=3)

    assert measure() == small == 2


# --- the API and the page -----------------------------------------------------------------------------------------


def test_the_api_answers_the_plan(partnership, need, history, employer_user):
    response = client_for(employer_user).get(f"/api/v1/partnerships/{partnership.pk}/intake-plan/")

    assert response.status_code == 200
    body = response.json()
    assert (body["partnership"], body["default_completion_rate"], body["default_placement_rate"]) == (
        partnership.pk,
        "0.8000",
        "0.7000",
    )
    # need: 5 positions, none taken → 5 ÷ 0.4 = 12.5 → 13
    assert [(r["occupation"], r["track"], r["open_positions"], r["recommended_seats"]) for r in body["rows"]] == [
        ("2221", "away", 5, 13)
    ]


def test_whoever_sees_the_partnership_sees_its_plan_and_nobody_else(partnership, cohort, need, employer_user, agent):
    url = f"/api/v1/partnerships/{partnership.pk}/intake-plan/"
    donor = OrganisationFactory(kind="donor")
    PartnershipPartyFactory(partnership=partnership, organisation=donor, role="donor")
    other_centre = TrainingCentreFactory()
    allowed = [
        employer_user,
        agent,
        official("NG"),
        official("GB", "viewer"),
        member_of(donor, "viewer"),
        member_of(cohort.course.centre.organisation),
    ]
    refused = [official("MA"), member_of(employer_in("GB")), member_of(other_centre.organisation)]

    assert [client_for(u).get(url).status_code for u in allowed] == [200] * len(allowed)
    assert [client_for(u).get(url).status_code for u in refused] == [404] * len(refused)
    assert client_for().get(url).status_code == 401
    other = PartnershipFactory()
    assert client_for(employer_user).get(f"/api/v1/partnerships/{other.pk}/intake-plan/").status_code == 404
    assert client_for(employer_user).get("/api/v1/partnerships/999999/intake-plan/").status_code == 404


def test_the_partnership_page_shows_the_plan(client, partnership, need, history, employer_user):
    client.force_login(employer_user)

    html = client.get(reverse("partnerships:partnership_detail", args=[partnership.pk])).content.decode()

    assert 'id="intake-plan"' in html
    assert 'id="intake-2221-away"' in html
    row = html.split('id="intake-2221-away"')[1].split("</tr>")[0]
    assert ">13<" in row and "50" in row and "80" in row
