"""factory_boy factories of the reference app. Countries come from pycountry (the `countries` fixture or
`reference.loaders.load_countries`); factories look them up, never invent them."""

import datetime as dt
from decimal import Decimal

import factory

from reference.models import Country, DomesticTrainingCost, ExchangeRate, HealthSafeguardsList, Occupation


def country(code: str) -> Country:
    """A country loaded from pycountry (loads it on first use, so factories work without the fixture)."""
    found = Country.objects.filter(pk=code).first()
    if found is None:
        from reference.loaders import load_countries

        load_countries(only=[code])
        found = Country.objects.get(pk=code)
    return found


class OccupationFactory(factory.django.DjangoModelFactory):
    """Occupations with their ISCO-08 parents (2221 Nursing professionals under 222, 22, 2)."""

    class Meta:
        model = Occupation
        django_get_or_create = ("code",)

    code = "2221"
    title = "Nursing professionals"
    parent = factory.LazyAttribute(lambda o: _ensure_parents(o.code))


def _ensure_parents(code: str):
    parent = None
    for length in range(1, len(code)):
        parent, _ = Occupation.objects.get_or_create(
            code=code[:length], defaults={"title": f"ISCO-08 group {code[:length]}", "parent": parent}
        )
    return parent


class HealthSafeguardsListFactory(factory.django.DjangoModelFactory):
    """A version of the WHO safeguards list; pass `countries=[...]` to fill it."""

    class Meta:
        model = HealthSafeguardsList
        skip_postgeneration_save = True

    version = factory.Sequence(lambda n: f"test-{n}")
    source = "WHO Health Workforce Support and Safeguards List (test copy)"
    published_on = dt.date(2023, 3, 14)
    is_current = False

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.countries.set(extracted)


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate

    base_currency = "NGN"
    quote_currency = "GBP"
    date = dt.date(2024, 1, 1)
    rate = Decimal("0.00050000")


class DomesticTrainingCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DomesticTrainingCost

    country = factory.LazyFunction(lambda: country("GB"))
    occupation = factory.SubFactory(OccupationFactory)
    year = 2024
    amount = Decimal("26000.00")
    currency = "GBP"
