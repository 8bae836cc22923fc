"""Cohorts (runs of a course inside a partnership), the selection funnel, and enrollments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gsp.models import TimeStampedModel, check_name, cohort_cursor_index, cursor_index, event_date
from partnerships.choices import LanguageLevel, PartyRole, Track
from partnerships.models import Partnership

from ..choices import ApplicationStatus, EnrollmentStatus
from ..querysets import ApplicationQuerySet, CohortManager, EnrollmentPartQuerySet, EnrollmentQuerySet
from .centres import Course
from .people import Trainee


def trainees_by_cohort_index() -> models.Index:
    """(`cohort`, `trainee`): the people of each cohort in id order, which the trainee list reads a page of per cohort
    the user reaches (`training.trainee_pages`)."""
    return models.Index(fields=["cohort", "trainee"])


class Cohort(TimeStampedModel):
    """One run of a course inside a partnership, with seats reserved per track."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.PROTECT, related_name="cohorts"
    )
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="cohorts")
    code = models.SlugField(verbose_name=_("code"), max_length=60)
    start_date = event_date(verbose_name=_("start date"))
    end_date = event_date(verbose_name=_("end date"))
    seats_home = models.PositiveIntegerField(verbose_name=_("seats home"), default=0)
    seats_away = models.PositiveIntegerField(verbose_name=_("seats away"), default=0)
    history = HistoricalRecords()

    objects = CohortManager()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["partnership", "start_date", "code"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name=check_name("unique_code")),
            models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name=check_name("dates_ordered")),
            models.CheckConstraint(condition=Q(seats_home__gt=0) | Q(seats_away__gt=0), name=check_name("has_seats")),
        ]
        indexes = [models.Index(fields=["partnership", "course"])]

    def __str__(self):
        return f"{self.course} — {self.code}"

    def seats_for(self, track: str) -> int:
        return self.seats_away if track == Track.AWAY else self.seats_home

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("A cohort ends after it starts.")})
        if self.partnership_id and self.course_id:
            is_party = self.partnership.parties.filter(
                organisation_id=self.course.centre.organisation_id, role=PartyRole.TRAINING_PROVIDER
            ).exists()
            if not is_party:
                raise ValidationError({"course": _("The course's training centre is not a party to this partnership.")})


class Application(TimeStampedModel):
    """A person applying to a cohort; the selection funnel (PALIM: 9,677 applicants for 120 places)."""

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="applications"
    )
    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(
        verbose_name=_("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    applied_on = event_date(verbose_name=_("applied on"), default=timezone.localdate)
    preferred_track = models.CharField(
        verbose_name=_("preferred track"), max_length=4, choices=Track.choices, blank=True
    )
    decided_on = event_date(verbose_name=_("decided on"), null=True, blank=True)
    notes = models.TextField(verbose_name=_("notes"), blank=True)
    history = HistoricalRecords()

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["cohort", "applied_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["trainee", "cohort"], name=check_name("unique_trainee_cohort")),
            models.CheckConstraint(condition=Q(status__in=ApplicationStatus.values), name=check_name("status_valid")),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("applied_on")),
                name=check_name("decided_after_applied"),
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "status"]),
            cursor_index(),
            cohort_cursor_index(),
            trainees_by_cohort_index(),
        ]

    def __str__(self):
        return _("Application of %(trainee)s to %(cohort)s") % {"trainee": self.trainee_id, "cohort": self.cohort}

    def clean(self):
        # The constraint's rule, said beside the field instead of naming the constraint.
        if self.decided_on and self.applied_on and self.decided_on < self.applied_on:
            raise ValidationError({"decided_on": _("A decision cannot come before the application.")})


