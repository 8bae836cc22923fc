"""The fixture world of the permission matrix (and of the token and personal-data tests).

Two signed partnerships, A (NG→GB, nursing) and B (MA→BE, ICT), each with a government per country, an employer
in the destination and one in the origin, a training centre, an agency and a donor as parties, and the whole chain
of rows under them: course, cohort, four trainees (three enrolled and completed on the away track, one applicant
only), skill needs, two offers (one accepted, with a migration case, a recruitment fee and a follow-up), an expenditure,
a complete cost-sharing table, a management cost, an amendment and a report run. Each side also has a draft
partnership between the same countries whose third party is a "spare" employer, so a ministry can add that employer
to its partnership, and a training-provider organisation with no centre yet. "Peer" rows belong to another employer
and another training centre of the same partnership (a home-track trainee of the peer centre placed with the peer
employer): an employer or a centre must not see its peers' people.

Users of every role act for the organisations of side A; "own" objects are side A's, "other" objects side B's.
The world is built once per test module inside a transaction that is rolled back at the end of the module, and
each test runs in a savepoint inside it, so tests never see each other's writes and other modules never see the
world.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from identity.models import Delivery, Event, Membership
from identity.services import token_create
from identity.webhooks.services import endpoint_create
from tests.identity.factories import OrganisationFactory, UserFactory
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
    complete_cost_sharing,
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
    CourseFactory,
    EnrollmentFactory,
    ExpenditureFactory,
    TraineeFactory,
    TrainingCentreFactory,
)

SIGNED_ON = dt.date(2024, 3, 1)


@dataclass(frozen=True)
class Side:
    """The countries, currencies and occupation of one partnership of the world."""

    origin: str
    destination: str
    origin_currency: str
    destination_currency: str
    occupation: str
    occupation_title: str


SIDES = {
    "A": Side("NG", "GB", "NGN", "GBP", "2221", "Nursing professionals"),
    "B": Side("MA", "BE", "MAD", "EUR", "2512", "Software developers"),
}

# Organisation key → (kind, which country of the side, party role or None).
ORGANISATIONS = {
    "government_origin": ("government", "origin", "origin_government"),
    "government_destination": ("government", "destination", "destination_government"),
    "employer": ("employer", "destination", "employer"),
    "employer_origin": ("employer", "origin", "employer"),
    "training_provider": ("training_provider", "origin", "training_provider"),
    "agency": ("agency", "origin", "agency"),
    "donor": ("donor", "destination", "donor"),
    "employer_peer": ("employer", "origin", "employer"),
    "training_provider_peer": ("training_provider", "origin", "training_provider"),
    "spare_employer": ("employer", "origin", None),
    "spare_training_provider": ("training_provider", "origin", None),
}


@dataclass(frozen=True)
class Role:
    """A user of the matrix: which family of DESIGN §4 they belong to, for which organisation of side A they act
    (`org`, a key of ORGANISATIONS) and with which membership role. Staff and anonymous users act for nobody:
    their "own" objects are those an employer editor would call its own."""

    name: str
    family: str
    org: str
    membership: str | None

    @property
    def is_viewer(self) -> bool:
        return self.membership == "viewer"

    @property
    def proxy(self) -> str:
        """Whose personal rows (memberships) count as "own" for this role."""
        return self.name if self.membership else "employer_editor"


ROLES = {
    r.name: r
    for r in (
        Role("anonymous", "anonymous", "employer", None),
        Role("ministry_origin_editor", "ministry", "government_origin", "editor"),
        Role("ministry_origin_viewer", "ministry", "government_origin", "viewer"),
        Role("ministry_destination_editor", "ministry", "government_destination", "editor"),
        Role("employer_editor", "employer", "employer", "editor"),
        Role("employer_viewer", "employer", "employer", "viewer"),
        Role("employer_admin", "employer_admin", "employer", "admin"),
        Role("training_centre_editor", "training_centre", "training_provider", "editor"),
        Role("agency_editor", "agency", "agency", "editor"),
        Role("donor_editor", "donor", "donor", "editor"),
        Role("staff", "staff", "employer", None),
    )
}
#: Roles that act through an organisation, and so also have an API token in the world.
MEMBER_ROLES = [r for r in ROLES.values() if r.membership]

#: Users outside the matrix: a second admin (so an admin may leave), and an origin employer of A with a skill need
#: but no offer (personal-data tests).
EXTRA_USERS = {"employer_admin_2": ("employer", "admin"), "employer_origin_editor": ("employer_origin", "editor")}


@dataclass
class World:
    """Everything the matrix needs: objects by key (`"placement:A"`), users and raw token keys by role."""

    objects: dict[str, object] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def obj(self, key: str):
        return self.objects[key]

    def pk(self, key: str):
        return self.objects[key].pk

    def user(self, role: str):
        """The role's user, fetched again so nothing cached on the object survives from one test to the next."""
        return get_user_model().objects.get(pk=self.users[role].pk)


