"""factory_boy factories of the partnerships app: programmes, partnerships, parties, cost sharing, amendments,
management costs and skill needs."""

import datetime as dt
from decimal import Decimal

import factory

from identity.choices import OrganisationKind
from partnerships.choices import CostCategory, PartyRole, PayerRole, Track
from partnerships.models import (
    Amendment,
    CostShareRule,
    Partnership,
    PartnershipCost,
    PartnershipParty,
    PartnershipTransition,
    Programme,
    SkillNeed,
)
from tests.identity.factories import OrganisationFactory
from tests.reference.factories import OccupationFactory, country


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"programme-{n}")
    title = factory.Sequence(lambda n: f"Programme {n}")
    reporting_currency = "EUR"


class PartnershipFactory(factory.django.DjangoModelFactory):
    """A draft UK–Nigeria partnership reporting in GBP."""

    class Meta:
        model = Partnership

    code = factory.Sequence(lambda n: f"gsp-{n}")
    title = factory.Sequence(lambda n: f"Partnership {n}")
    origin_country = factory.LazyFunction(lambda: country("NG"))
    destination_country = factory.LazyFunction(lambda: country("GB"))
    reporting_currency = "GBP"
    target_home = 20
    target_away = 10


def signed(**fields) -> Partnership:
    """A partnership signed on 1 March 2024."""
    return PartnershipFactory(status="signed", signed_on=dt.date(2024, 3, 1), **fields)


class PartnershipPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipParty

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PartyRole.EMPLOYER


#: When the factories' cost-sharing tables start: before every cohort of the suite.
FIRST_VERSION = dt.date(2024, 1, 1)


class CostShareRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostShareRule

    partnership = factory.SubFactory(PartnershipFactory)
    valid_from = FIRST_VERSION
    track = "away"
    category = "instruction"
    payer_role = "destination_government"
    share = Decimal("100")


def cost_sharing_rows(share_split: tuple[tuple[str, str], ...] = ((PayerRole.DESTINATION_GOVERNMENT, "100"),)):
    """A complete cost-sharing table as rows: every track × every category it splits (management included), split
    as given."""
    return [
        {"track": track, "category": category, "payer_role": payer, "share": share}
        for track in Track.values
        for category in CostCategory.for_track(track)
        for payer, share in share_split
    ]


def complete_cost_sharing(
    partnership: Partnership, valid_from: dt.date = FIRST_VERSION, **kwargs
) -> list[CostShareRule]:
    """Save a complete cost-sharing table (see `cost_sharing_rows`) for `partnership`, as the version valid from
    `valid_from`."""
    rows = cost_sharing_rows(**kwargs)
    return [CostShareRuleFactory(partnership=partnership, valid_from=valid_from, **row) for row in rows]


class PartnershipTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipTransition

    partnership = factory.SubFactory(PartnershipFactory)
    from_status = "draft"
    to_status = "negotiating"


class AmendmentFactory(factory.django.DjangoModelFactory):
    """A proposed amendment of a signed partnership raising its home-track target."""

    class Meta:
        model = Amendment

    partnership = factory.SubFactory(PartnershipFactory, status="signed", signed_on=dt.date(2024, 3, 1))
    number = factory.Sequence(lambda n: n + 1)
    summary = "Raise the home-track target"
    changes = factory.LazyFunction(lambda: {"target_home": 30})


class PartnershipCostFactory(factory.django.DjangoModelFactory):
    """A management cost of a partnership: coordination staff for a month."""

    class Meta:
        model = PartnershipCost

    partnership = factory.SubFactory(PartnershipFactory)
    amount = Decimal("12000.00")
    currency = "GBP"
    incurred_on = dt.date(2024, 2, 29)
    description = "Coordination unit, February"


class SkillNeedFactory(factory.django.DjangoModelFactory):
    """An away-track need: a destination employer in the partnership's destination country."""

    class Meta:
        model = SkillNeed

    partnership = factory.SubFactory(PartnershipFactory)
    employer = factory.LazyAttribute(
        lambda o: OrganisationFactory(kind=OrganisationKind.EMPLOYER, country=o.partnership.destination_country)
    )
    occupation = factory.SubFactory(OccupationFactory)
    country = factory.LazyAttribute(lambda o: o.employer.country)
    positions = 5
