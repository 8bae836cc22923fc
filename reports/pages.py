"""The report pages: the reports of the partnerships a user may report on, a partnership's reports page (request
form and past runs), a run's page (progress while it computes, then its figures, tables and charts), and its
checked downloads.

Who may see what is decided once: `reportable_partnerships(user)` for the partnership pages and
`ReportRun.objects.visible_to(user)` for runs, the same rules as the API. Anything else answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gsp.access import actor_label, actor_prefetch
from gsp.errors import Refused
from reference.models import Occupation
from training.models import Cohort

from . import display, services
from .api.views import report_file_response
from .choices import ReportStatus
from .forms import ReportRequestForm
from .models import ReportRun
from .querysets import reportable_partnerships

RUNS_PER_PAGE = 20


def visible_runs(user):
    return (
        ReportRun.objects.visible_to(user)
        .select_related("partnership", "programme", "requested_by")
        .prefetch_related(actor_prefetch("requested_by"))
    )


@login_required
@require_GET
def report_index(request):
    """The partnerships the user may report on, each with how many reports it has."""
    partnerships = (
        reportable_partnerships(request.user)
        .select_related("origin_country", "destination_country")
        .annotate(runs=Count("report_runs"))
        .order_by("title")
    )
    return render(request, "reports/report_index.html", {"partnerships": partnerships})


@login_required
@require_http_methods(["GET", "POST"])
def partnership_reports(request, partnership_id: int):
    """A partnership's reports: the form that requests one, and the runs requested so far."""
    partnership = get_object_or_404(
        reportable_partnerships(request.user).select_related("origin_country", "destination_country"),
        pk=partnership_id,
    )
    form = ReportRequestForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            run, created = services.report_request(
                user=request.user,
                kind=form.cleaned_data["kind"],
                partnership=partnership,
                as_of=form.cleaned_data["as_of"],
                currency=form.cleaned_data["currency"],
                filters=form.filters(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if not created:
                messages.info(request, _("The same report was already requested and is being computed: here it is."))
            return redirect("reports:reportrun_detail", pk=run.pk)
    runs = visible_runs(request.user).filter(partnership=partnership)
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    for run in page:
        run.requester = actor_label(run.requested_by) if run.requested_by else None
    context = {"partnership": partnership, "form": form, "page": page}
    return render(request, "reports/partnership_reports.html", context)


@login_required
@require_GET
def reportrun_detail(request, pk: int):
    """A run: its progress while queued or running, its figures when done, its error when failed."""
    run = get_object_or_404(visible_runs(request.user), pk=pk)
    return render_run(request, run)


def render_run(request, run: ReportRun, *, status: int = 200, error: str = ""):
    context = {
        "run": run,
        "filters": describe_filters(run.filters),
        "requester": actor_label(run.requested_by) if run.requested_by else None,
        "cancel_error": error,
    }
    if run.status == ReportStatus.DONE and run.result:
        context |= {"result": run.result, **display.context(run.result)}
    return render(request, "reports/reportrun_detail.html", context, status=status)


@never_cache
@require_GET
def reportrun_progress(request, pk: int):
    """The progress bar that the run page polls (htmx). Once the run is finished, it tells htmx to reload the page,
    which then shows the result or the error (opened directly, it leads to the run's page)."""
    polled = request.headers.get("HX-Request") == "true"
    if not request.user.is_authenticated:
        # Signed out meanwhile: reloading the page leads to the login form.
        return _refresh() if polled else redirect_to_login(request.get_full_path())
    run = get_object_or_404(ReportRun.objects.visible_to(request.user), pk=pk)
    if not run.is_live:
        return _refresh() if polled else redirect("reports:reportrun_detail", pk=run.pk)
    return render(request, "reports/_progress.html", {"run": run, "polled": True})


def _refresh() -> HttpResponse:
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def reportrun_cancel(request, pk: int):
    """Cancel a queued run; one that has started is kept (409, the run page says why)."""
    run = get_object_or_404(visible_runs(request.user), pk=pk)
    try:
        services.report_cancel(run=run)
    except Refused as refused:
        run.refresh_from_db()
        return render_run(request, run, status=409, error=" ".join(refused.messages))
    messages.success(request, _("The report was cancelled."))
    if run.partnership_id:
        return redirect("reports:partnership_reports", partnership_id=run.partnership_id)
    return redirect("reports:report_index")


@login_required
@require_GET
def reportrun_download(request, pk: int, fmt: str):
    """The run's CSV or XLSX file, to those who may read the run (the files have no public URL)."""
    run = get_object_or_404(ReportRun.objects.visible_to(request.user), pk=pk, status=ReportStatus.DONE)
    return report_file_response(run, fmt)


def describe_filters(filters: dict) -> list[tuple[str, str]]:
    """The run's filters in words: (what, value) pairs."""
    described = []
    if cohort_ids := filters.get("cohorts"):
        codes = Cohort.objects.filter(pk__in=cohort_ids).order_by("start_date", "code").values_list("code", flat=True)
        described.append((_("Cohorts"), ", ".join(codes)))
    if code := filters.get("occupation"):
        occupation = Occupation.objects.filter(pk=code).first()
        described.append((_("Occupation"), str(occupation or code)))
    if start := filters.get("period_start"):
        described.append((_("Cohorts starting from"), start))
    if end := filters.get("period_end"):
        described.append((_("Cohorts starting until"), end))
    return described
