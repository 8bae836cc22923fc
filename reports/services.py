"""Requesting, cancelling and computing report runs. The API, the HTML pages, the schedule and seed_demo all call
these, so a report is requested and computed one way."""

import datetime as dt
import hashlib
import json
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gsp.errors import Refused
from identity.webhooks.choices import EventType
from identity.webhooks.events import emit_event
from partnerships.models import Partnership, Programme
from reference.models import Occupation
from training.models import Cohort

from .choices import ReportStatus
from .models import ReportRun

logger = logging.getLogger(__name__)
FILTER_KEYS = ("cohorts", "occupation", "period_start", "period_end")


def clean_filters(filters: dict | None, partnerships) -> dict:
    """The filters in one canonical form (sorted cohort ids, ISO dates), checked against the report's scope, so
    that the same request always has the same key. Raises ValidationError with the field's problem."""
    filters = dict(filters or {})
    if unknown := sorted(set(filters) - set(FILTER_KEYS)):
        raise ValidationError(
            {
                "filters": _("Unknown filters: %(unknown)s. Use %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(FILTER_KEYS)}
            }
        )
    clean: dict = {}
    if cohorts := filters.get("cohorts"):
        if not isinstance(cohorts, list) or not all(isinstance(c, int) and not isinstance(c, bool) for c in cohorts):
            raise ValidationError({"filters": _("cohorts is a list of cohort ids.")})
        found = set(Cohort.objects.filter(pk__in=cohorts, partnership__in=partnerships).values_list("pk", flat=True))
        if missing := sorted(set(cohorts) - found):
            raise ValidationError(
                {"filters": _("No cohort %(id)s in this report's partnerships.") % {"id": missing[0]}}
            )
        clean["cohorts"] = sorted(found)
    if occupation := filters.get("occupation"):
        if not isinstance(occupation, str) or not Occupation.objects.filter(pk=occupation).exists():
            raise ValidationError({"filters": _("occupation is an ISCO-08 code.")})
        clean["occupation"] = occupation
    for key in ("period_start", "period_end"):
        if value := filters.get(key):
            try:
                clean[key] = (value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))).isoformat()
            except ValueError:
                raise ValidationError({"filters": _("%(key)s is a date (YYYY-MM-DD).") % {"key": key}}) from None
    if clean.get("period_start") and clean.get("period_end") and clean["period_end"] < clean["period_start"]:
        raise ValidationError({"filters": _("period_end is before period_start.")})
    return clean


def request_key(*, kind, partnership, programme, as_of, currency, filters) -> str:
    payload = [kind, getattr(partnership, "pk", None), getattr(programme, "pk", None), as_of.isoformat(), currency]
    return hashlib.sha256(json.dumps([*payload, filters], sort_keys=True).encode()).hexdigest()


def report_request(
    *,
    user,
    kind: str,
    partnership: Partnership | None = None,
    programme: Programme | None = None,
    as_of: dt.date | None = None,
    currency: str | None = None,
    filters: dict | None = None,
    scheduled: bool = False,
) -> tuple[ReportRun, bool]:
    """Request a report: the run is saved (queued) and its task queued once the transaction commits. The same
    request while an identical one is queued or running returns that run instead (`created` False).

    The caller checked that `user` may report on the partnership or programme (`reportable_partnerships`)."""
    scope = partnership or programme
    as_of = as_of or timezone.localdate()
    currency = currency or scope.reporting_currency
    partnerships = [partnership] if partnership else list(programme.partnerships.all())
    filters = clean_filters(filters, partnerships)
    key = request_key(
        kind=kind, partnership=partnership, programme=programme, as_of=as_of, currency=currency, filters=filters
    )
    live = ReportRun.objects.filter(request_key=key, status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING])
    if existing := live.first():
        return existing, False
    run = ReportRun(
        kind=kind,
        partnership=partnership,
        programme=programme,
        as_of=as_of,
        currency=currency,
        filters=filters,
        requested_by=user,
        request_key=key,
        scheduled=scheduled,
    )
    run.full_clean(exclude=["request_key"], validate_constraints=False)
    try:
        with transaction.atomic():
            run.save()
    except IntegrityError:
        # A concurrent identical request won the race for the live key: answer with its run.
        if existing := live.first():
            return existing, False
        raise
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run, True


def _enqueue(run_id: int) -> None:
    from .tasks import compute_report

    compute_report.delay(run_id)


@transaction.atomic
def report_cancel(*, run: ReportRun) -> None:
    """Cancel a queued run (it is deleted; a worker that picks its task up finds nothing to do). A run that has
    started is kept: 409."""
    run = ReportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ReportStatus.QUEUED:
        raise Refused(
            {
                "status": _("This report is %(status)s: only a queued one is cancelled.")
                % {"status": run.get_status_display().lower()}
            }
        )
    run.delete()


