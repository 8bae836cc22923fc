"""factory_boy factories of the reports app."""

import datetime as dt

import factory

from reports.models import ReportRun, ReportSchedule
from tests.partnerships.factories import PartnershipFactory


class ReportRunFactory(factory.django.DjangoModelFactory):
    """A run as the request service leaves it: queued, with a request key of its own."""

    class Meta:
        model = ReportRun

    kind = "cost_sharing"
    partnership = factory.SubFactory(PartnershipFactory)
    as_of = dt.date(2025, 6, 30)
    currency = "GBP"
    request_key = factory.Sequence(lambda n: f"factory-{n}")


class ReportScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSchedule

    partnership = factory.SubFactory(PartnershipFactory)
    kind = "cost_sharing"
    next_due = dt.date(2025, 7, 1)
