"""`manage.py generate_synthetic`: a large synthetic set (here 2,000 enrollments on the test database), realistic
enough for the reports, valid under every constraint and rule, and removed again — only it — by `--reset`.

The generation runs once for the module inside a transaction rolled back at the end (as the seed's tests do).
"""

import datetime as dt
from collections import Counter
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Q

from demo.synthetic.reset import STEPS
from demo.synthetic.specs import AS_OF, PREFIX, SPECS
from identity.choices import OrganisationKind
from identity.models import Organisation
from migration_tracks.choices import INACTIVE_PLACEMENT_STATUSES
from migration_tracks.models import FollowUp, MigrationCase, Placement
from partnerships.choices import CostCategory, PartnershipStatus, Track
from partnerships.models import Partnership, PartnershipCost, Programme, SkillNeed
from reference.loaders import load_isco, sync_countries
from reference.models import DomesticTrainingCost, ExchangeRate
from reports.computations import compute
from reports.models import ReportRun
from training.models import (
    Application,
    Cohort,
    CourseCost,
    Enrollment,
    EnrollmentTrackChange,
    Expenditure,
    Trainee,
)

N = 2000
SYNTHETIC_MODELS = (Trainee, Enrollment, Application, Placement, MigrationCase, FollowUp, Expenditure, Cohort)


def load_reference():
    """What the generator would load itself: countries and ISCO-08 are reference data, not synthetic rows."""
    sync_countries(only=[c for spec in SPECS for c in (spec.origin, spec.destination)] + ["DE", "US"])
    load_isco()


def run(*args) -> str:
    out = StringIO()
    call_command("generate_synthetic", *args, stdout=out)
    return out.getvalue()


def domain_counts() -> dict[str, int]:
    labels = ("reference", "identity", "partnerships", "training", "migration_tracks", "reports")
    return {
        m._meta.label: m.objects.count()
        for label in labels
        for m in apps.get_app_config(label).get_models(include_auto_created=True)
    }


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference()
        keep = Organisation.objects.create(name="Bundesagentur", kind=OrganisationKind.AGENCY, country_id="DE")
        ExchangeRate.objects.create(
            base_currency="USD", quote_currency="EUR", date=dt.date(2020, 1, 1), rate=Decimal("0.9"), source="ECB"
        )
        before = domain_counts()
        output = run("--enrollments", str(N), "--seed", "7")
        yield SimpleNamespace(output=output, before=before, keep=keep)
        transaction.set_rollback(True)


@pytest.fixture
def data(generated, db):
    return generated


def test_counts_and_a_tenth_placed(data):
    assert Enrollment.objects.count() == N
    assert Trainee.objects.count() == N  # one trainee per enrollment
    assert 0 < Application.objects.count() < N // 10  # a few
    placed_share = Placement.objects.count() / N
    assert 0.08 <= placed_share <= 0.13, placed_share
    partnerships = Partnership.objects.filter(code__startswith=PREFIX)
    assert partnerships.count() == 6
    assert set(partnerships.values_list("programme__code", flat=True)) == {f"{PREFIX}programme"}
    assert "training.Enrollment" in data.output and "Placements: " in data.output and "Done in" in data.output


def test_several_currencies_employers_and_versions(data):
    currencies = set(CourseCost.objects.values_list("currency", flat=True))
    assert {"NGN", "GBP", "TND", "EUR", "XOF", "MAD", "AUD"} <= currencies
    assert Organisation.objects.filter(name__startswith=PREFIX, kind=OrganisationKind.EMPLOYER).count() >= 12
    for course_id, versions in (
        CourseCost.objects.values("course").annotate(n=Count("valid_from", distinct=True)).values_list("course", "n")
    ):
        assert versions >= 2, course_id
    for p in Partnership.objects.filter(code__startswith=PREFIX):
        assert len(p.cost_share_versions()) == 2
        assert p.cost_sharing_errors() == [], p.code  # every version a whole table, each row summing to 100 %
        assert p.status == PartnershipStatus.ACTIVE
        assert p.skill_needs.exists() and p.partnership_costs.exists() and p.expenditures.exists()
        assert DomesticTrainingCost.objects.filter(country=p.destination_country).exists()
    assert ExchangeRate.objects.filter(source__startswith=PREFIX).values("base_currency").distinct().count() >= 6


