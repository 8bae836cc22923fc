"""Multi-step writes on placements: never more active placements than a skill need has positions."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gsp.errors import Refused
from identity.webhooks.choices import EventType
from identity.webhooks.events import emit_event
from partnerships.choices import SkillNeedStatus
from partnerships.models import SkillNeed
from training import services as training_services
from training.models import Enrollment

from .choices import ACCEPTED_PLACEMENT_STATUSES, ANSWERS
from .choices import PlacementStatus as P
from .models import FollowUp, MigrationCase, Placement

ONLY_THE_CANDIDATES_SIDE = gettext_lazy(
    "Only the candidate's training centre, or an agency of the partnership, accepts or declines an offer."
)


def _save_within_positions(placement: Placement) -> Placement:
    """Validate and save under the position rule; the caller holds the lock on the skill need's row."""
    placement.full_clean()
    if errors := placement.position_errors():
        raise Refused(errors)
    placement.save()
    return placement


def _emit_placement_events(placement: Placement, was: str | None) -> None:
    """`placement.created` for a new placement, `placement.started` when this change starts it (in the change's
    transaction: the outbox)."""
    partnership_id = placement.skill_need.partnership_id
    if was is None:
        emit_event(EventType.PLACEMENT_CREATED, placement, partnership_id=partnership_id)
    if placement.status == P.STARTED and was not in (P.STARTED, P.ENDED):
        started_on = placement.started_on.isoformat() if placement.started_on else None
        emit_event(
            EventType.PLACEMENT_STARTED, placement, partnership_id=partnership_id, context={"started_on": started_on}
        )


def _check_answer(placement: Placement, was: tuple[str, date | None], user) -> None:
    """Only the candidate's side answers an offer: accepting reveals who the worker is to the employer, so an
    employer's own actions must never do it. An employer records a start only after the acceptance."""
    if user is None or Placement.objects.answerable_by(user).filter(pk=placement.pk).exists():
        return
    status, accepted_on = was
    if (placement.status != status and placement.status in ANSWERS) or placement.accepted_on != accepted_on:
        raise PermissionDenied(ONLY_THE_CANDIDATES_SIDE)
    if placement.status in (P.STARTED, P.ENDED) and status not in ACCEPTED_PLACEMENT_STATUSES:
        raise Refused({"status": _("The candidate's side has not accepted this offer: it cannot start yet.")})


@transaction.atomic
def placement_create(
    *, enrollment: Enrollment, skill_need: SkillNeed, offered_on: date, user=None, **fields
) -> Placement:
    """Offer a placement. The skill need's row is locked, so concurrent offers cannot exceed its positions.
    Made by `user` (an employer or agency), an offer starts as an offer: the candidate's side answers it."""
    locked = SkillNeed.objects.select_for_update().get(pk=skill_need.pk)
    if locked.status == SkillNeedStatus.WITHDRAWN:
        raise Refused({"skill_need": _("This skill need was withdrawn: it takes no new offer.")})
    placement = Placement(enrollment=enrollment, skill_need=skill_need, offered_on=offered_on, **fields)
    placement.record_status_dates(was=None)
    if user is not None and (placement.status != P.OFFERED or placement.accepted_on):
        raise Refused({"status": _("A new placement is an offer; the candidate's side accepts or declines it.")})
    _save_within_positions(placement)
    _emit_placement_events(placement, was=None)
    return placement


@transaction.atomic
def placement_update(*, placement: Placement, user=None, **fields) -> Placement:
    """Change a placement's dates, status or terms under the same position rule. With `user`, only the
    candidate's side may accept or decline, and a placement starts only once accepted. Declining or withdrawing
    records its day (today unless given)."""
    SkillNeed.objects.select_for_update().get(pk=placement.skill_need_id)
    was = Placement.objects.filter(pk=placement.pk).values_list("status", "accepted_on").get()
    for name, value in fields.items():
        setattr(placement, name, value)
    placement.record_status_dates(was=was[0])
    _check_answer(placement, was, user)
    _save_within_positions(placement)
    _emit_placement_events(placement, was=was[0])
    return placement


@transaction.atomic
def migration_case_advance(*, case: MigrationCase, stage: str, on: date) -> MigrationCase:
    """Move a journey forward under a lock on its row, so two concurrent moves cannot both pass the check."""
    case = MigrationCase.objects.select_for_update().get(pk=case.pk)
    before = case.stage
    case.advance(stage, on)
    emit_event(
        EventType.MIGRATION_CASE_STAGE_CHANGED,
        case,
        partnership_id=case.placement.skill_need.partnership_id,
        context={"from": before, "to": case.stage, "on": on.isoformat()},
    )
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
        raise Refused({"track": _("This trainee has a placement on the current track: end it first.")})


def export_journey(trainee, user) -> tuple[str, list[dict]]:
    """A person's placements, each with its journeys, as `user` may see them (for an export)."""
    placements = list(Placement.objects.visible_to(user).filter(enrollment__trainee=trainee).values())
    cases: dict[int, list[dict]] = {}
    for case in MigrationCase.objects.visible_to(user).filter(placement__in=[p["id"] for p in placements]).values():
        cases.setdefault(case["placement_id"], []).append(case)
    return "placements", [placement | {"migration_cases": cases.get(placement["id"], [])} for placement in placements]


def export_follow_ups(trainee, user) -> tuple[str, list[dict]]:
    return "follow_ups", list(FollowUp.objects.visible_to(user).filter(enrollment__trainee=trainee).values())


def register_with_training() -> None:
    """The checks and export sections this app adds to training (called by `MigrationTracksConfig.ready`)."""
    if refuse_track_change_with_placement not in training_services.track_change_checks:
        training_services.track_change_checks.append(refuse_track_change_with_placement)
    for section in (export_journey, export_follow_ups):
        if section not in training_services.export_sections:
            training_services.export_sections.append(section)


@transaction.atomic
def placement_answer(*, placement: Placement, accept: bool, on: date, user=None) -> Placement:
    """The candidate's side accepts or declines an offer (an accepted one may still be declined). Accepting takes
    the position under the skill need's lock, and from then on the employer may see who the worker is. With
    `user`, only the candidate's side answers (403 otherwise)."""
    if user is not None and not Placement.objects.answerable_by(user).filter(pk=placement.pk).exists():
        raise PermissionDenied(ONLY_THE_CANDIDATES_SIDE)
    SkillNeed.objects.select_for_update().get(pk=placement.skill_need_id)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    allowed = (P.OFFERED,) if accept else (P.OFFERED, P.ACCEPTED)
    if placement.status not in allowed:
        raise Refused(
            {
                "status": _("This placement is %(status)s: it cannot be answered.")
                % {"status": placement.get_status_display().lower()}
            }
        )
    placement.status = P.ACCEPTED if accept else P.DECLINED
    if accept:
        placement.accepted_on = on
    else:
        placement.declined_on = on
    return _save_within_positions(placement)
