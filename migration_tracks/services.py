"""Multi-step writes on placements: never more active placements than a skill need has positions."""

from datetime import date

from django.db import transaction

from gsp.errors import Refused
from partnerships.models import SkillNeed
from training import services as training_services
from training.models import Enrollment

from .models import MigrationCase, Placement


@transaction.atomic
def placement_create(*, enrollment: Enrollment, skill_need: SkillNeed, offered_on: date, **fields) -> Placement:
    """Offer a placement. The skill need's row is locked, so concurrent offers cannot exceed its positions."""
    SkillNeed.objects.select_for_update().get(pk=skill_need.pk)
    placement = Placement(enrollment=enrollment, skill_need=skill_need, offered_on=offered_on, **fields)
    placement.full_clean()
    if errors := placement.position_errors():
        raise Refused(errors)
    placement.save()
    return placement


@transaction.atomic
def placement_update(*, placement: Placement, **fields) -> Placement:
    """Change a placement's dates, status or terms under the same position rule."""
    SkillNeed.objects.select_for_update().get(pk=placement.skill_need_id)
    for name, value in fields.items():
        setattr(placement, name, value)
    placement.full_clean()
    if errors := placement.position_errors():
        raise Refused(errors)
    placement.save()
    return placement


@transaction.atomic
def migration_case_advance(*, case: MigrationCase, stage: str, on: date) -> MigrationCase:
    """Move a journey forward under a lock on its row, so two concurrent moves cannot both pass the check."""
    case = MigrationCase.objects.select_for_update().get(pk=case.pk)
    case.advance(stage, on)
    return case


@transaction.atomic
def migration_case_open(*, placement: Placement, job_offer_on: date, notes: str = "") -> MigrationCase:
    case = MigrationCase(placement=placement, job_offer_on=job_offer_on, notes=notes)
    case.full_clean()
    case.save()
    return case


def refuse_track_change_with_placement(enrollment: Enrollment) -> None:
    """A trainee holding a placement on their track keeps it: the placement must end before the track changes."""
    if Placement.objects.filter(enrollment=enrollment).active().exists():
        raise Refused({"track": "This trainee has a placement on the current track: end it first."})


def register_track_change_check() -> None:
    if refuse_track_change_with_placement not in training_services.track_change_checks:
        training_services.track_change_checks.append(refuse_track_change_with_placement)