# --- computing ---------------------------------------------------------------------------------------------------
def _claim(run_id: int) -> ReportRun | None:
    """Mark the run running for this attempt, or None when there is nothing to do (cancelled, finished, or given
    up after too many attempts — then it is marked failed)."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status in (ReportStatus.DONE, ReportStatus.FAILED):
            return None
        if run.attempts >= settings.GSP_REPORT_MAX_ATTEMPTS:
            _finish(run, error=f"The report was started {run.attempts} times and never finished; it was given up.")
            return None
        # A running run seen again was abandoned by a worker that died (the broker redelivered its task).
        run.status, run.started_at, run.progress, run.error = ReportStatus.RUNNING, timezone.now(), 0, ""
        run.attempts += 1
        run.save(update_fields=["status", "started_at", "progress", "error", "attempts", "updated"])
        return run


@transaction.atomic
def _finish(run: ReportRun, *, error: str = "") -> None:
    """Done (with `report.ready` in the same transaction) or failed with the error."""
    run.status = ReportStatus.FAILED if error else ReportStatus.DONE
    run.error, run.finished_at = error, timezone.now()
    if run.started_at is None or run.started_at > run.finished_at:
        run.started_at = run.finished_at
    if not error:
        run.progress = 100
    run.save()
    if not error:
        emit_event(EventType.REPORT_READY, run, partnership_id=run.partnership_id)


def report_compute(run_id: int) -> ReportRun | None:
    """Compute a run (the body of the Celery task): running → done with its result and files, or failed with a
    message. Idempotent: a finished or cancelled run is left as it is."""
    from .computations import ReportError, compute
    from .exports import write_files

    run = _claim(run_id)
    if run is None:
        return None

    def progress(percent: int) -> None:
        ReportRun.objects.filter(pk=run.pk).update(progress=max(0, min(99, int(percent))))

    try:
        result = compute(run, progress=progress)
        write_files(run, result)
        run.result = result
    except ReportError as exc:
        _finish(run, error=str(exc))
        return run
    except Exception as exc:
        if type(exc).__name__ == "SoftTimeLimitExceeded":
            _finish(run, error=gettext_noop("The report took longer than its time limit and was stopped."))
            return run
        logger.exception("Report run %s failed", run.pk)
        _finish(
            run,
            error=gettext_noop("The report could not be computed because of an internal error; the team was notified."),
        )
        return run
    _finish(run)
    return run


def sweep_stalled_runs(now: dt.datetime | None = None) -> int:
    """Mark failed every run left running past its hard time limit (its worker died and the broker did not
    redeliver it in time), so that no run stays "running" for ever. Returns how many."""
    now = now or timezone.now()
    limit = dt.timedelta(seconds=settings.GSP_REPORT_TIME_LIMIT + settings.GSP_REPORT_SWEEP_GRACE)
    stalled = ReportRun.objects.filter(status=ReportStatus.RUNNING, started_at__lt=now - limit)
    return stalled.update(
        status=ReportStatus.FAILED,
        finished_at=now,
        error=gettext_noop("The worker computing this report stopped before it finished; request it again."),
        updated=now,
    )


# --- schedule ----------------------------------------------------------------------------------------------------
def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def request_due_reports(today: dt.date | None = None) -> list[ReportRun]:
    """What the single beat entry runs: every active partnership gets a schedule per report kind (monthly, due
    today when new), then every enabled schedule that is due is requested and moved on. Schedules are rows, so
    operators change them in the admin, not in code."""
    from partnerships.choices import PartnershipStatus

    from .choices import ReportKind
    from .models import ReportSchedule

    today = today or timezone.localdate()
    active = Partnership.objects.filter(status=PartnershipStatus.ACTIVE)
    for kind in ReportKind.values:
        missing = active.exclude(report_schedules__kind=kind)
        ReportSchedule.objects.bulk_create(
            [ReportSchedule(partnership=p, kind=kind, next_due=today) for p in missing], ignore_conflicts=True
        )
    runs = []
    due = ReportSchedule.objects.filter(enabled=True, next_due__lte=today, partnership__in=active)
    for schedule in due.select_related("partnership"):
        with transaction.atomic():
            schedule = ReportSchedule.objects.select_for_update().select_related("partnership").get(pk=schedule.pk)
            if schedule.next_due > today:
                continue  # another beat already moved it on
            run, _created = report_request(
                user=None, kind=schedule.kind, partnership=schedule.partnership, as_of=schedule.next_due, scheduled=True
            )
            schedule.last_run = run
            while schedule.next_due <= today:
                schedule.next_due = _add_months(schedule.next_due, schedule.every_months)
            schedule.save(update_fields=["last_run", "next_due"])
            runs.append(run)
    return runs
