"""`manage.py seed_demo`: the four pilots as demo data, idempotent, with a working login for every role.

The seed runs three times once for the whole module (inside a transaction rolled back at the end, so no
other test sees the data): with --no-users while DEBUG is off, then twice with --force. The report runs it
requests are computed on commit, which the first --force run captures and executes.
"""

import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import TestCase

from demo import pilots as demo
from demo.pilots import palim
from demo.pilots.base import AS_OF
from demo.pilots.finance import lines_in_force
from demo.pilots.plans import BEFORE_ARRIVAL, STALLED_AFTER_DAYS
from demo.pilots.users import LOGINS, PASSWORD, USERNAMES
from identity.models import Membership
from migration_tracks.choices import CLOSED_STAGES, MigrationStage, PlacementStatus
from migration_tracks.models import MigrationCase, Placement, RecruitmentFee
from migration_tracks.models.journeys import STAGE_DATE_FIELDS
from migration_tracks.querysets import started_placement_q
from partnerships.choices import CostCategory, PartyRole, SkillNeedStatus, Track, WagePeriod
from partnerships.models import Partnership, PartnershipCost, SkillNeed
from reference.models import DomesticTrainingCost, ExchangeRate
from reports.models import ReportRun
from training.choices import ApplicationStatus, EnrollmentStatus
from training.models import Application, Cohort, Course, Enrollment, Expenditure, Trainee

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
        with TestCase.captureOnCommitCallbacks(execute=True):
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
    # The report runs are requested by the demo's government logins: none without them.
    # The demo's report runs differ by who requested them, and so do the webhook events they emit (report.ready).
    assert changed == {
        "auth.User",
        "identity.Membership",
        "identity.HistoricalMembership",
        "reports.ReportRun",
        "identity.Event",
    }


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
    assert placements == set(PlacementStatus.values)
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


def test_every_conversion_a_report_makes_finds_a_rate(data):
    """Course costs at the cohort's start, wages and domestic costs at the placement's start, management costs and
    expenditures on their day: a missing rate would fail the report (DESIGN §3)."""
    needed = set()
    for cohort in Cohort.objects.select_related("partnership__programme", "course"):
        lines = lines_in_force(cohort.course, cohort.start_date)
        assert lines, cohort.code
        currencies = {cohort.partnership.reporting_currency}
        if cohort.partnership.programme:
            currencies.add(cohort.partnership.programme.reporting_currency)
        needed |= {(line.currency, quote, cohort.start_date) for line in lines for quote in currencies}
    placements = Placement.objects.filter(started_on__isnull=False).select_related(
        "skill_need__partnership", "enrollment__cohort__course"
    )
    domestic = set(DomesticTrainingCost.objects.values_list("country", "currency"))
    for placement in placements:
        p = placement.skill_need.partnership
        needed.add((placement.wage_currency, p.reporting_currency, placement.started_on))
        for country, currency in domestic:
            if country == p.destination_country_id:
                needed.add((currency, p.reporting_currency, placement.started_on))
    for cost in PartnershipCost.objects.select_related("partnership"):
        needed.add((cost.currency, cost.partnership.reporting_currency, cost.incurred_on))
    for spent in Expenditure.objects.select_related("partnership"):
        needed.add((spent.currency, spent.partnership.reporting_currency, spent.spent_on))
    for base, quote, on in needed:
        # A recorded pair, not an inverse: an inverted rate is a repeating decimal.
        assert base == quote or ExchangeRate.objects.filter(base_currency=base, quote_currency=quote, date__lte=on)
        assert ExchangeRate.rate_on(base, quote, on) > 0


def test_dated_price_lists_and_a_contract_re_priced_when_the_naira_fell(data):
    assert Course.objects.filter(costs__valid_from__gt=dt.date(2023, 1, 1)).distinct().count() >= 2
    cohorts = {c.code: c for c in Cohort.objects.filter(partnership__code="uk-ng-nursing").select_related("course")}
    first, later = cohorts["ng-2022"], cohorts["ng-2024"]

    def in_pounds(cohort, on_prices):
        (line,) = [x for x in lines_in_force(cohort.course, on_prices) if x.category == "instruction"]
        return line.amount * ExchangeRate.rate_on(line.currency, "GBP", cohort.start_date)

    repriced = [line for line in lines_in_force(later.course, later.start_date) if line.category == "instruction"]
    assert repriced[0].valid_from > first.start_date
    # The 2022 naira price would have cost the 2024 intake under a third of what it cost the 2022 one in pounds;
    # the re-priced contract keeps it within a fifth.
    assert in_pounds(later, first.start_date) < in_pounds(first, first.start_date) / 3
    assert in_pounds(later, later.start_date) > in_pounds(first, first.start_date) * Decimal("0.8")


