"""Partnership-domain models: every database constraint and clean() rule."""

import datetime as dt
from decimal import Decimal

import pytest

from gsp.errors import Refused
from reference.models import Occupation
from tests.constraints import Check, Rule, Unique, constraint_names, covered, run_check, run_rule, run_unique
from tests.identity.factories import OrganisationFactory
from tests.partnerships.factories import (
    AmendmentFactory,
    CostShareRuleFactory,
    PartnershipCostFactory,
    PartnershipFactory,
    PartnershipPartyFactory,
    PartnershipTransitionFactory,
    SkillNeedFactory,
)
from tests.reference.factories import OccupationFactory, country

pytestmark = pytest.mark.django_db

D = dt.date
APPLIED = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)

CHECKS = [
    Check(
        "partnerships_partnership_distinct_countries",
        PartnershipFactory,
        {"destination_country": lambda p: country("DE")},
        {"destination_country": lambda p: p.origin_country},
    ),
    Check(
        "partnerships_partnership_dates_ordered",
        PartnershipFactory,
        {"start_date": D(2024, 1, 1), "end_date": D(2024, 1, 1)},
        {"end_date": D(2023, 12, 31)},
    ),
    Check(
        "partnerships_partnership_status_valid",
        PartnershipFactory,
        {"status": "suspended", "signed_on": D(2024, 3, 1)},
        {"status": "lapsed"},
    ),
    Check(
        "partnerships_partnership_fee_cap_not_negative",
        PartnershipFactory,
        {"recruitment_fee_cap": 0},
        {"recruitment_fee_cap": Decimal("-0.01")},
    ),
    Check(
        "partnerships_partnership_stall_threshold_positive",
        PartnershipFactory,
        {"stall_threshold_days": 1},
        {"stall_threshold_days": 0},
    ),
    Check(
        "partnerships_partnership_signed_has_date",
        PartnershipFactory,
        {"status": "signed", "signed_on": D(2024, 3, 1)},
        {"signed_on": None},
    ),
    Check(
        "partnerships_partnershiptransition_changes_status",
        PartnershipTransitionFactory,
        {"to_status": "negotiating"},
        {"to_status": "draft"},
    ),
    Check("partnerships_partnershipparty_role_valid", PartnershipPartyFactory, {"role": "donor"}, {"role": "observer"}),
    Check("partnerships_costsharerule_share_range", CostShareRuleFactory, {"share": 100}, {"share": Decimal("100.01")}),
    Check(
        "partnerships_costsharerule_share_range",
        CostShareRuleFactory,
        {"share": Decimal("0.01")},
        {"share": 0},
        note="zero",
    ),
    Check("partnerships_costsharerule_track_valid", CostShareRuleFactory, {"track": "home"}, {"track": "both"}),
    Check(
        "partnerships_costsharerule_category_valid",
        CostShareRuleFactory,
        {"category": "return_reintegration"},
        {"category": "training"},
    ),
    Check(
        "partnerships_costsharerule_payer_valid",
        CostShareRuleFactory,
        {"payer_role": "trainee"},
        {"payer_role": "employer"},
    ),
    Check(
        "partnerships_costsharerule_category_valid",
        CostShareRuleFactory,
        {"category": "management"},
        {"category": "canteen"},
        note="management",
    ),
    Check(
        "partnerships_partnershipcost_amount_positive",
        PartnershipCostFactory,
        {"amount": Decimal("0.01")},
        {"amount": 0},
    ),
    Check(
        "partnerships_partnershipcost_category_valid",
        PartnershipCostFactory,
        {"category": "management"},
        {"category": "instruction"},
    ),
    Check("partnerships_amendment_status_valid", AmendmentFactory, {"status": "rejected"}, {"status": "approved"}),
    Check(
        "partnerships_amendment_applied_when_both_approved",
        AmendmentFactory,
        {"status": "applied", "origin_approved_at": APPLIED, "destination_approved_at": APPLIED, "applied_at": APPLIED},
        {"destination_approved_at": None},
    ),
    Check("partnerships_skillneed_positions_positive", SkillNeedFactory, {"positions": 1}, {"positions": 0}),
    Check("partnerships_skillneed_status_valid", SkillNeedFactory, {"status": "withdrawn"}, {"status": "closed"}),
    # Whether a need is filled is derived from its placements, never typed.
    Check(
        "partnerships_skillneed_status_valid",
        SkillNeedFactory,
        {"status": "open"},
        {"status": "filled"},
        note="filled-is-derived",
    ),
    Check(
        "partnerships_skillneed_wage_with_currency",
        SkillNeedFactory,
        {"wage_amount": Decimal("2400.00"), "wage_currency": "GBP"},
        {"wage_currency": ""},
    ),
    Check(
        "partnerships_skillneed_wage_with_currency",
        SkillNeedFactory,
        {"wage_amount": Decimal("0.01"), "wage_currency": "GBP"},
        {"wage_amount": 0},
        note="zero-wage",
    ),
]

UNIQUES = [
    Unique(
        "partnerships_partnershipparty_unique_role",
        PartnershipPartyFactory,
        ("partnership", "organisation", "role"),
        {"role": "donor"},
    ),
    Unique(
        "partnerships_costsharerule_unique_payer",
        CostShareRuleFactory,
        ("partnership", "valid_from", "track", "category", "payer_role"),
        {"payer_role": "trainee"},
    ),
    Unique(
        "partnerships_costsharerule_unique_payer",
        CostShareRuleFactory,
        ("partnership", "valid_from", "track", "category", "payer_role"),
        {"valid_from": D(2025, 1, 1)},
        note="one-version-each",
    ),
    Unique("partnerships_amendment_unique_number", AmendmentFactory, ("partnership", "number"), {"number": 99}),
]


