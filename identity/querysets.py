"""Who may see and edit organisations, memberships and API tokens (DESIGN §4). One rule per model."""

from django.db.models import Q

from gsp.access import NOTHING
from gsp.models import RestrictedQuerySet

from .access import GOVERNMENT


class OrganisationQuerySet(RestrictedQuerySet):
    """Own organisations and all governments. The partnership app grants the parties of partnerships the user
    sees, and to governments every organisation of their partnerships' countries (see `partnerships.grants`)."""

    def visible_q(self, scope):
        return Q(pk__in=scope.org_ids()) | Q(kind=GOVERNMENT)

    def editable_q(self, scope):
        return Q(pk__in=scope.admin_org_ids())

    def deletable_q(self, scope):
        return NOTHING  # an organisation's admins edit it; only staff remove organisations


class MembershipQuerySet(RestrictedQuerySet):
    """A user sees their own memberships; an organisation's admins see and manage all of its members."""

    def visible_q(self, scope):
        return Q(user_id=scope.user_id) | Q(organisation__in=scope.admin_org_ids())

    def editable_q(self, scope):
        return Q(organisation__in=scope.admin_org_ids())


class APITokenQuerySet(RestrictedQuerySet):
    """Tokens are managed by the admins of the organisation they are bound to."""

    def visible_q(self, scope):
        return Q(organisation__in=scope.admin_org_ids())

    def editable_q(self, scope):
        return Q(organisation__in=scope.admin_org_ids())
