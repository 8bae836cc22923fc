"""Loading reference data idempotently: countries, ISCO-08 occupations and the WHO safeguards list.

Countries come from pycountry (ISO 3166-1) and each country's currency from the Unicode CLDR tables shipped
with Babel; ISCO-08 groups and the safeguards list come from the files in `settings.GSP_DATA_DIR` (see its
README; other ISCO versions can be imported from the ILO's spreadsheet). Nothing is typed by hand. Every
loader writes only what differs from the source, so running it again changes nothing."""

import csv
import datetime as dt
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pycountry
from babel.numbers import get_territory_currencies
from django.conf import settings
from django.db import transaction

from .models import Country, HealthSafeguardsList, Occupation

ISCO_FILE = "isco08.csv"
SAFEGUARDS_META_FILE = "health_safeguards_list_2023.json"

# Headers are compared lower-cased with everything but letters and digits removed ("ISCO 08 Code" → isco08code).
CODE_HEADERS = {"isco08code", "iscocode", "isco08", "code"}
TITLE_HEADERS = {"titleen", "title", "englishtitle", "titleenglish", "isco08titleen"}
LEVEL_HEADERS = {"level"}
HEADER_SEARCH_ROWS = 10
MAX_REPORTED_ERRORS = 20


class ReferenceDataError(ValueError):
    """A reference file cannot be loaded; the message names the file and the rows at fault."""


@dataclass
class Tally:
    """What a loader did to the rows of one table."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self):
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def _sync(model, rows: dict[str, dict]) -> Tally:
    """Make the rows of `model` keyed by primary key hold `rows`' values, writing only the differences.

    `rows` maps a primary key to field values (foreign keys by attname); new rows are inserted in the order
    given, so parents listed first exist before their children.
    """
    existing = model.objects.in_bulk(list(rows))
    tally, new = Tally(), []
    for pk, values in rows.items():
        obj = existing.get(pk)
        if obj is None:
            new.append(model(pk=pk, **values))
            continue
        changed = [field for field, value in values.items() if getattr(obj, field) != value]
        for field in changed:
            setattr(obj, field, values[field])
        if changed:
            obj.save(update_fields=changed)
            tally.updated += 1
        else:
            tally.unchanged += 1
    model.objects.bulk_create(new)
    tally.created = len(new)
    return tally


# --- countries -----------------------------------------------------------------------------------------


def currency_of(alpha_2: str, on: dt.date | None = None) -> str:
    """The country's legal tender on `on` per CLDR (its first-listed one), or "" (Antarctica has none)."""
    currencies = get_territory_currencies(alpha_2, on or dt.date.today(), tender=True, non_tender=False)
    return currencies[0] if currencies else ""


def sync_countries(only: Iterable[str] | None = None) -> Tally:
    """Create or update every ISO 3166-1 country (or those in `only`) with its name and currency."""
    wanted = {c.upper() for c in only} if only else None
    rows = {
        c.alpha_2: {"name": getattr(c, "common_name", None) or c.name, "currency": currency_of(c.alpha_2)}
        for c in pycountry.countries
        if wanted is None or c.alpha_2 in wanted
    }
    return _sync(Country, rows)


def load_countries(only: Iterable[str] | None = None) -> int:
    """Create or update every ISO 3166-1 country (or those in `only`). Returns how many are loaded."""
    return sync_countries(only).total


# --- ISCO-08 ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IscoRow:
    """One ISCO-08 group read from a file, with the row number a person sees in that file."""

    row: int
    code: str
    title: str


def _header_key(value) -> str:
    return re.sub(r"[^a-z0-9]", "", str(value if value is not None else "").lower())


