"""Reads across training and placements: positions of skill needs, placed trainees, and the graduates who could
fill a skill need. Lower apps never count placements themselves; they call these."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import Coalesce

from partnerships.models import SkillNeed
from training.choices import EnrollmentStatus
from training.models import Enrollment, Trainee

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


def skill_need_candidates(*, skill_need: SkillNeed) -> QuerySet[Enrollment]:
    """Enrollments that could fill `skill_need`: on its track, in a cohort of its partnership teaching its
    occupation (or a narrower ISCO-08 group under it), enrolled or completed, and not already working in a
    started placement."""
    working = Placement.objects.filter(enrollment=OuterRef("pk"), status=PlacementStatus.STARTED)
    return Enrollment.objects.filter(
        cohort__partnership_id=skill_need.partnership_id,
        cohort__course__occupation__code__startswith=skill_need.occupation_id,
        track=skill_need.track,
        status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED],
    ).exclude(Exists(working))


def skill_need_candidates_for(*, skill_need: SkillNeed, user) -> QuerySet[Enrollment]:
    """The candidates as `user` may list them: soonest available first, each annotated with `available_from`
    (completion, else the cohort's end) and `trainee_visible` (whether the user may see who the person is)."""
    visible = Trainee.objects.visible_to(user).filter(pk=OuterRef("trainee_id"))
    return (
        skill_need_candidates(skill_need=skill_need)
        .select_related("cohort__course")
        .annotate(available_from=Coalesce("completed_on", "cohort__end_date"), trainee_visible=Exists(visible))
        .order_by("available_from", "pk")
    )


def candidate_row(enrollment: Enrollment) -> dict:
    """One candidate, pseudonymised: no name, birth date, contact or ID; the trainee's id only when visible."""
    course = enrollment.cohort.course
    return {
        "pseudonym": Trainee(pk=enrollment.trainee_id).pseudonym,
        "enrollment": enrollment.pk,
        "occupation": course.occupation_id,
        "course": course.title,
        "cohort": enrollment.cohort.code,
        "track": enrollment.track,
        "status": enrollment.status,
        "certified": enrollment.certified,
        "language_level": enrollment.language_level,
        "available_from": enrollment.available_from,
        "trainee": enrollment.trainee_id if enrollment.trainee_visible else None,
    }
