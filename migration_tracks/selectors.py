"""Reads across training and placements: positions of skill needs, placed trainees, and the graduates who could
fill a skill need (ranked in `matching`). Lower apps never count placements themselves; they call these."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import Left

from partnerships.models import SkillNeed
from training.choices import EnrollmentStatus
from training.models import Enrollment

from .choices import PlacementStatus
from .models import Placement
from .querysets import active_placement_q, started_placement_q


def skill_needs_with_positions(queryset: QuerySet[SkillNeed], on: dt.date | None = None) -> QuerySet[SkillNeed]:
    """Skill needs annotated with `positions_taken` (active placements: what capacity counts) and
    `positions_filled` (workers placed on or before `on`, today by default: what achievement counts).

    A GROUP BY query ignores Meta.ordering, so the result is ordered explicitly (pages would overlap)."""
    return queryset.annotate(
        positions_taken=Count("placements", filter=active_placement_q("placements")),
        positions_filled=Count("placements", filter=started_placement_q(on, "placements")),
    ).order_by(*SkillNeed._meta.ordering)


def placed_enrollments_q(on: dt.date | None = None):
    """An enrollment whose trainee was placed on or before `on` (for use as a filter on enrollments)."""
    return Exists(Placement.objects.started(on).filter(enrollment=OuterRef("pk")))


def minor_group(occupation):
    """The ISCO-08 minor group (first 3 digits) of an occupation code, or the code itself when it is broader; also of
    a code given as an expression (`OuterRef`), as SQL `LEFT(code, 3)`."""
    return occupation[:3] if isinstance(occupation, str) else Left(occupation, 3)


def skill_need_candidates(*, skill_need: SkillNeed) -> QuerySet[Enrollment]:
    """Enrollments that could fill `skill_need`: on its track, in a cohort of its partnership teaching an occupation
    of its ISCO-08 minor group (the need's own unit group ranks first: `matching.ranked_candidates`), or anything
    under a need logged at a broader group, enrolled or completed, and not already working in a started placement."""
    working = Placement.objects.filter(enrollment=OuterRef("pk"), status=PlacementStatus.STARTED)
    return Enrollment.objects.filter(
        cohort__partnership_id=skill_need.partnership_id,
        cohort__course__occupation__code__startswith=minor_group(skill_need.occupation_id),
        track=skill_need.track,
        status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED],
    ).exclude(Exists(working))
