"""Amendments: proposed on signed agreements only, applied once both governments approve, old version kept."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerships.models import Amendment
from partnerships.services import amendment_approve, amendment_propose, amendment_reject
from tests.constraints import Rule, run_rule
from tests.identity.factories import UserFactory
from tests.partnerships.factories import (
    FIRST_VERSION,
    AmendmentFactory,
    PartnershipFactory,
    complete_cost_sharing,
    cost_sharing_rows,
)

pytestmark = pytest.mark.django_db

NEW_TABLE = cost_sharing_rows(share_split=(("destination_government", "50"), ("destination_employer", "50")))


@pytest.fixture
def signed():
    partnership = PartnershipFactory(status="signed", signed_on=dt.date(2024, 3, 1), target_home=20, target_away=10)
    complete_cost_sharing(partnership)
    return partnership


def _table(partnership, on=None):
    """The version of the table in force on `on` (today by default)."""
    return sorted(partnership.cost_share_rules_on(on).values_list("track", "category", "payer_role", "share"))


def _as_table(rows):
    return sorted((r["track"], r["category"], r["payer_role"], Decimal(r["share"])) for r in rows)


@pytest.mark.parametrize("status", ["draft", "negotiating"])
def test_propose_before_signature_is_refused(status):
    partnership = PartnershipFactory(status=status)
    with pytest.raises(ValidationError) as excinfo:
        amendment_propose(partnership=partnership, summary="More nurses", changes={"target_home": 40})
    assert excinfo.value.messages == [
        "Before signature the agreement is edited directly; amendments are for signed ones."
    ]
    assert not Amendment.objects.exists()


def test_amendments_are_numbered_per_partnership(signed):
    user = UserFactory()
    numbers = [
        amendment_propose(partnership=signed, summary=f"Change {i}", changes={"target_away": i}, user=user).number
        for i in (12, 14, 16)
    ]
    other = PartnershipFactory(status="active", signed_on=dt.date(2024, 3, 1))
    assert numbers == [1, 2, 3]
    assert amendment_propose(partnership=other, summary="First", changes={"target_home": 1}).number == 1
    assert Amendment.objects.get(partnership=signed, number=1).proposed_by == user


def test_one_approval_does_not_apply(signed):
    amendment = amendment_propose(partnership=signed, summary="More", changes={"target_home": 40})
    user = UserFactory()
    amendment = amendment_approve(amendment=amendment, side="origin", user=user)
    signed.refresh_from_db()
    assert (amendment.status, amendment.origin_approved_by, amendment.applied_at) == ("proposed", user, None)
    assert amendment.destination_approved_at is None
    assert amendment.snapshot_before is None
    assert signed.target_home == 20


def test_the_same_side_twice_does_not_apply(signed):
    amendment = amendment_propose(partnership=signed, summary="More", changes={"target_home": 40})
    amendment_approve(amendment=amendment, side="destination")
    amendment = amendment_approve(amendment=amendment, side="destination")
    assert amendment.status == "proposed"
    signed.refresh_from_db()
    assert signed.target_home == 20


@pytest.mark.parametrize("sides", [("origin", "destination"), ("destination", "origin")])
def test_both_approvals_apply_targets_and_table(signed, sides):
    old_table = _table(signed)
    amendment = amendment_propose(
        partnership=signed,
        summary="Grow the away track and share costs with employers",
        changes={"target_home": 30, "target_away": 25, "cost_sharing": NEW_TABLE},
    )
    for side in sides:
        amendment = amendment_approve(amendment=amendment, side=side, user=UserFactory())

    amendment.refresh_from_db()
    signed.refresh_from_db()
    assert amendment.status == "applied"
    assert amendment.applied_at is not None
    assert amendment.applied_at >= max(amendment.origin_approved_at, amendment.destination_approved_at)
    assert (signed.target_home, signed.target_away) == (30, 25)
    assert _table(signed) == _as_table(NEW_TABLE)
    # The new table is a version from the day of the second approval; the old one stays for earlier cohorts.
    today = timezone.localdate()
    assert amendment.effective_date == today
    assert signed.cost_share_versions() == [FIRST_VERSION, today]
    assert _table(signed, FIRST_VERSION) == old_table
    before = amendment.snapshot_before
    assert (before["target_home"], before["target_away"]) == (20, 10)
    assert _as_table(before["cost_sharing"]) == old_table
    assert {r["share"] for r in before["cost_sharing"]} == {"100.00"}


def test_targets_only_amendment_keeps_the_table(signed):
    old_table = _table(signed)
    amendment = amendment_propose(partnership=signed, summary="Fewer away", changes={"target_away": 5})
    amendment_approve(amendment=amendment, side="origin")
    amendment_approve(amendment=amendment, side="destination")
    signed.refresh_from_db()
    assert (signed.target_home, signed.target_away) == (20, 5)
    assert _table(signed) == old_table


def test_an_applied_amendment_can_no_longer_change(signed):
    amendment = amendment_propose(partnership=signed, summary="More", changes={"target_home": 40})
    amendment_approve(amendment=amendment, side="origin")
    amendment_approve(amendment=amendment, side="destination")
    for approve_again in ("origin", "destination"):
        with pytest.raises(ValidationError) as excinfo:
            amendment_approve(amendment=amendment, side=approve_again)
        assert excinfo.value.messages == [
            "This amendment is approved by both governments and applied; it can no longer change."
        ]
    with pytest.raises(ValidationError) as excinfo:
        amendment_reject(amendment=amendment)
    assert excinfo.value.messages == ["Only a proposed amendment can be rejected."]


def test_a_rejected_amendment_is_never_applied(signed):
    amendment = amendment_propose(partnership=signed, summary="More", changes={"target_home": 40})
    amendment_approve(amendment=amendment, side="origin")
    assert amendment_reject(amendment=amendment).status == "rejected"
    with pytest.raises(ValidationError) as excinfo:
        amendment_approve(amendment=amendment, side="destination")
    assert excinfo.value.messages == ["This amendment is rejected; it can no longer change."]
    signed.refresh_from_db()
    assert signed.target_home == 20


def test_an_unknown_side_is_a_programming_error(signed):
    amendment = amendment_propose(partnership=signed, summary="More", changes={"target_home": 40})
    with pytest.raises(ValueError, match="side must be origin or destination, not 'employer'"):
        amendment_approve(amendment=amendment, side="employer")


INCOMPLETE = [r for r in NEW_TABLE if r["category"] != "travel_visa"]
SHORT = [dict(r, share="49") if i == 0 else r for i, r in enumerate(NEW_TABLE)]

CHANGE_RULES = [
    Rule("no-change", AmendmentFactory, {"changes": {}}, "changes", [
        "This field cannot be blank.",
        "Name at least one change: target_home, target_away or cost_sharing.",
    ]),
    Rule("not-a-dict", AmendmentFactory, {"changes": [1, 2]}, "changes", [
        "Name at least one change: target_home, target_away or cost_sharing.",
    ]),
    Rule("unknown-keys", AmendmentFactory, {"changes": {"target_home": 3, "budget": 5, "end": "2030"}}, "changes", [
        "Unknown changes: budget, end.",
    ]),
    Rule("negative-target", AmendmentFactory, {"changes": {"target_home": -1}}, "changes", [
        "target_home must be a whole number of trainees, zero or more.",
    ]),
    Rule("fractional-target", AmendmentFactory, {"changes": {"target_away": 2.5}}, "changes", [
        "target_away must be a whole number of trainees, zero or more.",
    ]),
    Rule("text-target", AmendmentFactory, {"changes": {"target_away": "12"}}, "changes", [
        "target_away must be a whole number of trainees, zero or more.",
    ]),
    Rule("boolean-target", AmendmentFactory, {"changes": {"target_home": True}}, "changes", [
        "target_home must be a whole number of trainees, zero or more.",
    ]),
    Rule("incomplete-table", AmendmentFactory, {"changes": {"cost_sharing": INCOMPLETE}}, "changes", [
        "away track: no shares for travel_visa.",
    ]),
    Rule("row-not-summing-to-100", AmendmentFactory, {"changes": {"cost_sharing": SHORT}}, "changes", [
        "home/instruction: the shares sum to 99 %, not 100 %.",
    ]),
    Rule("malformed-rows", AmendmentFactory, {"changes": {"cost_sharing": [{"track": "home"}]}}, "changes", [
        "cost_sharing must be a list of rows with track, category, payer_role and share.",
    ]),
    Rule("table-not-a-list", AmendmentFactory, {"changes": {"cost_sharing": "all to the employer"}}, "changes", [
        "cost_sharing must be a list of rows with track, category, payer_role and share.",
    ]),
]  # fmt: skip


@pytest.mark.parametrize("case", CHANGE_RULES, ids=lambda c: c.id)
def test_bad_changes_are_refused_by_full_clean(case):
    run_rule(case)


@pytest.mark.parametrize("case", CHANGE_RULES, ids=lambda c: c.id)
def test_bad_changes_are_never_proposed(signed, case):
    with pytest.raises(ValidationError) as excinfo:
        amendment_propose(partnership=signed, summary="Bad", changes=case.bad["changes"])
    assert excinfo.value.message_dict == {"changes": case.messages}
    assert not signed.amendments.exists()


def test_zero_targets_and_a_complete_table_are_accepted(signed):
    amendment = amendment_propose(
        partnership=signed,
        summary="Pause intake",
        changes={"target_home": 0, "target_away": 0, "cost_sharing": NEW_TABLE},
    )
    assert amendment.status == "proposed"


# --- a new cost-sharing table is a new version --------------------------------------------------------------------


def _approve_both(amendment):
    amendment_approve(amendment=amendment, side="origin")
    return amendment_approve(amendment=amendment, side="destination")


def test_an_amendment_adds_a_version_from_its_effective_date_and_keeps_the_old(signed):
    old_table = _table(signed)
    amendment = amendment_propose(
        partnership=signed,
        summary="Employers pay half from 2025",
        changes={"cost_sharing": NEW_TABLE},
        effective_date=dt.date(2025, 1, 1),
    )

    amendment = _approve_both(amendment)

    assert (amendment.status, amendment.effective_date) == ("applied", dt.date(2025, 1, 1))
    assert signed.cost_share_versions() == [FIRST_VERSION, dt.date(2025, 1, 1)]
    assert _table(signed, dt.date(2024, 12, 31)) == old_table
    assert _table(signed, dt.date(2025, 1, 1)) == _as_table(NEW_TABLE)
    assert signed.cost_sharing_errors() == []
    assert [r["valid_from"] for r in amendment.snapshot_before["cost_sharing"]] == ["2024-01-01"] * len(old_table)


@pytest.mark.parametrize("effective", [FIRST_VERSION, dt.date(2023, 6, 1)])
def test_an_effective_date_not_after_the_latest_version_is_refused_when_proposed(signed, effective):
    with pytest.raises(ValidationError) as excinfo:
        amendment_propose(
            partnership=signed, summary="Rewrite", changes={"cost_sharing": NEW_TABLE}, effective_date=effective
        )

    assert excinfo.value.message_dict == {
        "effective_date": [
            "The cost-sharing table already has a version from 2024-01-01: a new version starts after it."
        ]
    }
    assert not signed.amendments.exists()


def test_an_amendment_overtaken_by_a_later_version_is_refused_when_approved(signed):
    late = amendment_propose(
        partnership=signed, summary="From June", changes={"cost_sharing": NEW_TABLE}, effective_date=dt.date(2025, 6, 1)
    )
    early = amendment_propose(
        partnership=signed,
        summary="From March",
        changes={"cost_sharing": NEW_TABLE},
        effective_date=dt.date(2025, 3, 1),
    )
    _approve_both(late)
    amendment_approve(amendment=early, side="origin")

    with pytest.raises(ValidationError) as excinfo:
        amendment_approve(amendment=early, side="destination")

    assert excinfo.value.message_dict == {
        "effective_date": [
            "The cost-sharing table already has a version from 2025-06-01: a new version starts after it."
        ]
    }
    early.refresh_from_db()
    assert (early.status, early.destination_approved_at) == ("proposed", None)
    assert signed.cost_share_versions() == [FIRST_VERSION, dt.date(2025, 6, 1)]


def test_a_targets_only_amendment_takes_any_effective_date(signed):
    amendment = amendment_propose(
        partnership=signed, summary="More", changes={"target_home": 40}, effective_date=dt.date(2023, 1, 1)
    )

    assert _approve_both(amendment).status == "applied"
    assert signed.cost_share_versions() == [FIRST_VERSION]