class Enrollment(TimeStampedModel):
    """A trainee in a cohort on one track, through to completion (or drop-out) and certification.

    Status and dates agree (a completed enrollment has its completion date, etc.); these are database
    constraints. Track changes are recorded in `EnrollmentTrackChange` with a reason.
    """

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="enrollments"
    )
    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="enrollments")
    track = models.CharField(verbose_name=_("track"), max_length=4, choices=Track.choices)
    status = models.CharField(
        verbose_name=_("status"), max_length=12, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ENROLLED
    )
    enrolled_on = event_date(verbose_name=_("enrolled on"))
    completed_on = event_date(verbose_name=_("completed on"), null=True, blank=True)
    dropped_on = event_date(verbose_name=_("dropped on"), null=True, blank=True)
    certified = models.BooleanField(verbose_name=_("certified"), default=False)
    certified_on = event_date(verbose_name=_("certified on"), null=True, blank=True)
    language_level = models.CharField(
        verbose_name=_("language level"), max_length=2, choices=LanguageLevel.choices, blank=True
    )
    history = HistoricalRecords()

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["cohort", "trainee"]
        constraints = [
            models.UniqueConstraint(fields=["trainee", "cohort"], name=check_name("unique_trainee_cohort")),
            models.CheckConstraint(condition=Q(track__in=Track.values), name=check_name("track_valid")),
            models.CheckConstraint(condition=Q(status__in=EnrollmentStatus.values), name=check_name("status_valid")),
            models.CheckConstraint(
                condition=Q(status=EnrollmentStatus.COMPLETED, completed_on__isnull=False)
                | (~Q(status=EnrollmentStatus.COMPLETED) & Q(completed_on__isnull=True)),
                name=check_name("completed_has_date"),
            ),
            models.CheckConstraint(
                condition=Q(status=EnrollmentStatus.DROPPED_OUT, dropped_on__isnull=False)
                | (~Q(status=EnrollmentStatus.DROPPED_OUT) & Q(dropped_on__isnull=True)),
                name=check_name("dropped_has_date"),
            ),
            models.CheckConstraint(
                condition=Q(certified=False, certified_on__isnull=True)
                | Q(certified=True, certified_on__isnull=False, status=EnrollmentStatus.COMPLETED),
                name=check_name("certified_when_completed"),
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("enrolled_on")),
                name=check_name("completed_after_enrolled"),
            ),
            models.CheckConstraint(
                condition=Q(dropped_on__isnull=True) | Q(dropped_on__gte=F("enrolled_on")),
                name=check_name("dropped_after_enrolled"),
            ),
            models.CheckConstraint(
                condition=Q(certified_on__isnull=True) | Q(certified_on__gte=F("completed_on")),
                name=check_name("certified_after_completed"),
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "track", "status"]),
            models.Index(fields=["status", "track"]),
            # Follow-ups fall due by completion date (migration_tracks.follow_ups): a range on it, not a scan.
            models.Index(fields=["completed_on"]),
            cursor_index(),
            cohort_cursor_index(),
            trainees_by_cohort_index(),
        ]

    def __str__(self):
        return _("%(trainee)s in %(cohort)s (%(track)s)") % {
            "trainee": self.trainee,
            "cohort": self.cohort,
            # The short name of the track, not its stored code ("home") nor its long choice label.
            "track": _("Home track") if self.track == Track.HOME else _("Away track"),
        }

    def clean(self):
        errors = {}
        if self.status == EnrollmentStatus.COMPLETED and not self.completed_on:
            errors["completed_on"] = _("A completed enrollment needs its completion date.")
        if self.status != EnrollmentStatus.COMPLETED and self.completed_on:
            errors["completed_on"] = _("Only a completed enrollment has a completion date.")
        if self.status == EnrollmentStatus.DROPPED_OUT and not self.dropped_on:
            errors["dropped_on"] = _("A drop-out needs its date.")
        if self.status != EnrollmentStatus.DROPPED_OUT and self.dropped_on:
            errors["dropped_on"] = _("Only a drop-out has a drop-out date.")
        if self.certified and (self.status != EnrollmentStatus.COMPLETED or not self.certified_on):
            errors["certified"] = _("Certification needs a completed enrollment and a certification date.")
        if not self.certified and self.certified_on:
            errors["certified_on"] = _("A certification date needs certification.")
        for field in ("completed_on", "dropped_on"):
            value = getattr(self, field)
            if value and self.enrolled_on and value < self.enrolled_on:
                errors[field] = _("This date is before the enrollment date.")
        if self.certified_on and self.completed_on and self.certified_on < self.completed_on:
            errors["certified_on"] = _("Certification comes on or after completion.")
        if errors:
            raise ValidationError(errors)

    def seat_errors(self) -> dict:
        """The seat rule: never more non-dropped enrollments on a track than the cohort has seats.

        Checked by `training.services` under a lock on the cohort row (concurrent requests), not in clean().
        """
        if not (self.cohort_id and self.track):
            return {}
        seats = self.cohort.seats_for(self.track)
        taken = (
            Enrollment.objects.filter(cohort_id=self.cohort_id, track=self.track)
            .exclude(pk=self.pk)
            .exclude(status=EnrollmentStatus.DROPPED_OUT)
            .count()
        )
        if self.status != EnrollmentStatus.DROPPED_OUT and taken >= seats:
            message = (
                _("The cohort's %(seats)s away-track seats are all taken.")
                if self.track == Track.AWAY
                else _("The cohort's %(seats)s home-track seats are all taken.")
            )
            return {"track": message % {"seats": seats}}
        return {}


class EnrollmentTrackChange(models.Model):
    """A move of an enrollment from one track to the other, with why, when and by whom."""

    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("enrollment"), on_delete=models.CASCADE, related_name="track_changes"
    )
    from_track = models.CharField(verbose_name=_("from track"), max_length=4, choices=Track.choices)
    to_track = models.CharField(verbose_name=_("to track"), max_length=4, choices=Track.choices)
    reason = models.TextField(verbose_name=_("reason"))
    changed_at = models.DateTimeField(verbose_name=_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = EnrollmentPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment track change")
        verbose_name_plural = _("enrollment track changes")
        ordering = ["enrollment", "changed_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_track=F("to_track")), name=check_name("changes_track")),
            models.CheckConstraint(condition=~Q(reason=""), name=check_name("has_reason")),
        ]

    def __str__(self):
        return f"{self.enrollment}: {self.from_track} → {self.to_track}"
