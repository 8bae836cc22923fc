"""Who may see and edit the partnership app's rows (DESIGN §4). One rule per model."""

from django.apps import apps
from django.db.models import Q

from gsp.access import any_of, path
from gsp.models import RestrictedQuerySet
from identity.access import AGENCY, ALL_KINDS, EMPLOYER, GOVERNMENT, TRAINING_PROVIDER, Scope

from .choices import PartnershipStatus


def partnership_q(scope: Scope, prefix: str = "", kinds=ALL_KINDS, *, write: bool = False) -> Q:
    """Rows whose partnership (reached at `prefix`) the scope reaches through seats of `kinds`.

    Governments reach partnerships where their country is origin or destination; every other kind
    reaches partnerships its organisation is a party to.
    """
    conditions = []
    if GOVERNMENT in kinds and (countries := scope.countries(write=write)):
        conditions += [
            Q(**{path(prefix, "origin_country__in"): countries}),
            Q(**{path(prefix, "destination_country__in"): countries}),
        ]
    if orgs := scope.org_ids(set(kinds) - {GOVERNMENT}, write=write):
        party = apps.get_model("partnerships", "PartnershipParty")
        in_partnerships = party.objects.filter(organisation__in=orgs).values("partnership_id")
        conditions.append(Q(**{f"{prefix}__in" if prefix else "pk__in": in_partnerships}))
    return any_of(*conditions)


def visible_partnerships(scope: Scope, kinds=ALL_KINDS):
    return apps.get_model("partnerships", "Partnership").objects.filter(partnership_q(scope, kinds=kinds))


class ProgrammeQuerySet(RestrictedQuerySet):
    def visible_q(self, scope):
        return Q(pk__in=visible_partnerships(scope).values("programme_id")) | Q(funder__in=scope.org_ids())


class PartnershipQuerySet(RestrictedQuerySet):
    """Governments of either country and every party see a partnership; governments' editors edit it."""

    def visible_q(self, scope):
        return partnership_q(scope)

    def editable_q(self, scope):
        return partnership_q(scope, kinds={GOVERNMENT}, write=True)

    def deletable_q(self, scope):
        # An agreement under negotiation or signed is kept.
        return self.editable_q(scope) & Q(status=PartnershipStatus.DRAFT)


class PartnershipPartQuerySet(RestrictedQuerySet):
    """Parts of the agreement (parties, cost sharing, amendments): as visible and editable as the partnership."""

    def visible_q(self, scope):
        return partnership_q(scope, "partnership")

    def editable_q(self, scope):
        return partnership_q(scope, "partnership", kinds={GOVERNMENT}, write=True)


class SkillNeedQuerySet(RestrictedQuerySet):
    """An employer sees and edits its own needs; governments, agencies and training centres of the
    partnership see them all (to select and train for them); donors see aggregates only."""

    def visible_q(self, scope):
        return partnership_q(scope, "partnership", kinds={GOVERNMENT, AGENCY, TRAINING_PROVIDER}) | Q(
            employer__in=scope.org_ids(EMPLOYER)
        )

    def editable_q(self, scope):
        return Q(employer__in=scope.org_ids(EMPLOYER, write=True))
