"""Report runs: one row per requested report, computed by a Celery task."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gsp.models import TimeStampedModel, check_name, event_date
from gsp.money import CurrencyField
from partnerships.models import Partnership, Programme

from .choices import ReportKind, ReportStatus
from .querysets import ReportRunQuerySet


def report_upload_to(instance, filename):
    return f"reports/{instance.pk}/{filename}"


def private_storage():
    """Report files have no public URL: they are downloaded through a view that checks who asks."""
    return storages["private"]


class ReportRun(TimeStampedModel):
    """A cost-sharing or placement report over a partnership or a programme.

    Persisted first (queued), then computed by a task that moves it to running, done or failed with a
    progress figure; the result is JSON and, when done, CSV and XLSX files.
    """

    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=ReportKind.choices)
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_runs",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_runs",
    )
    as_of = event_date(
        verbose_name=_("as of"), help_text=_("The report counts what had happened by the end of this day.")
    )
    currency = CurrencyField(verbose_name=_("currency"), help_text=_("Reporting currency (ISO 4217)."))
    filters = models.JSONField(
        verbose_name=_("filters"),
        default=dict,
        blank=True,
        help_text=_("cohorts (ids), occupation (ISCO-08 code), period_start, period_end."),
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(verbose_name=_("progress"), default=0)
    attempts = models.PositiveSmallIntegerField(
        verbose_name=_("attempts"), default=0, help_text=_("How many times a worker started it.")
    )
    request_key = models.CharField(
        verbose_name=_("request key"),
        max_length=64,
        editable=False,
        help_text=_("Digest of kind, scope, date, currency and filters: one live run each."),
    )
    scheduled = models.BooleanField(
        verbose_name=_("scheduled"), default=False, help_text=_("Requested by the monthly schedule.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_runs",
    )
    started_at = models.DateTimeField(verbose_name=_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(verbose_name=_("finished at"), null=True, blank=True)
    result = models.JSONField(verbose_name=_("result"), null=True, blank=True)
    error = models.TextField(verbose_name=_("error"), blank=True)
    csv_file = models.FileField(
        verbose_name=_("csv file"), upload_to=report_upload_to, storage=private_storage, blank=True
    )
    xlsx_file = models.FileField(
        verbose_name=_("xlsx file"), upload_to=report_upload_to, storage=private_storage, blank=True
    )

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ReportKind.values), name=check_name("kind_valid")),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name=check_name("status_valid")),
            models.CheckConstraint(condition=Q(progress__lte=100), name=check_name("progress_range")),
            # The same request made twice while one is queued or running is the same run, even when concurrent.
            models.UniqueConstraint(
                fields=["request_key"],
                condition=Q(status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING]),
                name=check_name("one_live_run_per_request"),
            ),
            models.CheckConstraint(
                condition=Q(partnership__isnull=False, programme__isnull=True)
                | Q(partnership__isnull=True, programme__isnull=False),
                name=check_name("one_scope"),
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True)
                | Q(started_at__isnull=True)
                | Q(finished_at__gte=F("started_at")),
                name=check_name("finished_after_started"),
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "kind", "status"]),
            models.Index(fields=["status", "started_at"]),
        ]

    def __str__(self):
        scope = self.partnership or self.programme
        return _("%(kind)s of %(scope)s (%(status)s)") % {
            "kind": self.get_kind_display(),
            "scope": scope,
            "status": self.status,
        }

    def clean(self):
        if bool(self.partnership_id) == bool(self.programme_id):
            raise ValidationError(_("A report covers either one partnership or one programme."))

    @property
    def scope(self):
        return self.partnership or self.programme

    @property
    def is_live(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)


class ReportSchedule(models.Model):
    """A report requested on a schedule: one row per partnership and kind, read by a single beat entry.

    Schedules are data: the beat task `reports.tasks.request_due_reports` requests every enabled schedule whose
    `next_due` has come and moves it on by `every_months`. Each active partnership gets both kinds monthly.
    """

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="report_schedules"
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=ReportKind.choices)
    every_months = models.PositiveSmallIntegerField(verbose_name=_("every months"), default=1)
    next_due = event_date(verbose_name=_("next due"))
    enabled = models.BooleanField(verbose_name=_("enabled"), default=True)
    last_run = models.ForeignKey(
        ReportRun, verbose_name=_("last run"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")
        ordering = ["partnership", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "kind"], name=check_name("unique_kind")),
            models.CheckConstraint(condition=Q(kind__in=ReportKind.values), name=check_name("kind_valid")),
            models.CheckConstraint(
                condition=Q(every_months__gte=1, every_months__lte=12), name=check_name("every_months_range")
            ),
        ]

    def __str__(self):
        return _("%(kind)s of %(partnership)s every %(months)s month(s)") % {
            "kind": self.get_kind_display(),
            "partnership": self.partnership,
            "months": self.every_months,
        }
