"""The agreement itself: programmes, partnerships, their parties, cost-sharing table and amendments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gsp.errors import Refused
from gsp.models import TimeStampedModel, check_name, event_date
from gsp.money import CurrencyField
from identity.choices import OrganisationKind
from identity.models import Organisation
from reference.models import Country, HealthSafeguardsList, Occupation, health_occupation_q

from ..choices import AmendmentStatus, CostCategory, PartnershipStatus, PartyRole, PayerRole, Track
from ..cost_sharing import table_errors, version_in_force
from ..querysets import PartnershipPartQuerySet, PartnershipQuerySet, ProgrammeQuerySet

S = PartnershipStatus
# No partnership trains more people than this on one track: a guard against typing errors and overflow.
MAX_TARGET = 1_000_000
# Days a migration journey may stay at one stage before it is shown as stalled, unless the partnership says otherwise.
DEFAULT_STALL_THRESHOLD_DAYS = 60

# Which status may follow which. Preconditions beyond this table are checked by `Partnership.transition`.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.NEGOTIATING,),
    S.NEGOTIATING: (S.DRAFT, S.SIGNED),
    S.SIGNED: (S.ACTIVE, S.SUSPENDED, S.CLOSED),
    S.ACTIVE: (S.SUSPENDED, S.CLOSED),
    S.SUSPENDED: (S.ACTIVE, S.CLOSED),
    S.CLOSED: (),
}


class Programme(TimeStampedModel):
    """A group of bilateral partnerships run as one, e.g. APTC across several Pacific countries."""

    code = models.SlugField(verbose_name=_("code"), max_length=40, unique=True)
    title = models.CharField(verbose_name=_("title"), max_length=200)
    description = models.TextField(verbose_name=_("description"), blank=True)
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("funder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_programmes",
    )
    reporting_currency = CurrencyField(
        verbose_name=_("reporting currency"), help_text=_("The currency of the programme's reports (ISO 4217).")
    )
    history = HistoricalRecords()

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]

    def __str__(self):
        return self.title


class Partnership(TimeStampedModel):
    """A Global Skill Partnership between an origin and a destination country.

    Its status moves through `draft → negotiating → signed → active → closed` (or `suspended`) only by
    `transition`, which checks preconditions and records each move.
    """

    code = models.SlugField(verbose_name=_("code"), max_length=40, unique=True)
    title = models.CharField(verbose_name=_("title"), max_length=200)
    description = models.TextField(verbose_name=_("description"), blank=True)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    origin_country = models.ForeignKey(
        Country, verbose_name=_("origin country"), on_delete=models.PROTECT, related_name="partnerships_as_origin"
    )
    destination_country = models.ForeignKey(
        Country,
        verbose_name=_("destination country"),
        on_delete=models.PROTECT,
        related_name="partnerships_as_destination",
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=12, choices=PartnershipStatus.choices, default=S.DRAFT, db_index=True
    )
    signed_on = event_date(verbose_name=_("signed on"), null=True, blank=True)
    start_date = event_date(verbose_name=_("start date"), null=True, blank=True)
    end_date = event_date(verbose_name=_("end date"), null=True, blank=True)
    reporting_currency = CurrencyField(verbose_name=_("reporting currency"))
    target_home = models.PositiveIntegerField(
        verbose_name=_("target home"),
        default=0,
        validators=[MaxValueValidator(MAX_TARGET)],
        help_text=_("Trainees to train on the home track."),
    )
    target_away = models.PositiveIntegerField(
        verbose_name=_("target away"),
        default=0,
        validators=[MaxValueValidator(MAX_TARGET)],
        help_text=_("Trainees to train on the away track."),
    )
    occupations = models.ManyToManyField(
        Occupation, verbose_name=_("occupations"), blank=True, related_name="partnerships"
    )
    g2g_agreement = models.BooleanField(
        _("government-to-government agreement"),
        default=False,
        help_text=_("Required to recruit health personnel from a country on the WHO safeguards list."),
    )
    recruitment_fee_cap = models.DecimalField(
        verbose_name=_("recruitment fee cap"),
        max_digits=14,
        decimal_places=2,
        default=0,
        help_text=_("Most a worker may pay to get the job, in the reporting currency (employer pays: 0)."),
    )
    stall_threshold_days = models.PositiveSmallIntegerField(
        verbose_name=_("stall threshold (days)"),
        default=DEFAULT_STALL_THRESHOLD_DAYS,
        validators=[MinValueValidator(1)],
        help_text=_("A migration journey still open more than this many days after reaching its stage is stalled."),
    )
    history = HistoricalRecords(m2m_fields=[occupations])

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(origin_country=F("destination_country")), name=check_name("distinct_countries")
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name=check_name("dates_ordered"),
            ),
            models.CheckConstraint(condition=Q(status__in=PartnershipStatus.values), name=check_name("status_valid")),
            models.CheckConstraint(condition=Q(recruitment_fee_cap__gte=0), name=check_name("fee_cap_not_negative")),
            models.CheckConstraint(
                condition=Q(stall_threshold_days__gt=0), name=check_name("stall_threshold_positive")
            ),
            models.CheckConstraint(
                condition=Q(status__in=[S.DRAFT, S.NEGOTIATING]) | Q(signed_on__isnull=False),
                name=check_name("signed_has_date"),
            ),
        ]
        indexes = [models.Index(fields=["origin_country", "destination_country"])]

    def __str__(self):
        return self.title

    def clean(self):
        if self.origin_country_id and self.origin_country_id == self.destination_country_id:
            raise ValidationError({"destination_country": _("The destination must differ from the origin.")})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        if self.pk and self.is_binding:
            stored = Partnership.objects.filter(pk=self.pk).values("target_home", "target_away").first() or {}
            changed = [k for k, v in stored.items() if getattr(self, k) != v]
            if changed:
                raise Refused(
                    dict.fromkeys(changed, _("The agreement is signed: change its targets through an amendment."))
                )

    # --- safeguards ----------------------------------------------------------------------------------
    def health_occupations(self):
        """Health occupations this partnership covers: declared, asked for by employers, or taught."""
        q = Q(partnerships=self) | Q(skill_needs__partnership=self) | Q(courses__cohorts__partnership=self)
        return Occupation.objects.filter(q).filter(health_occupation_q()).distinct()

    def safeguards_issue(self) -> str | None:
        """Why this partnership may not be signed under the WHO code, or None."""
        if self.g2g_agreement:
            return None
        safeguards = HealthSafeguardsList.current()
        if not safeguards or not safeguards.countries.filter(pk=self.origin_country_id).exists():
            return None
        codes = list(self.health_occupations().values_list("code", flat=True)[:5])
        if not codes:
            return None
        return _(
            "%(country)s is on the WHO health workforce safeguards list (%(version)s) and this partnership recruits "
            "health personnel (ISCO-08 %(codes)s): it needs a government-to-government agreement before it can be "
            "signed."
        ) % {"country": self.origin_country, "version": safeguards.version, "codes": ", ".join(codes)}

    # --- cost sharing ----------------------------------------------------------------------------------
    def cost_share_versions(self) -> list:
        """The valid-from dates of the cost-sharing table's versions, oldest first."""
        return sorted(set(self.cost_share_rules.values_list("valid_from", flat=True)))

    def cost_share_rules_on(self, on=None):
        """The rules of the version in force on `on` (today by default), or of the first version if none is yet."""
        versions = self.cost_share_versions()
        if not versions:
            return self.cost_share_rules.none()
        version = version_in_force(versions, on or timezone.localdate()) or versions[0]
        return self.cost_share_rules.filter(valid_from=version)

    def cost_sharing_errors(self, *, require_complete: bool = True) -> list[str]:
        """Every version must be a whole table; with none at all the table is incomplete."""
        versions = self.cost_share_versions()
        if not versions:
            return table_errors([], require_complete=require_complete)
        errors = []
        for version in versions:
            found = table_errors(self.cost_share_rules.filter(valid_from=version), require_complete=require_complete)
            if len(versions) > 1:
                found = [_("version of %(date)s: %(error)s") % {"date": version.isoformat(), "error": e} for e in found]
            errors += found
        return errors

    # --- lifecycle -------------------------------------------------------------------------------------
    def allowed_transitions(self) -> tuple[str, ...]:
        return TRANSITIONS[self.status]

    def transition_errors(self, to_status: str) -> list[str]:
        if to_status not in self.allowed_transitions():
            return [
                _("A %(status)s partnership cannot move to %(to_status)s.")
                % {"status": self.get_status_display().lower(), "to_status": to_status}
            ]
        errors = []
        if to_status == S.SIGNED and (issue := self.safeguards_issue()):
            errors.append(issue)
        if to_status == S.ACTIVE:
            errors += [_("Cost sharing: %(error)s") % {"error": e} for e in self.cost_sharing_errors()]
        return errors

    def transition(self, to_status: str, **kwargs) -> "PartnershipTransition":
        """Shorthand for `partnerships.services.partnership_transition` (the service holds the rule)."""
        from ..services import partnership_transition

        return partnership_transition(partnership=self, to_status=to_status, **kwargs)

    def negotiate(self, **kw):
        return self.transition(S.NEGOTIATING, **kw)

    def sign(self, **kw):
        return self.transition(S.SIGNED, **kw)

    def activate(self, **kw):
        return self.transition(S.ACTIVE, **kw)

    def suspend(self, **kw):
        return self.transition(S.SUSPENDED, **kw)

    def close(self, **kw):
        return self.transition(S.CLOSED, **kw)

    @property
    def is_binding(self) -> bool:
        """Once signed, targets and cost sharing change only through amendments."""
        return self.status not in (S.DRAFT, S.NEGOTIATING)


