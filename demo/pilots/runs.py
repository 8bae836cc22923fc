"""A run of both reports for every pilot, requested by one of its government logins, so the report pages open
on real figures: APTC for the whole programme, the others per partnership, as of the demo's day; PALIM for its
phase one as of its end, where the cost-sharing report gives the published budget (see `palim`).

Runs are computed by Celery (eagerly without REDIS_URL: when the seed's transaction commits). A run the same
login already requested for the same scope and date is left as it is, so a second seed adds none.
"""

from django.contrib.auth import get_user_model

from partnerships.models import Partnership, Programme
from reports.choices import ReportKind
from reports.models import ReportRun
from reports.services import report_request

from . import palim
from .base import AS_OF

# (username of a government member, partnership code, programme code, as of, cohort codes to keep or None)
RUNS = (
    ("ministry.au", None, "aptc", AS_OF, None),
    ("ministry.de", "de-tn-nursing", None, AS_OF, None),
    ("ministry.ma", palim.CODE, None, palim.PHASE_ONE_END, palim.PHASE_ONE),
    ("ministry.uk", "uk-ng-nursing", None, AS_OF, None),
)


def request_reports() -> list[ReportRun]:
    """Request the runs of `RUNS` not requested yet; returns every run of `RUNS` (queued until the commit)."""
    runs = []
    for username, code, programme_code, as_of, cohort_codes in RUNS:
        user = get_user_model().objects.get(username=username)
        scope = {
            "partnership": Partnership.objects.get(code=code) if code else None,
            "programme": Programme.objects.get(code=programme_code) if programme_code else None,
        }
        filters = {}
        if cohort_codes:
            cohorts = scope["partnership"].cohorts.filter(code__in=cohort_codes)
            filters["cohorts"] = sorted(cohorts.values_list("pk", flat=True))
        for kind in ReportKind.values:
            found = ReportRun.objects.filter(kind=kind, as_of=as_of, requested_by=user, **scope).first()
            if found is None:
                found, _ = report_request(user=user, kind=kind, as_of=as_of, filters=filters or None, **scope)
            runs.append(found)
    return runs


def describe(run: ReportRun) -> str:
    """One line for the seed's output: what was run and how it ended."""
    scope = run.partnership.code if run.partnership_id else run.programme.code
    line = f"{run.get_kind_display()} of {scope} as of {run.as_of}: {run.status}"
    if run.kind == ReportKind.COST_SHARING and run.result:
        summary = run.result.get("summary", {})
        line += f" (total {summary.get('total')} {run.currency}, {summary.get('enrolled')} enrolled)"
    elif run.error:
        line += f" ({run.error})"
    return line
