from django.db import models
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
