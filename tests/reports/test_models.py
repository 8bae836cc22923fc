"""Report runs: one scope (a partnership or a programme), progress within 0–100, consistent timings."""

import datetime as dt

import pytest

from tests.constraints import Check, Rule, constraint_names, covered, run_check, run_rule
from tests.partnerships.factories import ProgrammeFactory
from tests.reports.factories import ReportRunFactory

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
]


def test_every_constraint_has_a_case():
    assert covered(CHECKS) == constraint_names("reports")


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
