"""An employer's panel: its open skill needs, each with its positions, the candidates who could fill it and the
offers made (offered, accepted, placed)."""

from types import SimpleNamespace

from django.db.models import Case, Count, F, Func, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from identity.access import EMPLOYER, Scope
from migration_tracks.choices import PlacementStatus
from migration_tracks.selectors import skill_need_candidates, skill_needs_with_positions
from partnerships.choices import SkillNeedStatus, Track
from partnerships.models import SkillNeed

from .base import ROWS, DashboardPanel, link


def count_of(queryset) -> Subquery:
    """The number of rows of `queryset` (which refers to the outer row), as an annotation."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


def candidates_count() -> Subquery:
    """How many enrollments could fill each need: `skill_need_candidates`, the one definition, applied to the outer
    row (its partnership, occupation and track given as references rather than values)."""
    outer_need = SimpleNamespace(
        partnership_id=OuterRef("partnership_id"), occupation_id=OuterRef("occupation_id"), track=OuterRef("need_track")
    )
    return count_of(skill_need_candidates(skill_need=outer_need))


def need_track() -> Case:
    """`SkillNeed.track` in SQL: a need in the destination country is filled by the away track, else the home one
    (the same condition as `SkillNeedFilterSet.by_track`)."""
    in_destination = Q(country=F("partnership__destination_country"))
    return Case(When(in_destination, then=Value(Track.AWAY.value)), default=Value(Track.HOME.value))


def own_open_needs(user, scope: Scope):
    return SkillNeed.objects.visible_to(user).filter(employer__in=scope.org_ids(EMPLOYER), status=SkillNeedStatus.OPEN)


def open_needs(user, scope: Scope):
    """The open needs of the user's employers, annotated with positions taken and filled, candidates and offers."""
    needs = own_open_needs(user, scope).annotate(need_track=need_track()).annotate(candidates=candidates_count())
    return skill_needs_with_positions(needs).annotate(
        offered=Count("placements", filter=Q(placements__status=PlacementStatus.OFFERED)),
        accepted=Count("placements", filter=Q(placements__status=PlacementStatus.ACCEPTED)),
    )


def need_row(need: SkillNeed) -> dict:
    detail = link("partnerships:skillneed_detail", need.pk)
    placements = {"skill_need": need.pk}
    return {
        "need": need,
        "url": detail,
        "candidates_url": link("partnerships:skillneed_candidates", need.pk) or detail,
        "offered_url": link("migration_tracks:placement_list", **placements, status=PlacementStatus.OFFERED),
        "accepted_url": link("migration_tracks:placement_list", **placements, status=PlacementStatus.ACCEPTED),
        "filled_url": link(
            "migration_tracks:placement_list", **placements, status=[PlacementStatus.STARTED, PlacementStatus.ENDED]
        ),
        "open_positions": max(need.positions - need.positions_taken, 0),
    }


def employer_panel(user, scope: Scope) -> DashboardPanel | None:
    if not scope.org_ids(EMPLOYER):
        return None
    needs = open_needs(user, scope).select_related("partnership", "occupation", "employer", "country")
    rows = [need_row(need) for need in needs[:ROWS]]
    total = own_open_needs(user, scope).count()
    context = {
        "needs": rows,
        "need_total": total,
        "needs_url": link("partnerships:skillneed_list", status=SkillNeedStatus.OPEN),
        "add_url": link("partnerships:skillneed_add"),
        "placements_url": link("migration_tracks:placement_list"),
    }
    return DashboardPanel("employer", _("Your skill needs"), "dashboard/_employer.html", context)
