"""Trainees: personal data, kept to what the partnership needs."""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gsp.models import TimeStampedModel, birth_date, check_name, cursor_index, plausible_moment
from identity.models import Organisation
from reference.models import Country

from ..choices import AccessSurface, ConsentPurpose, Gender
from ..querysets import PersonalDataAccessQuerySet, TraineeQuerySet


def hash_national_id(country_code: str, raw: str) -> str:
    """Keyed hash of a national ID: finds duplicates without keeping the ID (nor a rainbow-table target)."""
    normalised = "".join(ch for ch in raw.upper() if ch.isalnum())
    message = f"{country_code.upper()}:{normalised}".encode()
    return hmac.new(settings.NATIONAL_ID_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


class Trainee(TimeStampedModel):
    """A person in training. Personal data: who may see it is decided by the visibility layer (DESIGN §4).

    The national ID is never stored, only its keyed hash (`set_national_id`), so two records of the same
    person are detected without the ID being readable from the database, an export or a backup.
    """

    given_name = models.CharField(verbose_name=_("given name"), max_length=100)
    family_name = models.CharField(verbose_name=_("family name"), max_length=100)
    date_of_birth = birth_date(verbose_name=_("date of birth"))
    gender = models.CharField(verbose_name=_("gender"), max_length=12, choices=Gender.choices)
    nationality = models.ForeignKey(
        Country, verbose_name=_("nationality"), on_delete=models.PROTECT, related_name="trainees"
    )
    email = models.EmailField(verbose_name=_("email"), blank=True)
    phone = models.CharField(verbose_name=_("phone"), max_length=30, blank=True)
    national_id_hash = models.CharField(verbose_name=_("national id hash"), max_length=64, blank=True, editable=False)
    registered_by = models.ForeignKey(
        Organisation,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_trainees",
        help_text=_("The training centre or agency that recorded this person (it keeps seeing the record)."),
    )
    consent_given_at = models.DateTimeField(
        verbose_name=_("consent given at"),
        null=True,
        blank=True,
        validators=[plausible_moment],
        help_text=_("When the person consented to the processing of their data (between 1950 and now)."),
    )
    consent_covers = models.JSONField(
        verbose_name=_("consent covers"),
        default=list,
        blank=True,
        help_text=_("What the consent covers: any of training, selection, migration, follow_up."),
    )
    erased_at = models.DateTimeField(
        verbose_name=_("erased at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the person's data was erased at their request."),
    )
    history = HistoricalRecords(excluded_fields=["national_id_hash"])

    objects = TraineeQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["family_name", "given_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nationality", "national_id_hash"],
                condition=~Q(national_id_hash=""),
                name=check_name("unique_national_id"),
            ),
            models.CheckConstraint(condition=Q(gender__in=Gender.values), name=check_name("gender_valid")),
            models.CheckConstraint(condition=Q(date_of_birth__gte="1900-01-01"), name=check_name("born_after_1900")),
        ]
        indexes = [
            models.Index(fields=["nationality", "gender"]),
            cursor_index(),
            # the trainee list's sources in id order (`training.trainee_pages`): who registered them, their country
            models.Index(fields=["registered_by", "id"]),
            models.Index(fields=["nationality", "id"]),
        ]

    def __str__(self):
        return f"{self.given_name} {self.family_name}"

    def clean(self):
        covers = self.consent_covers
        if not isinstance(covers, list) or not all(isinstance(c, str) for c in covers):
            raise ValidationError({"consent_covers": _("A list of purposes.")})
        if unknown := sorted(set(covers) - set(ConsentPurpose.values)):
            raise ValidationError(
                {"consent_covers": _("Unknown purposes: %(purposes)s.") % {"purposes": ", ".join(unknown)}}
            )
        if bool(covers) != bool(self.consent_given_at):
            raise ValidationError(
                {"consent_covers": _("A consent has a date and says what it covers: give both or neither.")}
            )

    def set_national_id(self, raw: str) -> None:
        self.national_id_hash = hash_national_id(self.nationality_id, raw) if raw else ""

    @property
    def pseudonym(self) -> str:
        """Stable, non-reversible label shown to those who may not see the person's identity."""
        digest = hmac.new(settings.NATIONAL_ID_HASH_KEY.encode(), f"trainee:{self.pk}".encode(), hashlib.sha256)
        return "T-" + digest.hexdigest()[:10].upper()


class PersonalDataAccess(models.Model):
    """One showing of a person's data to a user: who saw whom, when and where. Kept so that an organisation's
    admins can see what their members looked at, and a person can be told who saw their data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    trainee = models.ForeignKey(Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="accesses")
    at = models.DateTimeField(verbose_name=_("at"), auto_now_add=True, db_index=True)
    surface = models.CharField(verbose_name=_("surface"), max_length=12, choices=AccessSurface.choices)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(surface__in=AccessSurface.values), name=check_name("surface_valid"))
        ]
        indexes = [models.Index(fields=["user", "at"]), models.Index(fields=["trainee", "at"])]

    def __str__(self):
        return f"{self.user} saw trainee {self.trainee_id} ({self.surface}, {self.at:%Y-%m-%d %H:%M})"
