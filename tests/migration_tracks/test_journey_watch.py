"""The journey watched: the days a migration case spent at each stage, and stalled cases — open cases at their
stage for more than their partnership's `stall_threshold_days` (default 60: 61 days is stalled, 60 is not; closed
cases never are) — through `MigrationCase.objects.stalled()`, the API (`?stalled=`, the case's own figures) and
the case pages. The threshold is edited on the partnership (form and API) and must be positive.

Dates are relative to today: the figures count days up to today."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from migration_tracks.models import MigrationCase
from partnerships.forms import PartnershipForm
from partnerships.models import Partnership
from tests.api_helpers import assert_flat, client_for, error_of, ids, official
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import MigrationCaseFactory, PlacementFactory
from tests.migration_tracks.page_helpers import assert_flat_page, browser, text_of
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory, SkillNeedFactory
from tests.training.factories import CohortFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

TODAY = timezone.localdate()


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def journey(need, cohort, stage: str, **dates) -> MigrationCase:
    """A case of a new away-track completer of `cohort` at `stage`, with `dates` given as days ago."""
    placement = PlacementFactory(enrollment=completed(cohort), skill_need=need, status="accepted", offered_on=ago(999))
    fields = {name: ago(days) for name, days in dates.items()}
    return MigrationCaseFactory(placement=placement, stage=stage, **{"job_offer_on": ago(400), **fields})


def waiting(need, cohort, days: int) -> MigrationCase:
    """A case at "visa applied" since `days` days ago."""
    return journey(need, cohort, "visa_applied", job_offer_on=days + 10, visa_applied_on=days)


@pytest.fixture
def strict(partnership, cohort, employer, agency):
    """A second partnership of the same countries and parties whose journeys stall after 30 days."""
    other = PartnershipFactory(stall_threshold_days=30)
    for organisation in (employer, agency):
        PartnershipPartyFactory(partnership=other, organisation=organisation, role=organisation.kind)
    strict_cohort = CohortFactory(partnership=other, course=cohort.course)
    strict_need = SkillNeedFactory(partnership=other, employer=employer, occupation=cohort.course.occupation)
    return strict_need, strict_cohort


# --- time at each stage --------------------------------------------------------------------------------------------


def test_days_at_each_stage_of_an_open_journey(need, cohort, agent):
    case = journey(
        need, cohort, "departed", job_offer_on=100, visa_applied_on=80, visa_granted_on=50, departed_on=20
    )  # fmt: skip

    body = client_for(agent).get(f"/api/v1/migration-cases/{case.pk}/").json()

    assert [(s["stage"], s["entered_on"], s["days"], s["current"]) for s in body["stage_durations"]] == [
        ("job_offer", ago(100).isoformat(), 20, False),
        ("visa_applied", ago(80).isoformat(), 30, False),
        ("visa_granted", ago(50).isoformat(), 30, False),
        ("departed", ago(20).isoformat(), 20, True),
    ]
    assert (body["stage_entered_on"], body["days_in_stage"], body["stalled"]) == (ago(20).isoformat(), 20, False)


def test_a_closed_journey_has_no_days_at_its_last_stage_and_never_stalls(need, cohort, agent):
    refused = journey(need, cohort, "visa_refused", job_offer_on=400, visa_applied_on=390, visa_refused_on=300)

    body = client_for(agent).get(f"/api/v1/migration-cases/{refused.pk}/").json()

    assert [(s["stage"], s["days"]) for s in body["stage_durations"]] == [
        ("job_offer", 10), ("visa_applied", 90), ("visa_refused", None)
    ]  # fmt: skip
    assert (body["stage_entered_on"], body["days_in_stage"], body["stalled"]) == (ago(300).isoformat(), None, False)


def test_the_database_and_the_case_count_the_same_days(need, cohort):
    cases = [waiting(need, cohort, days) for days in (0, 1, 59, 60, 61, 365)]

    counted = dict(MigrationCase.objects.with_journey().values_list("pk", "days_in_stage"))

    assert [counted[c.pk] for c in cases] == [0, 1, 59, 60, 61, 365]
    assert [c.stage_durations()[-1]["days"] for c in cases] == [0, 1, 59, 60, 61, 365]


# --- stalled: the threshold's edge -----------------------------------------------------------------------------------


def test_stalled_after_more_than_the_threshold_days(need, cohort):
    at_59, at_60, at_61, at_200 = (waiting(need, cohort, days) for days in (59, 60, 61, 200))

    assert Partnership.objects.get(pk=need.partnership_id).stall_threshold_days == 60
    assert sorted(MigrationCase.objects.stalled().values_list("pk", flat=True)) == [at_61.pk, at_200.pk]
    assert sorted(MigrationCase.objects.not_stalled().values_list("pk", flat=True)) == [at_59.pk, at_60.pk]
    # Counted up to another day: a week ago, the 61-day case had waited 54 days.
    assert list(MigrationCase.objects.stalled(on=ago(7)).values_list("pk", flat=True)) == [at_200.pk]


@pytest.mark.parametrize(
    "stage, dates",
    [
        ("visa_refused", {"visa_applied_on": 390, "visa_refused_on": 380}),
        (
            "recognised",
            {"visa_applied_on": 390, "visa_granted_on": 380, "departed_on": 370, "arrived_on": 360,
             "recognised_on": 350},
        ),
        ("returned", {"visa_applied_on": 390, "visa_granted_on": 380, "departed_on": 370, "returned_on": 360}),
    ],
)  # fmt: skip
def test_a_closed_journey_is_never_stalled(need, cohort, stage, dates):
    case = journey(need, cohort, stage, **dates)

    assert not MigrationCase.objects.stalled().exists()
    assert list(MigrationCase.objects.not_stalled().values_list("pk", "days_in_stage")) == [(case.pk, None)]


def test_each_partnership_has_its_own_threshold(need, cohort, strict):
    strict_need, strict_cohort = strict
    lenient_45 = waiting(need, cohort, 45)
    strict_30, strict_31, strict_45 = (waiting(strict_need, strict_cohort, days) for days in (30, 31, 45))

    stalled = set(MigrationCase.objects.stalled().values_list("pk", flat=True))

    assert stalled == {strict_31.pk, strict_45.pk}
    assert lenient_45.pk not in stalled and strict_30.pk not in stalled


def test_changing_the_threshold_changes_what_is_stalled(need, cohort):
    case = waiting(need, cohort, 45)
    assert not MigrationCase.objects.stalled().exists()

    Partnership.objects.filter(pk=need.partnership_id).update(stall_threshold_days=44)

    assert list(MigrationCase.objects.stalled().values_list("pk", flat=True)) == [case.pk]


# --- the filter, in the API and on the list page -------------------------------------------------------------------


@pytest.fixture
def edge(need, cohort, strict):
    strict_need, strict_cohort = strict
    return {
        "60": waiting(need, cohort, 60),
        "61": waiting(need, cohort, 61),
        "strict-31": waiting(strict_need, strict_cohort, 31),
        "closed": journey(need, cohort, "visa_refused", visa_applied_on=390, visa_refused_on=380),
    }


def test_the_api_filters_stalled_journeys(edge, agent, employer_user):
    for user in (agent, employer_user):  # the agency records the journeys; the employer follows its own
        client = client_for(user)
        stalled = ids(client.get("/api/v1/migration-cases/", {"stalled": "true"}))
        moving = ids(client.get("/api/v1/migration-cases/", {"stalled": "false"}))

        assert stalled == sorted([edge["61"].pk, edge["strict-31"].pk])
        assert moving == sorted([edge["60"].pk, edge["closed"].pk])
    flags = {row["id"]: row["stalled"] for row in client.get("/api/v1/migration-cases/").json()["results"]}
    assert flags == {edge["60"].pk: False, edge["61"].pk: True, edge["strict-31"].pk: True, edge["closed"].pk: False}


def test_the_list_page_filters_stalled_journeys(edge, agent):
    client = browser(agent)

    page = client.get("/migration-cases/", {"stalled": "true"}).content.decode()
    moving = client.get("/migration-cases/", {"stalled": "false"}).content.decode()

    shown = {key for key, case in edge.items() if f'href="/migration-cases/{case.pk}/"' in page}
    assert shown == {"61", "strict-31"}
    assert {key for key, case in edge.items() if f'href="/migration-cases/{case.pk}/"' in moving} == {"60", "closed"}
    assert 'name="stalled"' in page and "Days at stage" in page


def test_the_case_page_shows_the_days_at_each_stage_and_the_stall(need, cohort, agent):
    case = journey(need, cohort, "visa_granted", job_offer_on=120, visa_applied_on=100, visa_granted_on=61)

    page = text_of(browser(agent).get(f"/migration-cases/{case.pk}/"))

    assert "Time at each stage" in page
    assert f"Job offer {ago(120):%m/%d/%Y} 20 " in page
    assert f"Visa applied {ago(100):%m/%d/%Y} 39 " in page
    assert f"Visa granted {ago(61):%m/%d/%Y} 61 " in page
    assert "This journey is stalled: 61 days at Visa granted, more than the partnership's threshold of 60 days." in page


def test_the_stalled_api_list_makes_flat_query_counts(need, cohort, agent):
    assert_flat(client_for(agent), "/api/v1/migration-cases/?stalled=true", lambda: waiting(need, cohort, 90))


def test_the_stalled_list_page_makes_flat_query_counts(need, cohort, agent):
    make = lambda: waiting(need, cohort, 90)  # noqa: E731
    assert_flat_page(browser(agent), "/migration-cases/?stalled=true&per_page=50", make, shown="{} rows")


# --- the threshold, edited on the partnership ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, -1])
def test_the_threshold_must_be_positive_in_the_api(partnership, value):
    client = client_for(official("NG"))

    response = client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"stall_threshold_days": value}, format="json")

    assert error_of(response, 400, "invalid")["errors"].keys() == {"stall_threshold_days"}
    assert Partnership.objects.get(pk=partnership.pk).stall_threshold_days == 60


def test_the_threshold_is_changed_through_the_api(partnership):
    client = client_for(official("NG"))

    response = client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"stall_threshold_days": 30}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["stall_threshold_days"] == 30
    assert Partnership.objects.get(pk=partnership.pk).stall_threshold_days == 30


@pytest.mark.parametrize("value, valid", [("0", False), ("-5", False), ("1", True), ("90", True)])
def test_the_partnership_form_asks_for_a_positive_threshold(partnership, value, valid):
    data = {
        "code": partnership.code, "title": partnership.title, "origin_country": partnership.origin_country_id,
        "destination_country": partnership.destination_country_id, "reporting_currency": "GBP",
        "target_home": partnership.target_home, "target_away": partnership.target_away, "recruitment_fee_cap": "0",
        "stall_threshold_days": value,
    }  # fmt: skip
    form = PartnershipForm(data=data, instance=partnership, user=official("NG"))

    assert form.is_valid() is valid, form.errors
    assert valid or list(form.errors) == ["stall_threshold_days"]
    assert "stall_threshold_days" in form.fields and form.fields["stall_threshold_days"].help_text


def test_the_database_refuses_a_zero_threshold(partnership):
    with pytest.raises(ValidationError):
        PartnershipFactory.build(stall_threshold_days=0).full_clean(exclude=["code"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.filter(pk=partnership.pk).update(stall_threshold_days=0)
