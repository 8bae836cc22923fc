"""Partnership lifecycle: which moves are allowed, how they are recorded, and what signing and activation need."""

import datetime as dt
from itertools import product

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerships.choices import PartnershipStatus
from partnerships.models import Partnership, PartnershipTransition
from tests.identity.factories import UserFactory
from tests.partnerships.factories import (
    CostShareRuleFactory,
    PartnershipFactory,
    SkillNeedFactory,
    complete_cost_sharing,
)
from tests.reference.factories import HealthSafeguardsListFactory, OccupationFactory, country
from tests.training.factories import CohortFactory, CourseFactory

pytestmark = pytest.mark.django_db

D = dt.date
SIGNED_ON = D(2024, 3, 1)
STATUSES = PartnershipStatus.values

# DESIGN §2: draft → negotiating → signed → active → closed, plus suspended (and back to draft while negotiating).
ALLOWED = {
    ("draft", "negotiating"),
    ("negotiating", "draft"),
    ("negotiating", "signed"),
    ("signed", "active"),
    ("signed", "suspended"),
    ("signed", "closed"),
    ("active", "suspended"),
    ("active", "closed"),
    ("suspended", "active"),
    ("suspended", "closed"),
}
FORBIDDEN = sorted(set(product(STATUSES, STATUSES)) - ALLOWED)


def partnership_in(status: str, **kwargs) -> Partnership:
    signed_on = None if status in ("draft", "negotiating") else SIGNED_ON
    return PartnershipFactory(status=status, signed_on=signed_on, **kwargs)


@pytest.mark.parametrize(("from_status", "to_status"), sorted(ALLOWED))
def test_allowed_transition_is_made_and_recorded(from_status, to_status):
    partnership = partnership_in(from_status)
    complete_cost_sharing(partnership)
    user = UserFactory()

    record = partnership.transition(to_status, user=user, note="Agreed at the joint committee.")

    partnership.refresh_from_db()
    assert partnership.status == to_status
    rows = list(PartnershipTransition.objects.filter(partnership=partnership).values_list("from_status", "to_status"))
    assert rows == [(from_status, to_status)]
    assert (record.by, record.note) == (user, "Agreed at the joint committee.")


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_forbidden_transition_is_refused(from_status, to_status):
    partnership = partnership_in(from_status)
    complete_cost_sharing(partnership)

    with pytest.raises(ValidationError) as excinfo:
        partnership.transition(to_status)

    label = PartnershipStatus(from_status).label.lower()
    assert excinfo.value.message_dict == {"status": [f"A {label} partnership cannot move to {to_status}."]}
    partnership.refresh_from_db()
    assert partnership.status == from_status
    assert not PartnershipTransition.objects.filter(partnership=partnership).exists()


def test_closed_is_terminal():
    partnership = partnership_in("active")
    partnership.close(on=D(2025, 6, 30))
    assert partnership.allowed_transitions() == ()
    for status in STATUSES:
        with pytest.raises(ValidationError):
            partnership.transition(status)
    assert Partnership.objects.get(pk=partnership.pk).status == "closed"


def test_full_life_is_recorded_in_order():
    partnership = PartnershipFactory()
    complete_cost_sharing(partnership)
    partnership.negotiate()
    partnership.sign(on=D(2024, 3, 1))
    partnership.activate(on=D(2024, 4, 1))
    partnership.suspend()
    partnership.activate()
    partnership.close(on=D(2026, 1, 31))
    moves = list(partnership.transitions.order_by("at", "pk").values_list("from_status", "to_status"))
    assert moves == [
        ("draft", "negotiating"),
        ("negotiating", "signed"),
        ("signed", "active"),
        ("active", "suspended"),
        ("suspended", "active"),
        ("active", "closed"),
    ]
    partnership.refresh_from_db()
    assert (partnership.signed_on, partnership.start_date, partnership.end_date) == (
        D(2024, 3, 1),
        D(2024, 4, 1),
        D(2026, 1, 31),
    )