def _organisations(w: World, side: str, spec: Side) -> None:
    for key, (kind, where, _role) in ORGANISATIONS.items():
        code = spec.origin if where == "origin" else spec.destination
        w.objects[f"org:{key}:{side}"] = OrganisationFactory(
            name=f"{side} {key.replace('_', ' ')}", kind=kind, country=country(code)
        )


def _partnerships(w: World, side: str, spec: Side) -> None:
    o = w.objects
    occupation = OccupationFactory(code=spec.occupation, title=spec.occupation_title)
    programme = ProgrammeFactory(
        code=f"matrix-programme-{side}", funder=o[f"org:donor:{side}"], reporting_currency=spec.destination_currency
    )
    common = {"origin_country": country(spec.origin), "destination_country": country(spec.destination)}
    partnership = PartnershipFactory(
        code=f"matrix-{side}",
        status="signed",
        signed_on=SIGNED_ON,
        programme=programme,
        reporting_currency=spec.destination_currency,
        g2g_agreement=True,
        **common,
    )
    partnership.occupations.add(occupation)
    for key, (_kind, _where, role) in ORGANISATIONS.items():
        if role:
            party = PartnershipPartyFactory(partnership=partnership, organisation=o[f"org:{key}:{side}"], role=role)
            o[f"party:{key}:{side}"] = party
    draft = PartnershipFactory(code=f"matrix-{side}-draft", reporting_currency=spec.destination_currency, **common)
    for key, role in (("government_origin", "origin_government"), ("government_destination", "destination_government")):
        PartnershipPartyFactory(partnership=draft, organisation=o[f"org:{key}:{side}"], role=role)
    PartnershipPartyFactory(partnership=draft, organisation=o[f"org:spare_employer:{side}"], role="employer")
    complete_cost_sharing(partnership)
    o |= {
        f"occupation:{side}": occupation,
        f"country:{side}": country(spec.origin),
        f"programme:{side}": programme,
        f"partnership:{side}": partnership,
        f"draft_partnership:{side}": draft,
        f"party:{side}": o[f"party:donor:{side}"],
        f"amendment:{side}": AmendmentFactory(partnership=partnership, number=1),
        f"partnership_cost:{side}": PartnershipCostFactory(
            partnership=partnership, currency=spec.destination_currency, description=f"{side} coordination"
        ),
        f"report:{side}": ReportRunFactory(
            partnership=partnership, as_of=dt.date(2025, 6, 30), currency=spec.destination_currency
        ),
        f"exchange_rate:{side}": ExchangeRateFactory(
            base_currency=spec.origin_currency, quote_currency=spec.destination_currency, rate=Decimal("0.00050000")
        ),
        f"domestic_cost:{side}": DomesticTrainingCostFactory(
            country=country(spec.destination), occupation=occupation, currency=spec.destination_currency
        ),
        f"safeguards:{side}": HealthSafeguardsListFactory(version=f"matrix-{side}"),
    }


