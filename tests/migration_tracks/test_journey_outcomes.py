"""Where journeys fail, counted per partnership, employer and occupation (`migration_tracks.journeys`) and served at
`GET /api/v1/migration-cases/outcomes/?group=…`: exact counts, each role sees the counts of the journeys it may see
(DESIGN §4: governments of the partnership's countries and its agency see all of it, an employer its own journeys, a
training centre and a donor none), 404 on another's journeys, 400 for an unknown group, a flat query count.

The world (days ago):
- `p1` NG → GB, threshold 60: NHS needs nurses (2221), Care Co care workers (5321), the NG agency is a party.
  NHS: a visa refused; arrived 100 days ago, unrecognised (stalled); arrived 10 days ago (not yet); recognised.
  Care Co: arrived then returned without recognition; at "visa applied" for 90 days (stalled).
- `p2` NG → GB, threshold 30: NHS nurses: arrived 45 days ago, unrecognised (stalled at 30); a visa refused.
- `p3` MA → BE: Agoria's software developers (2512): a visa refused; arrived 200 days ago, unrecognised.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from migration_tracks.journeys import journey_outcomes
from migration_tracks.models import MigrationCase
from tests.api_helpers import client_for, employer_in, error_of, member_of, official
from tests.identity.factories import OrganisationFactory, UserFactory
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import MigrationCaseFactory, PlacementFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory, SkillNeedFactory
from tests.reference.factories import OccupationFactory, country
from tests.training.factories import CohortFactory, CourseFactory, TrainingCentreFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

TODAY = timezone.localdate()
URL = "/api/v1/migration-cases/outcomes/"
ARRIVED = {"visa_applied_on": 390, "visa_granted_on": 380, "departed_on": 370}


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def case(cohort, need, stage: str, **days) -> MigrationCase:
    placement = PlacementFactory(enrollment=completed(cohort), skill_need=need, status="accepted", offered_on=ago(999))
    dates = {name: ago(n) for name, n in {"job_offer_on": 400, **days}.items()}
    return MigrationCaseFactory(placement=placement, stage=stage, **dates)


def refused(cohort, need):
    return case(cohort, need, "visa_refused", visa_applied_on=390, visa_refused_on=300)


def arrived(cohort, need, days: int, **more):
    return case(cohort, need, more.pop("stage", "arrived"), **ARRIVED, arrived_on=days, **more)


def party(partnership, organisation):
    PartnershipPartyFactory(partnership=partnership, organisation=organisation, role=organisation.kind)


@pytest.fixture
def world():
    nursing, care, ict = (OccupationFactory(code=c) for c in ("2221", "5321", "2512"))
    p1, p2 = PartnershipFactory(code="p1"), PartnershipFactory(code="p2", stall_threshold_days=30)
    p3 = PartnershipFactory(code="p3", origin_country=country("MA"), destination_country=country("BE"))
    nhs, care_co, agoria = employer_in("GB", name="NHS"), employer_in("GB", name="Care Co"), employer_in("BE")
    agency, donor = OrganisationFactory(kind="agency", country=country("NG")), OrganisationFactory(kind="donor")
    centre = TrainingCentreFactory()
    for organisation in (nhs, care_co, agency, donor):
        party(p1, organisation)
    party(p2, nhs), party(p3, agoria)
    cohorts = {
        p: CohortFactory(partnership=p, course=CourseFactory(centre=centre, occupation=occupation))
        for p, occupation in ((p1, nursing), (p2, nursing), (p3, ict))
    }
    need = {
        (p, e): SkillNeedFactory(partnership=p, employer=e, occupation=o)
        for p, e, o in ((p1, nhs, nursing), (p1, care_co, care), (p2, nhs, nursing), (p3, agoria, ict))
    }
    nhs1, care1, nhs2, agoria3 = ((cohorts[p], need[p, e]) for p, e in need)
    cases = {
        "refused": refused(*nhs1),
        "arrived-100": arrived(*nhs1, 100),
        "arrived-10": arrived(*nhs1, 10),
        "recognised": arrived(*nhs1, 300, stage="recognised", recognised_on=200),
        "returned": arrived(*care1, 300, stage="returned", returned_on=100),
        "applied-90": case(*care1, "visa_applied", visa_applied_on=90),
        "p2-arrived-45": arrived(*nhs2, 45),
        "p2-refused": refused(*nhs2),
        "p3-refused": refused(*agoria3),
        "p3-arrived-200": arrived(*agoria3, 200),
    }
    return {
        "p1": p1, "p2": p2, "p3": p3, "nhs": nhs, "care_co": care_co, "cases": cases,
        "users": {
            "ng": official("NG", "viewer"), "gb": official("GB", "viewer"), "ma": official("MA", "viewer"),
            "nhs": member_of(nhs), "agoria": member_of(agoria), "agency": member_of(agency),
            "centre": member_of(centre.organisation), "donor": member_of(donor), "staff": UserFactory(is_staff=True),
        },
    }  # fmt: skip


def counts(rows) -> dict:
    """key → (cases, stalled, visa refused, unrecognised, unrecognised and stalled)."""
    names = ("cases", "stalled", "visa_refused", "unrecognised", "unrecognised_stalled")
    return {str(row["key"]): tuple(row[n] for n in names) for row in rows}


def outcomes(user, **query):
    response = client_for(user).get(URL, query)
    assert response.status_code == 200, response.json()
    return counts(response.json())


# --- exact counts ----------------------------------------------------------------------------------------------------


def test_counts_per_partnership_employer_and_occupation(world):
    p1, p2, p3 = (str(world[p].pk) for p in ("p1", "p2", "p3"))
    nhs, care_co = str(world["nhs"].pk), str(world["care_co"].pk)
    everything = MigrationCase.objects.all()

    # p1: 6 cases; stalled: arrived 100 days ago (> 60) and at "visa applied" for 90; one visa refused; arrived and
    # unrecognised: 100 and 10 days ago, and the worker who returned without recognition; of them stalled: 1.
    assert counts(journey_outcomes(everything, "partnership")) == {
        p1: (6, 2, 1, 3, 1), p2: (2, 1, 1, 1, 1), p3: (2, 1, 1, 1, 1)
    }  # fmt: skip
    assert counts(journey_outcomes(everything.filter(placement__skill_need__partnership__code__in=["p1", "p2"]),
                                   "employer")) == {nhs: (6, 2, 2, 3, 2), care_co: (2, 1, 0, 1, 0)}  # fmt: skip
    assert counts(journey_outcomes(everything, "occupation")) == {
        "2221": (6, 2, 2, 3, 2), "5321": (2, 1, 0, 1, 0), "2512": (2, 1, 1, 1, 1)
    }  # fmt: skip


def test_the_endpoint_groups_as_asked_and_by_partnership_by_default(world):
    ng = world["users"]["ng"]
    p1, p2 = str(world["p1"].pk), str(world["p2"].pk)

    assert outcomes(ng) == {p1: (6, 2, 1, 3, 1), p2: (2, 1, 1, 1, 1)}
    assert outcomes(ng, group="occupation") == {"2221": (6, 2, 2, 3, 2), "5321": (2, 1, 0, 1, 0)}
    # The list's filters apply.
    assert outcomes(ng, group="employer", partnership=world["p2"].pk) == {str(world["nhs"].pk): (2, 1, 1, 1, 1)}
    labels = [row["label"] for row in client_for(ng).get(URL, {"group": "employer"}).json()]
    assert labels == ["Care Co", "NHS"]


def test_an_unknown_group_is_refused(world):
    response = client_for(world["users"]["ng"]).get(URL, {"group": "country"})

    assert error_of(response, 400, "invalid")["errors"] == {"group": ['"country" is not a valid choice.']}


# --- who sees which counts --------------------------------------------------------------------------------------------


def test_each_role_counts_the_journeys_it_may_see(world):
    users = world["users"]
    p1, p2, p3 = (str(world[p].pk) for p in ("p1", "p2", "p3"))

    assert outcomes(users["gb"]) == outcomes(users["ng"]) == {p1: (6, 2, 1, 3, 1), p2: (2, 1, 1, 1, 1)}
    assert outcomes(users["ma"]) == {p3: (2, 1, 1, 1, 1)}  # another partnership's ministry: only its own
    assert outcomes(users["agency"]) == {p1: (6, 2, 1, 3, 1)}  # party to p1 only
    # NHS: its own journeys only (in p1: not Care Co's).
    assert outcomes(users["nhs"]) == {p1: (4, 1, 1, 2, 1), p2: (2, 1, 1, 1, 1)}
    assert outcomes(users["agoria"]) == {p3: (2, 1, 1, 1, 1)}
    # Training centres and donors follow no journey.
    assert outcomes(users["centre"]) == outcomes(users["donor"]) == {}
    assert outcomes(users["staff"]) == {p1: (6, 2, 1, 3, 1), p2: (2, 1, 1, 1, 1), p3: (2, 1, 1, 1, 1)}
    error_of(client_for().get(URL), 401, "not_authenticated")


@pytest.mark.parametrize(
    "role, seen",
    [("ng", True), ("agency", True), ("nhs", True), ("ma", False), ("agoria", False), ("centre", False),
     ("donor", False)],
)  # fmt: skip
def test_a_journey_outside_ones_scope_is_not_found(world, role, seen):
    stalled = world["cases"]["arrived-100"]
    client = client_for(world["users"][role])

    detail = client.get(f"/api/v1/migration-cases/{stalled.pk}/")
    listed = client.get("/api/v1/migration-cases/", {"stalled": "true"}).json()["results"]

    if seen:
        assert (detail.status_code, detail.json()["stalled"], detail.json()["days_in_stage"]) == (200, True, 100)
        assert stalled.pk in [row["id"] for row in listed]
    else:
        error_of(detail, 404, "not_found")
        assert stalled.pk not in [row["id"] for row in listed]


# --- query count ------------------------------------------------------------------------------------------------------


def test_the_outcomes_make_as_many_queries_for_20_employers_as_for_2(world):
    client = client_for(world["users"]["ng"])
    p1 = world["p1"]
    cohort = p1.cohorts.first()

    def more(n):
        for _ in range(n):
            employer = employer_in("GB")
            party(p1, employer)
            need = SkillNeedFactory(partnership=p1, employer=employer, occupation=cohort.course.occupation)
            refused(cohort, need)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            rows = client.get(URL, {"group": "employer"}).json()
        return len(rows), len(ctx.captured_queries)

    client.get(URL)
    more(2)
    rows_2, queries_2 = queries()
    more(18)
    rows_20, queries_20 = queries()

    assert (rows_2, rows_20) == (4, 22)
    assert queries_20 == queries_2