def test_stale_copy_is_checked_against_the_database():
    partnership = PartnershipFactory()
    stale = Partnership.objects.get(pk=partnership.pk)
    partnership.negotiate()
    with pytest.raises(ValidationError) as excinfo:
        stale.negotiate()
    assert excinfo.value.message_dict == {"status": ["A negotiating partnership cannot move to negotiating."]}
    assert partnership.transitions.count() == 1


class TestSign:
    def test_sets_signed_on_to_the_given_date(self):
        partnership = partnership_in("negotiating")
        partnership.sign(on=D(2024, 3, 15))
        partnership.refresh_from_db()
        assert (partnership.status, partnership.signed_on) == ("signed", D(2024, 3, 15))

    def test_sets_signed_on_to_today_by_default(self):
        partnership = partnership_in("negotiating")
        partnership.sign()
        partnership.refresh_from_db()
        assert partnership.signed_on == timezone.localdate()


class TestActivate:
    def test_refuses_an_empty_table_and_lists_every_missing_category(self):
        partnership = partnership_in("signed")
        with pytest.raises(ValidationError) as excinfo:
            partnership.activate()
        assert excinfo.value.message_dict == {
            "status": [
                "Cost sharing: home track: no shares for instruction, materials, language, stipend, assessment, "
                "placement, return_reintegration, management.",
                "Cost sharing: away track: no shares for instruction, materials, language, stipend, assessment, "
                "pre_departure, travel_visa, placement, return_reintegration, management.",
            ]
        }
        partnership.refresh_from_db()
        assert (partnership.status, partnership.start_date) == ("signed", None)

    def test_refuses_a_table_missing_one_category_of_one_track(self):
        partnership = partnership_in("signed")
        complete_cost_sharing(partnership)
        partnership.cost_share_rules.filter(track="away", category="travel_visa").delete()
        with pytest.raises(ValidationError) as excinfo:
            partnership.activate()
        assert excinfo.value.message_dict == {"status": ["Cost sharing: away track: no shares for travel_visa."]}

    def test_refuses_a_row_not_summing_to_100(self):
        partnership = partnership_in("signed")
        complete_cost_sharing(partnership, share_split=(("destination_government", "60"), ("trainee", "40")))
        partnership.cost_share_rules.filter(track="home", category="stipend", payer_role="trainee").delete()
        with pytest.raises(ValidationError) as excinfo:
            partnership.activate()
        assert excinfo.value.message_dict == {
            "status": ["Cost sharing: home/stipend: the shares sum to 60 %, not 100 %."]
        }

    def test_succeeds_with_a_complete_table(self):
        partnership = partnership_in("signed")
        complete_cost_sharing(
            partnership, share_split=(("destination_government", "60"), ("destination_employer", "40"))
        )
        assert partnership.cost_share_rules.count() == 2 * (8 + 10)
        partnership.activate(on=D(2024, 4, 1))
        partnership.refresh_from_db()
        assert (partnership.status, partnership.start_date) == ("active", D(2024, 4, 1))

    def test_refuses_when_a_later_version_of_the_table_is_incomplete(self):
        partnership = partnership_in("signed")
        complete_cost_sharing(partnership)
        complete_cost_sharing(partnership, valid_from=D(2025, 1, 1))
        partnership.cost_share_rules.filter(valid_from=D(2025, 1, 1), track="home", category="management").delete()
        with pytest.raises(ValidationError) as excinfo:
            partnership.activate()
        assert excinfo.value.message_dict == {
            "status": ["Cost sharing: version of 2025-01-01: home track: no shares for management."]
        }

    def test_keeps_an_agreed_start_date(self):
        partnership = partnership_in("signed", start_date=D(2024, 9, 1))
        complete_cost_sharing(partnership)
        partnership.activate(on=D(2024, 4, 1))
        partnership.refresh_from_db()
        assert partnership.start_date == D(2024, 9, 1)

    def test_reactivation_after_suspension_also_needs_the_table(self):
        partnership = partnership_in("suspended")
        CostShareRuleFactory(partnership=partnership)
        with pytest.raises(ValidationError):
            partnership.activate()
        assert Partnership.objects.get(pk=partnership.pk).status == "suspended"


