"""factory_boy factories of the reports app."""

import datetime as dt

import factory

from reports.models import ReportRun
from tests.partnerships.factories import PartnershipFactory


class ReportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRun

    kind = "cost_sharing"
    partnership = factory.SubFactory(PartnershipFactory)
    as_of = dt.date(2024, 12, 31)
    currency = "GBP"
    # One live run per request key: factory runs are distinct requests.
    request_key = factory.Sequence(lambda n: f"factory-request-{n}")