class PartnershipTransition(models.Model):
    """One recorded move of a partnership's status: from, to, by whom, when, why."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(verbose_name=_("from status"), max_length=12, choices=PartnershipStatus.choices)
    to_status = models.CharField(verbose_name=_("to status"), max_length=12, choices=PartnershipStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(verbose_name=_("at"), default=timezone.now)
    note = models.TextField(verbose_name=_("note"), blank=True)

    objects = PartnershipPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership transition")
        verbose_name_plural = _("partnership transitions")
        ordering = ["partnership", "at"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_status=F("to_status")), name=check_name("changes_status")),
        ]

    def __str__(self):
        return f"{self.partnership}: {self.from_status} → {self.to_status}"


class PartnershipParty(TimeStampedModel):
    """An organisation's role in a partnership (origin government, employer, training provider…)."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="parties"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="parties"
    )
    role = models.CharField(verbose_name=_("role"), max_length=30, choices=PartyRole.choices)
    history = HistoricalRecords()

    objects = PartnershipPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership party")
        ordering = ["partnership", "role", "organisation"]
        verbose_name_plural = _("partnership parties")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organisation", "role"], name=check_name("unique_role")),
            models.CheckConstraint(condition=Q(role__in=PartyRole.values), name=check_name("role_valid")),
        ]

    def __str__(self):
        return _("%(organisation)s as %(role)s in %(partnership)s") % {
            "organisation": self.organisation,
            "role": self.get_role_display(),
            "partnership": self.partnership,
        }

    def clean(self):
        if not (self.partnership_id and self.organisation_id):
            return
        org, p = self.organisation, self.partnership
        expected_country = {
            PartyRole.ORIGIN_GOVERNMENT: p.origin_country_id,
            PartyRole.DESTINATION_GOVERNMENT: p.destination_country_id,
        }.get(self.role)
        if expected_country and (org.kind != OrganisationKind.GOVERNMENT or org.country_id != expected_country):
            raise ValidationError(
                {
                    "organisation": _("The %(role)s must be a government of %(country)s.")
                    % {"role": self.get_role_display().lower(), "country": expected_country}
                }
            )
        if self.role == PartyRole.EMPLOYER and org.country_id not in (p.origin_country_id, p.destination_country_id):
            raise ValidationError(
                {"organisation": _("An employer party must be in the origin or destination country.")}
            )
        kind_roles = (PartyRole.EMPLOYER, PartyRole.TRAINING_PROVIDER, PartyRole.DONOR, PartyRole.AGENCY)
        if self.role in kind_roles and org.kind != self.role:
            raise ValidationError(
                {"organisation": _("A %(role)s party must be an organisation of that kind.") % {"role": self.role}}
            )


