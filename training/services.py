"""Multi-step writes on training: enrolling and changing an enrollment under the cohort's seat limit (the
cohort row locked), changing tracks."""

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from gsp.errors import Refused

from .choices import EnrollmentStatus
from .models import Cohort, Enrollment, EnrollmentTrackChange, Trainee

#: Checks that higher apps add (in their `AppConfig.ready`) to refuse a track change this app cannot see the
#: reason for, e.g. a placement held on the current track. Each raises `Refused` to refuse.
track_change_checks: list[Callable[[Enrollment], None]] = []


@transaction.atomic
def enrollment_create(*, trainee: Trainee, cohort: Cohort, track: str, enrolled_on: date, **fields) -> Enrollment:
    """Enrol a trainee on a track. The cohort row is locked so two requests cannot both take the last seat."""
    Cohort.objects.select_for_update().get(pk=cohort.pk)
    enrollment = Enrollment(trainee=trainee, cohort=cohort, track=track, enrolled_on=enrolled_on, **fields)
    enrollment.full_clean()
    if errors := enrollment.seat_errors():
        raise Refused(errors)
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_update(*, enrollment: Enrollment, **fields) -> Enrollment:
    """Change an enrollment under a lock on its cohort. Returning from a drop-out takes a seat again (refused,
    409, when the track is full); other changes keep the seat the enrollment holds."""
    Cohort.objects.select_for_update().get(pk=enrollment.cohort_id)
    was_dropped = enrollment.status == EnrollmentStatus.DROPPED_OUT
    for name, value in fields.items():
        setattr(enrollment, name, value)
    enrollment.full_clean()
    rejoins = was_dropped and enrollment.status != EnrollmentStatus.DROPPED_OUT
    if rejoins and (errors := enrollment.seat_errors()):
        raise Refused(errors)
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_change_track(*, enrollment: Enrollment, to_track: str, reason: str, user=None) -> Enrollment:
    """Move an enrollment to the other track, keeping the change and its reason in history."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    Cohort.objects.select_for_update().get(pk=enrollment.cohort_id)
    if enrollment.track == to_track:
        raise ValidationError({"track": "The enrollment is already on this track."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the track changes."})
    for check in track_change_checks:
        check(enrollment)
    change = EnrollmentTrackChange(
        enrollment=enrollment, from_track=enrollment.track, to_track=to_track, reason=reason, changed_by=user
    )
    enrollment.track = to_track
    enrollment.full_clean()
    if errors := enrollment.seat_errors():
        raise Refused(errors)
    enrollment.save()
    change.save()
    return enrollment
