"""Recruitment fees against the agreement's cap (DESIGN §2): each fee converted to the partnership's reporting
currency at the rate on or before its payment day; over the cap when the total is above it (any fee with a cap of 0);
a fee without a rate is named, never an error. Flagged in the API, on the placement page and the ministries'
dashboards, with query counts that do not grow with the rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from migration_tracks.fees import fee_ledger, placements_over_fee_cap, with_fee_totals
from migration_tracks.models import Placement, RecruitmentFee
from tests.api_helpers import assert_flat, client_for, ids, official
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import PlacementFactory, RecruitmentFeeFactory
from tests.reference.factories import ExchangeRateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def fee(placement, amount, currency="NGN", paid_on=dt.date(2025, 1, 10)):
    return RecruitmentFeeFactory(placement=placement, amount=Decimal(amount), currency=currency, paid_on=paid_on)


def totals(placement, on=None) -> Placement:
    return with_fee_totals(Placement.objects.filter(pk=placement.pk), on).get()


def set_cap(placement, cap: str) -> None:
    partnership = placement.skill_need.partnership
    partnership.recruitment_fee_cap = Decimal(cap)
    partnership.save()


@pytest.fixture
def placement(cohort, need):
    placement = PlacementFactory(enrollment=completed(cohort), skill_need=need)
    set_cap(placement, "250.00")
    return placement


@pytest.fixture
def rates():
    # NGN → GBP: 0.0005 from 2024, 0.0004 from 1 March 2025 (a fee's day picks its rate).
    ExchangeRateFactory(base_currency="NGN", quote_currency="GBP", date=dt.date(2024, 1, 1), rate=Decimal("0.0005"))
    ExchangeRateFactory(base_currency="NGN", quote_currency="GBP", date=dt.date(2025, 3, 1), rate=Decimal("0.0004"))
    # Only GBP → EUR is recorded: a fee in euros uses the inverse (1 ÷ 1.25 = 0.8).
    ExchangeRateFactory(base_currency="GBP", quote_currency="EUR", date=dt.date(2024, 1, 1), rate=Decimal("1.25"))


# --- the one definition -------------------------------------------------------------------------------------------


def test_fees_in_naira_are_converted_at_the_rate_of_their_day(placement, rates):
    fee(placement, "300000.00", paid_on=dt.date(2025, 2, 28))  # × 0.0005 = 150.00 GBP
    fee(placement, "200000.00", paid_on=dt.date(2025, 3, 1))  # × 0.0004 = 80.00 GBP

    found = totals(placement)

    assert (found.fees_count, found.fees_total, found.fees_unconverted) == (2, Decimal("230.00"), 0)
    assert (found.fee_cap, found.fee_currency, found.over_fee_cap) == (Decimal("250.00"), "GBP", False)


def test_two_fees_summing_exactly_to_the_cap_are_not_over_it(placement, rates):
    fee(placement, "300000.00", paid_on=dt.date(2025, 1, 10))  # 150.00 GBP
    fee(placement, "125.00", currency="EUR", paid_on=dt.date(2025, 1, 11))  # 125 ÷ 1.25 = 100.00 GBP

    assert (totals(placement).fees_total, totals(placement).over_fee_cap) == (Decimal("250.00"), False)


def test_one_penny_more_is_over_the_cap(placement, rates):
    fee(placement, "300000.00")  # 150.00 GBP
    fee(placement, "200020.00", paid_on=dt.date(2025, 3, 2))  # × 0.0004 = 80.008 → 230.008 in all
    fee(placement, "25.00", currency="EUR")  # 20.00 GBP: 250.008, rounded once → 250.01

    found = totals(placement)

    assert (found.fees_total, found.over_fee_cap) == (Decimal("250.01"), True)
    assert list(placements_over_fee_cap(Placement.objects.all())) == [placement]


def test_with_a_cap_of_zero_any_fee_is_over_it(placement, rates):
    set_cap(placement, "0")
    fee(placement, "1.00")  # 0.0005 GBP: rounds to 0.00, and still more than nothing

    found = totals(placement)

    assert (found.fees_total, found.over_fee_cap) == (Decimal("0.00"), True)


def test_a_placement_without_fees_is_not_over_a_cap_of_zero(placement):
    set_cap(placement, "0")

    assert (totals(placement).fees_count, totals(placement).over_fee_cap) == (0, False)


def test_only_fees_paid_by_the_day_count(placement, rates):
    fee(placement, "600000.00", paid_on=dt.date(2025, 6, 1))  # 240.00 GBP
    fee(placement, "100000.00", paid_on=dt.date(2025, 7, 1))  # 40.00 GBP

    assert totals(placement, dt.date(2025, 6, 30)).over_fee_cap is False
    assert totals(placement).over_fee_cap is True


def test_a_fee_without_a_rate_leaves_the_flag_unknown_and_names_the_pair(placement, rates):
    fee(placement, "300000.00")  # 150.00 GBP
    fee(placement, "90.00", currency="MAD")  # no MAD/GBP rate

    found = totals(placement)
    ledger = fee_ledger(found, RecruitmentFee.objects.all())

    assert (found.fees_total, found.fees_unconverted, found.over_fee_cap) == (Decimal("150.00"), 1, None)
    assert ledger["missing_pairs"] == ["MAD/GBP"]
    assert [(r["rate"], r["converted"], r["missing_pair"]) for r in ledger["rows"]] == [
        (Decimal("0.0005"), Decimal("150.00"), None),
        (None, None, "MAD/GBP"),
    ]


def test_a_fee_without_a_rate_is_over_a_cap_of_zero_all_the_same(placement):
    set_cap(placement, "0")
    fee(placement, "90.00", currency="MAD")

    assert totals(placement).over_fee_cap is True


def test_converted_fees_already_over_the_cap_are_over_whatever_the_unconverted_one(placement, rates):
    fee(placement, "600000.00")  # 300.00 GBP
    fee(placement, "90.00", currency="MAD")

    assert totals(placement).over_fee_cap is True


# --- the API -----------------------------------------------------------------------------------------------------


def test_the_api_shows_the_ledger_and_filters_placements_over_the_cap(cohort, need, placement, rates, employer_user):
    within = PlacementFactory(enrollment=completed(cohort), skill_need=need)
    fee(placement, "600000.00")  # 300.00 GBP
    fee(within, "200000.00")  # 100.00 GBP
    client = client_for(employer_user)

    body = client.get(f"/api/v1/placements/{placement.pk}/").json()
    over = client.get("/api/v1/placements/", {"over_fee_cap": "true"})
    not_over = client.get("/api/v1/placements/", {"over_fee_cap": "false"})

    assert {k: body[k] for k in body if "fee" in k} == {
        "recruitment_fees_total": "300.00",
        "recruitment_fees_currency": "GBP",
        "recruitment_fee_cap": "250.00",
        "recruitment_fees_unconverted": 0,
        "over_fee_cap": True,
    }
    assert (ids(over), ids(not_over)) == ([placement.pk], [within.pk])


def test_a_missing_rate_is_answered_not_a_server_error(placement, employer_user):
    fee(placement, "90.00", currency="MAD")
    client = client_for(employer_user)

    body = client.get(f"/api/v1/placements/{placement.pk}/").json()

    assert (body["recruitment_fees_total"], body["recruitment_fees_unconverted"], body["over_fee_cap"]) == (
        "0.00",
        1,
        None,
    )
    assert ids(client.get("/api/v1/placements/", {"over_fee_cap": "true"})) == []


def test_the_placements_list_stays_flat_with_fees_in_several_currencies(cohort, need, agent, rates):
    def row():
        placement = PlacementFactory(enrollment=completed(cohort), skill_need=need)
        fee(placement, "300000.00")
        fee(placement, "10.00", currency="EUR")
        fee(placement, "10.00", currency="MAD")

    assert_flat(client_for(agent), "/api/v1/placements/", row)
    assert_flat(client_for(agent), "/api/v1/placements/?over_fee_cap=true", row)


def test_each_row_of_the_list_shows_the_figures_of_its_own_page(cohort, need, placement, rates, employer_user):
    # The list reads a page's figures by id from a query compiled once (`gsp.prepared`): each row must get its own,
    # as its detail shows them, and a second page (other ids, a fee added since) must not get the first one's.
    client = client_for(employer_user)
    others = [PlacementFactory(enrollment=completed(cohort), skill_need=need) for _ in range(3)]
    fee(placement, "600000.00")  # 300.00 GBP: over 250.00
    fee(others[0], "200000.00")  # 100.00 GBP
    fee(others[0], "10.00", currency="EUR")  # + 8.00 GBP (the inverse rate)
    fee(others[1], "90.00", currency="MAD")  # no rate: unknown

    def compare():
        rows = {row["id"]: row for row in client.get("/api/v1/placements/?limit=2").json()["results"]}
        rows |= {row["id"]: row for row in client.get("/api/v1/placements/?limit=50").json()["results"]}
        assert len(rows) == 4
        for pk, row in rows.items():
            assert row == client.get(f"/api/v1/placements/{pk}/").json(), pk
        return {pk: (row["recruitment_fees_total"], row["over_fee_cap"]) for pk, row in rows.items()}

    first = compare()
    fee(others[2], "520000.00")  # 260.00 GBP: over
    second = compare()

    assert first == {
        placement.pk: ("300.00", True),
        others[0].pk: ("108.00", False),
        others[1].pk: ("0.00", None),
        others[2].pk: ("0.00", False),
    }
    assert second == first | {others[2].pk: ("260.00", True)}


# --- the placement page ------------------------------------------------------------------------------------------


def test_the_placement_page_shows_the_ledger_converted_and_the_flag(client, placement, rates, employer_user):
    fee(placement, "700000.00", paid_on=dt.date(2025, 3, 1))  # × 0.0004 = 280.00 GBP
    client.force_login(employer_user)

    html = client.get(reverse("migration_tracks:placement_detail", args=[placement.pk])).content.decode()

    assert 'id="fee-ledger"' in html and "Over the agreement's cap: the worker paid £280.00 where the cap" in html
    assert "NGN700,000.00" in html and '<td class="text-end gsp-num">0.0004</td>' in html
    assert '<td class="text-end text-nowrap" id="fee-total">£280.00</td>' in html
    assert '<td class="text-end text-nowrap" id="fee-cap">£250.00</td>' in html


def test_the_placement_page_names_a_missing_pair(client, placement, employer_user):
    fee(placement, "90.00", currency="MAD")
    client.force_login(employer_user)

    response = client.get(reverse("migration_tracks:placement_detail", args=[placement.pk]))

    assert response.status_code == 200
    assert "no exchange rate MAD/GBP" in response.content.decode()


# --- the ministries' dashboards ----------------------------------------------------------------------------------


def test_the_ministry_dashboard_lists_placements_over_the_cap(client, cohort, need, placement, rates):
    unchecked = PlacementFactory(enrollment=completed(cohort), skill_need=need)
    fee(placement, "600000.00")
    fee(unchecked, "90.00", currency="MAD")
    other = PlacementFactory()  # another partnership (NG→GB too, but the ministry sees it: one of its countries)
    fee(other, "10.00", currency="GBP")  # over its cap of 0
    client.force_login(official("NG"))

    html = client.get(reverse("dashboard")).content.decode()

    assert 'id="panel-fees"' in html
    assert "2 placements of your partnerships have recruitment fees over" in html
    assert f'id="fees-over-{placement.pk}"' in html and f'id="fees-over-{other.pk}"' in html
    assert f"/placements/{placement.pk}/" in html
    assert "no rate MAD/GBP" in html


def test_ministries_of_other_countries_and_other_roles_get_no_fee_panel(client, placement, employer_user):
    fee(placement, "600000.00", currency="GBP")
    for user in (official("MA"), employer_user):
        client.force_login(user)
        assert 'id="panel-fees"' not in client.get(reverse("dashboard")).content.decode()


def test_the_dashboard_makes_as_many_queries_for_many_flagged_placements(client, cohort, need, rates):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = official("NG")
    client.force_login(user)

    def flagged(n):
        for _ in range(n):
            fee(PlacementFactory(enrollment=completed(cohort), skill_need=need), "600000.00")
            fee(PlacementFactory(enrollment=completed(cohort), skill_need=need), "9.00", currency="MAD")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("dashboard")).status_code == 200
        return len(ctx.captured_queries)

    flagged(2)
    two = count()
    flagged(8)
    assert count() == two
