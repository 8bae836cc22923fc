"""Multi-step writes on training: a course's cost lines replaced as a whole, a trainee saved with the hash of their
national ID, enrolling and changing an enrollment under the cohort's seat limit (the cohort row locked), changing
tracks. The API and the HTML pages call the same functions."""

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gsp.errors import Refused
from identity.access import AGENCY, TRAINING_PROVIDER, scope_of
from identity.models import Organisation
from identity.webhooks.choices import EventType
from identity.webhooks.events import emit_event
from partnerships import services as partnership_services

from .choices import EnrollmentStatus
from .models import (
    Application,
    Cohort,
    Course,
    CourseCost,
    Enrollment,
    EnrollmentTrackChange,
    PersonalDataAccess,
    Trainee,
)

#: Checks that higher apps add (in their `AppConfig.ready`) to refuse a track change this app cannot see the
#: reason for, e.g. a placement held on the current track. Each raises `Refused` to refuse.
track_change_checks: list[Callable[[Enrollment], None]] = []


# --- courses ------------------------------------------------------------------------------------------------------


class CostLinesInvalid(ValidationError):
    """Some cost lines of a replacement are invalid: `line_errors` maps each bad line's index to its errors."""

    def __init__(self, line_errors: dict[int, ValidationError]):
        self.line_errors = line_errors
        super().__init__(
            {
                "costs": [
                    _("Line %(number)s: %(errors)s") % {"number": index + 1, "errors": " ".join(e.messages)}
                    for index, e in line_errors.items()
                ]
            }
        )


def course_costs_replace(*, course: Course, lines: list[dict]) -> None:
    """Replace every cost line of `course`. Each line is checked by `CourseCost.full_clean` against the lines
    saved before it, so the model's own rules (one line per category and scope, departure costs on the away
    track) decide. Raises `CostLinesInvalid` (errors by line index). Call inside a transaction: on an invalid line
    nothing may be kept."""
    course.costs.all().delete()
    errors = {}
    for index, line in enumerate(lines):
        cost = CourseCost(course=course, **line)
        try:
            cost.full_clean()
        except ValidationError as exc:
            errors[index] = exc
            continue
        cost.save()
    if errors:
        raise CostLinesInvalid(errors)


# --- trainees -----------------------------------------------------------------------------------------------------


def trainee_registrars(user):
    """The training centres and agencies `user` may register a trainee for: those they edit for (staff: any)."""
    scope = scope_of(user)
    kinds = (TRAINING_PROVIDER, AGENCY)
    if scope.is_staff:
        return Organisation.objects.filter(kind__in=kinds)
    return Organisation.objects.filter(pk__in=scope.org_ids(set(kinds), write=True))


def trainee_save(*, trainee: Trainee, national_id: str | None = None) -> Trainee:
    """Save a trainee, keeping only the keyed hash of a national ID given (`None`: keep the one stored; blank:
    clear it). The hash is keyed by nationality, so a new nationality needs the ID again (400); a second trainee
    of the same nationality with the same ID is refused (409)."""
    if national_id is None and trainee.pk and trainee.national_id_hash:
        before = Trainee.objects.filter(pk=trainee.pk).values_list("nationality_id", flat=True).first()
        if before is not None and before != trainee.nationality_id:
            raise ValidationError(
                {"national_id": _("Give the national ID again with a new nationality: its hash is keyed by country.")}
            )
    if national_id is not None:
        trainee.set_national_id(national_id)
        duplicates = Trainee.objects.filter(
            nationality_id=trainee.nationality_id, national_id_hash=trainee.national_id_hash
        ).exclude(pk=trainee.pk)
        if trainee.national_id_hash and duplicates.exists():
            raise Refused({"national_id": _("A trainee of this nationality with this national ID is registered.")})
    trainee.save()
    return trainee


# --- selection ----------------------------------------------------------------------------------------------------


def application_decide(*, application: Application, status: str, decided_on: date) -> Application:
    """A selection step (shortlist, select, reject) on its date: the same checks as any change of the application
    through the API (`full_clean`: a known status, decided on or after applying)."""
    application.status = status
    application.decided_on = decided_on
    application.full_clean()
    application.save()
    return application


# --- enrollments --------------------------------------------------------------------------------------------------


def _save_within_seats(enrollment: Enrollment, *, takes_seat: bool = True) -> Enrollment:
    """Validate and save; when the enrollment (newly) takes a seat, under the seat limit of its cohort's track.
    The caller holds the lock on the cohort row."""
    enrollment.full_clean()
    if takes_seat and (errors := enrollment.seat_errors()):
        raise Refused(errors)
    enrollment.save()
    return enrollment


def _emit_completed(enrollment: Enrollment, was: str | None) -> None:
    """`enrollment.completed` when this change completes the enrollment (in the change's transaction)."""
    if enrollment.status == EnrollmentStatus.COMPLETED and was != EnrollmentStatus.COMPLETED:
        emit_event(
            EventType.ENROLLMENT_COMPLETED,
            enrollment,
            partnership_id=enrollment.cohort.partnership_id,
            context={"completed_on": enrollment.completed_on.isoformat()},
        )


