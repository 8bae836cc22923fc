"""FilterSets of organisations, memberships and tokens, shared by the API and the HTML list views."""

import django_filters
from django.utils.translation import gettext_lazy as _

from gsp.api.filters import BaseFilterSet, related

from .models import APIToken, Delivery, Membership, Organisation, WebhookEndpoint


class OrganisationFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name contains"))

    class Meta:
        model = Organisation
        fields = ["kind", "country"]


class MembershipFilterSet(BaseFilterSet):
    organisation = related("identity.Organisation", "organisation")

    class Meta:
        model = Membership
        fields = ["organisation", "role"]


class APITokenFilterSet(BaseFilterSet):
    organisation = related("identity.Organisation", "organisation")

    class Meta:
        model = APIToken
        fields = ["organisation", "role"]


class WebhookEndpointFilterSet(BaseFilterSet):
    organisation = related("identity.Organisation", "organisation")

    class Meta:
        model = WebhookEndpoint
        fields = ["organisation", "active"]


class DeliveryFilterSet(BaseFilterSet):
    endpoint = related("identity.WebhookEndpoint", "endpoint")

    class Meta:
        model = Delivery
        fields = ["endpoint", "status"]
