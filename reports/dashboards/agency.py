"""An agency's panel: its selection work (applications awaiting a decision in the partnerships it is a party to),
the migration cases in progress by stage, and offers waiting for the candidate's answer."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from identity.access import AGENCY, Scope
from migration_tracks.choices import CLOSED_STAGES, STAGE_ORDER, MigrationStage, PlacementStatus
from migration_tracks.models import MigrationCase, Placement
from partnerships.models import Partnership
from partnerships.querysets import partnership_q
from training.choices import ApplicationStatus
from training.models import Application

from .base import ROWS, DashboardPanel, link

UNDECIDED = [ApplicationStatus.APPLIED, ApplicationStatus.SHORTLISTED]


def agency_partnerships(user, scope: Scope):
    return Partnership.objects.visible_to(user).filter(partnership_q(scope, kinds={AGENCY}))


def selection_work(user, partnerships) -> tuple[list[dict], dict]:
    """Applications awaiting a decision per cohort (the first ROWS cohorts, earliest start first) and the totals."""
    undecided = Application.objects.visible_to(user).filter(cohort__partnership__in=partnerships, status__in=UNDECIDED)
    counts = {
        "applied": Count("pk", filter=Q(status=ApplicationStatus.APPLIED)),
        "shortlisted": Count("pk", filter=Q(status=ApplicationStatus.SHORTLISTED)),
    }
    grouped = (
        undecided.order_by()
        .values("cohort_id", "cohort__code", "cohort__start_date", "cohort__partnership__title")
        .annotate(**counts)
        .order_by("cohort__start_date", "cohort__code", "cohort_id")[:ROWS]
    )
    rows = [
        {
            **row,
            "cohort_url": link("training:cohort_detail", row["cohort_id"]),
            "applied_url": link("training:application_list", cohort=row["cohort_id"], status=ApplicationStatus.APPLIED),
            "shortlisted_url": link(
                "training:application_list", cohort=row["cohort_id"], status=ApplicationStatus.SHORTLISTED
            ),
        }
        for row in grouped
    ]
    totals = undecided.order_by().aggregate(**counts)
    return rows, totals


def cases_by_stage(user, partnerships) -> list[dict]:
    """Migration cases in progress (not closed) per stage, in the order of the journey."""
    found = dict(
        MigrationCase.objects.visible_to(user)
        .filter(placement__skill_need__partnership__in=partnerships)
        .exclude(stage__in=CLOSED_STAGES)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("pk"))
    )
    stages = sorted((s for s in MigrationStage if s not in CLOSED_STAGES), key=lambda s: STAGE_ORDER[s])
    return [
        {
            "stage": stage.value,
            "label": stage.label,
            "n": found.get(stage.value, 0),
            "url": link("migration_tracks:migrationcase_list", stage=stage.value),
        }
        for stage in stages
    ]


def agency_panel(user, scope: Scope) -> DashboardPanel | None:
    if not scope.org_ids(AGENCY):
        return None
    partnerships = agency_partnerships(user, scope)
    selection, totals = selection_work(user, partnerships)
    stages = cases_by_stage(user, partnerships)
    context = {
        "selection": selection,
        "applied_total": totals["applied"],
        "shortlisted_total": totals["shortlisted"],
        "applications_url": link("training:application_list", status=UNDECIDED),
        "stages": stages,
        "case_total": sum(s["n"] for s in stages),
        "cases_url": link("migration_tracks:migrationcase_list", closed="false"),
        "offers": Placement.objects.answerable_by(user).filter(status=PlacementStatus.OFFERED).count(),
        "offers_url": link("migration_tracks:placement_list", status=PlacementStatus.OFFERED),
    }
    return DashboardPanel("agency", _("Your selection and journeys"), "dashboard/_agency.html", context)