@transaction.atomic
def enrollment_create(*, trainee: Trainee, cohort: Cohort, track: str, enrolled_on: date, **fields) -> Enrollment:
    """Enrol a trainee on a track. The cohort row is locked so two requests cannot both take the last seat."""
    Cohort.objects.select_for_update().get(pk=cohort.pk)
    enrollment = Enrollment(trainee=trainee, cohort=cohort, track=track, enrolled_on=enrolled_on, **fields)
    _save_within_seats(enrollment)
    _emit_completed(enrollment, was=None)
    return enrollment


@transaction.atomic
def enrollment_update(*, enrollment: Enrollment, **fields) -> Enrollment:
    """Change an enrollment under a lock on its cohort. Returning from a drop-out takes a seat again (refused,
    409, when the track is full); other changes keep the seat the enrollment holds."""
    Cohort.objects.select_for_update().get(pk=enrollment.cohort_id)
    was = enrollment.status
    for name, value in fields.items():
        setattr(enrollment, name, value)
    rejoins = was == EnrollmentStatus.DROPPED_OUT and enrollment.status != EnrollmentStatus.DROPPED_OUT
    _save_within_seats(enrollment, takes_seat=rejoins)
    _emit_completed(enrollment, was=was)
    return enrollment


@transaction.atomic
def enrollment_change_track(*, enrollment: Enrollment, to_track: str, reason: str, user=None) -> Enrollment:
    """Move an enrollment to the other track, keeping the change and its reason in history."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    Cohort.objects.select_for_update().get(pk=enrollment.cohort_id)
    if enrollment.track == to_track:
        raise ValidationError({"track": _("The enrollment is already on this track.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the track changes.")})
    for check in track_change_checks:
        check(enrollment)
    change = EnrollmentTrackChange(
        enrollment=enrollment, from_track=enrollment.track, to_track=to_track, reason=reason, changed_by=user
    )
    enrollment.track = to_track
    _save_within_seats(enrollment)
    change.save()
    return enrollment


# --- personal data: access log, export on request, erasure ------------------------------------------------------

#: Sections that higher apps add to a person's export (placements, journeys, surveys): each maps
#: (trainee, user) to (name, rows), the rows being what `user` may see. Registered in their `AppConfig.ready`.
export_sections: list[Callable[[Trainee, object], tuple[str, list[dict]]]] = []

TRAINEE_FIELDS = (
    "id", "given_name", "family_name", "date_of_birth", "gender", "nationality_id", "email", "phone",
    "consent_given_at", "consent_covers", "registered_by_id", "erased_at", "created", "updated",
)  # fmt: skip


def log_access(*, user, trainee_ids, surface: str) -> None:
    """Record that `user` was shown these people's data (one row each, one query)."""
    if user is None or not user.is_authenticated:
        return
    PersonalDataAccess.objects.bulk_create(
        [PersonalDataAccess(user=user, trainee_id=pk, surface=surface) for pk in dict.fromkeys(trainee_ids)]
    )


def trainee_export(*, trainee: Trainee, user) -> dict:
    """Everything recorded about a person that `user` may see, for a request to access their data: the record,
    its history, applications, enrollments and track changes, who saw the data, and what higher apps add."""
    enrollments = Enrollment.objects.visible_to(user).filter(trainee=trainee)
    data = {
        "trainee": Trainee.objects.filter(pk=trainee.pk).values(*TRAINEE_FIELDS).get(),
        "history": list(
            trainee.history.order_by("history_date").values(*TRAINEE_FIELDS, "history_date", "history_type")
        ),
        "applications": list(Application.objects.visible_to(user).filter(trainee=trainee).values()),
        "enrollments": list(enrollments.values()),
        "track_changes": list(
            EnrollmentTrackChange.objects.filter(enrollment__in=enrollments).values(
                "enrollment_id", "from_track", "to_track", "reason", "changed_at"
            )
        ),
        "accesses": list(trainee.accesses.values("at", "surface")),
    }
    for section in export_sections:
        name, rows = section(trainee, user)
        data[name] = rows
    return data


ERASED_NAME = "Erased"


@transaction.atomic
def trainee_erase(*, trainee: Trainee, user=None) -> Trainee:
    """Erase a person's data at their request, irreversibly: names, contact, national ID hash and consent are
    replaced in the record and in every past version of it; the birth date keeps only its year. What reports
    count (gender, nationality, year of birth, enrollments, placements) stays, so no total changes."""
    trainee = Trainee.objects.select_for_update().get(pk=trainee.pk)
    erased = {
        "given_name": ERASED_NAME,
        "family_name": f"#{trainee.pk}",
        "email": "",
        "phone": "",
        "date_of_birth": date(trainee.date_of_birth.year, 1, 1),
        "consent_given_at": None,
        "consent_covers": [],
    }
    trainee.history.update(**erased)
    for name, value in erased.items():
        setattr(trainee, name, value)
    trainee.national_id_hash = ""
    trainee.erased_at = timezone.now()
    trainee._change_reason = "Personal data erased at the person's request"
    trainee._history_user = user
    trainee.save()
    return trainee


# --- what partnerships asks of this app ---------------------------------------------------------------------------


def first_cohort_start(partnership) -> date | None:
    """When the partnership's first cohort starts: a first cost-sharing table must be in force by then."""
    cohorts = Cohort.objects.filter(partnership=partnership).order_by("start_date")
    return cohorts.values_list("start_date", flat=True).first()


def register_with_partnerships() -> None:
    """What this app adds to partnerships (called by `TrainingConfig.ready`)."""
    if first_cohort_start not in partnership_services.table_needed_from:
        partnership_services.table_needed_from.append(first_cohort_start)
