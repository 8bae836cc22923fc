"""Commitment and income-contingent repayment (DESIGN §2): the commitment's end, CGD's example (€15,000 repaid from
10 % of earnings over 48 months needs €37,500 a year), and the schedule month by month at the placement's wage, in the
API and on the placement page, for whoever sees the placement."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from migration_tracks.repayment import add_months, annual_earnings_needed, commitment_ends_on, repayment_projection
from tests.api_helpers import assert_flat, client_for, employer_in, member_of, official
from tests.identity.factories import OrganisationFactory
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import PlacementFactory
from tests.partnerships.factories import PartnershipPartyFactory
from tests.reference.factories import ExchangeRateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

STARTED = dt.date(2025, 1, 31)
MARIA = {"repayment_amount": Decimal("15000.00"), "repayment_currency": "EUR", "repayment_percent": Decimal("10")}


def started(cohort, need, **fields):
    fields = {
        "status": "started",
        "accepted_on": dt.date(2025, 1, 10),
        "started_on": STARTED,
        "repayment_months": 48,
        **MARIA,
        **fields,
    }
    return PlacementFactory(enrollment=completed(cohort), skill_need=need, **fields)


# --- the figures ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),  # clamped to the month's last day
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),  # a leap year
        (dt.date(2025, 1, 31), 13, dt.date(2026, 2, 28)),
        (dt.date(2025, 3, 15), 24, dt.date(2027, 3, 15)),
        (dt.date(2025, 11, 30), 3, dt.date(2026, 2, 28)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_month_end(start, months, end):
    assert add_months(start, months) == end


def test_the_commitment_ends_its_months_after_the_start(cohort, need):
    placement = started(cohort, need, commitment_months=36)
    offer = PlacementFactory(enrollment=completed(cohort), skill_need=need, commitment_months=36)

    assert commitment_ends_on(placement) == dt.date(2028, 1, 31)
    assert commitment_ends_on(offer) is None  # not started
    assert commitment_ends_on(started(cohort, need)) is None  # no commitment


def test_cgd_example_needs_37500_a_year():
    assert annual_earnings_needed(Decimal("15000"), Decimal("10"), 48) == Decimal("37500.00")
    # Half-up to cents: 10,000 at 7 % over 36 months = 10,000 ÷ 0.21 = 47,619.047…
    assert annual_earnings_needed(Decimal("10000"), Decimal("7"), 36) == Decimal("47619.05")


def test_cgd_example_at_a_yearly_wage_of_37500_repays_exactly_in_48_months(cohort, need):
    placement = started(cohort, need, wage_amount=Decimal("37500.00"), wage_currency="EUR", wage_period="year")

    r = repayment_projection(placement)

    assert (r.annual_earnings_needed, r.monthly_wage, r.monthly_repayment) == (
        Decimal("37500.00"),
        Decimal("3125.00"),
        Decimal("312.50"),
    )
    assert (r.repaid_in_full, r.shortfall, r.projected, len(r.schedule)) == (True, Decimal("0.00"), False, 48)
    first, second, last = r.schedule[0], r.schedule[1], r.schedule[-1]
    assert (first.month, first.due_on, first.repayment, first.cumulative, first.remaining) == (
        1,
        dt.date(2025, 2, 28),
        Decimal("312.50"),
        Decimal("312.50"),
        Decimal("14687.50"),
    )
    assert (second.due_on, second.cumulative) == (dt.date(2025, 3, 31), Decimal("625.00"))
    assert (last.month, last.due_on, last.cumulative, last.remaining) == (
        48,
        dt.date(2029, 1, 31),
        Decimal("15000.00"),
        Decimal("0.00"),
    )


def test_a_wage_in_another_currency_is_converted_at_the_rate_of_the_start(cohort, need):
    ExchangeRateFactory(base_currency="EUR", quote_currency="GBP", date=dt.date(2024, 1, 1), rate=Decimal("0.8"))
    ExchangeRateFactory(base_currency="EUR", quote_currency="GBP", date=dt.date(2025, 2, 1), rate=Decimal("0.9"))
    # Only EUR → GBP is recorded: a GBP wage uses its inverse on the start, 1 ÷ 0.8 = 1.25.
    placement = started(cohort, need, wage_amount=Decimal("4000.00"), wage_currency="GBP")

    r = repayment_projection(placement)

    assert (r.wage_rate, r.monthly_wage, r.monthly_repayment) == (Decimal("1.25"), Decimal("5000.00"), Decimal("500"))
    assert (r.repaid_in_full, r.shortfall, len(r.schedule)) == (True, Decimal("0.00"), 30)
    assert (r.schedule[-1].month, r.schedule[-1].remaining) == (30, Decimal("0.00"))


def test_the_last_month_repays_only_what_remains(cohort, need):
    placement = started(
        cohort, need, repayment_amount=Decimal("1000.00"), repayment_months=12, wage_amount=Decimal("3000.00"),
        wage_currency="EUR",
    )  # fmt: skip

    r = repayment_projection(placement)

    assert [(m.month, m.repayment, m.cumulative, m.remaining) for m in r.schedule] == [
        (1, Decimal("300.00"), Decimal("300.00"), Decimal("700.00")),
        (2, Decimal("300.00"), Decimal("600.00"), Decimal("400.00")),
        (3, Decimal("300.00"), Decimal("900.00"), Decimal("100.00")),
        (4, Decimal("100.00"), Decimal("1000.00"), Decimal("0.00")),
    ]


def test_a_wage_too_low_leaves_a_shortfall(cohort, need):
    placement = started(cohort, need, wage_amount=Decimal("2000.00"), wage_currency="EUR")

    r = repayment_projection(placement)

    assert (r.monthly_repayment, r.repaid_in_full, r.shortfall, len(r.schedule)) == (
        Decimal("200.00"),
        False,
        Decimal("5400.00"),
        48,
    )
    assert r.schedule[-1].cumulative == Decimal("9600.00")


def test_an_offer_not_started_is_projected_from_today(cohort, need):
    offer = PlacementFactory(
        enrollment=completed(cohort), skill_need=need, repayment_months=48, wage_amount=Decimal("37500"),
        wage_currency="EUR", wage_period="year", **MARIA,
    )  # fmt: skip

    r = repayment_projection(offer, today=dt.date(2026, 5, 31))

    assert (r.projected, r.starts_on, r.schedule[0].due_on, r.schedule[-1].due_on) == (
        True,
        dt.date(2026, 5, 31),
        dt.date(2026, 6, 30),
        dt.date(2030, 5, 31),
    )


def test_a_wage_without_a_rate_says_it_cannot_be_converted(cohort, need):
    placement = started(cohort, need, wage_amount=Decimal("9000.00"), wage_currency="MAD")

    r = repayment_projection(placement)

    assert (r.annual_earnings_needed, r.missing_pair, r.schedule, r.repaid_in_full) == (
        Decimal("37500.00"),
        "MAD/EUR",
        [],
        None,
    )


def test_no_terms_no_projection(cohort, need):
    assert repayment_projection(PlacementFactory(enrollment=completed(cohort), skill_need=need)) is None


# --- the API and the page -----------------------------------------------------------------------------------------


@pytest.fixture
def maria(cohort, need):
    return started(
        cohort, need, commitment_months=48, wage_amount=Decimal("37500.00"), wage_currency="EUR", wage_period="year"
    )


def test_the_placement_in_the_api_carries_its_commitment_and_projection(maria, employer_user):
    body = client_for(employer_user).get(f"/api/v1/placements/{maria.pk}/").json()

    assert body["commitment_ends_on"] == "2029-01-31"
    assert body["repayment"] == {
        "amount": "15000.00",
        "currency": "EUR",
        "percent": "10.00",
        "months": 48,
        "annual_earnings_needed": "37500.00",
        "starts_on": "2025-01-31",
        "projected": False,
        "monthly_wage": "3125.00",
        "wage_rate": "1.0000000000",
        "missing_pair": "",
        "monthly_repayment": "312.50",
        "repaid_in_full": True,
        "shortfall": "0.00",
    }


def test_the_repayment_schedule_endpoint_lists_the_months(maria, employer_user):
    body = client_for(employer_user).get(f"/api/v1/placements/{maria.pk}/repayment-schedule/").json()

    assert (body["placement"], body["commitment_ends_on"], body["repayment"]["annual_earnings_needed"]) == (
        maria.pk,
        "2029-01-31",
        "37500.00",
    )
    assert len(body["months"]) == 48
    assert body["months"][0] == {
        "month": 1,
        "due_on": "2025-02-28",
        "repayment": "312.50",
        "cumulative": "312.50",
        "remaining": "14687.50",
    }
    assert body["months"][-1]["remaining"] == "0.00"


def test_a_placement_without_terms_has_an_empty_schedule(cohort, need, employer_user):
    placement = PlacementFactory(enrollment=completed(cohort), skill_need=need)

    body = client_for(employer_user).get(f"/api/v1/placements/{placement.pk}/repayment-schedule/").json()

    assert body == {"placement": placement.pk, "commitment_ends_on": None, "repayment": None, "months": []}


def test_whoever_sees_the_placement_sees_its_schedule_and_nobody_else(maria, cohort, partnership, employer_user, agent):
    url = f"/api/v1/placements/{maria.pk}/repayment-schedule/"
    other_employer = member_of(employer_in("GB"))
    donor = OrganisationFactory(kind="donor")
    PartnershipPartyFactory(partnership=partnership, organisation=donor, role="donor")
    allowed = [employer_user, agent, official("NG"), official("GB"), member_of(cohort.course.centre.organisation)]
    refused = [other_employer, official("MA"), member_of(donor)]

    assert [client_for(u).get(url).status_code for u in allowed] == [200] * len(allowed)
    assert [client_for(u).get(url).status_code for u in refused] == [404] * len(refused)
    assert client_for().get(url).status_code == 401


def test_the_placements_list_with_projections_stays_flat(cohort, need, employer_user):
    ExchangeRateFactory(base_currency="GBP", quote_currency="EUR", date=dt.date(2024, 1, 1), rate=Decimal("1.2"))

    assert_flat(
        client_for(employer_user),
        "/api/v1/placements/",
        lambda: started(cohort, need, wage_amount=Decimal("3000.00"), wage_currency="GBP"),
    )


def test_the_placement_page_shows_37500_a_year_and_the_schedule(client, maria, employer_user):
    client.force_login(employer_user)

    html = client.get(reverse("migration_tracks:placement_detail", args=[maria.pk])).content.decode()

    assert '<dd class="col-sm-8" id="annual-earnings-needed">€37,500.00</dd>' in html
    assert '<dd class="col-sm-8" id="monthly-repayment">€312.50</dd>' in html
    assert 'id="repayment-schedule"' in html and "€14,687.50" in html
    assert "Yes, in 48 months" in html
