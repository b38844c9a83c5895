"""Tables to CSV and Excel files that a spreadsheet cannot turn into formulas.

Every .csv and .xlsx the application writes goes through this module (the directory and
community lists, the import templates and rejected rows, the impact workbook);
tests/common/test_exports.py fails when another module opens a CSV writer or a workbook.

A cell that starts with = + - @, a tab, a carriage return or NUL is read by spreadsheet programs
as a formula (CSV injection). Such text gets a leading apostrophe, which spreadsheets show as
text. In .xlsx files every string is also stored with the string type, so openpyxl never writes
user text as a formula whatever it looks like.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
Cell = str | int | float | date | datetime | None
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_LENGTH = 31


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
    """Rows under a header row, for one CSV file or one sheet of a workbook.

    ``number_formats`` gives Excel's number format of each column (None: general);
    ``notes`` are lines written under the table after an empty row; ``column_widths`` the
    widths of the first columns in the workbook. A CSV file ignores all three but the notes.
    """

    headers: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    title: str = "export"
    number_formats: Sequence[str | None] = ()
    notes: Sequence[str] = ()
    column_widths: Sequence[float] = ()


def render_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens accents and Arabic correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(str(header)) for header in table.headers])
    for row in table.rows:
        writer.writerow(["" if cell is None else _plain(cell) for cell in row])
    if table.notes:
        writer.writerow([])
        writer.writerows([neutralise(note)] for note in table.notes)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(table: Table) -> bytes:
    return render_workbook([table])


def render_workbook(tables: Sequence[Table], *, right_to_left: bool = False) -> bytes:
    """One sheet per table, named after its title; the header row bold and frozen."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(sheet_name(table.title, used))
        used.add(sheet.title)
        _fill(sheet, table)
        sheet.sheet_view.rightToLeft = right_to_left
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet: Worksheet, table: Table) -> None:
    sheet.append([_plain(str(header), xlsx=True) for header in table.headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_plain(cell, xlsx=True) for cell in row])
        for cell, number_format in zip(sheet[sheet.max_row], table.number_formats, strict=False):
            if number_format is not None:
                cell.number_format = number_format
    if table.notes:
        sheet.append([])
        for note in table.notes:
            sheet.append([_plain(note, xlsx=True)])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING
    for index, width in enumerate(table.column_widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def sheet_name(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", title))
    # Excel also refuses a name that begins or ends with an apostrophe.
    base = base.strip().strip("'").strip()[:_SHEET_NAME_LENGTH].rstrip("'") or "Sheet"
    name, number = base, 2
    while name.casefold() in {u.casefold() for u in used}:
        suffix = f" ({number})"
        name = base[: _SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    return name


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
