"""The migration API: skill needs' pseudonymised candidates, placements under the positions limit, journeys that
move forward only, recruitment fees, follow-ups and report runs, with their filters and flat query counts."""

import datetime as dt

import pytest
from django.utils import timezone

from migration_tracks.models import MigrationCase, Placement, RecruitmentFee
from tests.api.conftest import client_for, employer_in, error_of, member_of, official
from tests.api.test_training_api import assert_flat, ids
from tests.factories import (
    CohortFactory,
    CourseFactory,
    EnrollmentFactory,
    FollowUpFactory,
    MigrationCaseFactory,
    OccupationFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipPartyFactory,
    PlacementFactory,
    RecruitmentFeeFactory,
    ReportRunFactory,
    SkillNeedFactory,
    TrainingCentreFactory,
    country,
)
from training.models import Trainee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

CANDIDATE_KEYS = {
    "pseudonym", "enrollment", "occupation", "course", "cohort", "track", "status", "certified", "language_level",
    "available_from", "trainee",
}  # fmt: skip


# --- the world: NG→GB nursing partnership, its centre, a UK employer, a Nigerian agency --------------------------


@pytest.fixture
def partnership():
    return PartnershipFactory()


@pytest.fixture
def cohort(partnership):
    course = CourseFactory(centre=TrainingCentreFactory(), occupation=OccupationFactory(code="2221"))
    return CohortFactory(partnership=partnership, course=course)


@pytest.fixture
def employer(partnership):
    organisation = employer_in("GB", name="NHS Trust")
    PartnershipPartyFactory(partnership=partnership, organisation=organisation, role="employer")
    return organisation


@pytest.fixture
def employer_user(employer):
    return member_of(employer)


@pytest.fixture
def need(partnership, employer):
    return SkillNeedFactory(partnership=partnership, employer=employer, occupation=OccupationFactory(code="2221"))


@pytest.fixture
def agency(partnership):
    organisation = OrganisationFactory(kind="agency", country=country("NG"))
    PartnershipPartyFactory(partnership=partnership, organisation=organisation, role="agency")
    return organisation


@pytest.fixture
def agent(agency):
    return member_of(agency)


def completed(cohort, track="away", **fields):
    fields = {"completed_on": cohort.end_date, "language_level": "B2", **fields}
    return EnrollmentFactory(cohort=cohort, track=track, status="completed", **fields)


def offer(client, enrollment, need, **fields):
    body = {"enrollment": enrollment.pk, "skill_need": need.pk, "offered_on": "2025-01-06", **fields}
    return client.post("/api/v1/placements/", body)


def candidates_of(client, need, **query) -> list[dict]:
    response = client.get(f"/api/v1/skill-needs/{need.pk}/candidates/", query)
    assert response.status_code == 200, response.json()
    return response.json()["results"]


# --- candidates ---------------------------------------------------------------------------------------------------


def test_candidates_are_pseudonymised_until_the_employer_makes_an_offer(cohort, need, employer_user):
    first, second = completed(cohort), completed(cohort)
    client = client_for(employer_user)

    before = candidates_of(client, need)
    offered = offer(client, first, need)
    after = candidates_of(client, need)

    assert [set(row) for row in before] == [CANDIDATE_KEYS, CANDIDATE_KEYS]
    assert before[0] == {
        "pseudonym": Trainee(pk=first.trainee_id).pseudonym, "enrollment": first.pk, "occupation": "2221",
        "course": cohort.course.title, "cohort": cohort.code, "track": "away", "status": "completed",
        "certified": False, "language_level": "B2", "available_from": "2024-12-20", "trainee": None,
    }  # fmt: skip
    assert [row["trainee"] for row in before] == [None, None]
    assert first.trainee.given_name not in str(before) and first.trainee.family_name not in str(before)
    assert offered.status_code == 201, offered.json()
    assert [(row["enrollment"], row["trainee"]) for row in after] == [(first.pk, first.trainee_id), (second.pk, None)]
    assert client.get(f"/api/v1/trainees/{first.trainee_id}/").status_code == 200
    assert client.get(f"/api/v1/trainees/{second.trainee_id}/").status_code == 404