def test_every_row_passes_its_models_rules(data):
    """Database constraints hold (the database enforced them on insert, and re-checks a sample here); clean()
    rules hold on a sample of every table (each placement's are checked in the next test)."""
    samples = [
        *Enrollment.objects.order_by("?")[:60],
        *Trainee.objects.order_by("?")[:20],
        *Placement.objects.order_by("?")[:60],
        *MigrationCase.objects.order_by("?")[:40],
        *FollowUp.objects.order_by("?")[:40],
        *Expenditure.objects.order_by("?")[:20],
        *Cohort.objects.order_by("?")[:20],
        *SkillNeed.objects.order_by("?")[:20],
        *CourseCost.objects.order_by("?")[:20],
    ]
    for row in samples:
        row.full_clean(validate_unique=False)
    for model in SYNTHETIC_MODELS:
        for row in model.objects.order_by("?")[:10]:
            row.validate_constraints()


def test_seats_positions_and_dates_follow_the_services_rules(data):
    for cohort in Cohort.objects.all():
        taken = Counter(cohort.enrollments.exclude(status="dropped_out").values_list("track", flat=True))
        assert taken[Track.HOME] <= cohort.seats_home and taken[Track.AWAY] <= cohort.seats_away, cohort.code
    needs = SkillNeed.objects.annotate(
        active=Count("placements", filter=~Q(placements__status__in=INACTIVE_PLACEMENT_STATUSES))
    )
    assert not [n.pk for n in needs if n.active > n.positions]
    for placement in Placement.objects.select_related("enrollment__cohort", "skill_need__partnership"):
        placement.full_clean()  # the need's partnership and country match the enrollment's
        assert placement.enrollment.status == "completed"
    assert not MigrationCase.objects.exclude(placement__enrollment__track=Track.AWAY).exists()
    changes = EnrollmentTrackChange.objects.select_related("enrollment")
    assert changes.exists() and all(c.to_track == c.enrollment.track for c in changes)
    assert MigrationCase.objects.filter(stage="returned").exists() or N < 5000
    latest = max(
        d for field in ("enrolled_on", "completed_on", "dropped_on", "certified_on")
        for d in Enrollment.objects.values_list(field, flat=True) if d
    )  # fmt: skip
    assert latest <= AS_OF


def test_reports_find_a_rule_price_and_rate_for_every_cohort(data):
    for cohort in Cohort.objects.select_related("partnership__programme", "course"):
        p = cohort.partnership
        assert p.cost_share_rules.filter(valid_from__lte=cohort.start_date).exists(), cohort.code
        lines = CourseCost.objects.filter(course=cohort.course, valid_from__lte=cohort.start_date)
        assert set(lines.values_list("category", flat=True)) == set(CostCategory.per_trainee()), cohort.code
        for currency in set(lines.values_list("currency", flat=True)):
            for quote in (p.reporting_currency, p.programme.reporting_currency):
                ExchangeRate.rate_on(currency, quote, cohort.start_date)  # raises MissingExchangeRate
    for placement in Placement.objects.filter(started_on__isnull=False).select_related("skill_need__partnership"):
        ExchangeRate.rate_on(placement.wage_currency, placement.skill_need.partnership.reporting_currency,
                             placement.started_on)  # fmt: skip
    for cost in PartnershipCost.objects.filter(partnership__code__startswith=PREFIX):
        ExchangeRate.rate_on(cost.currency, "EUR", cost.incurred_on)


def test_both_reports_compute_over_the_programme(data):
    programme = Programme.objects.get(code=f"{PREFIX}programme")
    for kind in ("cost_sharing", "placement"):
        result = compute(ReportRun(kind=kind, programme=programme, as_of=AS_OF, currency="EUR", filters={}))
        assert len(result["scope"]["partnerships"]) == 6
    assert result["funnel"]["away"]["enrolled"] + result["funnel"]["home"]["enrolled"] == N


def test_a_second_run_changes_nothing_and_another_size_asks_for_reset(data):
    before = domain_counts()
    assert "already exist: nothing to do" in run("--enrollments", str(N))
    assert domain_counts() == before
    with pytest.raises(CommandError, match="--reset"):
        run("--enrollments", "10")


def test_reset_removes_only_what_it_generated(data):
    with transaction.atomic():
        run("--reset")
        assert domain_counts() == data.before
        assert Organisation.objects.filter(pk=data.keep.pk).exists()
        assert ExchangeRate.objects.filter(source="ECB").exists()
        transaction.set_rollback(True)


def test_reset_names_every_table_hanging_from_what_it_empties():
    """A new foreign key to a table the reset empties must be one more step, or the reset would fail."""
    emptied = {step[0] for step in STEPS if len(step) == 2}
    handled = {step[0] for step in STEPS}
    missing = [
        f"{rel.related_model._meta.label}.{rel.field.name} → {model._meta.label}"
        for model in emptied
        for rel in model._meta.related_objects
        if rel.field.db_constraint and rel.related_model not in handled  # history tables have no constraint
    ]
    assert not missing