class CostShareRule(TimeStampedModel):
    """Share (%) of one cost category of one track that one payer role pays, in the version of the table valid
    from `valid_from`.

    For each (partnership, version, track, category) the shares sum to exactly 100 %; that whole-table rule is
    checked by `partnerships.cost_sharing.table_errors` when a version is saved as a whole. A version is never
    rewritten once the agreement is signed: an approved amendment adds a new one from its effective date, so a
    report splits each cohort's costs with the version in force when the cohort started.
    """

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="cost_share_rules"
    )
    valid_from = event_date(
        verbose_name=_("valid from"),
        help_text=_("The first day this version of the table applies (to cohorts starting then)."),
    )
    track = models.CharField(verbose_name=_("track"), max_length=4, choices=Track.choices)
    category = models.CharField(verbose_name=_("category"), max_length=30, choices=CostCategory.choices)
    payer_role = models.CharField(verbose_name=_("payer role"), max_length=30, choices=PayerRole.choices)
    share = models.DecimalField(
        verbose_name=_("share"), max_digits=5, decimal_places=2, help_text=_("Percent, above 0 and at most 100.")
    )
    history = HistoricalRecords()

    objects = PartnershipPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("cost share rule")
        verbose_name_plural = _("cost share rules")
        ordering = ["partnership", "valid_from", "track", "category", "payer_role"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "valid_from", "track", "category", "payer_role"], name=check_name("unique_payer")
            ),
            models.CheckConstraint(condition=Q(share__gt=0, share__lte=100), name=check_name("share_range")),
            models.CheckConstraint(condition=Q(track__in=Track.values), name=check_name("track_valid")),
            models.CheckConstraint(condition=Q(category__in=CostCategory.values), name=check_name("category_valid")),
            models.CheckConstraint(condition=Q(payer_role__in=PayerRole.values), name=check_name("payer_valid")),
        ]

    def __str__(self):
        return (
            f"{self.partnership.code} from {self.valid_from}: {self.track}/{self.category}: "
            f"{self.payer_role} {self.share} %"
        )


