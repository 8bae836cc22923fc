from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    COST_SHARING = "cost_sharing", _("Cost-sharing report")
    PLACEMENT = "placement", _("Placement report")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
