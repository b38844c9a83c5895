"""Read an uploaded CSV or Excel (.xlsx) file into a header and numbered rows.

Defensive by design, because the file comes from a person's spreadsheet program:
- the type is decided by the content, not the name: an .xlsx is a zip archive, anything else is
  taken as text;
- a zip whose entries would inflate beyond a limit, or inflate suspiciously well, is refused
  before anything is decompressed (zip bombs);
- text is decoded and its separator chosen by `common.csv_decoding`, as for every CSV we read
  (UTF-16 with a byte-order mark, UTF-8 with or without one, else Windows-1252; a comma, a
  semicolon (French Excel) or a tab, whichever the header uses most);
- a line longer than `MAX_LINE_CHARS` or a header of more than `MAX_COLUMNS` columns refuses
  the file before any row is read: such a file is no list of people, and every step after
  the parse costs in proportion to the columns;
- blank lines are skipped however many there are; a row longer than the header is reported,
  a shorter one is padded with empty cells.
Errors that concern the whole file raise `UnreadableFile` with a translated message.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

from clusterbridge.common import csv_decoding

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 500
MAX_ROWS = 50_000
MAX_COLUMNS = 1_000
MAX_LINE_CHARS = 100_000
ZIP_MAGIC = b"PK\x03\x04"
# Over this size, the compression ratio alone does not condemn an entry (XML compresses well).
RATIO_CHECK_FROM = 1024 * 1024


class UnreadableFile(Exception):
    """The file as a whole cannot be read; nothing in it was imported."""


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet program numbers it: the header is row 1
    values: dict[str, str]
    extra_values: int = 0  # non-empty cells beyond the header's columns


@dataclass
class Table:
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    file_type: str = "csv"


def header_key(name: str) -> str:
    """'E-mail ', 'Time zone', 'TIME_ZONE' → 'e_mail', 'time_zone', 'time_zone'."""
    cleaned = name.replace("\ufeff", "").strip().lower()
    return "_".join(cleaned.replace("-", " ").replace("_", " ").split())


def table_to_json(table: Table) -> bytes:
    """The parsed table as stored between the preview and the commit of an import."""
    rows = [[row.number, row.values, row.extra_values] for row in table.rows]
    document = {"headers": table.headers, "file_type": table.file_type, "rows": rows}
    return json.dumps(document, ensure_ascii=False).encode()


def table_from_json(content: bytes) -> Table:
    document = json.loads(content)
    rows = [Row(number, values, extra) for number, values, extra in document["rows"]]
    return Table(headers=document["headers"], rows=rows, file_type=document["file_type"])


def read_table(content: bytes, *, filename: str = "") -> Table:
    if not content.strip():
        raise UnreadableFile(_("The file is empty."))
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableFile(
            _("The file is larger than the limit of %(limit)d MiB.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if content.startswith(ZIP_MAGIC):
        return _read_xlsx(content)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile(_("This is not an Excel .xlsx file: it is not a zip archive."))
    return _read_csv(content)


def _decode(content: bytes) -> str:
    try:
        return csv_decoding.decode(content)
    except csv_decoding.DecodingError as error:
        if error.code == "binary":
            raise UnreadableFile(
                _("This is not a text file (it contains NUL bytes); save it as CSV UTF-8 or .xlsx.")
            ) from None
        raise UnreadableFile(
            _("The file's encoding is neither UTF-8 nor Windows-1252; save it as CSV UTF-8.")
        ) from None


def _read_csv(content: bytes) -> Table:
    text = _decode(content)
    long_line = csv_decoding.first_long_line(text, limit=MAX_LINE_CHARS)
    if long_line is not None:
        raise UnreadableFile(
            ngettext(
                "Line %(line)d is longer than %(limit)d character: this is not a table of "
                "people or organisations. Nothing was imported.",
                "Line %(line)d is longer than %(limit)d characters: this is not a table of "
                "people or organisations. Nothing was imported.",
                MAX_LINE_CHARS,
            )
            % {"line": long_line, "limit": MAX_LINE_CHARS}
        )
    try:
        reader = csv.reader(
            io.StringIO(text, newline=""), delimiter=csv_decoding.sniff_separator(text)
        )
        records = ((reader.line_num, cells) for cells in reader)
        return _build_table(records, file_type="csv")
    except csv.Error as error:
        raise UnreadableFile(
            _("The CSV file is malformed: %(error)s.") % {"error": error}
        ) from None


def _check_zip(archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UnreadableFile(_("The Excel file holds too many parts to be a spreadsheet."))
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_CHECK_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise UnreadableFile(
                _("The Excel file inflates suspiciously (a zip bomb?); it was not opened.")
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableFile(
            _("The Excel file would inflate beyond the limit of %(limit)d MiB (a zip bomb?).")
            % {"limit": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )


def _read_xlsx(content: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise UnreadableFile(_("The Excel file is damaged (not a valid zip archive).")) from None
    with archive:
        _check_zip(archive)
        if "xl/workbook.xml" not in archive.namelist():
            raise UnreadableFile(_("This zip archive is not an Excel .xlsx workbook."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for damaged parts
        raise UnreadableFile(
            _("The Excel file cannot be read: %(error)s.") % {"error": error}
        ) from None
    try:
        sheet = workbook.worksheets[0]
        records = (
            (number, ["" if cell is None else _cell_text(cell) for cell in cells])
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        return _build_table(records, file_type="xlsx")
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    # Whole numbers come back as floats from some writers (2014.0); show them as typed.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _build_table(records: object, *, file_type: str) -> Table:
    headers: list[str] | None = None
    table = Table(headers=[], file_type=file_type)
    for number, cells in records:  # type: ignore[attr-defined]
        if not any(cell.strip() for cell in cells):
            continue
        if headers is None:
            headers = table.headers = _headers(cells)
            continue
        if len(table.rows) >= MAX_ROWS:
            raise UnreadableFile(
                ngettext(
                    "The file has more than %(limit)d row; split it.",
                    "The file has more than %(limit)d rows; split it.",
                    MAX_ROWS,
                )
                % {"limit": MAX_ROWS}
            )
        padded = [cell.strip() for cell in cells] + [""] * (len(headers) - len(cells))
        extra = sum(1 for cell in padded[len(headers) :] if cell)
        values = {name: padded[index] for index, name in enumerate(headers) if name}
        table.rows.append(Row(number=number, values=values, extra_values=extra))
    if headers is None:
        raise UnreadableFile(_("The file has no header row."))
    return table


def _headers(cells: list[str]) -> list[str]:
    if len(cells) > MAX_COLUMNS:
        raise UnreadableFile(
            ngettext(
                "The header has %(count)d column, more than the limit of %(limit)d: this is "
                "not a table of people or organisations. Nothing was imported.",
                "The header has %(count)d columns, more than the limit of %(limit)d: this is "
                "not a table of people or organisations. Nothing was imported.",
                len(cells),
            )
            % {"count": len(cells), "limit": MAX_COLUMNS}
        )
    headers = [header_key(cell) for cell in cells]
    while headers and not headers[-1]:
        headers.pop()
    duplicates = sorted(name for name, count in Counter(headers).items() if name and count > 1)
    if duplicates:
        raise UnreadableFile(
            _("Columns appear twice: %(columns)s.") % {"columns": ", ".join(duplicates)}
        )
    return headers
