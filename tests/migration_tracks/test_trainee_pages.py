"""The trainee list's pages read from the keys of the visibility rule (`training.trainee_pages`): for every kind of
user, walking the list forward, backward and in reverse order gives exactly the people the rule lets them see, in
id order, each once; on PostgreSQL the pages are read from the keys' index ranges, elsewhere (and for staff, and
under a filter) by walking the rule. Here because an employer's people come from its accepted offers."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from identity.models import Membership
from tests.api_helpers import all_rows, client_for, member_of, official
from tests.identity.factories import OrganisationFactory
from tests.migration_tracks.factories import PlacementFactory
from tests.partnerships.factories import PartnershipFactory
from tests.reference.factories import country
from tests.training.factories import (
    ApplicationFactory,
    CohortFactory,
    CourseFactory,
    EnrollmentFactory,
    TraineeFactory,
    TrainingCentreFactory,
)
from training.models import Trainee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

on_postgresql = connection.vendor == "postgresql"


@pytest.fixture
def people(partnership, cohort, need, employer):
    """People seen for each reason, and people no one here sees; created out of id order of their reasons."""
    mine = cohort.course.centre.organisation
    other_centre = TrainingCentreFactory()
    elsewhere = CohortFactory(partnership=PartnershipFactory(), course=CourseFactory(centre=other_centre))
    same_partnership = CohortFactory(partnership=partnership, course=CourseFactory(centre=TrainingCentreFactory()))
    second = CohortFactory(partnership=partnership, course=cohort.course)
    fijians = {"nationality": country("FJ")}
    return {
        "stranger": TraineeFactory(**fijians),
        "enrolled": EnrollmentFactory(cohort=cohort, trainee=TraineeFactory(**fijians)).trainee,
        "twice": EnrollmentFactory(cohort=second, trainee=EnrollmentFactory(cohort=cohort).trainee).trainee,
        "applied": ApplicationFactory(cohort=cohort, trainee=TraineeFactory(**fijians)).trainee,
        "registered": TraineeFactory(registered_by=mine, **fijians),
        "other centre": EnrollmentFactory(cohort=elsewhere, trainee=TraineeFactory(**fijians)).trainee,
        "partnership": EnrollmentFactory(cohort=same_partnership, trainee=TraineeFactory(**fijians)).trainee,
        "national": TraineeFactory(),  # Nigerian, enrolled nowhere
        "hired": PlacementFactory(
            enrollment=EnrollmentFactory(
                cohort=same_partnership, status="completed", completed_on=same_partnership.end_date
            ),
            skill_need=need,
            status="accepted",
            accepted_on=dt.date(2025, 1, 20),
        ).enrollment.trainee,
        "offered only": PlacementFactory(
            enrollment=EnrollmentFactory(cohort=elsewhere, status="completed", completed_on=elsewhere.end_date),
            skill_need=need,
        ).enrollment.trainee,
        "stranger 2": TraineeFactory(**fijians),
    }


def users(cohort, employer, agency):
    centre = cohort.course.centre.organisation
    return {
        "centre": member_of(centre, "viewer"),
        "agency": member_of(agency),
        "ministry of origin": official("NG", "viewer"),
        "ministry elsewhere": official("FJ", "viewer"),
        "employer": member_of(employer),
        "donor": member_of(OrganisationFactory(kind="donor")),
    }


def expected(user) -> list[int]:
    return sorted(Trainee.objects.visible_to(user).values_list("pk", flat=True))


def walk(client, params=None) -> list[int]:
    return [row["id"] for row in all_rows(client, "/api/v1/trainees/", {"limit": 2, **(params or {})})]


def walk_back(client) -> list[int]:
    """From the last page to the first by `previous` links."""
    body = client.get("/api/v1/trainees/", {"limit": 2}).json()
    while body["next"]:
        body = client.get(body["next"]).json()
    seen = [row["id"] for row in body["results"]]
    while body["previous"]:
        body = client.get(body["previous"]).json()
        seen = [row["id"] for row in body["results"]] + seen
    return seen


@pytest.mark.parametrize(
    "who", ["centre", "agency", "ministry of origin", "ministry elsewhere", "employer", "donor", "two seats"]
)
def test_every_user_walks_exactly_the_people_the_rule_lets_them_see(who, people, cohort, employer, agency):
    found = users(cohort, employer, agency)
    if who == "two seats":  # a centre's viewer who is also the agency's editor
        user = found["centre"]
        Membership.objects.create(user=user, organisation=agency, role="editor")
    else:
        user = found[who]
    client = client_for(user)
    seen = expected(user)

    assert walk(client) == seen
    assert walk_back(client) == seen
    assert walk(client, {"ordering": "-id"}) == seen[::-1]
    assert len(seen) == len(set(seen))


def test_who_sees_whom(people, cohort, employer, agency):
    found = users(cohort, employer, agency)
    names = {person.pk: name for name, person in people.items()}

    def seen_by(who):
        return {names[pk] for pk in walk(client_for(found[who])) if pk in names}

    assert seen_by("centre") == {"enrolled", "twice", "applied", "registered"}
    assert seen_by("agency") == {"enrolled", "twice", "applied", "partnership", "hired"}
    # the other partnership is Nigerian too; "offered only" is a Nigerian: seen by nationality, not by the offer
    assert seen_by("ministry of origin") == {"enrolled", "twice", "applied", "partnership", "other centre"} | {
        "national",
        "hired",
        "offered only",
    }
    assert seen_by("ministry elsewhere") == {"stranger", "enrolled", "applied", "registered", "other centre"} | {
        "partnership",
        "stranger 2",
    }
    assert seen_by("employer") == {"hired"}  # an offer alone reveals nobody
    assert seen_by("donor") == set()


@pytest.mark.skipif(not on_postgresql, reason="the keys' index ranges are read on PostgreSQL only")
def test_a_page_is_read_from_the_keys_index_ranges_unless_filtered_or_staff(people, cohort, staff_client):
    client = client_for(member_of(cohort.course.centre.organisation, "viewer"))

    def lateral(client, params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/trainees/", params).status_code == 200
        return any("CROSS JOIN LATERAL" in q["sql"] for q in captured.captured_queries)

    assert lateral(client, {"limit": 2})
    assert lateral(client, {"limit": 2, "ordering": "-id"})
    assert not lateral(client, {"ordering": "updated"})
    assert not lateral(client, {"gender": "female"})  # a filter would leave the keys' pages short
    assert not lateral(staff_client, {"limit": 2})  # staff see everyone: the id index is the list


def test_a_filter_still_narrows_the_walk(people, cohort):
    client = client_for(member_of(cohort.course.centre.organisation, "viewer"))

    assert walk(client, {"nationality": "NG"}) == [people["twice"].pk]


def test_a_sync_reads_the_people_changed_since_by_update_time(people, cohort):
    client = client_for(member_of(cohort.course.centre.organisation, "viewer"))
    since = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    changed = [people["registered"], people["enrolled"]]  # the later id changed first
    for i, person in enumerate(changed):
        Trainee.objects.filter(pk=person.pk).update(updated=since + dt.timedelta(minutes=i))

    rows = walk(client, {"updated_since": since.isoformat()})

    assert rows == [person.pk for person in changed]
    assert walk(client, {"updated_since": since.isoformat(), "ordering": "id"}) == sorted(rows)


def test_a_person_of_a_cohort_between_two_nationals_is_not_skipped(cohort):
    # The nationals fill the ministry's first page of two; the cohort's person lies between them: the page is the
    # first national and that person (the nationals' page bounds the cohorts' ranges by its last id, not its first).
    first = TraineeFactory()
    between = EnrollmentFactory(cohort=cohort, trainee=TraineeFactory(nationality=country("FJ"))).trainee
    TraineeFactory.create_batch(3)  # (the page reads one more row than it shows)
    client = client_for(official("NG", "viewer"))

    page = client.get("/api/v1/trainees/", {"limit": 2}).json()["results"]

    assert [row["id"] for row in page] == [first.pk, between.pk]


def test_a_person_in_two_of_the_users_cohorts_takes_one_place_on_a_page(cohort):
    # Cohorts {a, b} and {a, c}: the page of two after nothing is a, b, and c follows (not a, a, b, and then nothing).
    other = CohortFactory(partnership=cohort.partnership, course=cohort.course)
    a = EnrollmentFactory(cohort=cohort).trainee
    EnrollmentFactory(cohort=other, trainee=a)
    b = EnrollmentFactory(cohort=cohort).trainee
    c = EnrollmentFactory(cohort=other).trainee
    client = client_for(member_of(cohort.course.centre.organisation, "viewer"))

    assert walk(client) == [a.pk, b.pk, c.pk]
    assert walk(client, {"ordering": "-id"}) == [c.pk, b.pk, a.pk]


def test_a_next_link_made_under_the_former_default_order_goes_on_in_it(people, cohort):
    # Trainees were ordered by update time by default: a walk begun then (its cursor names "updated") goes on.
    client = client_for(member_of(cohort.course.centre.organisation, "viewer"))
    first = client.get("/api/v1/trainees/", {"limit": 2, "ordering": "updated"}).json()
    link = first["next"].replace("ordering=updated", "").replace("&&", "&")

    response = client.get(link)

    assert response.status_code == 200
    updated = [Trainee.objects.get(pk=row["id"]).updated for row in first["results"] + response.json()["results"]]
    assert updated == sorted(updated)


def test_ids_the_rule_does_not_admit_are_never_shown_the_page_is_walked_instead(people, cohort, monkeypatch):
    # A page's ids read a moment before its rows (a change in between), or wrongly: the rule decides, and the page is
    # read by walking it.
    from training.api.views import TraineeViewSet

    stranger = people["stranger"].pk
    monkeypatch.setattr(TraineeViewSet, "page_ids", lambda self, **kwargs: [stranger, people["enrolled"].pk])
    viewer = member_of(cohort.course.centre.organisation, "viewer")

    shown = [row["id"] for row in client_for(viewer).get("/api/v1/trainees/", {"limit": 50}).json()["results"]]

    assert stranger not in shown
    assert shown == expected(viewer)