def test_every_constraint_has_a_case():
    # API tokens are credentials, not domain data: the API's own tests cover them.
    assert covered(CHECKS + UNIQUES) == constraint_names("partnerships", exclude=["APIToken"])


@pytest.mark.parametrize("case", CHECKS, ids=lambda c: c.id)
def test_check_constraint(case):
    run_check(case)


@pytest.mark.parametrize("case", UNIQUES, ids=lambda c: c.id)
def test_unique_constraint(case):
    run_unique(case)


def _government(code):
    return lambda *_: OrganisationFactory(kind="government", country=country(code))


def _party(role, organisation):
    return lambda: PartnershipPartyFactory(role=role, organisation=organisation())


RULES = [
    Rule(
        "occupation-wrong-parent",
        lambda: OccupationFactory(code="2221"),
        {"parent": lambda o: Occupation.objects.get(code="22")},
        "parent",
        ["The parent of ISCO-08 group 2221 is 222."],
    ),
    Rule(
        "occupation-missing-parent",
        lambda: OccupationFactory(code="7115", title="Carpenters and joiners"),
        {"parent": None},
        "parent",
        ["The parent of ISCO-08 group 7115 is 711."],
    ),
    Rule(
        "occupation-major-group-with-parent",
        lambda: OccupationFactory(code="2", title="Professionals"),
        {"parent": lambda o: OccupationFactory(code="3", title="Technicians")},
        "parent",
        ["A major group has no parent."],
    ),
    Rule(
        "partnership-same-countries",
        PartnershipFactory,
        {"destination_country": lambda p: p.origin_country},
        "destination_country",
        ["The destination must differ from the origin."],
    ),
    Rule(
        "partnership-end-before-start",
        lambda: PartnershipFactory(start_date=D(2024, 1, 1), end_date=D(2024, 1, 1)),
        {"end_date": D(2023, 12, 31)},
        "end_date",
        ["The end date is before the start date."],
    ),
    Rule(
        "signed-partnership-targets-change",
        lambda: PartnershipFactory(status="active", signed_on=D(2024, 3, 1)),
        {"target_home": 21, "target_away": 9},
        "target_home",
        ["The agreement is signed: change its targets through an amendment."],
    ),
    Rule(
        "signed-partnership-target-away-change",
        lambda: PartnershipFactory(status="signed", signed_on=D(2024, 3, 1)),
        {"target_away": 11},
        "target_away",
        ["The agreement is signed: change its targets through an amendment."],
    ),
    Rule(
        "party-origin-government-of-other-country",
        _party("origin_government", _government("NG")),
        {"organisation": _government("GB")},
        "organisation",
        ["The origin government must be a government of NG."],
    ),
    Rule(
        "party-destination-government-not-a-government",
        _party("destination_government", _government("GB")),
        {"organisation": lambda p: OrganisationFactory(kind="employer", country=country("GB"))},
        "organisation",
        ["The destination government must be a government of GB."],
    ),
    Rule(
        "party-employer-in-third-country",
        PartnershipPartyFactory,
        {"organisation": lambda p: OrganisationFactory(kind="employer", country=country("DE"))},
        "organisation",
        ["An employer party must be in the origin or destination country."],
    ),
    Rule(
        "party-role-and-kind-differ",
        _party("donor", lambda: OrganisationFactory(kind="donor", country=country("DE"))),
        {"organisation": lambda p: OrganisationFactory(kind="agency", country=country("DE"))},
        "organisation",
        ["A donor party must be an organisation of that kind."],
    ),
    Rule(
        "skill-need-by-a-non-employer",
        SkillNeedFactory,
        {"employer": lambda n: OrganisationFactory(kind="training_provider", country=country("GB"))},
        "employer",
        ["Only an employer can log a skill need."],
    ),
    Rule(
        "skill-need-outside-the-partnership",
        SkillNeedFactory,
        {
            "employer": lambda n: OrganisationFactory(kind="employer", country=country("DE")),
            "country": lambda n: country("DE"),
        },
        "country",
        ["A skill need is in the partnership's origin or destination country."],
    ),
    Rule(
        "skill-need-not-in-employer-country",
        SkillNeedFactory,
        {"country": lambda n: country("NG")},
        "country",
        ["A skill need is in the employer's own country."],
    ),
]


@pytest.mark.parametrize("case", RULES, ids=lambda c: c.id)
def test_clean_rule(case):
    run_rule(case)


@pytest.mark.parametrize("status", ["draft", "negotiating"])
def test_targets_change_freely_before_signature(status):
    partnership = PartnershipFactory(status=status)
    partnership.target_home, partnership.target_away = 40, 0
    partnership.full_clean()


def test_signed_targets_change_is_a_refusal():
    partnership = PartnershipFactory(status="signed", signed_on=D(2024, 3, 1))
    partnership.target_home = 21
    with pytest.raises(Refused) as excinfo:
        partnership.clean()
    assert excinfo.value.message_dict == {
        "target_home": ["The agreement is signed: change its targets through an amendment."]
    }


def test_home_track_skill_need_is_accepted_in_the_origin():
    need = SkillNeedFactory(employer=OrganisationFactory(kind="employer", country=country("NG")), country=country("NG"))
    need.full_clean()
    assert need.track == "home"