def _training(w: World, side: str, spec: Side) -> None:
    o = w.objects
    centre = TrainingCentreFactory(organisation=o[f"org:training_provider:{side}"], campus_country=country(spec.origin))
    course = CourseFactory(centre=centre, occupation=o[f"occupation:{side}"], title=f"{side} course")
    cohort = CohortFactory(partnership=o[f"partnership:{side}"], course=course, code=f"matrix-{side}-cohort")
    o |= {
        f"centre:{side}": centre,
        f"course:{side}": course,
        f"course_cost:{side}": CourseCostFactory(course=course, currency=spec.origin_currency),
        f"cohort:{side}": cohort,
    }
    for i, name in enumerate(("trainee", "trainee_offered", "trainee_candidate", "trainee_applicant"), start=1):
        trainee = TraineeFactory(
            given_name=f"Given{side}{i}x",
            family_name=f"Family{side}{i}x",
            nationality=country(spec.origin),
            email=f"person-{side}{i}@example.org",
            phone=f"+000 {side} {i}",
        )
        trainee.set_national_id(national_id(side, i))
        trainee.save()
        o[f"{name}:{side}"] = trainee
    for name in ("trainee", "trainee_offered", "trainee_candidate"):
        o[name.replace("trainee", "enrollment") + f":{side}"] = EnrollmentFactory(
            trainee=o[f"{name}:{side}"], cohort=cohort, status="completed", completed_on=cohort.end_date
        )
    o[f"application:{side}"] = ApplicationFactory(trainee=o[f"trainee_applicant:{side}"], cohort=cohort)
    _peer_centre(w, side, spec)
    ApplicationFactory(trainee=o[f"trainee_candidate:{side}"], cohort=cohort, status="selected")
    o[f"expenditure:{side}"] = ExpenditureFactory(
        partnership=o[f"partnership:{side}"],
        cohort=cohort,
        currency=spec.destination_currency,
        payer_organisation=o[f"org:government_destination:{side}"],
    )


def _peer_centre(w: World, side: str, spec: Side) -> None:
    o = w.objects
    centre = TrainingCentreFactory(
        organisation=o[f"org:training_provider_peer:{side}"], campus_country=country(spec.origin)
    )
    course = CourseFactory(centre=centre, occupation=o[f"occupation:{side}"], title=f"{side} peer course")
    cohort = CohortFactory(partnership=o[f"partnership:{side}"], course=course, code=f"matrix-{side}-peer-cohort")
    trainee = TraineeFactory(
        given_name=f"Given{side}9x", family_name=f"Family{side}9x", nationality=country(spec.origin)
    )
    trainee.set_national_id(national_id(side, 9))
    trainee.save()
    o |= {
        f"cohort_peer:{side}": cohort,
        f"trainee_peer:{side}": trainee,
        f"application_peer:{side}": ApplicationFactory(trainee=trainee, cohort=cohort, status="selected"),
        f"enrollment_peer:{side}": EnrollmentFactory(
            trainee=trainee, cohort=cohort, track="home", status="completed", completed_on=cohort.end_date
        ),
    }


