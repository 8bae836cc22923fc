"""Skill needs through the API (served by migration_tracks: they read placements): their candidates, pseudonymised
until the employer makes an offer; filters; the query counts of the lists are flat."""

import datetime as dt

import pytest

from tests.api_helpers import assert_flat, client_for, employer_in, error_of, member_of, official
from tests.identity.factories import OrganisationFactory
from tests.migration_tracks.api_helpers import candidates_of, completed, offer
from tests.migration_tracks.factories import PlacementFactory
from tests.partnerships.factories import PartnershipPartyFactory, SkillNeedFactory
from tests.reference.factories import OccupationFactory, country
from tests.training.factories import CohortFactory, CourseFactory, EnrollmentFactory
from training.models import Trainee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

CANDIDATE_KEYS = {
    "rank", "pseudonym", "enrollment", "occupation", "course", "cohort", "track", "status", "match", "certified",
    "language_level", "language_needed", "language_gap", "available_from", "placed_elsewhere", "reasons", "trainee",
}  # fmt: skip


def test_candidates_are_pseudonymised_until_their_side_accepts_an_offer(cohort, need, employer_user):
    first, second = completed(cohort), completed(cohort)
    client = client_for(employer_user)
    centre = client_for(member_of(cohort.course.centre.organisation))

    before = candidates_of(client, need)
    offered = offer(client, first, need)
    after_offer = candidates_of(client, need)
    accepted = centre.post(f"/api/v1/placements/{offered.json()['id']}/accept/", {"date": "2025-01-10"})
    after_acceptance = candidates_of(client, need)

    assert [set(row) for row in before] == [CANDIDATE_KEYS, CANDIDATE_KEYS]
    assert before[0] == {
        "rank": 1, "pseudonym": Trainee(pk=first.trainee_id).pseudonym, "enrollment": first.pk, "occupation": "2221",
        "course": cohort.course.title, "cohort": cohort.code, "track": "away", "status": "completed",
        "match": "unit_group", "certified": False, "language_level": "B2", "language_needed": "", "language_gap": 0,
        "available_from": "2024-12-20", "placed_elsewhere": False, "trainee": None,
        "reasons": [
            "Trained in the occupation asked for (ISCO-08 2221).", "Not certified.", "No language level asked for.",
            "Completed on 12/20/2024.", "No offer or placement elsewhere.",
        ],
    }  # fmt: skip
    assert [row["trainee"] for row in before] == [None, None]
    assert first.trainee.given_name not in str(before) and first.trainee.family_name not in str(before)
    assert offered.status_code == 201, offered.json()
    assert [row["trainee"] for row in after_offer] == [None, None]  # an employer's own offer reveals nobody
    assert accepted.status_code == 200, accepted.json()
    assert [(row["enrollment"], row["trainee"]) for row in after_acceptance] == [
        (first.pk, first.trainee_id),
        (second.pk, None),
    ]
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

    # Ranked (tests/migration_tracks/test_matching.py): `offered`, as available as `ended`, holds an open offer on
    # another need, so comes after it; still in training comes last, available at the cohort's end. The agency sees
    # the people of its partnership.
    assert [row["enrollment"] for row in rows] == [soon.pk, ended.pk, offered.pk, studying.pk]
    assert [row["available_from"] for row in rows] == ["2024-06-28", "2024-12-20", "2024-12-20", "2025-12-19"]
    assert [row["placed_elsewhere"] for row in rows] == [False, False, True, False]
    assert [row["trainee"] for row in rows] == [e.trainee_id for e in (soon, ended, offered, studying)]


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
    assert len(client_for(official("NG", "viewer")).get(url).json()["results"]) == 1


# Skill needs are listed by partnership (its code: ma-be-ict before ng-gb-nursing), then needed-by date.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "cab"),
        ("partnership={ng_gb}", "ab"),
        ("employer={agoria}", "c"),
        ("country=NG", "b"),
        ("status=open", "ab"),
        ("status=withdrawn", "c"),
        ("track=away", "ca"),
        ("track=home", "b"),
        ("needed_by_after=2025-06-01", "cb"),
        ("needed_by_before=2025-06-01", "a"),
        ("needed_by_after=2025-03-01&needed_by_before=2025-09-01", "ab"),
        ("occupation=22", "a"),
        ("occupation=3", "b"),
        ("occupation=2", "ca"),
        ("language_level=B1", "c"),
        ("ordering=-needed_by", "cba"),
    ],
)
def test_skill_need_filters(query, expected, needs, staff_client):
    response = staff_client.get(f"/api/v1/skill-needs/?{query.format(**needs)}")

    assert response.status_code == 200, response.json()
    assert "".join(row["description"] for row in response.json()["results"]) == expected


# A need is filled when its placements fill its positions (positions_filled): no status says it.
@pytest.mark.parametrize("query", ["track=abroad", "needed_by_after=soon", "employer=x", "status=filled"])
def test_an_invalid_skill_need_filter_is_a_400(query, staff_client):
    response = staff_client.get(f"/api/v1/skill-needs/?{query}")

    assert set(error_of(response, 400, "invalid")["errors"]) == {query.split("=")[0]}


def test_skill_needs_list_is_flat(partnership, employer, employer_user):
    assert_flat(
        client_for(employer_user),
        "/api/v1/skill-needs/",
        lambda: SkillNeedFactory(partnership=partnership, employer=employer),
    )


def test_candidates_list_is_flat(cohort, need, employer_user):
    assert_flat(client_for(employer_user), f"/api/v1/skill-needs/{need.pk}/candidates/", lambda: completed(cohort))
