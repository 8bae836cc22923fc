"""The away-track journey and what happens to workers after training."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gsp.errors import Refused
from gsp.models import CopiesCohort, TimeStampedModel, check_name, cohort_cursor_index, cursor_index, event_date
from gsp.money import CurrencyField
from partnerships.choices import Track
from reference.models import Country
from training.choices import EnrollmentStatus
from training.models import Enrollment

from ..choices import CLOSED_STAGES, FOLLOW_UP_MONTHS, STAGE_DATE_FIELDS, STAGE_ORDER, MigrationStage
from ..querysets import FollowUpQuerySet, MigrationCaseQuerySet
from .placements import Placement

M = MigrationStage
# A stage as the English messages name it (its code, which API clients send); other languages name it the way
# their catalogue says ("l'étape « Visa demandé »").
STAGE_CODES = {
    M.JOB_OFFER: pgettext_lazy("stage code", "job_offer"),
    M.VISA_APPLIED: pgettext_lazy("stage code", "visa_applied"),
    M.VISA_GRANTED: pgettext_lazy("stage code", "visa_granted"),
    M.VISA_REFUSED: pgettext_lazy("stage code", "visa_refused"),
    M.PRE_DEPARTURE: pgettext_lazy("stage code", "pre_departure"),
    M.DEPARTED: pgettext_lazy("stage code", "departed"),
    M.ARRIVED: pgettext_lazy("stage code", "arrived"),
    M.RECOGNISED: pgettext_lazy("stage code", "recognised"),
    M.RETURNED: pgettext_lazy("stage code", "returned"),
}

_CHAIN = [
    ("visa_applied_on", "job_offer_on"),
    ("visa_granted_on", "visa_applied_on"),
    ("visa_refused_on", "visa_applied_on"),
    ("pre_departure_on", "visa_granted_on"),
    ("departed_on", "visa_granted_on"),
    ("departed_on", "pre_departure_on"),
    ("arrived_on", "departed_on"),
    ("recognised_on", "arrived_on"),
    ("returned_on", "departed_on"),
    ("returned_on", "arrived_on"),
    ("returned_on", "recognised_on"),
]


class MigrationCase(CopiesCohort, TimeStampedModel):
    """The away-track journey of one placement as dated stages, moving forward only.

    A refused visa ends the case. Each stage's date is on or after the one before (database constraints).
    """

    placement = models.OneToOneField(
        Placement, verbose_name=_("placement"), on_delete=models.PROTECT, related_name="migration_case"
    )
    # The placement's cohort, copied on save: the key the visibility rule selects journeys by (`placement_q`), so
    # that a ministry's page of them is one range of the (cohort, updated, id) index.
    cohort = models.ForeignKey(
        "training.Cohort", verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    cohort_source = "placement"
    stage = models.CharField(
        verbose_name=_("stage"), max_length=15, choices=MigrationStage.choices, default=M.JOB_OFFER
    )
    job_offer_on = event_date(verbose_name=_("job offer on"))
    visa_applied_on = event_date(verbose_name=_("visa applied on"), null=True, blank=True)
    visa_granted_on = event_date(verbose_name=_("visa granted on"), null=True, blank=True)
    visa_refused_on = event_date(verbose_name=_("visa refused on"), null=True, blank=True)
    pre_departure_on = event_date(verbose_name=_("pre departure on"), null=True, blank=True)
    departed_on = event_date(verbose_name=_("departed on"), null=True, blank=True)
    arrived_on = event_date(verbose_name=_("arrived on"), null=True, blank=True)
    recognised_on = event_date(verbose_name=_("recognised on"), null=True, blank=True)
    returned_on = event_date(
        verbose_name=_("returned on"), null=True, blank=True, help_text=_("Back in the origin country.")
    )
    notes = models.TextField(verbose_name=_("notes"), blank=True)
    history = HistoricalRecords()

    objects = MigrationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("migration case")
        verbose_name_plural = _("migration cases")
        ordering = ["-job_offer_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=MigrationStage.values), name=check_name("stage_valid")),
            models.CheckConstraint(
                condition=Q(visa_granted_on__isnull=True) | Q(visa_refused_on__isnull=True),
                name=check_name("granted_or_refused"),
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{a}__isnull": True}) | Q(**{f"{b}__isnull": True}) | Q(**{f"{a}__gte": F(b)}),
                    name=check_name(f"{a.removesuffix('_on')}_after_{b.removesuffix('_on')}"),
                )
                for a, b in _CHAIN
            ],
        ]
        indexes = [models.Index(fields=["stage"]), cursor_index(), cohort_cursor_index()]

    def __str__(self):
        return _("Journey of placement %(placement)s: %(stage)s") % {
            "placement": self.placement_id,
            "stage": self.get_stage_display(),
        }

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    def stage_durations(self, on: date | None = None) -> list[dict]:
        """The stages the journey went through, in its order, each with the date it was entered and the whole days
        spent there: up to the next stage's date, or up to `on` (today by default) for the current stage of an open
        case (what `MigrationCaseQuerySet.with_journey` computes as `days_in_stage`); None for the last stage of a
        closed case, where the journey ended. Read from the case's own dates: no query."""
        on = on or timezone.localdate()
        reached = [(stage, getattr(self, field)) for stage, field in STAGE_DATE_FIELDS.items() if getattr(self, field)]
        # Each stage lasts until the next one reached; the last until `on`, unless the journey is over.
        ends = [entered_on for _stage, entered_on in reached[1:]] + [None if self.is_closed else on]
        spans = []
        for (stage, entered_on), until in zip(reached, ends, strict=True):
            spans.append(
                {
                    "stage": stage,
                    "label": MigrationStage(stage).label,
                    "entered_on": entered_on,
                    "days": (until - entered_on).days if until else None,
                    "current": stage == self.stage,
                }
            )
        return spans

    def clean(self):
        if self.placement_id and self.placement.enrollment.track != Track.AWAY:
            raise ValidationError({"placement": _("Only away-track placements have a migration journey.")})
        current = STAGE_DATE_FIELDS.get(self.stage)
        if current and not getattr(self, current):
            raise ValidationError({current: _("The current stage needs its date.")})
        for later, earlier in _CHAIN:
            a, b = getattr(self, later), getattr(self, earlier)
            if a and b and a < b:
                stage = STAGE_CODES[earlier.removesuffix("_on")]
                raise ValidationError({later: _("This stage is dated before %(stage)s.") % {"stage": stage}})

    def advance(self, stage: str, on: date) -> None:
        """Move to a later stage, dated `on`. Stages only move forward; a refused visa ends the case."""
        if self.stage == M.VISA_REFUSED:
            raise Refused({"stage": _("The visa was refused: this case is closed.")})
        if self.stage == M.RETURNED:
            raise Refused({"stage": _("The worker has returned: this case is closed.")})
        if stage == M.RETURNED and not self.departed_on:
            raise Refused({"stage": _("Only a worker who departed can return.")})
        if STAGE_ORDER[stage] <= STAGE_ORDER[self.stage]:
            raise Refused(
                {
                    "stage": _("A case at %(current)s cannot move back to %(stage)s.")
                    % {"current": self.get_stage_display(), "stage": STAGE_CODES[stage]}
                }
            )
        if stage != M.VISA_REFUSED and STAGE_ORDER[stage] >= STAGE_ORDER[M.PRE_DEPARTURE] and not self.visa_granted_on:
            raise Refused({"stage": _("No departure before the visa is granted.")})
        field, before = STAGE_DATE_FIELDS[stage], (self.stage, getattr(self, STAGE_DATE_FIELDS[stage]))
        setattr(self, field, on)
        self.stage = stage
        try:
            self.full_clean()
        except ValidationError:
            self.stage, _date = before  # leave the object as it was when the move is refused
            setattr(self, field, before[1])
            raise
        self.save()


