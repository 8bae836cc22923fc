"""`manage.py seed_demo`: the four pilots as demo data, idempotent, with a working login for every role.

The seed runs three times once for the whole module (inside a transaction rolled back at the end, so no
other test sees the data): with --no-users while DEBUG is off, then twice with --force.
"""

from collections import Counter
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from demo import pilots as demo
from demo.pilots.users import LOGINS, PASSWORD, USERNAMES
from identity.models import Membership
from migration_tracks.choices import MigrationStage, PlacementStatus
from migration_tracks.models import MigrationCase, Placement, RecruitmentFee
from partnerships.choices import PartyRole
from partnerships.models import Partnership
from reference.models import DomesticTrainingCost, ExchangeRate
from training.choices import ApplicationStatus, EnrollmentStatus
from training.models import Application, Cohort, Enrollment, Trainee

DOMAIN_APPS = ("reference", "identity", "partnerships", "training", "migration_tracks", "reports")
CLOCK_FIELDS = {"created", "updated", "last_login"}
PARTNERSHIPS = {"aptc-fj", "aptc-ki", "aptc-pg", "de-tn-nursing", "be-ma-palim", "uk-ng-nursing"}
PALIM_PHASE_ONE = ("palim-2019-dev", "palim-2019-sup", "palim-2020-dev", "palim-2020-sup")


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list[dict]]:
    """Every row of every domain model (history and many-to-many tables included) and of users, without the
    columns the clock fills in."""
    models = [m for label in DOMAIN_APPS for m in apps.get_app_config(label).get_models(include_auto_created=True)]
    rows = {}
    for model in [*models, get_user_model()]:
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in CLOCK_FIELDS]
        rows[model._meta.label] = list(model.objects.order_by("pk").values(*fields))
    return rows


def counts(rows: dict[str, list]) -> dict[str, int]:
    return {label: len(values) for label, values in rows.items()}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        seed("--no-users")
        without_users = snapshot()
        seed("--force")
        first = snapshot()
        output = seed("--force")
        yield SimpleNamespace(without_users=without_users, first=first, second=snapshot(), output=output)
        transaction.set_rollback(True)


@pytest.fixture
def data(seeded, db):
    return seeded


def test_refuses_demo_logins_when_debug_is_off_without_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--no-users"):
        seed()


def test_a_second_run_changes_no_row(data):
    assert counts(data.second) == counts(data.first)
    assert data.second == data.first


def test_no_users_loads_the_same_data_without_logins(data):
    assert not [row for row in data.without_users["auth.User"] if row["username"] in USERNAMES]
    assert not data.without_users["identity.Membership"]
    changed = {label for label in data.first if data.first[label] != data.without_users[label]}
    assert changed == {"auth.User", "identity.Membership", "identity.HistoricalMembership"}


def test_the_pilots_as_partnerships(data):
    statuses = dict(Partnership.objects.values_list("code", "status"))
    assert statuses == {code: "draft" if code == "aptc-pg" else "active" for code in PARTNERSHIPS}
    assert set(Partnership.objects.filter(programme__code="aptc").values_list("code", flat=True)) == {
        "aptc-fj",
        "aptc-ki",
        "aptc-pg",
    }
    for p in Partnership.objects.filter(status="active"):
        assert p.cost_sharing_errors() == [], p.code
        assert p.cohorts.exists() and p.skill_needs.exists() and p.expenditures.exists(), p.code


def test_safeguards_hold_back_the_draft_and_not_the_g2g_agreement(data):
    draft, nursing = Partnership.objects.get(code="aptc-pg"), Partnership.objects.get(code="uk-ng-nursing")
    assert not draft.g2g_agreement and "Papua New Guinea is on the WHO" in draft.safeguards_issue()
    assert nursing.g2g_agreement and nursing.safeguards_issue() is None


