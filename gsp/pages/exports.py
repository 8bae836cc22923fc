"""Export of a list page: exactly the rows the page's filters select among those the user may see, every row (not
only the page shown), as CSV (streamed) or XLSX. Values are written raw: dates as ISO dates, amounts as numbers."""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from .tables import Column

CHUNK = 2000
FORMATS = ("csv", "xlsx")


class _Echo:
    def write(self, value):
        return value


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal, dt.date)):
        return value
    if hasattr(value, "all"):  # a related manager
        return ", ".join(str(v) for v in value.all())
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    # A cell starting with = + - @ would be run as a formula by a spreadsheet (CSV injection).
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _rows(queryset, columns: Sequence[Column]) -> Iterable[list]:
    for obj in queryset.iterator(chunk_size=CHUNK):
        yield [_plain(column.raw(obj)) for column in columns]


def export_response(queryset, columns: Sequence[Column], fmt: str, basename: str):
    stamp = timezone.localdate().isoformat()
    filename = f"{basename}-{stamp}.{fmt}"
    header = [str(c.label) for c in columns]
    if fmt == "csv":
        writer = csv.writer(_Echo())
        body = (writer.writerow(row) for row in _with_header(header, _rows(queryset, columns)))
        response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(basename[:31])
        sheet.append(header)
        for row in _rows(queryset, columns):
            sheet.append([v.isoformat() if isinstance(v, dt.datetime) else v for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _with_header(header, rows):
    yield header
    yield from rows
