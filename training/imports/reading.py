"""Reading an uploaded file into a table of strings: pandas with `dtype=str`, nothing converted, nothing guessed.

What is not a readable CSV or XLSX file is refused as a whole (a `ValidationError` on `file`, 400 on the upload
page) with a message saying what to do; what is wrong inside a readable file is a row error, found by `checks`.
Cells keep any bytes that are not UTF-8 as lone surrogates (`surrogateescape`) so that the check can name the row
and column they are in, instead of the whole file failing on one bad cell.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

import pandas as pd
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import ImportFormat

# Characters that are not text in a cell: C0 controls but tab and line breaks, DEL, and lone surrogates
# (bytes that were not UTF-8). PostgreSQL refuses NUL in text; the others are corruption, never a name.
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

# Signatures of files that are certainly not CSV (images, PDF, office formats, archives, executables).
BINARY_SIGNATURES = (
    b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!",
    b"MZ", b"\x7fELF", b"BZh", b"\x00\x00\x01\x00", b"RIFF", b"%!PS",
)  # fmt: skip
ZIP_SIGNATURE = b"PK\x03\x04"
SNIFF_BYTES = 8192
# An XLSX is a zip: refuse one whose content would unpack to more than this (a "zip bomb").
MAX_XLSX_UNPACKED = 400 * 1024 * 1024


@dataclass
class Table:
    """The file's cells as stripped strings, column by column (`columns[name][i]`), for the non-blank rows; `rows[i]`
    is row i's number as a spreadsheet shows it (the header is row 1)."""

    format: str
    header: list[str]
    columns: dict[str, list[str]]
    rows: list[int]

    def __len__(self) -> int:
        return len(self.rows)


def refuse(message: str) -> ValidationError:
    return ValidationError({"file": [message]}, code="unreadable")


def file_format(name: str, head: bytes) -> str:
    """CSV or XLSX, from the name and the first bytes; anything else is refused with a clear message."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(_("Old Excel (.xls) files cannot be read: save the sheet as XLSX or as CSV UTF-8."))
    if head.startswith(ZIP_SIGNATURE):
        if extension not in ("xlsx", ""):
            raise refuse(_("This file is an archive, not a CSV or XLSX file."))
        return ImportFormat.XLSX
    if extension == "xlsx":
        raise refuse(_("This file is not a valid XLSX workbook: save it again from the spreadsheet as XLSX."))
    if extension not in ("csv", "txt", ""):
        raise refuse(_("Upload a CSV or an XLSX file (this one is .%(extension)s).") % {"extension": extension[:10]})
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse(_("This CSV file is in UTF-16: save it as “CSV UTF-8” instead."))
    if head.startswith(BINARY_SIGNATURES) or _looks_binary(head):
        raise refuse(_("This is not a CSV file: it holds binary data. Upload a CSV (UTF-8) or an XLSX file."))
    return ImportFormat.CSV


def _looks_binary(head: bytes) -> bool:
    """More than 5 % of the first bytes are not text: not a CSV (a bad cell or two stays a row error)."""
    if not head:
        return False
    text = head.decode("utf-8", "surrogateescape")
    return len(NOT_TEXT.findall(text)) > max(8, len(text) // 20)


def read_table(name: str, data: bytes) -> Table:
    """The file's cells as a `Table`, or a `ValidationError` on `file` saying why it cannot be read."""
    if not data.strip():
        raise refuse(_("The file is empty."))
    fmt = file_format(name, data[:SNIFF_BYTES])
    frame = _read_xlsx(data) if fmt == ImportFormat.XLSX else _read_csv(data)
    if frame.shape[0] == 0:
        raise refuse(_("The file is empty."))
    frame = frame.fillna("")
    raw = [[str(v).strip() for v in frame[c].tolist()] for c in frame.columns]
    header = [cells[0] for cells in raw]
    # The header is the first line; every following line that is not blank is a row (numbered as in the file).
    keep = [i for i in range(1, frame.shape[0]) if any(cells[i] for cells in raw)]
    if len(keep) < frame.shape[0] - 1:
        raw = [[cells[i] for i in keep] for cells in raw]
    else:
        raw = [cells[1:] for cells in raw]
    columns: dict[str, list[str]] = {}
    for label, cells in zip(header, raw, strict=True):
        columns.setdefault(label, cells)  # a repeated column: `checks` reports it from `header`
    return Table(format=fmt, header=header, columns=columns, rows=[i + 1 for i in keep])


def _delimiter(data: bytes) -> str:
    """The separator of the header line: a comma, or the semicolon or tab some spreadsheets save with."""
    first = data[:SNIFF_BYTES].split(b"\n", 1)[0]
    counts = {sep: first.count(sep.encode()) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(data: bytes) -> pd.DataFrame:
    try:
        return pd.read_csv(
            io.BytesIO(data),
            dtype=str,
            header=None,
            sep=_delimiter(data),
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
            encoding_errors="surrogateescape",
            quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.EmptyDataError as error:
        raise refuse(_("The file is empty.")) from error
    except (pd.errors.ParserError, ValueError, UnicodeError, OverflowError, MemoryError) as error:
        detail = NOT_TEXT.sub("?", str(error))[:200]
        raise refuse(
            _("The file cannot be read as CSV (%(detail)s). Check that every row has as many cells as the header.")
            % {"detail": detail}
        ) from error


def _read_xlsx(data: bytes) -> pd.DataFrame:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise refuse(_("This file is an archive, not an XLSX workbook."))
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise refuse(_("This workbook unpacks to too much data: split it, or save it as CSV."))
        return pd.read_excel(
            io.BytesIO(data), sheet_name=0, header=None, dtype=str, keep_default_na=False, na_filter=False
        )
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 — openpyxl raises many kinds on a damaged workbook; all mean the same
        raise refuse(_("This workbook cannot be read: save it again as XLSX, or as CSV UTF-8.")) from error
