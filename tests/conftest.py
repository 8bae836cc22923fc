"""Fixtures shared by the whole suite."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from identity.models import Organisation
from identity.services import token_create
from partnerships.models import Partnership
from reference.models import Occupation
from tests.api_helpers import client_for, employer_in, government, member_of
from tests.identity.factories import OrganisationFactory, UserFactory
from tests.partnerships.factories import (
    AmendmentFactory,
    PartnershipCostFactory,
    PartnershipFactory,
    PartnershipPartyFactory,
    ProgrammeFactory,
    SkillNeedFactory,
    signed,
)
from tests.reference.factories import DomesticTrainingCostFactory, ExchangeRateFactory, OccupationFactory, country


def require_services() -> bool:
    """In CI (GSP_REQUIRE_SERVICES=1) a test needing a missing service fails instead of being skipped."""
    return os.environ.get("GSP_REQUIRE_SERVICES", "") in {"1", "true", "yes"}


def skip_or_fail(reason: str):
    if require_services():
        pytest.fail(f"{reason} (GSP_REQUIRE_SERVICES=1: a missing service is a failure)")
    pytest.skip(reason)


@pytest.fixture
def countries(db):
    """The countries the factories use, loaded the real way (from pycountry)."""
    from reference.loaders import load_countries

    load_countries(only=["NG", "GB", "DE", "MA", "BE", "FJ", "KI", "TN", "AU", "WS", "PG", "MD"])


@pytest.fixture(autouse=True, scope="session")
def _no_statement_timeout():
    """Importing gsp.wsgi (the schemathesis suite does) declares a web process with its statement timeout: the suite
    itself runs without one (tests/gsp/test_statement_timeout.py sets it where it is tested)."""
    from gsp.db import set_process_role

    set_process_role(None)


# --- API clients ------------------------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True)


@pytest.fixture
def staff_client(staff) -> APIClient:
    return client_for(staff)


# --- a small world for the filters of the lists -----------------------------------------------------------


@pytest.fixture
def world(db, countries):
    """A small set of rows of every resource of the reference, identity and partnerships apps; returns the ids that
    the filter tables of their test_filters_api.py modules refer to. (The permission matrix, the token tests and the
    personal-data walk define a `world` of their own, which replaces this one there.)"""
    nursing, ict = OccupationFactory(code="2221"), OccupationFactory(code="2512", title="Software developers")
    welding = OccupationFactory(code="7212", title="Welders and flame cutters")
    for code in ("NG", "GB", "MA", "BE"):
        government(code, name=f"{code} ministry")
    nhs, agoria = employer_in("GB", name="NHS Trust", sector="health"), employer_in("BE", name="Agoria")
    school = OrganisationFactory(kind="training_provider", country=country("NG"), name="Lagos Nursing School")
    dfat = OrganisationFactory(kind="donor", country=country("AU"), name="DFAT")
    aptc, thamm = ProgrammeFactory(code="aptc", funder=dfat, reporting_currency="AUD"), ProgrammeFactory(code="thamm")
    ng_gb = PartnershipFactory(code="ng-gb-nursing", title="Nursing")
    ma_be = PartnershipFactory(
        code="ma-be-ict", title="PALIM ICT", origin_country=country("MA"), destination_country=country("BE"),
        status="negotiating", programme=thamm,
    )  # fmt: skip
    ki_au = signed(
        code="ki-au-aptc", title="APTC Kiribati", origin_country=country("KI"), destination_country=country("AU"),
        programme=aptc, g2g_agreement=True,
    )  # fmt: skip
    for partnership, occupation in ((ng_gb, nursing), (ma_be, ict), (ki_au, welding)):
        partnership.occupations.add(occupation)
    for partnership, organisation in ((ng_gb, nhs), (ng_gb, school), (ma_be, agoria)):
        PartnershipPartyFactory(partnership=partnership, organisation=organisation, role=organisation.kind)
    member_of(nhs, "admin", username="nhs-admin"), member_of(nhs, "viewer", username="nhs-viewer")
    member_of(agoria, "editor", username="agoria-editor")
    AmendmentFactory(partnership=ki_au, number=1), AmendmentFactory(partnership=ki_au, number=2, status="rejected")
    for partnership, day, amount, currency, what in (
        (ng_gb, "2024-02-29", "12000.00", "GBP", "coordination"),
        (ng_gb, "2024-06-30", "4500.00", "GBP", "evaluation"),
        (ki_au, "2024-04-15", "30000.00", "AUD", "monitoring"),
    ):
        PartnershipCostFactory(
            partnership=partnership, incurred_on=day, amount=amount, currency=currency, description=what
        )
    for day in ("2024-01-01", "2025-01-01"):
        ExchangeRateFactory(date=day)
    ExchangeRateFactory(base_currency="EUR", quote_currency="MAD", date="2024-06-01", rate="10.85")
    DomesticTrainingCostFactory(occupation=nursing, year=2023), DomesticTrainingCostFactory(occupation=nursing)
    DomesticTrainingCostFactory(country=country("BE"), occupation=ict, currency="EUR")
    expires = timezone.now() + dt.timedelta(days=30)
    token_create(organisation=school, name="erp", role="viewer", expires_at=expires)
    token_create(organisation=dfat, name="crm", role="editor", expires_at=expires)
    return {"ng_gb": ng_gb.pk, "ma_be": ma_be.pk, "ki_au": ki_au.pk, "aptc": aptc.pk, "thamm": thamm.pk,
            "nhs": nhs.pk, "agoria": agoria.pk, "school": school.pk, "dfat": dfat.pk}  # fmt: skip


@pytest.fixture
def needs(world):
    """Three skill needs, labelled a, b, c in their description: away, home, and away in the other partnership."""
    nhs, agoria = Organisation.objects.get(pk=world["nhs"]), Organisation.objects.get(pk=world["agoria"])
    hospital = employer_in("NG", name="Lagos Hospital")
    associate, nurse = OccupationFactory(code="3221", title="Nursing associates"), Occupation.objects.get(pk="2221")
    ng_gb, ma_be = Partnership.objects.get(pk=world["ng_gb"]), Partnership.objects.get(pk=world["ma_be"])
    rows = [
        ("a", ng_gb, nhs, nurse, "2025-03-01", "open", "B2"),
        ("b", ng_gb, hospital, associate, "2025-09-01", "open", ""),
        ("c", ma_be, agoria, Occupation.objects.get(pk="2512"), "2026-01-01", "withdrawn", "B1"),
    ]
    for label, partnership, employer, occupation, needed_by, status, level in rows:
        SkillNeedFactory(
            description=label, partnership=partnership, employer=employer, occupation=occupation,
            needed_by=needed_by, status=status, language_level=level,
        )  # fmt: skip
    return world


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttling counters live in the cache: each test starts with none, as a fresh server would."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
