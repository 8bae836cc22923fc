"""Routes of organisations, memberships, tokens and webhooks under /api/v1/ (collected by gsp.api.urls)."""

from . import views as v
from . import webhooks as w

routes = [
    ("organisations", v.OrganisationViewSet, "organisation"),
    ("memberships", v.MembershipViewSet, "membership"),
    ("tokens", v.APITokenViewSet, "token"),
    ("webhooks", w.WebhookEndpointViewSet, "webhook"),
    ("webhook-deliveries", w.DeliveryViewSet, "webhook-delivery"),
]
