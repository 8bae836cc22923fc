"""What the daily follow-up digest remembers: which centre's digest was sent on which day."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gsp.models import check_name
from training.models import TrainingCentre


class FollowUpDigest(models.Model):
    """The day a training centre's members were e-mailed their follow-ups due. One per centre and day, so a task run
    twice on the same day (a retry, a second beat) sends nothing the second time."""

    centre = models.ForeignKey(
        TrainingCentre, verbose_name=_("training centre"), on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField(verbose_name=_("sent on"))
    due = models.PositiveIntegerField(verbose_name=_("due"))
    overdue = models.PositiveIntegerField(verbose_name=_("overdue"))
    mails = models.PositiveIntegerField(verbose_name=_("mails sent"))

    class Meta:
        verbose_name = _("follow-up digest")
        verbose_name_plural = _("follow-up digests")
        ordering = ["-sent_on", "centre"]
        constraints = [models.UniqueConstraint(fields=["centre", "sent_on"], name=check_name("unique_centre_day"))]

    def __str__(self):
        return f"{self.centre} {self.sent_on}"
