"""The two writes of a bulk import: upload (keep the file, check it) and confirm (check again, save it all).

Confirming saves every trainee and enrollment of the file in one transaction, or nothing: the cohorts are locked
first (as `training.services.enrollment_create` locks one), the rows are checked again against the database (a cohort
may have filled since the upload, someone may have registered one of the people), then inserted with their history
records (`bulk.bulk_insert_with_history`, the records each `save()` would write). The cells themselves are not cleaned
again: the rows found valid on upload are kept (`plan`) with the file's SHA-256, which must still match. Confirming an
import already imported does nothing more: the first confirmation moves it from `checked` to `imported` with a
conditional UPDATE, which a second, even concurrent, one cannot repeat.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gsp.errors import Refused

from ..choices import EnrollmentStatus
from ..models import Cohort, Enrollment, EnrollmentImport, EnrollmentImportStatus, Trainee, TrainingCentre
from .bulk import bulk_insert_with_history
from .checks import CheckResult, ImportCheck, RowError, check_table
from .plan import dump_plan, load_plan
from .reading import NOT_TEXT, read_table
from .rows import MAX_ROWS, RowsCheck, read_rows

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ERRORS_KEPT = 1000  # errors stored with the import (all are counted); the page shows them 50 at a time


def max_bytes() -> int:
    """The largest file accepted (`GSP_IMPORT_MAX_BYTES`, 20 MB by default)."""
    return int(getattr(settings, "GSP_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _record_check(record: EnrollmentImport, check: ImportCheck, seconds: float) -> None:
    result = check.result
    record.row_count = result.row_count
    record.error_count = len(result.errors)
    record.errors = [e.as_dict() for e in result.errors[:ERRORS_KEPT]]
    record.status = EnrollmentImportStatus.CHECKED if result.ok else EnrollmentImportStatus.FAILED
    record.summary = result.summary(check.seats_left) | {"check_seconds": round(seconds, 3)}
    record.trainees_reused = result.trainees_reused if result.ok else 0


def enrollment_import_upload(*, user, upload, centre: TrainingCentre, cohort: Cohort | None = None) -> EnrollmentImport:
    """Keep an uploaded file with the outcome of checking it (`checked` or `failed` with its errors). A file that
    cannot be read as a table with the expected columns is refused (`ValidationError` on `file`) and not kept."""
    if not TrainingCentre.objects.editable_by(user).filter(pk=centre.pk).exists():
        raise PermissionDenied(_("Only an editor of the training centre imports enrollments for it."))
    if cohort is not None and cohort.course.centre_id != centre.pk:
        raise ValidationError({"cohort": [_("This cohort is not one of the centre's.")]})
    if upload.size > max_bytes():
        raise ValidationError(
            {"file": [_("The file is larger than %(mb)s MB: split it into several.") % {"mb": max_bytes() // 2**20}]}
        )
    started = time.perf_counter()
    data = upload.read()
    name = NOT_TEXT.sub("", upload.name or "upload")[-255:] or "upload"
    table = read_table(name, data)
    check = check_table(table, user=user, centre=centre, cohort=cohort)
    if check.result.unreadable:
        raise ValidationError({"file": [e.message for e in check.result.errors]}, code="unreadable")
    digest = hashlib.sha256(data).hexdigest()
    record = EnrollmentImport(
        centre=centre, cohort=cohort, file_name=name, file_format=table.format, file_size=len(data),
        file_sha256=digest, created_by=user,
    )  # fmt: skip
    _record_check(record, check, time.perf_counter() - started)
    record.file.save(name, ContentFile(data), save=False)
    if check.result.ok:
        record.plan.save("plan.json", ContentFile(dump_plan(check.result.rows, digest=digest)), save=False)
    try:
        record.save()
    except Exception:
        record.file.delete(save=False)
        if record.plan:
            record.plan.delete(save=False)
        raise
    return record


def enrollment_import_confirm(*, enrollment_import: EnrollmentImport, user) -> EnrollmentImport:
    """Import the whole file, or nothing. Refused (`Refused`, 409) when the file has errors, including errors found
    only now (the cohort filled up, someone registered one of the people): the import then shows them, `failed`."""
    pk = enrollment_import.pk
    if not EnrollmentImport.objects.editable_by(user).filter(pk=pk).exists():
        raise PermissionDenied(_("Only an editor of the training centre imports its files."))
    refusal = None
    try:
        with transaction.atomic():
            claimed = EnrollmentImport.objects.filter(pk=pk, status=EnrollmentImportStatus.CHECKED).update(
                status=EnrollmentImportStatus.IMPORTED, imported_at=timezone.now(), imported_by=user
            )
            record = EnrollmentImport.objects.select_related("centre", "cohort").get(pk=pk)
            if not claimed:
                if record.status == EnrollmentImportStatus.IMPORTED:
                    return record  # confirmed before: nothing more to do
                raise Refused(_("This file has errors: correct them and upload the file again."))
            started = time.perf_counter()
            check = _check_again(record, user)
            if check.result.ok:
                _save(record, check.result, user)
                record.summary = record.summary | {"import_seconds": round(time.perf_counter() - started, 3)}
                _drop_plan(record)
                record.save()
            else:
                _record_check(record, check, time.perf_counter() - started)
                record.status = EnrollmentImportStatus.FAILED
                record.imported_at = record.imported_by = None
                _drop_plan(record)
                record.save()
                refusal = Refused(
                    _("Nothing was imported: the file has errors now (%(n)s), shown below.") % {"n": record.error_count}
                )
    except IntegrityError as error:
        # Someone registered or enrolled one of these people between the check and the insert: nothing was saved.
        raise Refused(
            _("Nothing was imported: some of these people were registered or enrolled meanwhile. Confirm again.")
        ) from error
    if refusal is not None:
        raise refusal
    return record


class RowsInvalid(Exception):
    """Bulk enrollment refused: these rows (or the request as a whole, `row` None) are invalid; nothing was saved."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class BulkEnrollment:
    """What a bulk enrollment created: the enrollments' ids in the order of the rows sent."""

    enrollment_ids: list[int]
    trainees_created: int
    trainees_reused: int