def test_trainees_enrollments_placements_and_journeys_in_every_state(data):
    assert Trainee.objects.count() >= 300
    assert set(Application.objects.values_list("status", flat=True)) == set(ApplicationStatus.values)
    enrollments = Counter(Enrollment.objects.values_list("status", flat=True))
    assert set(enrollments) == set(EnrollmentStatus.values)
    assert Enrollment.objects.filter(status="completed", certified=False).exists()
    assert set(Enrollment.objects.values_list("track", flat=True)) == {"home", "away"}
    placements = set(Placement.objects.values_list("status", flat=True))
    assert placements >= {PlacementStatus.OFFERED, PlacementStatus.ACCEPTED, PlacementStatus.STARTED}
    assert placements >= {PlacementStatus.ENDED, PlacementStatus.DECLINED}
    assert set(MigrationCase.objects.values_list("stage", flat=True)) == set(MigrationStage.values)


def test_palim_keeps_its_public_figures(data):
    phase_one = Application.objects.filter(cohort__partnership__code="be-ma-palim", cohort__code__in=PALIM_PHASE_ONE)
    assert phase_one.count() == 400
    selected = phase_one.filter(status=ApplicationStatus.SELECTED)
    assert selected.count() == 120
    assert selected.filter(trainee__gender="female").count() == 22  # 18 %
    tracks = Counter(Enrollment.objects.filter(cohort__code__in=PALIM_PHASE_ONE).values_list("track", flat=True))
    assert tracks == {"home": 90, "away": 30}
    palim = Partnership.objects.get(code="be-ma-palim")
    assert (palim.target_home, palim.target_away) == (90, 30)
    amendment = palim.amendments.get()
    assert amendment.status == "applied" and amendment.snapshot_before["target_home"] == 30


def test_uk_nigeria_trains_two_at_home_for_each_one_away(data):
    for cohort in Cohort.objects.filter(partnership__code="uk-ng-nursing", start_date__year__lt=2027):
        tracks = Counter(cohort.enrollments.values_list("track", flat=True))
        assert tracks == {"home": 32, "away": 16}, cohort.code
    cost = DomesticTrainingCost.objects.get(country="GB", occupation="2221", year=2024)
    assert (cost.amount, cost.currency) == (76000, "GBP") and cost.source.startswith("Illustrative")


def test_every_cohort_converts_its_costs_to_the_reporting_currency(data):
    for cohort in Cohort.objects.select_related("partnership", "course"):
        for currency in set(cohort.course.costs.values_list("currency", flat=True)):
            assert ExchangeRate.rate_on(currency, cohort.partnership.reporting_currency, cohort.start_date) > 0


def test_recruitment_fees_one_above_a_zero_cap(data):
    fees = RecruitmentFee.objects.select_related("placement__skill_need__partnership")
    assert fees.count() == 4
    under_zero_cap = [f for f in fees if f.placement.skill_need.partnership.recruitment_fee_cap == 0]
    assert [(f.amount, f.currency) for f in under_zero_cap] == [(450000, "NGN")]


def test_every_demo_login_authenticates_in_its_organisation(data):
    admin = authenticate(username="admin", password=PASSWORD)
    assert admin is not None and admin.is_superuser and admin.is_staff
    for username, (name, country), role in LOGINS:
        user = authenticate(username=username, password=PASSWORD)
        assert user is not None, username
        membership = Membership.objects.get(user=user)
        assert (membership.organisation.name, membership.organisation.country_id, membership.role) == (
            name,
            country,
            role,
        )
        assert membership.organisation.parties.exists(), username


def test_each_ministry_is_a_government_party_of_its_country(data):
    for username in ("ministry.uk", "ministry.ng", "ministry.de", "ministry.ma"):
        organisation = Membership.objects.get(user__username=username).organisation
        roles = set(organisation.parties.values_list("role", flat=True))
        assert roles & {PartyRole.ORIGIN_GOVERNMENT, PartyRole.DESTINATION_GOVERNMENT}, username


def test_prints_the_logins_and_their_password(data):
    lines = data.output.splitlines()
    assert f"Password for every login: {PASSWORD}" in lines
    table = {line.split()[0]: line.split()[-1] for line in lines if line.split() and line.split()[0] in USERNAMES}
    assert table == {"admin": "superuser", **{username: role for username, _, role in LOGINS}}


def test_fails_clearly_when_reference_data_lacks_an_occupation(data, monkeypatch):
    monkeypatch.setattr(demo, "OCCUPATIONS", (*demo.OCCUPATIONS, "9999"))
    with pytest.raises(CommandError, match="Reference data missing after load_reference: ISCO-08 9999"):
        seed("--no-users")
