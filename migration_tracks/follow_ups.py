"""Follow-ups due: the 6-, 12- and 24-month tracer surveys of completers of both tracks, scheduled from the completion
date (DESIGN §2 FollowUp).

The survey at N months is due on `completed_on` + N calendar months, clamped to the end of the month (31 January + 1
month is 28 or 29 February). It is *due* when that date falls between `on` and `on` + the window
(`settings.GSP_FOLLOW_UP_WINDOW_DAYS`), *overdue* when it is before `on`; a survey recorded (a FollowUp of that
enrollment and months) is neither.

Computed by the database: adding months is monotonic, so "due between a and b" is a range of completion dates worked
out once per N in Python (`completions_due_from`) and applied as a plain range filter, one part per N; the parts are
joined by a UNION ALL, each row annotated with its months, its due date (`AddMonths`, in SQL) and whether it is
overdue. A million enrollments are never loaded: a page or a count is one query.
"""

import datetime as dt

from django.conf import settings
from django.db import NotSupportedError
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from gsp.dates import add_months
from identity.access import AGENCY, TRAINING_PROVIDER
from training.choices import EnrollmentStatus
from training.models import Cohort, Enrollment, Trainee
from training.querysets import cohort_q

from .choices import FOLLOW_UP_MONTHS
from .models import FollowUp

MONTHS = tuple(m for m, _label in FOLLOW_UP_MONTHS)
DUE, OVERDUE = "due", "overdue"
ONE_DAY = dt.timedelta(days=1)
#: The columns of a row of `follow_ups_due`.
COLUMNS = ("id", "trainee_id", "cohort_id", "centre_id", "months", "due_on", "overdue")


def completions_due_from(months: int, day: dt.date) -> dt.date:
    """The earliest completion date whose follow-up at `months` is due on or after `day`. Clamping maps several
    completion dates to one due date (29–31 January → 28 February), so the inverse is searched near its guess."""
    completed = add_months(day, -months)
    while add_months(completed, months) < day:
        completed += ONE_DAY
    while add_months(completed - ONE_DAY, months) >= day:
        completed -= ONE_DAY
    return completed


class AddMonths(Func):
    """`date + n months` in SQL, clamped to the end of the month as `add_months` (PostgreSQL's interval arithmetic
    clamps; SQLite's does not, so it takes the earlier of the naive date and the target month's last day)."""

    output_field = DateField()

    def __init__(self, expression, months: int):
        self.months = int(months)
        super().__init__(expression)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + make_interval(months => %s))::date", (*params, self.months)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        naive, month_end = f"+{self.months} months", f"+{self.months + 1} months"
        return (
            f"MIN(DATE({sql}, %s), DATE({sql}, 'start of month', %s, '-1 day'))",
            (*params, naive, *params, month_end),
        )

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("AddMonths is written for PostgreSQL and SQLite.")


def window_days() -> int:
    return settings.GSP_FOLLOW_UP_WINDOW_DAYS


def followed_enrollments(user) -> QuerySet[Enrollment]:
    """Enrollments whose follow-ups `user` may see (FollowUp's rule: the cohort's centre, governments and agencies of
    its partnership; employers and donors none)."""
    return Enrollment.objects.restricted(user, lambda scope: cohort_q(scope, "cohort"))


def _pending(enrollments, months: int, on: dt.date, days: int) -> tuple[QuerySet[Enrollment], dt.date]:
    """The completers of `enrollments` whose follow-up at `months` is not recorded and falls due by the end of the
    window (`days` after `on`), and the completion date before which that follow-up is overdue."""
    overdue_before = completions_due_from(months, on)  # completed before this: due date already passed
    window_after = completions_due_from(months, on + dt.timedelta(days=days + 1))  # from this: due after the window
    recorded = FollowUp.objects.filter(enrollment=OuterRef("pk"), months_since_completion=months)
    pending = enrollments.filter(status=EnrollmentStatus.COMPLETED, completed_on__lt=window_after)
    return pending.exclude(Exists(recorded)).order_by(), overdue_before


