"""The placement report's recruitment-fee section on the hand-computed scenario (tests/reports/scenario.py): fees
paid by the report date of the report's placements, converted to the report's currency at the rate of their day,
against the partnership's cap; a fee without a rate is counted apart with its pair, and the run does not fail.

Fees added to the scenario (reporting currency EUR, cap set to 100.00 EUR):

    P1  (E1, welding, away, Brabant)  1,000.00 MAD paid 2024-02-10: 1 ÷ 12.50 = 0.08 → 80.00 EUR
                                         50.00 EUR paid 2025-03-01                    → 50.00 EUR   130.00 > 100: over
    P6  (E6, welding, away, Brabant)    500.00 MAD paid 2025-04-02: 0.09             → 45.00 EUR   within
    P10 (E10, cooking, away, Liège)      20.00 USD paid 2025-05-06: no USD rate      → unconverted: unknown
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from migration_tracks.models import RecruitmentFee
from reports.computations import compute
from reports.models import ReportRun
from tests.identity.factories import UserFactory
from tests.reports.scenario import D1, D2, build

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

FEES = [
    ("P1", "1000.00", "MAD", "2024-02-10"),
    ("P1", "50.00", "EUR", "2025-03-01"),
    ("P6", "500.00", "MAD", "2025-04-02"),
    ("P10", "20.00", "USD", "2025-05-06"),
]


@pytest.fixture
def world():
    w = build()
    w.partnership.recruitment_fee_cap = Decimal("100.00")
    w.partnership.save()
    for key, amount, currency, paid_on in FEES:
        RecruitmentFee.objects.create(
            placement=w.placements[key], amount=Decimal(amount), currency=currency, payee="Broker",
            paid_on=dt.date.fromisoformat(paid_on),
        )  # fmt: skip
    return w


def section(w, as_of, currency="EUR", **filters) -> dict:
    run = ReportRun(kind="placement", partnership=w.partnership, as_of=as_of, currency=currency, filters=filters)
    return compute(run)["recruitment_fees"]


def test_the_section_as_of_the_end(world):
    p1 = world.placements["P1"]

    assert section(world, D2) == {
        "fees": 4,
        "total_fees": "175.00",  # 80.00 + 50.00 + 45.00; the USD fee is left out
        "placements_with_fees": 3,
        "placements_over_cap": 1,
        "placements_unchecked": 1,
        "caps": [{"partnership": world.partnership.code, "cap": "100.00", "currency": "EUR"}],
        "over_cap": [
            {
                "placement_id": p1.pk,
                "partnership": world.partnership.code,
                "employer": "Brabant Metaal",
                "occupation": "7212",
                "track": "away",
                "total": "130.00",
                "cap": "100.00",
                "currency": "EUR",
            }
        ],
        "unconverted": [{"pair": "USD/EUR", "fees": 1}],
    }


def test_a_past_date_counts_only_the_fees_paid_by_then(world):
    assert section(world, D1) == {
        "fees": 1,
        "total_fees": "80.00",
        "placements_with_fees": 1,
        "placements_over_cap": 0,
        "placements_unchecked": 0,
        "caps": [{"partnership": world.partnership.code, "cap": "100.00", "currency": "EUR"}],
        "over_cap": [],
        "unconverted": [],
    }


def test_the_occupation_filter_narrows_the_placements(world):
    found = section(world, D2, occupation="5120")

    assert (found["fees"], found["total_fees"], found["placements_with_fees"]) == (1, "0.00", 1)
    assert (found["placements_over_cap"], found["placements_unchecked"], found["unconverted"]) == (
        0,
        1,
        [{"pair": "USD/EUR", "fees": 1}],
    )


def test_a_report_in_another_currency_converts_the_total_and_keeps_the_cap_s(world):
    found = section(world, D2, currency="MAD")

    # 1,000.00 MAD + 50.00 EUR ÷ 0.09 (MAD→EUR from 2025, more recent than EUR→MAD 12.50) + 500.00 MAD
    # = 1,000 + 555.555… + 500 = 2,055.56 MAD; over the cap is still decided in EUR.
    assert found["total_fees"] == "2055.56"
    assert found["unconverted"] == [{"pair": "USD/MAD", "fees": 1}]
    assert [(r["total"], r["currency"]) for r in found["over_cap"]] == [("130.00", "EUR")]


def test_the_report_page_shows_the_section(client, world):
    result = compute(world.run("placement", D2))
    now = timezone.now()
    run = ReportRun.objects.create(
        kind="placement", partnership=world.partnership, as_of=D2, currency="EUR", status="done", progress=100,
        started_at=now, finished_at=now, result=result,
    )  # fmt: skip
    client.force_login(UserFactory(is_staff=True))

    html = client.get(f"/reports/{run.pk}/").content.decode()

    assert 'id="recruitment-fees"' in html
    assert "1 placement over the agreement" in html
    assert "USD/EUR (1)" in html
    assert "€130.00" in html and "€175.00" in html