def _find_header(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    """Index of the header row among the first rows and the column of each of code, title and level."""
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [_header_key(cell) for cell in cells]
        columns = {}
        for name, accepted in (("code", CODE_HEADERS), ("title", TITLE_HEADERS), ("level", LEVEL_HEADERS)):
            found = next((i for i, key in enumerate(keys) if key in accepted), None)
            if found is not None:
                columns[name] = found
        if "code" in columns and "title" in columns:
            return index, columns
    return None


def _read_sheets(path: Path) -> list[list[list]]:
    """Every worksheet of an .xlsx file, or the one table of a .csv file, as lists of row cells."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as f:
            return [list(csv.reader(f))]
    if suffix not in (".xlsx", ".xlsm"):
        raise ReferenceDataError(f"{path.name}: expected a .csv or .xlsx file.")
    import openpyxl  # only the ISCO import reads spreadsheets; keep it off the start-up path

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReferenceDataError(f"{path.name}: not a readable .xlsx file ({exc}).") from exc
    try:
        return [[list(cells) for cells in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets]
    finally:
        workbook.close()


def _cell(cells: list, column: int | None):
    return cells[column] if column is not None and column < len(cells) else None


LEVEL_NAMES = {"major": 1, "submajor": 2, "minor": 3, "unit": 4}


def _level(value) -> int | None:
    """The ISCO level (1–4) a Level cell states as a number or a name ("sub-major"), or None when it states none."""
    text = str(value).strip() if value is not None else ""
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return int(text) if text in {"1", "2", "3", "4"} else LEVEL_NAMES.get(_header_key(text))


def _code(value, level: int | None) -> tuple[str, str | None]:
    """The code as text, and an error if it cannot be trusted.

    A spreadsheet may store a code as a number, which drops the leading zero of major group 0 ("0110" → 110);
    such a code is restored from the row's level, and refused when there is no level to restore it from.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if level is None:
            return str(value), f"code {value} is stored as a number, which loses leading zeros: store codes as text"
        return str(value).zfill(level), None
    return (str(value).strip() if value is not None else ""), None


def _row_error(code: str, title: str, level: int | None) -> str | None:
    if not code:
        return "the code is empty"
    if not code.isascii() or not code.isdigit():
        return f"code {code!r} is not numeric"
    if len(code) > 4:
        return f"code {code} has more than 4 digits"
    if level is not None and len(code) != level:
        return f"code {code} has {len(code)} digits but its level is {level}"
    if not title:
        return f"the title of code {code} is empty"
    if len(title) > Occupation._meta.get_field("title").max_length:
        return f"the title of code {code} is longer than 255 characters"
    return None


def _parse_rows(rows: list[list], header: int, columns: dict[str, int]) -> tuple[list[IscoRow], list[str]]:
    parsed, errors, first_seen = [], [], {}
    for number, cells in enumerate(rows[header + 1 :], start=header + 2):
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        level = _level(_cell(cells, columns.get("level")))
        code, error = _code(_cell(cells, columns["code"]), level)
        title = str(_cell(cells, columns["title"]) or "").strip()
        error = error or _row_error(code, title, level)
        if error is None and code in first_seen:
            error = f"code {code} appears again (first on row {first_seen[code]})"
        if error:
            errors.append(f"row {number}: {error}")
            continue
        first_seen[code] = number
        parsed.append(IscoRow(number, code, title))
    return parsed, errors


def _missing_parents(parsed: list[IscoRow]) -> list[str]:
    codes = {r.code for r in parsed}
    wanted = {r.code[:-1] for r in parsed if len(r.code) > 1} - codes
    known = set(Occupation.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    return [
        f"row {r.row}: the parent group {r.code[:-1]} of code {r.code} is neither in the file nor loaded"
        for r in parsed
        if len(r.code) > 1 and r.code[:-1] in wanted - known
    ]


def read_isco_file(path: Path | str) -> list[IscoRow]:
    """Every ISCO-08 group in a .csv or .xlsx file, checked; raises ReferenceDataError naming the bad rows.

    The code and title columns are found by their header ("ISCO 08 Code", "Title EN", "code", "title"…), in
    the first worksheet that has both; an optional "Level" column restores codes stored as numbers.
    """
    path = Path(path)
    for rows in _read_sheets(path):
        if found := _find_header(rows):
            parsed, errors = _parse_rows(rows, *found)
            errors += _missing_parents(parsed) if not errors else []
            if errors:
                shown = "\n".join(errors[:MAX_REPORTED_ERRORS])
                more = f"\n… and {len(errors) - MAX_REPORTED_ERRORS} more" if len(errors) > MAX_REPORTED_ERRORS else ""
                raise ReferenceDataError(f"{path.name}: {len(errors)} bad row(s), nothing imported:\n{shown}{more}")
            return parsed
    raise ReferenceDataError(
        f"{path.name}: no header row with a code column (e.g. 'ISCO 08 Code') and a title column (e.g. 'Title EN') "
        f"in the first {HEADER_SEARCH_ROWS} rows."
    )


@transaction.atomic
def import_isco(path: Path | str) -> Tally:
    """Create or update the ISCO-08 groups of a file, each under its parent (its code minus the last digit).

    All or nothing: the whole file is checked before anything is written, and written in one transaction.
    Groups missing from the file are kept (partnerships and courses may refer to them).
    """
    parsed = sorted(read_isco_file(path), key=lambda r: (len(r.code), r.code))
    return _sync(Occupation, {r.code: {"title": r.title, "parent_id": r.code[:-1] or None} for r in parsed})


def load_isco() -> Tally:
    """The whole ISCO-08 shipped with the project: 619 groups, from the 10 major groups to the 436 unit groups."""
    return import_isco(Path(settings.GSP_DATA_DIR) / ISCO_FILE)


# --- WHO Health Workforce Support and Safeguards List ------------------------------------------------------


@dataclass
class SafeguardsOutcome:
    """What loading the shipped safeguards list did to its version's row."""

    version: str
    created: bool
    updated_fields: list[str]
    added: int
    removed: int
    is_current: bool

    def __str__(self):
        if self.created:
            state = "created"
        else:
            state = f"updated {', '.join(self.updated_fields)}" if self.updated_fields else "unchanged"
        current = "current" if self.is_current else "not current (another version is)"
        return f"{state}; {self.added} countries added, {self.removed} removed; {current}"


def _read_safeguards_meta(path: Path) -> dict:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        return {
            "version": str(meta["version"]),
            "source": str(meta["source"]),
            "published_on": dt.date.fromisoformat(meta["published_on"]),
            "countries_file": path.parent / meta["countries_file"],
        }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReferenceDataError(f"{path.name}: unreadable safeguards list metadata ({exc!r}).") from exc


def _read_safeguards_countries(path: Path) -> set[str]:
    codes, errors = set(), []
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if "iso_alpha2" not in (reader.fieldnames or []):
            raise ReferenceDataError(f"{path.name}: no iso_alpha2 column.")
        for number, row in enumerate(reader, start=2):
            code = (row["iso_alpha2"] or "").strip()
            if not re.fullmatch(r"[A-Z]{2}", code) or code in codes:
                errors.append(f"row {number}: {code!r} is not a new ISO 3166-1 alpha-2 code")
            codes.add(code)
    if not errors:
        unknown = codes - set(Country.objects.filter(pk__in=codes).values_list("pk", flat=True))
        errors = [f"country {code} is not loaded" for code in sorted(unknown)]
    if errors:
        raise ReferenceDataError(f"{path.name}: " + "; ".join(errors))
    return codes


@transaction.atomic
def load_safeguards_list(meta_path: Path | str | None = None) -> SafeguardsOutcome:
    """Bring the shipped version of the safeguards list back to its file: source, date and countries.

    Other versions are admins' data and are never touched. The shipped version becomes current only when no
    version is, so an admin who made another version current keeps it.
    """
    meta = _read_safeguards_meta(Path(meta_path or Path(settings.GSP_DATA_DIR) / SAFEGUARDS_META_FILE))
    codes = _read_safeguards_countries(meta["countries_file"])
    fields = {"source": meta["source"], "published_on": meta["published_on"]}
    safeguards = HealthSafeguardsList.objects.select_for_update().filter(version=meta["version"]).first()
    created = safeguards is None
    if created:
        safeguards = HealthSafeguardsList(version=meta["version"], **fields)
    changed = [] if created else [f for f, value in fields.items() if getattr(safeguards, f) != value]
    for field in changed:
        setattr(safeguards, field, fields[field])
    if not safeguards.is_current and not HealthSafeguardsList.objects.filter(is_current=True).exists():
        safeguards.is_current = True
        changed.append("is_current")
    current = set() if created else set(safeguards.countries.values_list("pk", flat=True))
    added, removed = codes - current, current - codes
    if created or changed or added or removed:
        safeguards.save()  # also stamps `updated`, which clients polling with updated_since rely on
    safeguards.countries.add(*added)
    safeguards.countries.remove(*removed)
    return SafeguardsOutcome(meta["version"], created, changed, len(added), len(removed), safeguards.is_current)
