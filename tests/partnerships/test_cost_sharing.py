"""The cost-sharing table as a whole: `table_errors` messages and `cost_sharing_replace`."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerships.choices import CostCategory
from partnerships.cost_sharing import table_errors
from partnerships.models import CostShareRule
from partnerships.services import cost_sharing_replace
from tests.partnerships.factories import PartnershipFactory, complete_cost_sharing, cost_sharing_rows
from tests.training.factories import CohortFactory


def row(payer, share, track="home", category="instruction"):
    return {"track": track, "category": category, "payer_role": payer, "share": share}


ERROR_CASES = [
    ("sums-to-99.99", [row("destination_government", "60"), row("trainee", "39.99")], [
        "home/instruction: the shares sum to 99.99 %, not 100 %.",
    ]),
    ("sums-to-100.01", [row("destination_government", "60"), row("trainee", "40.01")], [
        "home/instruction: the shares sum to 100.01 %, not 100 %.",
    ]),
    ("duplicate-payer", [row("trainee", "50"), row("trainee", "50")], [
        "home/instruction: trainee appears twice.",
    ]),
    ("share-zero", [row("trainee", "0"), row("donor", "100")], [
        "home/instruction: the share of trainee must be above 0 and at most 100 %.",
    ]),
    ("share-over-100", [row("trainee", "100.5")], [
        "home/instruction: the share of trainee must be above 0 and at most 100 %.",
        "home/instruction: the shares sum to 100.5 %, not 100 %.",
    ]),
    ("unknown-category", [row("trainee", "100", category="teaching")], [
        "Unknown track, category or payer: home/teaching/trainee.",
    ]),
    ("unknown-track", [row("trainee", "100", track="both")], [
        "Unknown track, category or payer: both/instruction/trainee.",
    ]),
    ("unknown-payer", [row("employer", "100")], [
        "Unknown track, category or payer: home/instruction/employer.",
    ]),
    ("each-row-on-its-own", [row("trainee", "70"), row("donor", "70", track="away", category="travel_visa")], [
        "away/travel_visa: the shares sum to 70 %, not 100 %.",
        "home/instruction: the shares sum to 70 %, not 100 %.",
    ]),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "expected"), [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES])
def test_table_errors(rows, expected):
    assert table_errors(rows) == expected


@pytest.mark.parametrize(
    "shares",
    [("100",), ("33.33", "33.33", "33.34"), (Decimal("99.99"), Decimal("0.01")), (50, 50), (12.5, 87.5)],
    ids=["one-payer", "thirds", "decimals", "ints", "floats"],
)
def test_rows_summing_to_exactly_100_are_accepted(shares):
    payers = ["destination_government", "destination_employer", "trainee"]
    assert table_errors([row(payers[i], share) for i, share in enumerate(shares)]) == []


def test_model_rows_are_checked_like_dicts():
    rules = [CostShareRule(**row("trainee", Decimal("60"))), CostShareRule(**row("donor", Decimal("39.99")))]
    assert table_errors(rules) == ["home/instruction: the shares sum to 99.99 %, not 100 %."]


def test_complete_table_has_no_errors_even_when_required():
    assert table_errors(cost_sharing_rows(), require_complete=True) == []


def test_require_complete_names_the_missing_categories_per_track():
    rows = [r for r in cost_sharing_rows() if (r["track"], r["category"]) not in {("away", "travel_visa")}]
    rows = [r for r in rows if r["track"] == "away" or r["category"] not in ("stipend", "placement")]
    assert table_errors(rows, require_complete=True) == [
        "home track: no shares for stipend, placement.",
        "away track: no shares for travel_visa.",
    ]
    assert table_errors(rows) == []


def test_a_complete_table_splits_management_on_both_tracks():
    rows = [r for r in cost_sharing_rows() if r["category"] != "management"]
    assert table_errors(rows, require_complete=True) == [
        "home track: no shares for management.",
        "away track: no shares for management.",
    ]
    # Management is a partnership-level cost: no course prices it per trainee.
    assert "management" in CostCategory.for_track("home") and "management" not in CostCategory.per_trainee()


def test_departure_categories_are_not_required_on_the_home_track():
    rows = cost_sharing_rows()
    assert {r["category"] for r in rows if r["track"] == "home"} & {"pre_departure", "travel_visa"} == set()
    assert table_errors(rows, require_complete=True) == []


def _table(partnership):
    return sorted(partnership.cost_share_rules.values_list("track", "category", "payer_role", "share"))


@pytest.mark.django_db
class TestCostSharingReplace:
    NEW_ROWS = [row("destination_government", "60"), row("origin_government", "40")]

    @pytest.mark.parametrize("status", ["draft", "negotiating"])
    def test_replaces_the_whole_table_before_signature(self, status):
        partnership = PartnershipFactory(status=status)
        complete_cost_sharing(partnership)
        cost_sharing_replace(partnership=partnership, rows=self.NEW_ROWS)
        assert _table(partnership) == [
            ("home", "instruction", "destination_government", Decimal("60.00")),
            ("home", "instruction", "origin_government", Decimal("40.00")),
        ]

    @pytest.mark.parametrize("status", ["signed", "active", "suspended", "closed"])
    def test_refused_once_signed(self, status):
        partnership = PartnershipFactory(status=status, signed_on=dt.date(2024, 3, 1))
        complete_cost_sharing(partnership)
        before = _table(partnership)
        with pytest.raises(ValidationError) as excinfo:
            cost_sharing_replace(partnership=partnership, rows=self.NEW_ROWS)
        assert excinfo.value.messages == [
            "This partnership is signed: propose an amendment to change its cost sharing."
        ]
        assert _table(partnership) == before

    def test_refuses_a_bad_table_and_keeps_the_old_one(self):
        partnership = PartnershipFactory()
        complete_cost_sharing(partnership)
        before = _table(partnership)
        with pytest.raises(ValidationError) as excinfo:
            cost_sharing_replace(partnership=partnership, rows=[row("trainee", "99.99")])
        assert excinfo.value.message_dict == {"rows": ["home/instruction: the shares sum to 99.99 %, not 100 %."]}
        assert _table(partnership) == before

    def test_an_empty_table_clears_a_draft(self):
        partnership = PartnershipFactory()
        complete_cost_sharing(partnership)
        assert cost_sharing_replace(partnership=partnership, rows=[]) == []
        assert _table(partnership) == []

    def test_keeps_the_versions_date_unless_given(self):
        partnership = PartnershipFactory()
        complete_cost_sharing(partnership, valid_from=dt.date(2024, 2, 1))
        cost_sharing_replace(partnership=partnership, rows=self.NEW_ROWS)
        assert partnership.cost_share_versions() == [dt.date(2024, 2, 1)]
        cost_sharing_replace(partnership=partnership, rows=self.NEW_ROWS, valid_from=dt.date(2024, 9, 1))
        assert partnership.cost_share_versions() == [dt.date(2024, 9, 1)]

    def test_a_first_table_starts_with_the_partnership_else_its_first_cohort_else_today(self):
        started, with_cohort, bare = (
            PartnershipFactory(start_date=dt.date(2024, 6, 1)),
            PartnershipFactory(),
            PartnershipFactory(),
        )
        CohortFactory(partnership=with_cohort, start_date=dt.date(2024, 2, 5), end_date=dt.date(2024, 12, 20))
        for partnership in (started, with_cohort, bare):
            cost_sharing_replace(partnership=partnership, rows=self.NEW_ROWS)
        assert [p.cost_share_versions() for p in (started, with_cohort, bare)] == [
            [dt.date(2024, 6, 1)],
            [dt.date(2024, 2, 5)],
            [timezone.localdate()],
        ]

    def test_refuses_an_implausible_date(self):
        partnership = PartnershipFactory()
        with pytest.raises(ValidationError) as excinfo:
            cost_sharing_replace(partnership=partnership, rows=self.NEW_ROWS, valid_from=dt.date(1900, 1, 1))
        assert excinfo.value.message_dict == {
            "valid_from": ["Ensure this value is greater than or equal to 1950-01-01."]
        }
        assert _table(partnership) == []
