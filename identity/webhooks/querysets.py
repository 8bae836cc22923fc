"""Who sees and manages webhooks: the admins of the endpoint's organisation (and staff)."""

from django.db.models import Q

from gsp.access import NOTHING
from gsp.models import RestrictedQuerySet


class WebhookEndpointQuerySet(RestrictedQuerySet):
    """An organisation's admins manage its endpoints; its editors and viewers do not see them (they hold a secret
    and decide where the organisation's data goes)."""

    def visible_q(self, scope):
        return Q(organisation__in=scope.admin_org_ids())

    def editable_q(self, scope):
        return self.visible_q(scope)


class DeliveryQuerySet(RestrictedQuerySet):
    """Deliveries are read, and replayed, by whoever manages their endpoint."""

    def visible_q(self, scope):
        return Q(endpoint__organisation__in=scope.admin_org_ids())

    def editable_q(self, scope):
        return self.visible_q(scope)

    def deletable_q(self, scope):
        return NOTHING  # the log is kept
