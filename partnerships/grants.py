"""What partnerships reveal in the identity app: the organisations taking part in the partnerships a user sees,
and, to a government, every organisation of its partnerships' countries (so it can bring new parties in).
Registered on `OrganisationQuerySet` by `PartnershipsConfig.ready()`; identity never names partnerships."""

from django.db.models import Q

from identity.access import GOVERNMENT, Scope
from identity.querysets import OrganisationQuerySet

from .models import PartnershipParty
from .querysets import visible_partnerships


def partnership_organisations(scope: Scope) -> Q:
    partners = PartnershipParty.objects.filter(partnership__in=visible_partnerships(scope)).values("organisation_id")
    governed = visible_partnerships(scope, kinds={GOVERNMENT})
    return (
        Q(pk__in=partners)
        | Q(country__in=governed.values("origin_country_id"))
        | Q(country__in=governed.values("destination_country_id"))
    )


def register() -> None:
    OrganisationQuerySet.grant_visibility(partnership_organisations)