def _placements(w: World, side: str, spec: Side) -> None:
    o = w.objects
    need = SkillNeedFactory(
        partnership=o[f"partnership:{side}"],
        employer=o[f"org:employer:{side}"],
        occupation=o[f"occupation:{side}"],
        country=country(spec.destination),
        wage_amount=Decimal("2500.00"),
        wage_currency=spec.destination_currency,
    )
    o[f"skill_need_origin:{side}"] = SkillNeedFactory(
        partnership=o[f"partnership:{side}"],
        employer=o[f"org:employer_origin:{side}"],
        occupation=o[f"occupation:{side}"],
        country=country(spec.origin),
        positions=3,
    )
    o[f"skill_need_peer:{side}"] = SkillNeedFactory(
        partnership=o[f"partnership:{side}"],
        employer=o[f"org:employer_peer:{side}"],
        occupation=o[f"occupation:{side}"],
        country=country(spec.origin),
        positions=2,
    )
    o[f"placement_peer:{side}"] = PlacementFactory(
        enrollment=o[f"enrollment_peer:{side}"], skill_need=o[f"skill_need_peer:{side}"]
    )
    placement = PlacementFactory(
        enrollment=o[f"enrollment:{side}"], skill_need=need, status="accepted", accepted_on=dt.date(2025, 1, 10)
    )
    o |= {
        f"skill_need:{side}": need,
        f"placement:{side}": placement,
        f"placement_open:{side}": PlacementFactory(enrollment=o[f"enrollment_offered:{side}"], skill_need=need),
        f"migration_case:{side}": MigrationCaseFactory(placement=placement),
        f"recruitment_fee:{side}": RecruitmentFeeFactory(placement=placement, currency=spec.origin_currency),
        f"follow_up:{side}": FollowUpFactory(
            enrollment=o[f"enrollment:{side}"], country=country(spec.destination), surveyed_on=dt.date(2025, 12, 20)
        ),
    }


def national_id(side: str, i: int) -> str:
    """The raw national ID of the world's trainee `i` of `side` (only its keyed hash is stored)."""
    return f"NID{side}{i:04d}Z"


def _member(w: World, name: str, org_key: str, role: str) -> None:
    user = UserFactory(username=f"matrix-{name}")
    w.users[name] = user
    w.objects[f"membership:{name}"] = Membership.objects.create(user=user, organisation=w.obj(org_key), role=role)


def _users(w: World) -> None:
    expires = timezone.now() + dt.timedelta(days=30)
    for role in MEMBER_ROLES:
        _member(w, role.name, f"org:{role.org}:A", role.membership)
        token, key = token_create(
            organisation=w.obj(f"org:{role.org}:A"),
            name=f"matrix {role.name}",
            role=role.membership,
            expires_at=expires,
        )
        w.tokens[role.name] = key
        w.objects.setdefault(f"token:{role.org}:A", token)
    for name, (org, membership) in EXTRA_USERS.items():
        _member(w, name, f"org:{org}:A", membership)
    for org in sorted({r.org for r in MEMBER_ROLES}):
        _member(w, f"{org}:B", f"org:{org}:B", "editor")
        w.objects[f"token:{org}:B"], _key = token_create(
            organisation=w.obj(f"org:{org}:B"), name=f"matrix {org} B", role="viewer", expires_at=expires
        )
    _webhooks(w)
    w.users["staff"] = UserFactory(username="matrix-staff", is_staff=True)


def _webhooks(w: World) -> None:
    """An endpoint of each member role's organisation on both sides, each with a delivery of placement A's offer."""
    event = Event.objects.create(
        type="placement.created", app_label="migration_tracks", model="placement", object_id=w.pk("placement:A")
    )
    for org in sorted({r.org for r in MEMBER_ROLES}):
        for side in SIDES:
            endpoint, _secret = endpoint_create(
                organisation=w.obj(f"org:{org}:{side}"),
                name=f"matrix {org} {side}",
                url=f"https://{org.replace('_', '-')}-{side.lower()}.example.org/gsp",
                event_types=["placement.created"],
            )
            w.objects[f"webhook:{org}:{side}"] = endpoint
            w.objects[f"webhook_delivery:{org}:{side}"] = Delivery.objects.create(
                endpoint=endpoint, event=event, status="failed", attempts=8
            )


def build_world() -> World:
    w = World()
    for side, spec in SIDES.items():
        _organisations(w, side, spec)
        _partnerships(w, side, spec)
        _training(w, side, spec)
        _placements(w, side, spec)
    _users(w)
    return w


@contextmanager
def world_in_rollback(django_db_blocker) -> Iterator[World]:
    """Build the world in a transaction that is rolled back when the block ends (use from a module fixture that
    depends on `django_db_setup`; each test's own `db` transaction nests inside it as a savepoint)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
