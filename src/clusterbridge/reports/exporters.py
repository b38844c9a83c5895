"""Exports of the impact report. Every exporter shares one contract:
``render(report) -> (filename, content_type, bytes)``.

The web page and the PDF come from the same standalone HTML document, so what a manager reads
on screen is what a funder gets on paper; the workbook holds one sheet per table.
"""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from clusterbridge.common import exports
from clusterbridge.journeys import statistics
from clusterbridge.reports.impact import ImpactReport, Table, Value, suppressed_label

Rendered = tuple[str, str, bytes]
Exporter = Callable[[ImpactReport], Rendered]


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
    from weasyprint import HTML  # noqa: PLC0415

    pdf = HTML(string=document_html(report, labels_in_html=True)).write_pdf()
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return _filename(report, "pdf"), "application/pdf", pdf


def render_xlsx(report: ImpactReport) -> Rendered:
    """A summary sheet, then one sheet per table; written by common.exports, so no name or
    title a participant typed can become a formula."""
    with translation.override(report.language):
        sheets = [_summary(report), *(_sheet(table) for table in report.tables)]
        content = exports.render_workbook(sheets, right_to_left=report.direction == "rtl")
    return _filename(report, "xlsx"), exports.XLSX_TYPE, content


def _summary(report: ImpactReport) -> exports.Table:
    programme = report.programme
    return exports.Table(
        title=_("Summary"),
        headers=[programme.name],
        rows=[
            [_("Period"), f"{programme.starts_on} – {programme.ends_on}"],
            [_("Generated"), report.generated_at.strftime("%Y-%m-%d %H:%M UTC")],
            [],
            *([label, _cell(value)] for label, value, _kind in report.headline),
        ],
        column_widths=[60, *_OTHER_COLUMNS],
    )


def _sheet(table: Table) -> exports.Table:
    return exports.Table(
        title=table.title,
        headers=[column.label for column in table.columns],
        rows=[[_cell(value) for value in row] for row in table.rows],
        number_formats=[_NUMBER_FORMATS.get(column.kind) for column in table.columns],
        notes=[table.note] if table.note else [],
        column_widths=[30, *_OTHER_COLUMNS],
    )


_NUMBER_FORMATS = {"percent": "0%", "number": "0.00"}
_OTHER_COLUMNS = [16] * 16


def _cell(value: Value) -> exports.Cell:
    if isinstance(value, statistics.Suppressed):
        return suppressed_label()
    return value


EXPORTERS: dict[str, Exporter] = {"html": render_html, "pdf": render_pdf, "xlsx": render_xlsx}
FORMATS = tuple(EXPORTERS)