def enrollment_bulk_create(*, user, rows) -> BulkEnrollment:
    """Enrol the trainees of `rows` (objects with the import file's columns, `cohort` an id: `rows.py`), all or
    nothing, through the import's own check and save: the cohorts are locked, every row is checked, then every new
    trainee and enrollment is inserted with its history, in one transaction. `RowsInvalid` when any row is invalid
    (nothing saved), `PermissionDenied` for a user who edits no training centre, `Refused` when someone registered
    or enrolled one of the people meanwhile."""
    if not TrainingCentre.objects.editable_by(user).exists():
        raise PermissionDenied(_("Only an editor of a training centre enrols trainees."))
    if not isinstance(rows, list):
        raise RowsInvalid([RowError(None, "", _("Send the rows as a JSON list of objects."))])
    if not rows:
        raise RowsInvalid([RowError(None, "", _("Send at least one row."))])
    if len(rows) > MAX_ROWS:
        message = _("At most %(max)s rows per request (%(n)s sent): send them in several requests.")
        raise RowsInvalid([RowError(None, "", message % {"max": f"{MAX_ROWS:,}", "n": f"{len(rows):,}"})])
    try:
        with transaction.atomic():
            return _bulk_create(user, rows)
    except IntegrityError as error:
        raise Refused(
            _("Nothing was saved: some of these people were registered or enrolled meanwhile. Send the rows again.")
        ) from error


def _bulk_create(user, rows: list) -> BulkEnrollment:
    groups, errors = read_rows(rows, user=user)
    checks = []
    for group in groups:
        check = RowsCheck(user=user, centre=group.centre, lock=True)
        check.run(group.table)
        errors.extend(check.result.errors)
        checks.append((group.centre, check.result))
    if errors:
        raise RowsInvalid(sorted(errors, key=lambda e: -1 if e.row is None else e.row))
    ids: dict[int, int] = {}
    created = 0
    for centre, result in checks:
        saved = save_rows(result, user=user, organisation_id=centre.organisation_id, reason="API bulk enrollment")
        ids.update(zip((row.row for row in result.rows), saved.enrollment_ids, strict=True))
        created += saved.trainees_created
    return BulkEnrollment(
        enrollment_ids=[ids[i] for i in sorted(ids)], trainees_created=created, trainees_reused=len(ids) - created
    )


def _check_again(record: EnrollmentImport, user) -> ImportCheck:
    """The rows kept on upload checked again against the database under the cohorts' lock; the whole file again when
    no plan is kept (or it is not this file's)."""
    with record.file.open("rb") as stored:
        data = stored.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != record.file_sha256:
        raise Refused(_("The kept file is not the one checked: upload it again."))
    check = ImportCheck(user=user, centre=record.centre, cohort=record.cohort, lock=True)
    rows = None
    if record.plan:
        with record.plan.open("rb") as kept:
            rows = load_plan(kept.read(), digest=digest)
    if rows is None:
        check.run(read_table(record.file_name, data))
    else:
        check.recheck(rows, record.row_count)
    return check


def _drop_plan(record: EnrollmentImport) -> None:
    """The kept rows are not needed once imported or failed: deleted when the transaction commits."""
    if record.plan:
        name, storage = record.plan.name, record.plan.storage
        transaction.on_commit(lambda: storage.delete(name))
        record.plan = ""


def _save(record: EnrollmentImport, result: CheckResult, user) -> None:
    """Insert the new trainees, then the enrollments, each with its history record."""
    saved = save_rows(
        result, user=user, organisation_id=record.centre.organisation_id, reason=f"Bulk import #{record.pk}"
    )
    record.trainees_created = saved.trainees_created
    record.trainees_reused = len(result.rows) - saved.trainees_created
    record.enrollments_created = len(saved.enrollment_ids)
    record.row_count = result.row_count


@dataclass
class SavedRows:
    """What `save_rows` inserted: the enrollments' ids in the order of the checked rows, and the new trainees."""

    enrollment_ids: list[int]
    trainees_created: int


def save_rows(result: CheckResult, *, user, organisation_id: int, reason: str) -> SavedRows:
    """Insert the checked rows' new trainees (registered by `organisation_id`), then the enrollments, each with its
    history record. Runs inside the transaction that checked the rows under the cohorts' lock."""
    now = timezone.now()
    # In the order of their unique index (nationality, national ID hash): the index grows at one end instead of at
    # random places, which is most of the cost of inserting 100,000 hashes.
    new = sorted(
        (row for row in result.rows if row.trainee_id is None),
        key=lambda row: (row.trainee["nationality_id"], row.trainee["national_id_hash"]),
    )
    ids = bulk_insert_with_history(
        Trainee, [row.trainee | {"registered_by_id": organisation_id} for row in new], user=user, reason=reason, now=now
    )
    for row, pk in zip(new, ids, strict=True):
        row.trainee_id = pk
    enrollments = [
        {"trainee_id": row.trainee_id, "cohort_id": row.cohort_id, "status": EnrollmentStatus.ENROLLED.value}
        | row.enrollment
        for row in result.rows
    ]
    enrollment_ids = bulk_insert_with_history(Enrollment, enrollments, user=user, reason=reason, now=now)
    return SavedRows(enrollment_ids=enrollment_ids, trainees_created=len(new))
