"""The Django admin: every registered model's list, search, add and change pages answer for staff."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from identity.services import token_create
from tests.identity.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.migration_tracks.factories import FollowUpFactory, MigrationCaseFactory, RecruitmentFeeFactory
from tests.partnerships.factories import (
    AmendmentFactory,
    CostShareRuleFactory,
    PartnershipCostFactory,
    PartnershipPartyFactory,
    PartnershipTransitionFactory,
    ProgrammeFactory,
)
from tests.reference.factories import DomesticTrainingCostFactory, ExchangeRateFactory, HealthSafeguardsListFactory
from tests.reports.factories import ReportRunFactory
from tests.training.factories import (
    ApplicationFactory,
    CourseCostFactory,
    EnrollmentTrackChangeFactory,
    ExpenditureFactory,
    TraineeFactory,
)
from training.models import PersonalDataAccess

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.fixture
def admin_client_with_data(client):
    for factory in (
        MigrationCaseFactory, RecruitmentFeeFactory, FollowUpFactory, MembershipFactory, ProgrammeFactory,
        PartnershipPartyFactory, CostShareRuleFactory, PartnershipTransitionFactory, AmendmentFactory,
        PartnershipCostFactory, HealthSafeguardsListFactory, ExchangeRateFactory, DomesticTrainingCostFactory,
        CourseCostFactory, ApplicationFactory, EnrollmentTrackChangeFactory, ExpenditureFactory,
    ):  # fmt: skip
        factory()
    ReportRunFactory(as_of=dt.date(2025, 6, 30), currency="GBP")
    Group.objects.create(name="auditors")
    seen = {
        "user_agent": "test",
        "ip_address": "192.0.2.1",
        "username": "someone",
        "http_accept": "*/*",
        "path_info": "/",
    }
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**seen)
    AccessLog.objects.create(**seen)
    PersonalDataAccess.objects.create(trainee=TraineeFactory(), surface="admin")
    token_create(
        organisation=OrganisationFactory(),
        name="erp",
        role="viewer",
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_search_and_add_pages(admin_client_with_data, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client_with_data.get(changelist).status_code == 200
    assert admin_client_with_data.get(changelist, {"q": "a"}).status_code == 200
    add = admin_client_with_data.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == (403 if not admin.site._registry[model].has_add_permission(_request()) else 200)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_change_page_of_an_existing_row(admin_client_with_data, model):
    obj = model._default_manager.first()
    if obj is None:
        pytest.fail(f"the fixture data has no {model._meta.label}: add it to admin_client_with_data")
    opts = model._meta
    response = admin_client_with_data.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert response.status_code == 200


def _request():
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    return request
