"""Exported cells never run as formulas, in CSV or in Excel."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from clusterbridge.common.exports import FORMULA_TRIGGERS, Table, neutralise, render

texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
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
    from datetime import date

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