def _part(enrollments, months: int, on: dt.date, state: str | None, days: int):
    """The follow-ups at `months` of `enrollments` that are due (and/or overdue) and not recorded."""
    pending, overdue_before = _pending(enrollments, months, on, days)
    if state == DUE:
        pending = pending.filter(completed_on__gte=overdue_before)
    elif state == OVERDUE:
        pending = pending.filter(completed_on__lt=overdue_before)
    return pending.annotate(
        centre_id=F("cohort__course__centre_id"),
        months=Value(months, output_field=IntegerField()),
        due_on=AddMonths("completed_on", months),
        overdue=Case(
            When(completed_on__lt=overdue_before, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).values(*COLUMNS)


def follow_ups_due(
    *,
    enrollments: QuerySet[Enrollment],
    on: dt.date,
    state: str | None = None,
    months: int | None = None,
    days: int | None = None,
) -> QuerySet:
    """The follow-ups of `enrollments` due within `days` of `on` (the window setting by default) or overdue, not
    recorded: rows of `COLUMNS` (values), soonest due first. `state` keeps only "due" or "overdue" ones, `months`
    one of 6, 12, 24. Narrow `enrollments` first (visibility, centre): the parts are a UNION, which takes no filter."""
    days = window_days() if days is None else days
    parts = [_part(enrollments, m, on, state, days) for m in MONTHS if months in (None, m)]
    if not parts:
        return enrollments.none().values("id")
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return rows.order_by("due_on", "id", "months")


def follow_ups_due_counts(*, enrollments: QuerySet[Enrollment], on: dt.date, by: str, days: int | None = None):
    """{value of `by` (e.g. "cohort__course__centre_id"): {"due": n, "overdue": n}} over the three follow-ups:
    one grouped query per months value."""
    days = window_days() if days is None else days
    totals: dict = {}
    for months in MONTHS:
        pending, overdue_before = _pending(enrollments, months, on, days)
        grouped = pending.values(by).annotate(
            due=Count("pk", filter=Q(completed_on__gte=overdue_before)),
            overdue=Count("pk", filter=Q(completed_on__lt=overdue_before)),
        )
        for row in grouped:
            counts = totals.setdefault(row[by], {DUE: 0, OVERDUE: 0})
            counts[DUE] += row["due"]
            counts[OVERDUE] += row["overdue"]
    return totals


def due_rows(rows, user) -> list[dict]:
    """Rows of `follow_ups_due` (a page of them) as shown to `user`: the trainee by pseudonym, and by id only where
    the user may see the person; the cohort and centre named. Two queries, whatever the number of rows."""
    rows = list(rows)
    named = Cohort.objects.filter(pk__in={r["cohort_id"] for r in rows}).select_related("course__centre__organisation")
    cohorts = {c.pk: c for c in named}
    visible = set(
        Trainee.objects.visible_to(user).filter(pk__in={r["trainee_id"] for r in rows}).values_list("pk", flat=True)
    )
    return [
        {
            "enrollment": r["id"],
            "trainee": r["trainee_id"] if r["trainee_id"] in visible else None,
            "pseudonym": Trainee(pk=r["trainee_id"]).pseudonym,
            "cohort": r["cohort_id"],
            "cohort_code": cohorts[r["cohort_id"]].code,
            "centre": r["centre_id"],
            "centre_name": cohorts[r["cohort_id"]].course.centre.organisation.name,
            "months": r["months"],
            "due_on": r["due_on"],
            "overdue": bool(r["overdue"]),
        }
        for r in rows
    ]


def recordable_enrollments(user) -> QuerySet[Enrollment]:
    """Enrollments on which `user` may record a follow-up (FollowUp's edit rule: the cohort's centre, an agency of
    its partnership)."""
    return Enrollment.objects.restricted(
        user, lambda scope: cohort_q(scope, "cohort", kinds={AGENCY, TRAINING_PROVIDER}, write=True)
    )