def _field_errors(model, name: str, value, *, whole: bool = False) -> list[str]:
    """What the model field `name` says of `value`: the same validation as the object an amendment changes."""
    if whole and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        return [_("%(name)s must be a whole number of trainees, zero or more.") % {"name": name}]
    try:
        model._meta.get_field(name).clean(value, None)
    except ValidationError as exc:
        return [_("%(name)s: %(error)s") % {"name": name, "error": message} for message in exc.messages]
    return []


COST_SHARE_KEYS = ("track", "category", "payer_role", "share")


def _cost_sharing_errors(rows) -> list[str]:
    """A replacement cost-sharing table: rows with exactly the rule's fields, each valid as a `CostShareRule`
    field, and the whole table complete, each track × category summing to 100 %."""
    if not isinstance(rows, list) or not all(isinstance(r, dict) and set(COST_SHARE_KEYS) <= set(r) for r in rows):
        return [_("cost_sharing must be a list of rows with track, category, payer_role and share.")]
    if extra := sorted({str(k) for r in rows for k in r} - set(COST_SHARE_KEYS)):
        return [
            _("cost_sharing rows hold only track, category, payer_role and share, not %(keys)s.")
            % {"keys": ", ".join(extra)}
        ]
    errors = [e for row in rows for key in COST_SHARE_KEYS for e in _field_errors(CostShareRule, key, row[key])]
    return errors or table_errors(rows, require_complete=True)


class Amendment(TimeStampedModel):
    """A proposed change to a signed partnership's targets or cost-sharing table.

    `changes` holds `{"target_home": n, "target_away": n, "cost_sharing": [rows]}` (any subset; a
    `cost_sharing` list is a whole new version of the table, valid from `effective_date`). It takes effect only
    when both governments have approved it; `snapshot_before` keeps the agreement as it was, and earlier
    versions of the cost-sharing table stay in force for the cohorts that started under them.
    """

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="amendments"
    )
    number = models.PositiveIntegerField(verbose_name=_("number"))
    summary = models.CharField(verbose_name=_("summary"), max_length=300)
    changes = models.JSONField(verbose_name=_("changes"))
    effective_date = event_date(
        verbose_name=_("effective date"),
        null=True,
        blank=True,
        help_text=_(
            "The first day the change applies; a new cost-sharing version starts then. Empty: the day both "
            "governments have approved it."
        ),
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    origin_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("origin approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    origin_approved_at = models.DateTimeField(verbose_name=_("origin approved at"), null=True, blank=True)
    destination_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destination approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    destination_approved_at = models.DateTimeField(verbose_name=_("destination approved at"), null=True, blank=True)
    applied_at = models.DateTimeField(verbose_name=_("applied at"), null=True, blank=True)
    snapshot_before = models.JSONField(verbose_name=_("snapshot before"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PartnershipPartQuerySet.as_manager()

    CHANGE_KEYS = {"target_home", "target_away", "cost_sharing"}

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["partnership", "number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name=check_name("unique_number")),
            models.CheckConstraint(condition=Q(status__in=AmendmentStatus.values), name=check_name("status_valid")),
            models.CheckConstraint(
                condition=~Q(status=AmendmentStatus.APPLIED)
                | Q(origin_approved_at__isnull=False, destination_approved_at__isnull=False, applied_at__isnull=False),
                name=check_name("applied_when_both_approved"),
            ),
        ]

    def __str__(self):
        return _("%(partnership)s amendment %(number)s: %(summary)s") % {
            "partnership": self.partnership.code,
            "number": self.number,
            "summary": self.summary,
        }

    def clean(self):
        if not isinstance(self.changes, dict) or not self.changes:
            raise ValidationError({"changes": _("Name at least one change: target_home, target_away or cost_sharing.")})
        errors = []
        if unknown := set(self.changes) - self.CHANGE_KEYS:
            errors.append(_("Unknown changes: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
        for key in ("target_home", "target_away"):
            if key in self.changes:
                errors += _field_errors(Partnership, key, self.changes[key], whole=True)
        if "cost_sharing" in self.changes:
            errors += _cost_sharing_errors(self.changes["cost_sharing"])
        if errors:
            raise ValidationError({"changes": errors})

    def snapshot(self) -> dict:
        p = self.partnership
        return {
            "target_home": p.target_home,
            "target_away": p.target_away,
            "cost_sharing": [
                {
                    "valid_from": r.valid_from.isoformat(),
                    "track": r.track,
                    "category": r.category,
                    "payer_role": r.payer_role,
                    "share": str(r.share),
                }
                for r in p.cost_share_rules_on(self.effective_date)
            ],
        }
