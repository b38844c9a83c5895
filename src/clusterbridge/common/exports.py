"""Tables to CSV and Excel files that a spreadsheet cannot turn into formulas.

A cell that starts with = + - @, a tab, a carriage return or NUL is read by spreadsheet programs
as a formula (CSV injection). Such text gets a leading apostrophe, which spreadsheets show as
text. In .xlsx files every string is also stored with the string type, so openpyxl never writes
user text as a formula whatever it looks like.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
Cell = str | int | float | date | datetime | None


def neutralise(value: str) -> str:
    """Text that no spreadsheet runs as a formula; other text unchanged."""
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _plain(value: Cell, *, xlsx: bool = False) -> Cell:
    if isinstance(value, str):
        # XML cannot hold most control characters (the workbook would not open). Drop them
        # first, so that "\b=1" cannot become "=1" after the check.
        text: str = ILLEGAL_CHARACTERS_RE.sub("", value) if xlsx else value
        return neutralise(text)
    if isinstance(value, datetime):
        # Spreadsheets have no time zones: write UTC without an offset, as the header says.
        return timezone.make_naive(value, UTC) if timezone.is_aware(value) else value
    return value


@dataclass(frozen=True)
class Table:
    headers: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    title: str = "export"


def render_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens accents and Arabic correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(str(header)) for header in table.headers])
    for row in table.rows:
        writer.writerow(["" if cell is None else _plain(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(table: Table) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.title[:31] or "export"
    sheet.append([_plain(str(header), xlsx=True) for header in table.headers])
    for row in table.rows:
        sheet.append([_plain(cell, xlsx=True) for cell in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(table: Table, file_format: str) -> tuple[str, str, bytes]:
    """(filename, content type, content), the exporters' shared contract."""
    if file_format == "xlsx":
        return f"{table.title}.xlsx", XLSX_TYPE, render_xlsx(table)
    return f"{table.title}.csv", CSV_TYPE, render_csv(table)


def download(table: Table, file_format: str) -> HttpResponse:
    filename, content_type, content = render(table, file_format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def requested_format(params: Any) -> str | None:
    """The export format asked for in a query string (?export=csv|xlsx), if any."""
    value = params.get("export")
    return value if value in FORMATS else None
