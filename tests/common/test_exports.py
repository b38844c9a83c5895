"""Exported cells never run as formulas, in CSV or in Excel."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import clusterbridge
from clusterbridge.common.exports import FORMULA_TRIGGERS, Table, neutralise, render
from clusterbridge.programmes.models import Programme
from clusterbridge.reports import exporters, impact

texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40
) | st.sampled_from(FORMULA_TRIGGERS).flatmap(
    lambda trigger: st.text(max_size=20).map(lambda rest: trigger + rest)
)


@given(texts)
def test_a_neutralised_cell_never_starts_with_a_formula_trigger(value: str) -> None:
    assert not neutralise(value).startswith(FORMULA_TRIGGERS)


@given(texts)
def test_neutralising_keeps_the_text_readable(value: str) -> None:
    result = neutralise(value)
    assert result in (value, "'" + value)


@given(st.lists(texts, min_size=1, max_size=5))
def test_no_csv_cell_can_run_as_a_formula(cells: list[str]) -> None:
    _, _, content = render(Table(headers=["a"] * len(cells), rows=[cells]), "csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    for cell in rows[1]:
        assert not cell.startswith(FORMULA_TRIGGERS)


@given(st.lists(texts, min_size=1, max_size=5))
def test_openpyxl_never_stores_user_text_as_a_formula(cells: list[str]) -> None:
    _, _, content = render(Table(headers=["=header"] * len(cells), rows=[cells]), "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            assert not str(cell.value or "").startswith("=")


def test_a_formula_is_exported_as_the_text_the_person_typed() -> None:
    _, _, content = render(Table(headers=["name"], rows=[['=HYPERLINK("x")']]), "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert sheet["A2"].value == '\'=HYPERLINK("x")'


def test_numbers_and_dates_stay_numbers_and_dates() -> None:
    _, _, content = render(Table(headers=["n", "d"], rows=[[-5, date(2021, 1, 20)]]), "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert sheet["A2"].value == -5
    assert sheet["B2"].value.date() == date(2021, 1, 20)


def test_a_control_character_cannot_hide_a_formula_in_excel() -> None:
    _, _, content = render(Table(headers=["name"], rows=[["\x08=1+1"]]), "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert sheet["A2"].value == "'=1+1"


def _no_cell_can_run(content: bytes) -> None:
    """Read the workbook back: no formula, and no text starting with a formula character."""
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_TRIGGERS), (sheet.title, cell.value)


def _hostile_report(name: str, title: str, label: str, cells: list[str]) -> impact.ImpactReport:
    programme = Programme(
        name=name, slug="hostile", starts_on=date(2021, 1, 20), ends_on=date(2021, 10, 31)
    )
    columns = [impact.Column(label), *(impact.Column(f"{label} {n}") for n in range(len(cells)))]
    table = impact.Table("services", title, columns, [[label, *cells], [None, *cells]], note=label)
    return impact.ImpactReport(
        programme=programme,
        language="en",
        direction="ltr",
        generated_at=datetime(2021, 5, 1, tzinfo=UTC),
        headline=[(label, name, "text"), (title, -3, "int")],
        tables=[table, impact.Table("groups", label, [impact.Column(title)], [[name]])],
    )


@settings(max_examples=60)
@given(texts, texts, texts, st.lists(texts, min_size=1, max_size=4))
def test_the_impact_workbook_never_stores_user_text_as_a_formula(
    name: str, title: str, label: str, cells: list[str]
) -> None:
    _, _, content = exporters.render_xlsx(_hostile_report(name, title, label, cells))
    _no_cell_can_run(content)


SPREADSHEET_WRITERS = re.compile(r"csv\.(writer|DictWriter)\(|\bWorkbook\(")


def test_only_common_exports_writes_spreadsheets() -> None:
    """One writer for every .csv and .xlsx, so no export can forget the neutralising."""
    source = Path(clusterbridge.__file__).parent
    writers = sorted(
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if SPREADSHEET_WRITERS.search(path.read_text(encoding="utf-8"))
    )
    assert writers == ["common/exports.py"]
