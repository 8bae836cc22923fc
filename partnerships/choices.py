"""Choices of the partnership domain. Track and cost vocabularies live here, in the first app, because
every later app uses them (dependencies point one way)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnershipStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class PartyRole(models.TextChoices):
    ORIGIN_GOVERNMENT = "origin_government", _("Origin government")
    DESTINATION_GOVERNMENT = "destination_government", _("Destination government")
    EMPLOYER = "employer", _("Employer")
    TRAINING_PROVIDER = "training_provider", _("Training provider")
    DONOR = "donor", _("Donor")
    AGENCY = "agency", _("Agency")


class Track(models.TextChoices):
    HOME = "home", _("Home (stays in the origin country)")
    AWAY = "away", _("Away (migrates to the destination)")


class TrackScope(models.TextChoices):
    """Which tracks a course cost line applies to."""

    BOTH = "both", _("Both tracks")
    HOME = "home", _("Home track only")
    AWAY = "away", _("Away track only")


class CostCategory(models.TextChoices):
    INSTRUCTION = "instruction", _("Instruction")
    MATERIALS = "materials", _("Materials")
    LANGUAGE = "language", _("Language training")
    STIPEND = "stipend", _("Stipend")
    ASSESSMENT = "assessment", _("Assessment")
    PRE_DEPARTURE = "pre_departure", _("Pre-departure orientation")
    TRAVEL_VISA = "travel_visa", _("Travel and visa")
    PLACEMENT = "placement", _("Placement")
    RETURN_REINTEGRATION = "return_reintegration", _("Return and reintegration")
    MANAGEMENT = "management", _("Management (coordination, staffing, monitoring)")

    @classmethod
    def for_track(cls, track: str) -> list[str]:
        """Categories whose cost on `track` the cost-sharing table splits: departure costs exist on the away
        track only; management (partnership-level costs) is split per track too."""
        away_only = {cls.PRE_DEPARTURE, cls.TRAVEL_VISA}
        return [c.value for c in cls if track == Track.AWAY or c not in away_only]

    @classmethod
    def per_trainee(cls) -> list[str]:
        """Categories a course prices per trainee: every one but management, which no single trainee incurs."""
        return [c.value for c in cls if c != cls.MANAGEMENT]


#: The categories a course prices per trainee (CourseCost) and the one of a partnership-level cost (PartnershipCost),
#: as choices; the API schema names each set (ENUM_NAME_OVERRIDES in settings).
PER_TRAINEE_COST_CHOICES = [(c, CostCategory(c).label) for c in CostCategory.per_trainee()]
MANAGEMENT_COST_CHOICES = [(CostCategory.MANAGEMENT.value, CostCategory.MANAGEMENT.label)]


class PayerRole(models.TextChoices):
    DESTINATION_GOVERNMENT = "destination_government", _("Destination government")
    DESTINATION_EMPLOYER = "destination_employer", _("Destination employer")
    ORIGIN_GOVERNMENT = "origin_government", _("Origin government")
    ORIGIN_EMPLOYER = "origin_employer", _("Origin employer")
    TRAINEE = "trainee", _("Trainee")
    DONOR = "donor", _("Donor")


class SkillNeedStatus(models.TextChoices):
    """Set by hand. Whether a need is filled is derived from its placements (DESIGN §2), never typed."""

    OPEN = "open", _("Open")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WagePeriod(models.TextChoices):
    """What a wage amount pays for; reports compare wages per month (a yearly wage ÷ 12)."""

    MONTH = "month", _("per month")
    YEAR = "year", _("per year")


class LanguageLevel(models.TextChoices):
    """Common European Framework of Reference for Languages."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPLIED = "applied", _("Approved by both governments and applied")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
