from django.db import models
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefers not to say")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    REJECTED = "rejected", _("Rejected")


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")


class ConsentPurpose(TextChoices):
    """What a trainee's consent to the processing of their data covers."""

    TRAINING = "training", _("Training and certification")
    SELECTION = "selection", _("Selection, and sharing with an employer once an offer is accepted")
    MIGRATION = "migration", _("Visa and migration procedures (away track)")
    FOLLOW_UP = "follow_up", _("Follow-up surveys after the course")


class AccessSurface(TextChoices):
    """Where a person's data was shown."""

    API_LIST = "api_list", _("API: list")
    API_DETAIL = "api_detail", _("API: record")
    API_HISTORY = "api_history", _("API: change history")
    EXPORT = "export", _("Export on request")
    ADMIN = "admin", _("Administration site")
