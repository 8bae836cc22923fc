"""Bulk imports of enrollments: an uploaded file, the outcome of checking it, and whether it was imported."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from gsp.models import RestrictedQuerySet, TimeStampedModel, check_name
from identity.access import TRAINING_PROVIDER

from .centres import TrainingCentre
from .cohorts import Cohort


class EnrollmentImportStatus(models.TextChoices):
    CHECKED = "checked", _("Checked, ready to import")
    FAILED = "failed", _("Has errors")
    IMPORTED = "imported", _("Imported")


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


def import_upload_to(instance, filename):
    """A path nobody can guess, under the centre's folder, keeping the uploaded name for the download."""
    name = get_valid_filename(filename)[-100:] or "upload"
    return f"enrollment-imports/{instance.centre_id}/{uuid.uuid4().hex}/{name}"


def import_plan_to(instance, filename):
    return f"enrollment-imports/{instance.centre_id}/{uuid.uuid4().hex}/plan.json"


def private_storage():
    """Uploaded files hold personal data: no public URL, downloaded through a view that checks who asks."""
    return storages["private"]


class EnrollmentImportQuerySet(RestrictedQuerySet):
    """An import is the centre's own work: its members see it, its editors confirm it (staff: everything).
    Governments and agencies see the enrollments once imported, through the cohorts, not the uploaded file."""

    def visible_q(self, scope):
        return Q(centre__organisation__in=scope.org_ids(TRAINING_PROVIDER))

    def editable_q(self, scope):
        return Q(centre__organisation__in=scope.org_ids(TRAINING_PROVIDER, write=True))


class EnrollmentImport(TimeStampedModel):
    """A CSV or XLSX file of trainees to enrol, uploaded by a training centre, kept as it was uploaded.

    It is checked row by row on upload (`checked` or `failed`, with the errors found) and imported as a whole, or
    not at all, when confirmed (`imported`); confirming again imports nothing more.
    """

    centre = models.ForeignKey(TrainingCentre, on_delete=models.PROTECT, related_name="enrollment_imports")
    cohort = models.ForeignKey(
        Cohort,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollment_imports",
        help_text=_("The cohort chosen on upload; empty when each row names its cohort in a `cohort` column."),
    )
    file = models.FileField(upload_to=import_upload_to, storage=private_storage, max_length=255)
    file_name = models.CharField(max_length=255, help_text=_("The file's name as uploaded."))
    file_sha256 = models.CharField(max_length=64, editable=False)
    plan = models.FileField(
        upload_to=import_plan_to,
        storage=private_storage,
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("The rows found valid, kept until the file is imported (training.imports.plan)."),
    )
    file_format = models.CharField(max_length=4, choices=ImportFormat.choices)
    file_size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=EnrollmentImportStatus.choices)
    row_count = models.PositiveIntegerField(default=0, help_text=_("Rows of data in the file (blank rows aside)."))
    error_count = models.PositiveIntegerField(default=0, help_text=_("All errors found (only the first are kept)."))
    errors = models.JSONField(
        default=list, blank=True, help_text=_("The first errors found: row (as numbered in the file), column, message.")
    )
    summary = models.JSONField(default=dict, blank=True, help_text=_("Counts per cohort and track, timings."))
    trainees_created = models.PositiveIntegerField(default=0)
    trainees_reused = models.PositiveIntegerField(default=0)
    enrollments_created = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(null=True, blank=True)

    objects = EnrollmentImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("enrollment import")
        verbose_name_plural = _("bulk imports of enrollments")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EnrollmentImportStatus.values), name=check_name("status_valid")
            ),
            models.CheckConstraint(condition=Q(file_format__in=ImportFormat.values), name=check_name("format_valid")),
            models.CheckConstraint(
                condition=Q(status=EnrollmentImportStatus.IMPORTED, imported_at__isnull=False)
                | (~Q(status=EnrollmentImportStatus.IMPORTED) & Q(imported_at__isnull=True)),
                name=check_name("imported_has_date"),
            ),
        ]
        indexes = [models.Index(fields=["centre", "created"])]

    def __str__(self):
        return _("Import #%(pk)s: %(name)s") % {"pk": self.pk, "name": self.file_name}