def test_candidates_follow_track_occupation_partnership_status_and_work(partnership, cohort, employer, agent):
    need = SkillNeedFactory(partnership=partnership, employer=employer, occupation=OccupationFactory(code="22"))
    soon = completed(cohort, completed_on=dt.date(2024, 6, 28))
    later = CohortFactory(
        partnership=partnership, course=cohort.course, start_date=dt.date(2025, 1, 13), end_date=dt.date(2025, 12, 19)
    )
    studying = EnrollmentFactory(cohort=later, track="away")
    offered = completed(cohort)
    PlacementFactory(enrollment=offered, skill_need=SkillNeedFactory(partnership=partnership))
    ended = completed(cohort)
    PlacementFactory(
        enrollment=ended, skill_need=need, status="ended", started_on=dt.date(2025, 2, 1), ended_on=dt.date(2025, 6, 1)
    )
    working = completed(cohort)
    PlacementFactory(enrollment=working, skill_need=need, status="started", started_on=dt.date(2025, 2, 1))
    completed(cohort, track="home")
    EnrollmentFactory(cohort=cohort, track="away", status="dropped_out", dropped_on=dt.date(2024, 3, 1))
    welding = CourseFactory(centre=cohort.course.centre, occupation=OccupationFactory(code="7212", title="Welders"))
    completed(CohortFactory(partnership=partnership, course=welding))
    completed(CohortFactory(course=cohort.course))  # another partnership

    rows = candidates_of(client_for(agent), need)

    assert [row["enrollment"] for row in rows] == [soon.pk, offered.pk, ended.pk, studying.pk]
    # Not completed yet: available at the cohort's end. The agency sees the people of its partnership.
    assert [row["available_from"] for row in rows] == ["2024-06-28", "2024-12-20", "2024-12-20", "2025-12-19"]
    assert [row["trainee"] for row in rows] == [e.trainee_id for e in (soon, offered, ended, studying)]


def test_a_need_in_the_origin_is_filled_from_the_home_track(partnership, cohort):
    origin_employer = employer_in("NG")
    need = SkillNeedFactory(partnership=partnership, employer=origin_employer, occupation=cohort.course.occupation)
    home = completed(cohort, track="home")
    completed(cohort, track="away")

    rows = candidates_of(client_for(member_of(origin_employer)), need)

    assert [(row["enrollment"], row["track"], row["trainee"]) for row in rows] == [(home.pk, "home", None)]


def test_candidates_are_as_visible_as_the_need(partnership, cohort, need):
    completed(cohort)
    donor = OrganisationFactory(kind="donor", country=country("GB"))
    PartnershipPartyFactory(partnership=partnership, organisation=donor, role="donor")
    url = f"/api/v1/skill-needs/{need.pk}/candidates/"

    error_of(client_for(member_of(employer_in("GB"))).get(url), 404, "not_found")
    error_of(client_for(member_of(donor)).get(url), 404, "not_found")
    assert client_for(official("NG", "viewer")).get(url).json()["count"] == 1


# --- placements -----------------------------------------------------------------------------------------------------


def test_an_employer_offers_and_records_the_start_of_a_placement(cohort, need, employer_user):
    enrollment = completed(cohort)
    client = client_for(employer_user)

    created = offer(client, enrollment, need, wage_amount="2600.00", wage_currency="GBP")
    url = f"/api/v1/placements/{created.json()['id']}/"
    accepted = client.patch(url, {"status": "accepted", "accepted_on": "2025-01-10"})
    started = client.patch(url, {"status": "started", "started_on": "2025-03-03", "skill_need": 999})

    assert created.status_code == 201, created.json()
    assert (created.json()["status"], created.json()["track"], created.json()["wage_amount"]) == (
        "offered", "away", "2600.00"
    )  # fmt: skip
    assert (accepted.status_code, started.status_code) == (200, 200), started.json()
    placement = Placement.objects.get()
    assert (placement.status, placement.started_on, placement.skill_need) == ("started", dt.date(2025, 3, 3), need)
    assert candidates_of(client, need) == []


def test_an_offer_beyond_the_need_s_positions_is_a_conflict(cohort, partnership, employer, employer_user):
    need = SkillNeedFactory(
        partnership=partnership, employer=employer, positions=1, occupation=cohort.course.occupation
    )
    first, second = completed(cohort), completed(cohort)
    client = client_for(employer_user)

    assert offer(client, first, need).status_code == 201
    response = offer(client, second, need)

    body = error_of(response, 409, "refused")
    assert body["errors"] == {"skill_need": ["All 1 positions of this skill need are taken."]}
    assert list(Placement.objects.values_list("enrollment_id", flat=True)) == [first.pk]


def test_an_employer_cannot_offer_to_a_graduate_who_is_not_a_candidate(cohort, need, employer_user):
    home = completed(cohort, track="home")

    response = offer(client_for(employer_user), home, need)

    assert error_of(response, 400, "invalid")["errors"] == {
        "enrollment": [f'Invalid pk "{home.pk}" - object does not exist.']
    }
    assert not Placement.objects.exists()


def test_an_employer_viewer_cannot_make_an_offer(cohort, need, employer):
    response = offer(client_for(member_of(employer, "viewer")), completed(cohort), need)

    error_of(response, 403, "permission_denied")
    assert not Placement.objects.exists()