class FollowUp(CopiesCohort, TimeStampedModel):
    """A tracer survey of a completer 6, 12 or 24 months after completion: work, country, wage, retention."""

    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("enrollment"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    # The enrollment's cohort, copied on save (an enrollment never changes cohort): the key the visibility rule
    # selects follow-ups by, so that a centre's page of them is one range of the (cohort, updated, id) index.
    cohort = models.ForeignKey(
        "training.Cohort", verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+", editable=False
    )
    cohort_source = "enrollment"
    months_since_completion = models.PositiveSmallIntegerField(
        verbose_name=_("months since completion"), choices=FOLLOW_UP_MONTHS
    )
    surveyed_on = event_date(verbose_name=_("surveyed on"))
    employed = models.BooleanField(verbose_name=_("employed"))
    country = models.ForeignKey(
        Country, verbose_name=_("country"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    wage_amount = models.DecimalField(
        verbose_name=_("wage amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    wage_currency = CurrencyField(verbose_name=_("wage currency"), blank=True)
    same_employer = models.BooleanField(
        verbose_name=_("same employer"), null=True, blank=True, help_text=_("Still with the employer of the placement.")
    )
    history = HistoricalRecords()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["enrollment", "months_since_completion"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "months_since_completion"], name=check_name("unique_enrollment_months")
            ),
            models.CheckConstraint(
                condition=Q(months_since_completion__in=[m for m, _ in FOLLOW_UP_MONTHS]),
                name=check_name("months_valid"),
            ),
            models.CheckConstraint(
                condition=Q(employed=True)
                | Q(wage_amount__isnull=True, same_employer__isnull=True)
                | Q(wage_amount__isnull=True, same_employer=False),
                name=check_name("unemployed_has_no_job"),
            ),
            models.CheckConstraint(
                condition=Q(wage_amount__isnull=True) | (Q(wage_amount__gt=0) & ~Q(wage_currency="")),
                name=check_name("wage_with_currency"),
            ),
        ]
        indexes = [
            models.Index(fields=["months_since_completion", "same_employer"]),
            cursor_index(),
            cohort_cursor_index(),
        ]

    def __str__(self):
        return _("Follow-up of %(enrollment)s at %(months)s months") % {
            "enrollment": self.enrollment_id,
            "months": self.months_since_completion,
        }

    def clean(self):
        e = self.enrollment if self.enrollment_id else None
        if e and e.status != EnrollmentStatus.COMPLETED:
            raise ValidationError({"enrollment": _("Only completers are followed up.")})
        if e and e.completed_on and self.surveyed_on and self.surveyed_on < e.completed_on:
            raise ValidationError({"surveyed_on": _("A follow-up comes after completion.")})
        if not self.employed and (self.wage_amount is not None or self.same_employer):
            raise ValidationError({"employed": _("Someone not employed has no wage and no employer.")})
