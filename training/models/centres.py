"""Training centres in the origin and the courses they run, with what each course costs per trainee."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gsp.models import TimeStampedModel, check_name, event_date
from gsp.money import CurrencyField, money_field
from identity.choices import OrganisationKind
from identity.models import Organisation
from partnerships.choices import PER_TRAINEE_COST_CHOICES, CostCategory, LanguageLevel, TrackScope
from reference.models import Country, Occupation

from ..querysets import CourseCostQuerySet, CourseQuerySet, TrainingCentreManager


class TrainingCentre(TimeStampedModel):
    """The training profile of a `training_provider` organisation: campus, capacity, accreditation.

    The campus country may differ from the trainees' nationality (APTC trains Kiribati nationals in Fiji).
    """

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="training_centre"
    )
    campus_country = models.ForeignKey(
        Country, verbose_name=_("campus country"), on_delete=models.PROTECT, related_name="training_centres"
    )
    city = models.CharField(verbose_name=_("city"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(verbose_name=_("capacity"), help_text=_("Trainees it can teach at once."))
    accreditation = models.CharField(verbose_name=_("accreditation"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = TrainingCentreManager()

    class Meta:
        verbose_name = _("training centre")
        verbose_name_plural = _("training centres")
        ordering = ["organisation__name"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gt=0), name=check_name("capacity_positive"))]

    def __str__(self):
        return self.organisation.name + (f", {self.city}" if self.city else "")

    def clean(self):
        if self.organisation_id and self.organisation.kind != OrganisationKind.TRAINING_PROVIDER:
            raise ValidationError({"organisation": _("A training centre belongs to a training provider.")})


class Course(TimeStampedModel):
    """A course a centre teaches for one occupation, with the qualifications it awards."""

    centre = models.ForeignKey(
        TrainingCentre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="courses"
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(verbose_name=_("title"), max_length=200)
    duration_weeks = models.PositiveSmallIntegerField(verbose_name=_("duration weeks"))
    qualification_origin = models.CharField(_("qualification (origin)"), max_length=200, blank=True)
    qualification_destination = models.CharField(
        _("qualification recognised in the destination"), max_length=200, blank=True
    )
    language_taught = models.CharField(
        verbose_name=_("language taught"), max_length=50, blank=True, help_text=_("e.g. German, English")
    )
    language_target_level = models.CharField(
        verbose_name=_("language target level"), max_length=2, choices=LanguageLevel.choices, blank=True
    )
    history = HistoricalRecords()

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["centre", "title"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "title"], name=check_name("unique_title")),
            models.CheckConstraint(
                condition=Q(duration_weeks__gt=0, duration_weeks__lte=520), name=check_name("duration_range")
            ),
        ]

    def __str__(self):
        return self.title


class CourseCost(TimeStampedModel):
    """A cost line of a course: amount per trainee in one category, for one or both tracks, from a date.

    Prices change (inflation, a new contract): a new price is a new line valid from a later date, and a cohort is
    costed with the lines in force at its start — per category, those with the latest `valid_from` on or before
    it (a category's `both`/`home`/`away` lines change together).
    """

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="costs")
    category = models.CharField(verbose_name=_("category"), max_length=30, choices=PER_TRAINEE_COST_CHOICES)
    valid_from = event_date(verbose_name=_("valid from"), help_text=_("The first cohort start this price applies to."))
    applies_to = models.CharField(
        verbose_name=_("applies to"), max_length=4, choices=TrackScope.choices, default=TrackScope.BOTH
    )
    amount = money_field(verbose_name=_("amount"), help_text=_("Per trainee."))
    currency = CurrencyField(verbose_name=_("currency"))
    history = HistoricalRecords()

    objects = CourseCostQuerySet.as_manager()

    class Meta:
        verbose_name = _("course cost")
        verbose_name_plural = _("course costs")
        ordering = ["course", "category", "valid_from", "applies_to"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "category", "valid_from", "applies_to"], name=check_name("unique_line")
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name=check_name("amount_not_negative")),
            models.CheckConstraint(
                condition=Q(category__in=CostCategory.per_trainee()), name=check_name("category_valid")
            ),
            models.CheckConstraint(condition=Q(applies_to__in=TrackScope.values), name=check_name("scope_valid")),
        ]

    def __str__(self):
        return _("%(course)s: %(category)s %(amount)s %(currency)s (%(applies_to)s) from %(date)s") % {
            "course": self.course,
            "category": self.category,
            "amount": self.amount,
            "currency": self.currency,
            "applies_to": self.applies_to,
            "date": self.valid_from,
        }

    def clean(self):
        away_only = {CostCategory.PRE_DEPARTURE, CostCategory.TRAVEL_VISA}
        if self.category in away_only and self.applies_to != TrackScope.AWAY:
            raise ValidationError({"applies_to": _("Departure costs apply to the away track only.")})
        if not self.course_id:
            return
        overlap = CourseCost.objects.filter(
            course_id=self.course_id, category=self.category, valid_from=self.valid_from
        ).exclude(pk=self.pk)
        scopes = set(overlap.values_list("applies_to", flat=True))
        if (self.applies_to == TrackScope.BOTH and scopes) or TrackScope.BOTH in scopes:
            raise ValidationError(
                {"applies_to": _("A category costs either both tracks once or each track separately.")}
            )