def test_an_agency_proposes_a_placement(cohort, need, agent):
    response = offer(client_for(agent), completed(cohort), need)

    assert response.status_code == 201, response.json()


def test_placements_filter(partnership, cohort, need, employer, staff_client):
    early = PlacementFactory(
        enrollment=completed(cohort), skill_need=need, status="started", started_on=dt.date(2025, 2, 3)
    )
    late = PlacementFactory(
        enrollment=completed(cohort), skill_need=need, status="started", started_on=dt.date(2025, 9, 1)
    )
    home = PlacementFactory(
        enrollment=completed(cohort, track="home"),
        skill_need=SkillNeedFactory(partnership=partnership, employer=employer_in("NG")),
    )
    elsewhere = PlacementFactory()
    Placement.objects.exclude(pk=late.pk).update(updated=timezone.now() - dt.timedelta(days=30))

    def get(query):
        return ids(staff_client.get("/api/v1/placements/", query))

    assert get({"partnership": partnership.pk}) == sorted([early.pk, late.pk, home.pk])
    assert get({"employer": employer.pk}) == sorted([early.pk, late.pk])
    assert get({"skill_need": need.pk, "started_after": "2025-06-01"}) == [late.pk]
    assert get({"started_before": "2025-06-01"}) == [early.pk]
    assert get({"status": "offered"}) == sorted([home.pk, elsewhere.pk])
    assert get({"track": "home"}) == [home.pk]
    assert get({"country": "NG"}) == [home.pk]
    assert get({"updated_since": (timezone.now() - dt.timedelta(days=1)).isoformat()}) == [late.pk]


# --- migration cases ------------------------------------------------------------------------------------------------


def advance(client, case, stage, date):
    return client.post(f"/api/v1/migration-cases/{case.pk}/advance/", {"stage": stage, "date": date})


def test_an_agency_opens_a_journey_and_moves_it_forward(cohort, need, agent):
    placement = PlacementFactory(enrollment=completed(cohort), skill_need=need)
    client = client_for(agent)

    opened = client.post(
        "/api/v1/migration-cases/", {"placement": placement.pk, "job_offer_on": "2025-01-06", "notes": "Signed"}
    )
    case = MigrationCase.objects.get()
    applied = advance(client, case, "visa_applied", "2025-02-01")
    granted = advance(client, case, "visa_granted", "2025-03-14")

    assert opened.status_code == 201, opened.json()
    assert (opened.json()["stage"], opened.json()["notes"], opened.json()["is_closed"]) == (
        "job_offer",
        "Signed",
        False,
    )
    assert applied.status_code == 200, applied.json()
    assert (granted.json()["stage"], granted.json()["visa_applied_on"], granted.json()["visa_granted_on"]) == (
        "visa_granted", "2025-02-01", "2025-03-14"
    )  # fmt: skip
    assert [h["action"] for h in client.get(f"/api/v1/migration-cases/{case.pk}/history/").json()] == [
        "changed", "changed", "created"
    ]  # fmt: skip


def test_a_journey_never_moves_back_nor_departs_without_a_visa(cohort, need, agent):
    case = MigrationCaseFactory(placement=PlacementFactory(enrollment=completed(cohort), skill_need=need))
    client = client_for(agent)
    advance(client, case, "visa_applied", "2025-02-01")

    departed = advance(client, case, "departed", "2025-04-01")
    advance(client, case, "visa_granted", "2025-03-14")
    backwards = advance(client, case, "visa_applied", "2025-03-20")

    assert error_of(departed, 409, "refused")["errors"] == {"stage": ["No departure before the visa is granted."]}
    assert error_of(backwards, 409, "refused")["errors"] == {
        "stage": ["A case at Visa granted cannot move back to visa_applied."]
    }
    case.refresh_from_db()
    assert (case.stage, case.visa_applied_on, case.departed_on) == ("visa_granted", dt.date(2025, 2, 1), None)


def test_the_employer_follows_the_journey_but_does_not_record_it(cohort, need, employer_user):
    case = MigrationCaseFactory(placement=PlacementFactory(enrollment=completed(cohort), skill_need=need))
    client = client_for(employer_user)

    assert client.get(f"/api/v1/migration-cases/{case.pk}/").json()["stage"] == "job_offer"
    error_of(advance(client, case, "visa_applied", "2025-02-01"), 403, "permission_denied")
    assert MigrationCase.objects.get().stage == "job_offer"


def test_a_home_track_placement_has_no_journey(partnership, cohort, agent):
    need = SkillNeedFactory(partnership=partnership, employer=employer_in("NG"))
    placement = PlacementFactory(enrollment=completed(cohort, track="home"), skill_need=need)

    response = client_for(agent).post(
        "/api/v1/migration-cases/", {"placement": placement.pk, "job_offer_on": "2025-01-06"}
    )

    assert error_of(response, 400, "invalid")["errors"] == {
        "placement": ["Only away-track placements have a migration journey."]
    }


