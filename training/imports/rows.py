"""Enrollment rows sent as JSON (the API's bulk enrollment, `POST /api/v1/enrollments/bulk/`) instead of a file.

Each row is an object with the import file's columns (`columns.COLUMNS`), except that `cohort` is the cohort's id, as
everywhere in the API. The rows are read into the same `Table` a file gives, one per training centre of their cohorts,
and checked by the import's own `ImportCheck` (every cell by its model field, each row by `clean()`, people already
registered, seats): there is no second validation. A row is numbered by its index in the list (0 for the first).

A row naming a cohort that does not exist and one naming a cohort the user may not enrol in get the same error, so
the answer reveals nothing about cohorts the user does not see.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..models import Cohort, TrainingCentre
from .cells import Invalid
from .checks import ImportCheck, RowError
from .columns import NAMES
from .reading import Table

MAX_ROWS = 1000
JSON_FORMAT = "json"


def unknown_cohort() -> str:
    return _("Unknown cohort, or not one you may enrol trainees in.")


@dataclass
class CentreRows:
    """The rows whose cohorts belong to one training centre, as a `Table` numbered by the rows' indexes."""

    centre: TrainingCentre
    table: Table


class RowsCheck(ImportCheck):
    """The import's check, each row's cohort given by its id (editable by the user, of this centre; locked when
    `lock`)."""

    def resolve_cohorts(self, table: Table) -> list:
        ids = [_cohort_id(raw) for raw in table.columns["cohort"]]
        found = {c.pk: c for c in self.editable_cohorts().filter(pk__in={i for i in ids if i is not None})}
        self.result.cohorts.update(found)
        return [found.get(i) or Invalid(unknown_cohort()) for i in ids]


def _cohort_id(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None


def _cell(name: str, value) -> str | Invalid:
    """A JSON value as the text a file's cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return Invalid(_("Give text, not true or false."))
    if isinstance(value, (str, int)):
        return str(value).strip()
    if name == "consent_covers" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    return Invalid(_("Give text (or a number)."))


def _read_row(index: int, row, errors: list[RowError]) -> dict[str, str] | None:
    """The row's cells, or None (with its errors) when it is not an object of known columns with text values."""
    if not isinstance(row, dict):
        errors.append(RowError(index, "", _("Each row is an object with the columns of the import.")))
        return None
    unknown = sorted(str(k)[:40] for k in row if k not in NAMES)
    if unknown:
        message = _("Unknown fields: %(unknown)s. The fields are: %(names)s.")
        errors.append(RowError(index, "", message % {"unknown": ", ".join(unknown[:10]), "names": ", ".join(NAMES)}))
    cells = {}
    for name in NAMES:
        cell = _cell(name, row.get(name))
        if isinstance(cell, Invalid):
            errors.append(RowError(index, name, cell.message))
        cells[name] = cell
    return None if unknown or any(isinstance(c, Invalid) for c in cells.values()) else cells


def read_rows(rows: list, *, user) -> tuple[list[CentreRows], list[RowError]]:
    """The rows grouped by the training centre of their cohort (centres in the order of their ids, so that concurrent
    requests lock cohorts in the same order), and the errors found before checking: rows that are not objects of
    known columns, and rows whose cohort is unknown or not one the user may enrol in."""
    errors: list[RowError] = []
    read = [(i, cells) for i, row in enumerate(rows) if (cells := _read_row(i, row, errors)) is not None]
    ids = {_cohort_id(cells["cohort"]) for _i, cells in read} - {None}
    cohorts = {c.pk: c for c in Cohort.objects.editable_by(user).filter(pk__in=ids).select_related("course__centre")}
    by_centre: dict[int, list[tuple[int, dict]]] = {}
    centres: dict[int, TrainingCentre] = {}
    for index, cells in read:
        cohort = cohorts.get(_cohort_id(cells["cohort"]))
        if cohort is None:
            errors.append(RowError(index, "cohort", unknown_cohort()))
            continue
        centres[cohort.course.centre_id] = cohort.course.centre
        by_centre.setdefault(cohort.course.centre_id, []).append((index, cells))
    groups = [CentreRows(centre=centres[pk], table=_table(by_centre[pk])) for pk in sorted(by_centre)]
    return groups, errors


def _table(rows: list[tuple[int, dict]]) -> Table:
    return Table(
        format=JSON_FORMAT,
        header=list(NAMES),
        columns={name: [cells[name] for _index, cells in rows] for name in NAMES},
        rows=[index for index, _cells in rows],
    )