def _declared(partnership, code):
    partnership.occupations.add(OccupationFactory(code=code, title=f"ISCO {code}"))


def _skill_need(partnership, code):
    SkillNeedFactory(partnership=partnership, occupation=OccupationFactory(code=code, title=f"ISCO {code}"))


def _cohort(partnership, code):
    course = CourseFactory(occupation=OccupationFactory(code=code, title=f"ISCO {code}"))
    CohortFactory(partnership=partnership, course=course)


class TestSafeguards:
    """WHO code: health personnel from a safeguards-list country need a government-to-government agreement."""

    @pytest.fixture
    def nigeria_listed(self):
        return HealthSafeguardsListFactory(version="2023", is_current=True, countries=[country("NG")])

    @pytest.mark.parametrize("add_occupation", [_declared, _skill_need, _cohort], ids=["declared", "need", "course"])
    def test_health_occupation_blocks_signing(self, nigeria_listed, add_occupation):
        partnership = partnership_in("negotiating")
        add_occupation(partnership, "2221")
        with pytest.raises(ValidationError) as excinfo:
            partnership.sign()
        assert excinfo.value.message_dict == {
            "status": [
                "Nigeria is on the WHO health workforce safeguards list (2023) and this partnership recruits health "
                "personnel (ISCO-08 2221): it needs a government-to-government agreement before it can be signed."
            ]
        }
        partnership.refresh_from_db()
        assert (partnership.status, partnership.signed_on) == ("negotiating", None)

    @pytest.mark.parametrize("add_occupation", [_declared, _skill_need, _cohort], ids=["declared", "need", "course"])
    def test_g2g_agreement_allows_signing(self, nigeria_listed, add_occupation):
        partnership = partnership_in("negotiating", g2g_agreement=True)
        add_occupation(partnership, "2221")
        partnership.sign(on=SIGNED_ON)
        assert Partnership.objects.get(pk=partnership.pk).status == "signed"

    @pytest.mark.parametrize("add_occupation", [_declared, _skill_need, _cohort], ids=["declared", "need", "course"])
    def test_non_health_occupation_does_not_block(self, nigeria_listed, add_occupation):
        partnership = partnership_in("negotiating")
        add_occupation(partnership, "7115")
        assert partnership.safeguards_issue() is None
        partnership.sign(on=SIGNED_ON)
        assert Partnership.objects.get(pk=partnership.pk).status == "signed"

    def test_every_health_occupation_is_named(self, nigeria_listed):
        partnership = partnership_in("negotiating")
        _declared(partnership, "3221")
        _skill_need(partnership, "5321")
        _cohort(partnership, "2221")
        _declared(partnership, "5322")
        assert "(ISCO-08 2221, 3221, 5321)" in partnership.safeguards_issue()

    def test_origin_not_on_the_list_is_not_blocked(self):
        HealthSafeguardsListFactory(version="2023", is_current=True, countries=[country("KI")])
        partnership = partnership_in("negotiating")
        _declared(partnership, "2221")
        partnership.sign(on=SIGNED_ON)
        assert Partnership.objects.get(pk=partnership.pk).status == "signed"

    def test_only_the_current_list_counts(self):
        HealthSafeguardsListFactory(version="2020", is_current=False, countries=[country("NG")])
        HealthSafeguardsListFactory(version="2023", is_current=True, countries=[country("KI")])
        partnership = partnership_in("negotiating")
        _declared(partnership, "2221")
        assert partnership.safeguards_issue() is None
