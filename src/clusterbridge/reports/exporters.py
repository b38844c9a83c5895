"""Exports of the impact report. Every exporter shares one contract:
``render(report) -> (filename, content_type, bytes)``.

The web page and the PDF come from the same standalone HTML document, so what a manager reads
on screen is what a funder gets on paper; the workbook holds one sheet per table.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from clusterbridge.journeys import statistics
from clusterbridge.reports.impact import ImpactReport, Table, suppressed_label

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

Rendered = tuple[str, str, bytes]
Exporter = Callable[[ImpactReport], Rendered]

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_LENGTH = 31


def _filename(report: ImpactReport, extension: str) -> str:
    return f"impact-{report.programme.slug}-{report.language}.{extension}"


def document_html(report: ImpactReport, *, labels_in_html: bool = False) -> str:
    """The standalone report document (inline styles and charts, no external resource).

    ``labels_in_html`` draws the charts' labels as HTML over the SVG, for WeasyPrint, which
    lays out SVG text one character at a time (Arabic letters would not join and vowel marks
    would stand alone).
    """
    context = {"report": report, "labels_in_html": labels_in_html}
    with translation.override(report.language):
        return render_to_string("reports/impact_document.html", context)


def render_html(report: ImpactReport) -> Rendered:
    return (
        _filename(report, "html"),
        "text/html; charset=utf-8",
        document_html(report).encode(),
    )


def render_pdf(report: ImpactReport) -> Rendered:
    # Imported here: WeasyPrint loads Pango at import, which only the PDF export needs.
    from weasyprint import HTML

    pdf = HTML(string=document_html(report, labels_in_html=True)).write_pdf()
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return _filename(report, "pdf"), "application/pdf", pdf


def render_xlsx(report: ImpactReport) -> Rendered:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(report.language):
        workbook = Workbook()
        summary = workbook.active
        assert summary is not None
        summary.title = _sheet_name(_("Summary"), set())
        used = {summary.title}
        summary.append([report.programme.name])
        summary["A1"].font = Font(bold=True, size=14)
        summary.append([_("Period"), f"{report.programme.starts_on} – {report.programme.ends_on}"])
        summary.append([_("Generated"), report.generated_at.strftime("%Y-%m-%d %H:%M UTC")])
        summary.append([])
        for label, value, _kind in report.headline:
            summary.append([label, _cell(value)])
        _finish(summary, report, first_column=60)
        for table in report.tables:
            sheet = workbook.create_sheet(_sheet_name(table.title, used))
            used.add(sheet.title)
            _fill(sheet, table)
            _finish(sheet, report, first_column=30)
        buffer = io.BytesIO()
        workbook.save(buffer)
    return (
        _filename(report, "xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer.getvalue(),
    )


def _fill(sheet: Worksheet, table: Table) -> None:
    from openpyxl.styles import Font

    sheet.append([column.label for column in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_cell(value) for value in row])
        for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
            if column.kind == "percent":
                cell.number_format = "0%"
            elif column.kind == "number":
                cell.number_format = "0.00"
    if table.note:
        sheet.append([])
        sheet.append([table.note])
    sheet.freeze_panes = "A2"


def _cell(value: object) -> object:
    if value is statistics.SUPPRESSED:
        return suppressed_label()
    return value


def _finish(sheet: Worksheet, report: ImpactReport, *, first_column: int) -> None:
    sheet.sheet_view.rightToLeft = report.direction == "rtl"
    sheet.column_dimensions["A"].width = first_column
    for letter in "BCDEFGHIJKLMNOPQ":
        sheet.column_dimensions[letter].width = 16


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:_SHEET_NAME_LENGTH] or "Sheet"
    name, number = base, 2
    while name.casefold() in {u.casefold() for u in used}:
        suffix = f" ({number})"
        name = base[: _SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    return name


EXPORTERS: dict[str, Exporter] = {"html": render_html, "pdf": render_pdf, "xlsx": render_xlsx}
FORMATS = tuple(EXPORTERS)
