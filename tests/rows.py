"""Row makers shared by the query-count tests of the API (tests/test_query_counts.py) and of the pages
(tests/test_page_query_counts.py): for each resource, a function making its i-th row, visible to staff and unique
for each i.

Rows of the partnership chain are made in the factories' default partnership countries (Nigeria → United Kingdom),
so a member of Nigeria's government sees them too (`member_who_sees`).
"""

import datetime as dt
from collections.abc import Callable

import pycountry
from django.utils import timezone

from gsp.api.urls import router
from identity.services import token_create
from reference.loaders import load_countries
from reference.models import Occupation
from tests.api_helpers import employer_in, government, member_of
from tests.identity.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.migration_tracks.factories import (
    FollowUpFactory,
    MigrationCaseFactory,
    PlacementFactory,
    RecruitmentFeeFactory,
)
from tests.partnerships.factories import (
    AmendmentFactory,
    PartnershipCostFactory,
    PartnershipFactory,
    PartnershipPartyFactory,
    ProgrammeFactory,
    SkillNeedFactory,
)
from tests.reference.factories import (
    DomesticTrainingCostFactory,
    ExchangeRateFactory,
    HealthSafeguardsListFactory,
    OccupationFactory,
    country,
)
from tests.reports.factories import ReportRunFactory
from tests.training.factories import (
    ApplicationFactory,
    CohortFactory,
    CourseCostFactory,
    EnrollmentFactory,
    ExpenditureFactory,
    TraineeFactory,
    TrainingCentreFactory,
)
from training.models import TrainingCentre

COUNTRY_CODES = sorted(c.alpha_2 for c in pycountry.countries)
DAY = dt.date(2024, 1, 1)


def _partnership(i: int):
    partnership = PartnershipFactory()
    partnership.occupations.add(OccupationFactory(code="2221"), OccupationFactory(code="3221"))
    return partnership


def _centre(i: int):
    """A centre taking part in a partnership of Nigeria's (whose government then sees it)."""
    centre = TrainingCentreFactory()
    PartnershipPartyFactory(organisation=centre.organisation, role="training_provider")
    return centre


def _webhook_organisation():
    """The one organisation whose webhooks the rows are, so that one admin sees them all."""
    from identity.models import Organisation

    found = Organisation.objects.filter(name="Webhook organisation").first()
    return found or OrganisationFactory(kind="employer", country=country("GB"), name="Webhook organisation")


def _webhook(i: int):
    from identity.webhooks.services import endpoint_create

    endpoint, _secret = endpoint_create(
        organisation=_webhook_organisation(),
        name=f"system {i}",
        url=f"https://hooks-{i}.example.org/gsp",
        event_types=["placement.created"],
        created_by=UserFactory(),
    )
    return endpoint


def _webhook_delivery(i: int):
    from identity.models import Delivery, DeliveryAttempt, Event

    event = Event.objects.create(type="report.ready", app_label="reports", model="reportrun", object_id=i + 1)
    delivery = Delivery.objects.create(endpoint=_webhook(1000 + i), event=event, status="failed", attempts=1)
    DeliveryAttempt.objects.create(delivery=delivery, number=1, at=timezone.now(), status_code=500)
    return delivery


def _token(i: int):
    expires = timezone.now() + dt.timedelta(days=30)
    return token_create(organisation=OrganisationFactory(), name=f"system {i}", role="viewer", expires_at=expires)


#: basename → a function making the i-th row of that resource (visible to staff, unique for each i)
ROWS: dict[str, Callable[[int], object]] = {
    "country": lambda i: load_countries(only=[COUNTRY_CODES[i]]),
    "occupation": lambda i: Occupation.objects.create(code=str(1000 + i), title=f"Group {i}"),
    "safeguards-list": lambda i: HealthSafeguardsListFactory(countries=[country("NG"), country("GH")]),
    "organisation": lambda i: OrganisationFactory(),
    "membership": lambda i: MembershipFactory(),
    "programme": lambda i: ProgrammeFactory(funder=OrganisationFactory(kind="donor")),
    "partnership": _partnership,
    "partnership-party": lambda i: PartnershipPartyFactory(organisation=employer_in("GB")),
    "amendment": lambda i: AmendmentFactory(proposed_by=UserFactory()),
    "partnership-cost": lambda i: PartnershipCostFactory(),
    "exchange-rate": lambda i: ExchangeRateFactory(date=DAY + dt.timedelta(days=i)),
    "domestic-training-cost": lambda i: DomesticTrainingCostFactory(year=2000 + i),
    "token": _token,
    "webhook": _webhook,
    "webhook-delivery": _webhook_delivery,
    "training-centre": lambda i: _centre(i),
    "course": lambda i: CohortFactory(course=CourseCostFactory().course).course,
    "cohort": lambda i: CohortFactory(),
    "application": lambda i: ApplicationFactory(),
    "trainee": lambda i: TraineeFactory(),
    "enrollment": lambda i: EnrollmentFactory(),
    "expenditure": lambda i: ExpenditureFactory(),
    "skill-need": lambda i: SkillNeedFactory(),
    "placement": lambda i: PlacementFactory(),
    "migration-case": lambda i: MigrationCaseFactory(),
    "recruitment-fee": lambda i: RecruitmentFeeFactory(),
    "follow-up": lambda i: FollowUpFactory(),
    "report": lambda i: ReportRunFactory(as_of=DAY, currency="GBP"),
}


#: "app_label.modelname" → row maker, for models that have pages but no API endpoint (an API resource's maker is
#: found through the router: add it to ROWS under its basename).
PAGE_ROWS: dict[str, Callable[[int], object]] = {
    "training.enrollmentimport": lambda i: _enrollment_import(i),
}


def _import_centre():
    """The one centre whose imports the rows are, so that one member sees them all."""
    centre = TrainingCentre.objects.filter(organisation__name="Import centre").first()
    if centre is None:
        organisation = OrganisationFactory(kind="training_provider", country=country("NG"), name="Import centre")
        centre = TrainingCentreFactory(organisation=organisation)
    return centre


def _enrollment_import(i: int):
    from django.core.files.base import ContentFile

    from training.models import EnrollmentImport

    return EnrollmentImport.objects.create(
        centre=_import_centre(),
        file=ContentFile(b"given_name\n", name=f"import-{i}.csv"),
        file_name=f"import-{i}.csv",
        file_sha256="0" * 64,
        file_format="csv",
        status="failed",
    )


def row_maker(model) -> Callable[[int], object] | None:
    """The maker of `model`'s rows: the one of its API resource, else the one of PAGE_ROWS; None without one."""
    for _prefix, viewset, basename in router.registry:
        queryset = getattr(viewset, "queryset", None)
        if queryset is not None and queryset.model is model and basename in ROWS:
            return ROWS[basename]
    return PAGE_ROWS.get(model._meta.label_lower)


def member_who_sees(model):
    """A user, not staff, who sees the rows the makers make: an editor of Nigeria's government (the origin of the
    factories' partnerships) unless MEMBERS says otherwise for the model."""
    make = MEMBERS.get(model._meta.label_lower)
    if make is not None:
        return make()
    return member_of(government("NG"), "editor", username="ng-ministry-editor")


#: "app_label.modelname" → a function making a member who sees that model's rows, where Nigeria's government does not.
MEMBERS: dict[str, Callable[[], object]] = {
    "identity.webhookendpoint": lambda: member_of(_webhook_organisation(), "admin", username="webhook-admin"),
    "training.enrollmentimport": lambda: member_of(_import_centre().organisation, "editor", username="import-member"),
}
