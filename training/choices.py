from django.db import models
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefers not to say")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("application status", "Applied")
    SHORTLISTED = "shortlisted", pgettext_lazy("application status", "Shortlisted")
    SELECTED = "selected", pgettext_lazy("application status", "Selected")
    REJECTED = "rejected", pgettext_lazy("application status", "Rejected")


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", pgettext_lazy("enrollment status", "Enrolled")
    COMPLETED = "completed", pgettext_lazy("enrollment status", "Completed")
    DROPPED_OUT = "dropped_out", pgettext_lazy("enrollment status", "Dropped out")


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
    PAGE_LIST = "page_list", _("Page: list or its export")
    PAGE_DETAIL = "page_detail", _("Page: record")
    PAGE_HISTORY = "page_history", _("Page: change history")
    EXPORT = "export", _("Export on request")
    ADMIN = "admin", _("Administration site")
