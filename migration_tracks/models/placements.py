"""Placements of trained workers with employers, and what workers paid to get the job."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gsp.models import CopiesCohort, TimeStampedModel, check_name, cohort_cursor_index, cursor_index, event_date
from gsp.money import CurrencyField, money_field
from partnerships.choices import Track, WagePeriod
from partnerships.models import SkillNeed
from training.models import Enrollment

from ..choices import INACTIVE_PLACEMENT_STATUSES, PlacementStatus
from ..querysets import PlacementQuerySet, RecruitmentFeeQuerySet

P = PlacementStatus
# What each earlier date records, as "this date is before …" names it (in English, the field without "_on").
EVENTS = {
    "offered_on": pgettext_lazy("this date is before …", "offered"),
    "accepted_on": pgettext_lazy("this date is before …", "accepted"),
    "started_on": pgettext_lazy("this date is before …", "started"),
}


def _after(later: str, earlier: str) -> Q:
    return Q(**{f"{later}__isnull": True}) | Q(**{f"{earlier}__isnull": True}) | Q(**{f"{later}__gte": F(earlier)})


class Placement(CopiesCohort, TimeStampedModel):
    """A trained worker placed with an employer against one of its skill needs.

    The skill need's country must match the enrollment's track (away → destination), and a skill need
    never holds more active placements than it has positions (checked under a row lock by
    `migration_tracks.services.placement_create`). Optional commitment and income-contingent repayment
    terms, as in CGD's example of Maria who repays 10 % of her earnings over four years.
    """

    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("enrollment"), on_delete=models.PROTECT, related_name="placements"
    )
    # The enrollment's cohort, copied on save (an enrollment never changes cohort, and the cohort's partnership is the
    # skill need's: `clean`): the key every visibility rule selects placements by (`querysets.placement_q`), so that a
    # page of what a centre or a ministry sees is one range of the (cohort, updated, id) index.
    cohort = models.ForeignKey(
        "training.Cohort", verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    cohort_source = "enrollment"
    skill_need = models.ForeignKey(
        SkillNeed, verbose_name=_("skill need"), on_delete=models.PROTECT, related_name="placements"
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=PlacementStatus.choices, default=P.OFFERED
    )
    offered_on = event_date(verbose_name=_("offered on"))
    accepted_on = event_date(verbose_name=_("accepted on"), null=True, blank=True)
    started_on = event_date(verbose_name=_("started on"), null=True, blank=True)
    ended_on = event_date(verbose_name=_("ended on"), null=True, blank=True)
    declined_on = event_date(
        verbose_name=_("declined on"),
        null=True,
        blank=True,
        help_text=_("When the candidate's side declined the offer."),
    )
    withdrawn_on = event_date(
        verbose_name=_("withdrawn on"), null=True, blank=True, help_text=_("When the offer was withdrawn.")
    )
    wage_amount = models.DecimalField(
        verbose_name=_("wage amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    wage_currency = CurrencyField(verbose_name=_("wage currency"), blank=True)
    wage_period = models.CharField(
        verbose_name=_("wage period"), max_length=10, choices=WagePeriod.choices, default=WagePeriod.MONTH
    )
    commitment_months = models.PositiveSmallIntegerField(verbose_name=_("commitment months"), null=True, blank=True)
    repayment_amount = models.DecimalField(
        verbose_name=_("repayment amount"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The trainee's share to repay."),
    )
    repayment_currency = CurrencyField(verbose_name=_("repayment currency"), blank=True)
    repayment_percent = models.DecimalField(
        verbose_name=_("repayment percent"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Percent of earnings repaid."),
    )
    repayment_months = models.PositiveSmallIntegerField(verbose_name=_("repayment months"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-offered_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "skill_need"], name=check_name("unique_enrollment_need")),
            models.CheckConstraint(condition=Q(status__in=PlacementStatus.values), name=check_name("status_valid")),
            models.CheckConstraint(
                condition=_after("accepted_on", "offered_on"), name=check_name("accepted_after_offer")
            ),
            models.CheckConstraint(
                condition=_after("started_on", "offered_on"), name=check_name("started_after_offer")
            ),
            models.CheckConstraint(
                condition=_after("started_on", "accepted_on"), name=check_name("started_after_accept")
            ),
            models.CheckConstraint(condition=_after("ended_on", "started_on"), name=check_name("ended_after_start")),
            models.CheckConstraint(
                condition=~Q(status__in=[P.STARTED, P.ENDED]) | Q(started_on__isnull=False),
                name=check_name("started_has_date"),
            ),
            models.CheckConstraint(
                condition=~Q(status=P.ENDED) | Q(ended_on__isnull=False), name=check_name("ended_has_date")
            ),
            models.CheckConstraint(
                condition=Q(wage_amount__isnull=True) | (Q(wage_amount__gt=0) & ~Q(wage_currency="")),
                name=check_name("wage_with_currency"),
            ),
            models.CheckConstraint(
                condition=~Q(status=P.DECLINED) | Q(declined_on__isnull=False), name=check_name("declined_has_date")
            ),
            models.CheckConstraint(
                condition=~Q(status=P.WITHDRAWN) | Q(withdrawn_on__isnull=False),
                name=check_name("withdrawn_has_date"),
            ),
            models.CheckConstraint(
                condition=_after("declined_on", "offered_on"), name=check_name("declined_after_offer")
            ),
            models.CheckConstraint(
                condition=_after("withdrawn_on", "offered_on"), name=check_name("withdrawn_after_offer")
            ),
            models.CheckConstraint(
                condition=Q(repayment_amount__isnull=True) | (Q(repayment_amount__gt=0) & ~Q(repayment_currency="")),
                name=check_name("repayment_with_currency"),
            ),
            models.CheckConstraint(
                condition=Q(repayment_percent__isnull=True) | Q(repayment_percent__gt=0, repayment_percent__lte=100),
                name=check_name("repayment_percent_range"),
            ),
            models.CheckConstraint(
                condition=Q(repayment_percent__isnull=True, repayment_months__isnull=True)
                # months IS NOT NULL is needed: NULL > 0 is unknown, and a CHECK lets unknown through.
                | Q(repayment_percent__isnull=False, repayment_months__isnull=False, repayment_months__gt=0),
                name=check_name("repayment_terms_complete"),
            ),
        ]
        indexes = [
            models.Index(fields=["skill_need", "status"]),
            models.Index(fields=["enrollment", "started_on"]),
            cursor_index(),
            cohort_cursor_index(),
        ]

    def __str__(self):
        return f"{self.enrollment.trainee} → {self.skill_need.employer.name} ({self.status})"

    @property
    def is_active(self) -> bool:
        """Holds a position: the Python twin of `PlacementQuerySet.active()` for an unsaved row."""
        return self.status not in INACTIVE_PLACEMENT_STATUSES

    def clean(self):
        errors = {}
        if self.enrollment_id and self.skill_need_id:
            need, enrollment = self.skill_need, self.enrollment
            if enrollment.cohort.partnership_id != need.partnership_id:
                errors["skill_need"] = _("The skill need belongs to another partnership than the enrollment.")
            elif enrollment.track != need.track:
                errors["skill_need"] = (
                    _("An away-track worker is placed with an employer in the destination.")
                    if enrollment.track == Track.AWAY
                    else _("A home-track worker is placed with an employer in the origin.")
                )
        if self.status in (P.STARTED, P.ENDED) and not self.started_on:
            errors["started_on"] = _("A started placement needs its start date.")
        if self.status == P.ENDED and not self.ended_on:
            errors["ended_on"] = _("An ended placement needs its end date.")
        if self.status == P.DECLINED and not self.declined_on:
            errors["declined_on"] = _("A declined offer needs the date it was declined.")
        if self.status == P.WITHDRAWN and not self.withdrawn_on:
            errors["withdrawn_on"] = _("A withdrawn offer needs the date it was withdrawn.")
        if self.repayment_amount is not None and not self.repayment_currency:
            errors["repayment_currency"] = _("A repayment amount needs its currency.")
        # The same order as the *_after_* constraints, so a form names the field instead of a constraint.
        for later, earlier in (
            ("accepted_on", "offered_on"),
            ("started_on", "offered_on"),
            ("started_on", "accepted_on"),
            ("ended_on", "started_on"),
            ("declined_on", "offered_on"),
            ("withdrawn_on", "offered_on"),
        ):
            a, b = getattr(self, later), getattr(self, earlier)
            if a and b and a < b:
                errors[later] = _("This date is before %(event)s.") % {"event": EVENTS[earlier]}
        if errors:
            raise ValidationError(errors)

    def record_status_dates(self, was: str | None, on: dt.date | None = None) -> None:
        """Declining and withdrawing record their day (`on`, today by default, unless one is given), so a later
        change never alters a past report (DESIGN §3). An offer revived from either no longer carries that date:
        it would otherwise never count as placed once it starts. `was` is the stored status (None for a new row)."""
        on = on or timezone.localdate()
        for status, field in ((P.DECLINED, "declined_on"), (P.WITHDRAWN, "withdrawn_on")):
            if self.status == status and was != status and not getattr(self, field):
                setattr(self, field, on)
            elif self.status != status and was == status:
                setattr(self, field, None)

    def position_errors(self) -> dict:
        """The position rule: a skill need never holds more active placements than it has positions.

        Checked by `migration_tracks.services` under a lock on the skill need row, not in clean().
        """
        if not (self.skill_need_id and self.is_active):
            return {}
        taken = Placement.objects.filter(skill_need_id=self.skill_need_id).exclude(pk=self.pk).active().count()
        if taken >= self.skill_need.positions:
            return {
                "skill_need": _("All %(positions)s positions of this skill need are taken.")
                % {"positions": self.skill_need.positions}
            }
        return {}


class RecruitmentFee(TimeStampedModel):
    """Something a worker paid anyone to get the job. Employer pays: the agreement's cap is 0 by default."""

    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="recruitment_fees"
    )
    amount = money_field(verbose_name=_("amount"))
    currency = CurrencyField(verbose_name=_("currency"))
    payee = models.CharField(verbose_name=_("payee"), max_length=200)
    paid_on = event_date(verbose_name=_("paid on"))
    history = HistoricalRecords()

    objects = RecruitmentFeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("recruitment fee")
        verbose_name_plural = _("recruitment fees")
        ordering = ["placement", "paid_on"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name=check_name("amount_positive"))]

    def __str__(self):
        return _("%(amount)s %(currency)s paid to %(payee)s") % {
            "amount": self.amount,
            "currency": self.currency,
            "payee": self.payee,
        }
