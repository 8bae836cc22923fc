"""factory_boy factories of the reports app."""

import factory

from reports.models import ReportRun
from tests.partnerships.factories import PartnershipFactory


class ReportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRun

    kind = "cost_sharing"
    partnership = factory.SubFactory(PartnershipFactory)