def test_every_pilot_has_management_costs_and_whole_versioned_tables(data):
    for p in Partnership.objects.filter(status="active"):
        assert p.partnership_costs.exists(), p.code
        assert p.cost_sharing_errors() == [], p.code
        versions = p.cost_share_versions()
        for version in versions:
            rules = p.cost_share_rules.filter(valid_from=version, category=CostCategory.MANAGEMENT)
            assert set(rules.values_list("track", flat=True)) == set(Track.values), (p.code, version)
        # No cohort starts, and no management cost is incurred, before the first version (the run would fail).
        assert versions[0] <= p.cohorts.order_by("start_date").first().start_date, p.code
        assert versions[0] <= p.partnership_costs.order_by("incurred_on").first().incurred_on, p.code


def test_an_amendment_adds_a_cost_sharing_version_between_two_cohorts(data):
    p = Partnership.objects.get(code="de-tn-nursing")
    first, second = p.cost_share_versions()
    amendment = p.amendments.get(effective_date=second)
    assert amendment.status == "applied" and "cost_sharing" in amendment.changes
    starts = list(p.cohorts.order_by("start_date").values_list("start_date", flat=True))
    assert first <= starts[0] and any(a < second <= b for a, b in zip(starts, starts[1:], strict=False))
    before, after = (p.cost_share_rules_on(on) for on in (second - dt.timedelta(days=1), second))
    assert {r.valid_from for r in before} == {first} and {r.valid_from for r in after} == {second}
    employer_share = after.filter(track="away", category="language", payer_role="destination_employer")
    assert employer_share.exists() and not before.filter(payer_role="destination_employer", category="language")


def test_wages_per_month_and_per_year(data):
    yearly = Placement.objects.filter(wage_period=WagePeriod.YEAR)
    assert yearly.exists() and Placement.objects.filter(wage_period=WagePeriod.MONTH).exists()
    assert not yearly.exclude(skill_need__wage_period=WagePeriod.YEAR).exists()
    assert not Placement.objects.filter(wage_period=WagePeriod.MONTH, skill_need__wage_period=WagePeriod.YEAR)
    # An NHS band 5 salary, quoted per year.
    assert yearly.filter(wage_currency="GBP", wage_amount__gt=25000).exists()


