"""Report runs: one scope (a partnership or a programme), progress within 0–100, consistent timings."""

import datetime as dt

import pytest

from tests.constraints import Check, Rule, Unique, constraint_names, covered, run_check, run_rule, run_unique
from tests.partnerships.factories import ProgrammeFactory
from tests.reports.factories import ReportRunFactory, ReportScheduleFactory

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
ONE_SCOPE = "A report covers either one partnership or one programme."


def programme_run():
    return ReportRunFactory(partnership=None, programme=ProgrammeFactory(), kind="placement")


CHECKS = [
    Check("reports_reportrun_kind_valid", ReportRunFactory, {"kind": "placement"}, {"kind": "budget"}),
    Check("reports_reportrun_status_valid", ReportRunFactory, {"status": "failed"}, {"status": "cancelled"}),
    Check("reports_reportrun_progress_range", ReportRunFactory, {"progress": 100}, {"progress": 101}),
    Check(
        "reports_reportrun_one_scope",
        ReportRunFactory,
        {},
        {"programme": lambda run: ProgrammeFactory()},
        note="both",
    ),
    Check("reports_reportrun_one_scope", programme_run, {}, {"programme": None}, note="neither"),
    Check(
        "reports_reportrun_finished_after_started",
        ReportRunFactory,
        {"status": "done", "started_at": T0, "finished_at": T0},
        {"finished_at": T0 - dt.timedelta(seconds=1)},
    ),
    Check("reports_reportschedule_kind_valid", ReportScheduleFactory, {"kind": "placement"}, {"kind": "budget"}),
    Check(
        "reports_reportschedule_every_months_range", ReportScheduleFactory, {"every_months": 12}, {"every_months": 0}
    ),
]


def beside_a_live_run():
    ReportRunFactory(request_key="live-key")
    return ReportRunFactory()


# Two live runs of the same request cannot exist, even when requested at the same instant; finished ones may.
CHECKS.append(
    Check(
        "reports_reportrun_one_live_run_per_request",
        beside_a_live_run,
        {"status": "done", "request_key": "live-key"},
        {"status": "queued"},
    )
)
UNIQUES = [
    Unique(
        "reports_reportschedule_unique_kind",
        ReportScheduleFactory,
        ("kind",),
        {"kind": "placement", "partnership": lambda first: first.partnership},
    )
]


def test_every_constraint_has_a_case():
    assert covered(CHECKS + UNIQUES) == constraint_names("reports")


@pytest.mark.parametrize("case", UNIQUES, ids=lambda c: c.id)
def test_unique_constraint(case):
    run_unique(case)


@pytest.mark.parametrize("case", CHECKS, ids=lambda c: c.id)
def test_check_constraint(case):
    run_check(case)


RULES = [
    Rule(
        "both-scopes",
        ReportRunFactory,
        {"programme": lambda run: ProgrammeFactory()},
        "__all__",
        [ONE_SCOPE, "Constraint “reports_reportrun_one_scope” is violated."],
    ),
    Rule(
        "no-scope",
        ReportRunFactory,
        {"partnership": None},
        "__all__",
        [ONE_SCOPE, "Constraint “reports_reportrun_one_scope” is violated."],
    ),
    Rule(
        "progress-over-100",
        ReportRunFactory,
        {"progress": 101},
        "__all__",
        ["Constraint “reports_reportrun_progress_range” is violated."],
    ),
]


@pytest.mark.parametrize("case", RULES, ids=lambda c: c.id)
def test_clean_rule(case):
    run_rule(case)


@pytest.mark.parametrize("make", [ReportRunFactory, programme_run], ids=["partnership", "programme"])
def test_one_scope_is_accepted(make):
    run = make()
    run.full_clean()
    assert run.status == "queued"
    assert run.progress == 0
