"""Event types a partner system subscribes to, and the states of a delivery."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    ENROLLMENT_COMPLETED = "enrollment.completed", _("Enrollment completed")
    PLACEMENT_CREATED = "placement.created", _("Placement created")
    PLACEMENT_STARTED = "placement.started", _("Placement started")
    MIGRATION_CASE_STAGE_CHANGED = "migration_case.stage_changed", _("Migration case stage changed")
    REPORT_READY = "report.ready", _("Report ready")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    #: not sent: the organisation may no longer see the object (or it was deleted) by the time of delivery
    SKIPPED = "skipped", _("Skipped")