def test_migration_cases_filter_by_stage_and_closure(cohort, need, staff_client):
    def case(**fields):
        return MigrationCaseFactory(placement=PlacementFactory(enrollment=completed(cohort), skill_need=need), **fields)

    open_case = case()
    refused = case(stage="visa_refused", visa_applied_on=dt.date(2025, 2, 1), visa_refused_on=dt.date(2025, 3, 1))

    assert ids(staff_client.get("/api/v1/migration-cases/", {"stage": "job_offer"})) == [open_case.pk]
    assert ids(staff_client.get("/api/v1/migration-cases/", {"closed": "true"})) == [refused.pk]
    assert ids(staff_client.get("/api/v1/migration-cases/", {"closed": "false"})) == [open_case.pk]


# --- recruitment fees and follow-ups ----------------------------------------------------------------------------------


def test_an_agency_records_a_fee_the_employer_sees(cohort, need, agent, employer_user):
    placement = PlacementFactory(enrollment=completed(cohort), skill_need=need)
    body = {"placement": placement.pk, "amount": "150.00", "currency": "NGN", "payee": "Agent", "paid_on": "2025-01-10"}

    response = client_for(agent).post("/api/v1/recruitment-fees/", body)

    assert response.status_code == 201, response.json()
    assert RecruitmentFee.objects.get().payee == "Agent"
    assert ids(client_for(employer_user).get("/api/v1/recruitment-fees/")) == [response.json()["id"]]


def test_the_centre_follows_up_completers_only(cohort):
    client = client_for(member_of(cohort.course.centre.organisation))
    survey = {"months_since_completion": 12, "surveyed_on": "2025-12-20", "employed": True, "same_employer": True}

    done = client.post("/api/v1/follow-ups/", {"enrollment": completed(cohort).pk, **survey})
    studying = client.post("/api/v1/follow-ups/", {"enrollment": EnrollmentFactory(cohort=cohort).pk, **survey})

    assert done.status_code == 201, done.json()
    assert (done.json()["months_since_completion"], done.json()["same_employer"]) == (12, True)
    assert error_of(studying, 400, "invalid")["errors"] == {"enrollment": ["Only completers are followed up."]}


def test_follow_ups_filter_by_months_and_track(cohort, staff_client):
    at_6 = FollowUpFactory(enrollment=completed(cohort), months_since_completion=6, surveyed_on=dt.date(2025, 6, 20))
    at_12 = FollowUpFactory(enrollment=completed(cohort, track="home"), months_since_completion=12)

    assert ids(staff_client.get("/api/v1/follow-ups/", {"months_since_completion": 6})) == [at_6.pk]
    assert ids(staff_client.get("/api/v1/follow-ups/", {"track": "home"})) == [at_12.pk]
    assert ids(staff_client.get("/api/v1/follow-ups/", {"surveyed_after": "2025-07-01"})) == [at_12.pk]


# --- report runs ------------------------------------------------------------------------------------------------------


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


# --- query counts: 2 rows and 20 rows cost the same ------------------------------------------------------------------


def test_skill_needs_list_is_flat(partnership, employer, employer_user):
    assert_flat(
        client_for(employer_user),
        "/api/v1/skill-needs/",
        lambda: SkillNeedFactory(partnership=partnership, employer=employer),
    )


def test_candidates_list_is_flat(cohort, need, employer_user):
    assert_flat(client_for(employer_user), f"/api/v1/skill-needs/{need.pk}/candidates/", lambda: completed(cohort))


def test_placements_list_is_flat(cohort, need, employer_user):
    assert_flat(
        client_for(employer_user),
        "/api/v1/placements/",
        lambda: PlacementFactory(enrollment=completed(cohort), skill_need=need),
    )


def test_migration_cases_list_is_flat(cohort, need, agent):
    def case():
        MigrationCaseFactory(placement=PlacementFactory(enrollment=completed(cohort), skill_need=need))

    assert_flat(client_for(agent), "/api/v1/migration-cases/", case)


def test_recruitment_fees_list_is_flat(cohort, need, agent):
    def fee():
        RecruitmentFeeFactory(placement=PlacementFactory(enrollment=completed(cohort), skill_need=need))

    assert_flat(client_for(agent), "/api/v1/recruitment-fees/", fee)


def test_follow_ups_list_is_flat(cohort):
    client = client_for(member_of(cohort.course.centre.organisation))
    assert_flat(client, "/api/v1/follow-ups/", lambda: FollowUpFactory(enrollment=completed(cohort)))


def test_reports_list_is_flat(partnership):
    assert_flat(client_for(official("NG")), "/api/v1/reports/", lambda: ReportRunFactory(partnership=partnership))
