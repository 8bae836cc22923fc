"""What employers ask for."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gsp.models import TimeStampedModel, check_name, event_date
from gsp.money import CurrencyField
from identity.choices import OrganisationKind
from identity.models import Organisation
from reference.models import Country, Occupation

from ..choices import LanguageLevel, SkillNeedStatus, Track, WagePeriod
from ..querysets import SkillNeedQuerySet
from .agreements import Partnership


class SkillNeed(TimeStampedModel):
    """An employer's request for `positions` workers in an occupation.

    An employer in the destination is filled by the away track, one in the origin by the home track.
    Positions filled are counted from placements, never typed.
    """

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="skill_needs"
    )
    employer = models.ForeignKey(
        Organisation, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="skill_needs"
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT, related_name="skill_needs"
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="skill_needs"
    )
    positions = models.PositiveIntegerField(verbose_name=_("positions"))
    language_level = models.CharField(
        verbose_name=_("language level"), max_length=2, choices=LanguageLevel.choices, blank=True
    )
    wage_amount = models.DecimalField(
        verbose_name=_("wage amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    wage_currency = CurrencyField(verbose_name=_("wage currency"), blank=True)
    wage_period = models.CharField(
        verbose_name=_("wage period"), max_length=10, choices=WagePeriod.choices, default=WagePeriod.MONTH
    )
    needed_by = event_date(verbose_name=_("needed by"), null=True, blank=True)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=SkillNeedStatus.choices, default=SkillNeedStatus.OPEN
    )
    description = models.TextField(verbose_name=_("description"), blank=True)
    history = HistoricalRecords()

    objects = SkillNeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill need")
        verbose_name_plural = _("skill needs")
        ordering = ["partnership", "needed_by", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(positions__gt=0), name=check_name("positions_positive")),
            models.CheckConstraint(condition=Q(status__in=SkillNeedStatus.values), name=check_name("status_valid")),
            models.CheckConstraint(
                condition=Q(wage_amount__isnull=True) | (Q(wage_amount__gt=0) & ~Q(wage_currency="")),
                name=check_name("wage_with_currency"),
            ),
        ]
        indexes = [models.Index(fields=["partnership", "occupation", "country"])]

    def __str__(self):
        return _("%(positions)s × %(occupation)s for %(employer)s") % {
            "positions": self.positions,
            "occupation": self.occupation.title,
            "employer": self.employer.name,
        }

    @property
    def track(self) -> str | None:
        if not self.partnership_id or not self.country_id:
            return None
        return Track.AWAY if self.country_id == self.partnership.destination_country_id else Track.HOME

    def clean(self):
        errors = {}
        if self.positions is not None and self.positions < 1:  # the constraint's rule, said beside the field
            errors["positions"] = _("A skill need asks for at least one position.")
        if self.employer_id and self.employer.kind != OrganisationKind.EMPLOYER:
            errors["employer"] = _("Only an employer can log a skill need.")
        if self.partnership_id and self.country_id:
            p = self.partnership
            if self.country_id not in (p.origin_country_id, p.destination_country_id):
                errors["country"] = _("A skill need is in the partnership's origin or destination country.")
            elif self.employer_id and self.employer.country_id != self.country_id:
                errors["country"] = _("A skill need is in the employer's own country.")
        if errors:
            raise ValidationError(errors)
