"""Placements through the API: offers under the skill need's positions limit, to candidates only; filters; the list's
query count is flat."""

import datetime as dt

import pytest
from django.utils import timezone

from migration_tracks.models import Placement
from tests.api_helpers import assert_flat, client_for, employer_in, error_of, ids, member_of
from tests.migration_tracks.api_helpers import candidates_of, completed, offer
from tests.migration_tracks.factories import PlacementFactory
from tests.partnerships.factories import SkillNeedFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def test_an_employer_offers_the_centre_accepts_and_the_employer_records_the_start(cohort, need, employer_user):
    enrollment = completed(cohort)
    client = client_for(employer_user)
    centre = client_for(member_of(cohort.course.centre.organisation))

    created = offer(client, enrollment, need, wage_amount="2600.00", wage_currency="GBP")
    url = f"/api/v1/placements/{created.json()['id']}/"
    accepted = centre.post(f"{url}accept/", {"date": "2025-01-10"})
    started = client.patch(url, {"status": "started", "started_on": "2025-03-03", "skill_need": 999})

    assert created.status_code == 201, created.json()
    assert (created.json()["status"], created.json()["track"], created.json()["wage_amount"]) == (
        "offered", "away", "2600.00"
    )  # fmt: skip
    assert (accepted.status_code, started.status_code) == (200, 200), started.json()
    placement = Placement.objects.get()
    assert (placement.status, placement.accepted_on) == ("started", dt.date(2025, 1, 10))
    assert (placement.started_on, placement.skill_need) == (dt.date(2025, 3, 3), need)
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


def test_placements_list_is_flat(cohort, need, employer_user):
    assert_flat(
        client_for(employer_user),
        "/api/v1/placements/",
        lambda: PlacementFactory(enrollment=completed(cohort), skill_need=need),
    )