def test_journeys_mostly_progress_and_a_few_stall(data):
    """A journey before arrival whose last stage is months old is stalled; the seed stalls a few on purpose."""
    cases = list(MigrationCase.objects.all())
    stalled = [
        c
        for c in cases
        if c.stage in BEFORE_ARRIVAL and (AS_OF - getattr(c, STAGE_DATE_FIELDS[c.stage])).days > STALLED_AFTER_DAYS
    ]
    assert 1 <= len(stalled) <= max(3, len(cases) // 20), [(c.pk, c.stage) for c in stalled]
    moving = [c for c in cases if c.stage in BEFORE_ARRIVAL and c not in stalled]
    assert moving, "some journeys are on their way on the demo's day"
    assert len([c for c in cases if c.stage in (*CLOSED_STAGES, MigrationStage.ARRIVED)]) > len(cases) // 2


def test_one_or_two_workers_returned_after_their_placement(data):
    returned = MigrationCase.objects.filter(stage=MigrationStage.RETURNED).select_related("placement")
    assert 1 <= returned.count() <= 2
    for case in returned:
        assert case.departed_on and case.arrived_on and case.returned_on > case.arrived_on
        assert case.placement.status == PlacementStatus.ENDED and case.placement.ended_on <= case.returned_on
    assert not MigrationCase.objects.filter(returned_on__isnull=False).exclude(stage=MigrationStage.RETURNED)


def test_placements_fit_their_skill_needs_dates(data):
    """A placement starts (or, not started, was offered) on or before the need's needed-by date, if it has one."""
    placements = Placement.objects.select_related("skill_need").filter(skill_need__needed_by__isnull=False)
    late = [pl.pk for pl in placements if (pl.started_on or pl.offered_on) > pl.skill_need.needed_by]
    assert late == []


def test_declined_and_withdrawn_placements_carry_their_dates(data):
    declined = Placement.objects.filter(status=PlacementStatus.DECLINED)
    withdrawn = Placement.objects.filter(status=PlacementStatus.WITHDRAWN)
    assert declined.exists() and withdrawn.exists()
    assert not declined.filter(declined_on__isnull=True) and not withdrawn.filter(withdrawn_on__isnull=True)
    # A refused visa withdrew the offer on the day of the refusal.
    for placement in withdrawn.filter(migration_case__isnull=False).select_related("migration_case"):
        assert placement.withdrawn_on == placement.migration_case.visa_refused_on


def test_no_need_is_typed_filled_and_some_are_filled_by_their_placements(data):
    assert set(SkillNeed.objects.values_list("status", flat=True)) == set(SkillNeedStatus.values)
    filled = [
        need
        for need in SkillNeed.objects.all()
        if need.placements.filter(started_placement_q(AS_OF)).count() >= need.positions
    ]
    assert filled


def phase_one_total(as_of=palim.PHASE_ONE_END) -> tuple[Decimal, Counter]:
    """PALIM's phase-one cost-sharing total recomputed from the rows by DESIGN §3 (independently of the reports
    app): per enrollment, the lines in force at its cohort's start for its track and incurred by `as_of`, at the
    rate on the cohort's start; plus the management costs incurred by then (phase one is every enrollment then)."""
    p = Partnership.objects.get(code=palim.CODE)
    enrollments = Enrollment.objects.filter(cohort__partnership=p, enrolled_on__lte=as_of).select_related("cohort")
    assert {e.cohort.code for e in enrollments} == set(palim.PHASE_ONE)
    events, total = Counter(), Decimal(0)
    for e in enrollments:
        cases = MigrationCase.objects.filter(placement__enrollment=e)
        incurred = {
            "assessment": e.completed_on is not None and e.completed_on <= as_of,
            "pre_departure": cases.filter(departed_on__lte=as_of).exists(),
            "travel_visa": cases.filter(departed_on__lte=as_of).exists(),
            "placement": e.placements.filter(started_placement_q(as_of)).exists(),
            "return_reintegration": cases.filter(returned_on__lte=as_of).exists(),
        }
        events.update([(e.track, "enrolled")] + [(e.track, c) for c, yes in incurred.items() if yes])
        for line in lines_in_force(e.cohort.course, e.cohort.start_date):
            if line.applies_to in ("both", e.track) and incurred.get(line.category, True):
                total += line.amount * ExchangeRate.rate_on(line.currency, "EUR", e.cohort.start_date)
    for cost in p.partnership_costs.filter(incurred_on__lte=as_of):
        total += cost.amount * ExchangeRate.rate_on(cost.currency, "EUR", cost.incurred_on)
    return total.quantize(Decimal("0.01"), ROUND_HALF_UP), events


def test_palim_phase_one_costs_add_up_to_its_published_budget(data):
    """The arithmetic of `demo.pilots.palim`'s docstring, from the seeded rows."""
    total, events = phase_one_total()
    assert total == Decimal("1496448.50")
    assert events == {
        ("home", "enrolled"): 90,
        ("away", "enrolled"): 30,
        ("home", "assessment"): 88,
        ("away", "assessment"): 30,
        ("home", "placement"): 69,
        ("away", "placement"): 8,
        ("away", "pre_departure"): 8,
        ("away", "travel_visa"): 8,
    }
    management = PartnershipCost.objects.filter(partnership__code=palim.CODE, incurred_on__lte=palim.PHASE_ONE_END)
    assert sum(c.amount for c in management) == Decimal("392753.50")


def test_every_pilot_has_a_run_of_both_reports(data):
    runs = ReportRun.objects.select_related("partnership", "programme", "requested_by")
    scopes = Counter((r.partnership.code if r.partnership else r.programme.code, r.kind) for r in runs)
    assert scopes == {
        (code, kind): 1
        for code in ("aptc", "de-tn-nursing", palim.CODE, "uk-ng-nursing")
        for kind in ("cost_sharing", "placement")
    }
    for run in runs:
        organisation = run.requested_by.memberships.get().organisation
        assert organisation.kind == "government", run
        assert run.status == "done", (run, run.error)


def test_palim_published_figures_come_out_of_the_cost_sharing_report(data):
    """As of the end of phase one, for its four cohorts: €1,496,448.50, 120 enrolled (90 home, 30 away),
    €12,470.40 per enrolled trainee, management included. (Passes once the reports computation is merged.)"""
    run = ReportRun.objects.get(partnership__code=palim.CODE, kind="cost_sharing")
    phase_one = Cohort.objects.filter(partnership__code=palim.CODE, code__in=palim.PHASE_ONE)
    assert run.as_of == dt.date(2021, 4, 30)
    assert run.filters == {"cohorts": sorted(phase_one.values_list("pk", flat=True))}
    assert run.status == "done", run.error
    summary = run.result["summary"]
    assert summary["total"] == "1496448.50"
    assert (summary["enrolled"], summary["enrolled_home"], summary["enrolled_away"]) == (120, 90, 30)
    assert summary["cost_per_enrolled"] == "12470.40"


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
    for username in ("ministry.uk", "ministry.ng", "ministry.de", "ministry.ma", "ministry.au"):
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
