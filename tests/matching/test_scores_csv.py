from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterbridge.matching import scores_csv
from clusterbridge.matching.scores_csv import (
    ScoresFileError,
    match_scores,
    read_capacities,
    read_scores,
)


def write(tmp_path, text: str, *, encoding: str = "utf-8", name: str = "scores.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_plain_comma_file_is_read_with_string_ids_and_empty_cells_forbidden(tmp_path):
    table = read_scores(write(tmp_path, "mentee,007,M2\nA1,0.5,\nB2,1e-1,3\n"))
    assert table.mentee_ids == ["A1", "B2"]
    assert table.mentor_ids == ["007", "M2"]
    np.testing.assert_allclose(table.scores, [[0.5, 0.0], [0.1, 3.0]])
    assert table.feasible.tolist() == [[True, False], [True, True]]


def test_french_excel_file_with_bom_semicolons_and_decimal_commas_is_read(tmp_path):
    text = "\ufeffmentee;Mentor Élodie;M2\r\nAmina;0,75;1 234,5\r\nKarim;;-0,25\r\n;;\r\n"
    table = read_scores(write(tmp_path, text))
    assert table.mentor_ids == ["Mentor Élodie", "M2"]
    np.testing.assert_allclose(table.scores, [[0.75, 1234.5], [0.0, -0.25]])


def test_windows_1252_file_is_read(tmp_path):
    table = read_scores(write(tmp_path, "mentee;Hélène\nRenée;0,5\n", encoding="cp1252"))
    assert table.mentee_ids == ["Renée"]
    assert table.mentor_ids == ["Hélène"]


def test_utf16_file_with_byte_order_mark_is_read(tmp_path):
    table = read_scores(write(tmp_path, "\ufeffmentee\tM1\nA\t0,5\n", encoding="utf-16-le"))
    assert table.scores.tolist() == [[0.5]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "scores.csv: the file is empty"),
        ("  \n\n", "scores.csv: the file is empty"),
        ("mentee,M1,M2\n", "no mentee rows, only a header"),
        ("mentor,M1\nA,1\n", 'scores.csv, row 1, column 1: the header must start with "mentee"'),
        ("mentee\nA\n", "row 1: the header names no mentor"),
        ("mentee,M1,M2\nA,1\n", "row 2: cells: 2, expected 3 like the header"),
        ("mentee,M1\nA,1\nB,1,2\n", "row 3: cells: 3, expected 2"),
        ("mentee,M1,M2\nA,1,abc\n", "row 2, column 3: 'abc' is not a number"),
        ("mentee,M1\nA,nan\n", "row 2, column 2: 'nan' is not a number"),
        ("mentee,M1\nA,inf\n", "row 2, column 2: 'inf' is not a number"),
        ("mentee,M1\nA,1e999\n", "row 2, column 2: '1e999' is not a finite number"),
        ("mentee,M1\nA,1_000\n", "'1_000' is not a number"),
        ("mentee,M1,M1\nA,1,2\n", "row 1, column 3: duplicate mentor id 'M1' (also in column 2)"),
        ("mentee,M1,\nA,1,2\n", "row 1, column 3: empty mentor id"),
        ("mentee,M1\nA,1\n\nA,2\n", "row 4, column 1: duplicate mentee id 'A' (also in row 2)"),
        ("mentee,M1\n,1\n", "row 2, column 1: empty mentee id"),
        ('mentee,M1\n"A,1\n', "scores.csv"),
    ],
)
def test_malformed_scores_file_names_row_and_column(tmp_path, text, message):
    with pytest.raises(ScoresFileError) as error:
        read_scores(write(tmp_path, text))
    assert message in str(error.value)


def test_missing_file_is_a_scores_file_error(tmp_path):
    with pytest.raises(ScoresFileError, match="cannot read"):
        read_scores(tmp_path / "absent.csv")


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes(b"mentee,M1\nA\x81\x8d,1\n")
    with pytest.raises(ScoresFileError, match="neither UTF-8 nor Windows-1252"):
        read_scores(path)


def test_capacities_default_to_one_for_mentors_not_listed(tmp_path):
    path = write(tmp_path, "\ufeffmentor;capacity\nM2;3\nM3;0\n", name="cap.csv")
    capacities = read_capacities(path, mentor_ids=["M1", "M2", "M3"])
    assert capacities.tolist() == [1, 3, 0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "cap.csv: the file is empty"),
        ("mentor,capacity\n", "no capacity rows"),
        ("mentor,places\nM1,1\n", 'row 1: the header must be "mentor,capacity"'),
        ("mentor,capacity\nM1,-1\n", "row 2, column 2: capacity must be a whole number >= 0"),
        ("mentor,capacity\nM1,1.5\n", "row 2, column 2: capacity must be a whole number"),
        ("mentor;capacity\nM1;1,5\n", "row 2, column 2: capacity must be a whole number"),
        ("mentor,capacity\nM1,\n", "row 2, column 2: capacity must be a whole number"),
        ("mentor,capacity\nM1,two\n", "row 2, column 2: 'two' is not a number"),
        ("mentor,capacity\nM9,1\n", "row 2, column 1: unknown mentor 'M9'"),
        ("mentor,capacity\nM1,1\nM1,2\n", "row 3, column 1: mentor 'M1' already given on row 2"),
        ("mentor,capacity\nM1,1,2\n", "row 2: cells: 3, expected 2"),
    ],
)
def test_malformed_capacities_file_names_row_and_column(tmp_path, text, message):
    with pytest.raises(ScoresFileError) as error:
        read_capacities(write(tmp_path, text, name="cap.csv"), mentor_ids=["M1"])
    assert message in str(error.value)


def test_match_scores_document_keeps_the_contract_keys(tmp_path):
    table = read_scores(write(tmp_path, "mentee,M1,M2\nA,0.9,0.1\nB,0.8,\nC,,\n"))
    document = match_scores(table)
    assert document["pairs"] == [
        {"mentee": "A", "mentor": "M2", "score": 0.1},
        {"mentee": "B", "mentor": "M1", "score": 0.8},
    ]
    assert document["total_score"] == pytest.approx(0.9)
    assert document["unmatched_mentees"] == ["C"]
    assert document["unmatched_reasons"]["C"]["code"] == "no_feasible_mentor"
    assert document["mode"] == "optimal"


def test_match_scores_in_stable_mode_reports_blocking_pairs_and_score_given_up(tmp_path):
    table = read_scores(write(tmp_path, "mentee,M1,M2\nA,0.9,0.1\nB,0.8,0\n"))
    document = match_scores(table, capacities=np.array([1, 1]), mode="stable")
    assert document["blocking_pairs"] == 0
    assert document["pairs"][0] == {"mentee": "A", "mentor": "M1", "score": 0.9}
    assert document["score_given_up"] == pytest.approx(document["optimal_total"] - 0.9)


# --- the fast pass (pandas' C parser) against the careful pass, cell by cell -----------------

NUMBERS = st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr)
CELLS = st.one_of(
    NUMBERS,
    NUMBERS.map(lambda number: number.replace(".", ",")),
    st.integers(-(10**20), 10**20).map(str),
    st.just(""),
    st.text(alphabet="0123456789.,eE+- \u00a0\tinfaTrue_", max_size=7),
    st.sampled_from(["0,75", "1 234,5", "1.234,5", "1,234.5", "-0", "1e999", "inf", "True", "1_0"]),
)


def _careful(path):
    return scores_csv._careful_scores(
        scores_csv._rows(scores_csv._decode(path.read_bytes(), path=path), path=path), path=path
    )


def _outcome(read, path):
    try:
        table = read(path)
    except ScoresFileError as error:
        return ("error", str(error))
    signs = np.signbit(table.scores).tolist()
    return (
        table.mentee_ids,
        table.mentor_ids,
        table.scores.tolist(),
        signs,
        table.feasible.tolist(),
    )


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    separator=st.sampled_from([",", ";", "\t"]),
    grid=st.lists(st.lists(CELLS, min_size=2, max_size=2), min_size=1, max_size=3),
)
def test_fast_reading_gives_the_same_numbers_and_errors_as_reading_cell_by_cell(
    tmp_path, separator, grid
):
    lines = [separator.join(["mentee", "M1", "M2"])]
    lines += [separator.join([f"E{k}", *cells]) for k, cells in enumerate(grid)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    assert _outcome(read_scores, path) == _outcome(_careful, path)


BLANK_LINES = st.sampled_from(["", " ", "{s}", "{s}{s}", "{s}{s}{s}{s}", " {s} {s}", "\t"])


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    separator=st.sampled_from([",", ";", "\t"]),
    lines=st.lists(
        st.one_of(
            st.lists(st.sampled_from(["0.5", "-0", "", "2", "1,5"]), min_size=1, max_size=3),
            BLANK_LINES,
        ),
        min_size=1,
        max_size=5,
    ),
    ending=st.sampled_from(["\n", "\r\n", "", "\n\n"]),
)
def test_fast_reading_agrees_with_the_careful_pass_on_ragged_and_blank_rows(
    tmp_path, separator, lines, ending
):
    """Short, long and blank rows anywhere: the fast pass checks rows without splitting lines."""
    text = [separator.join(["mentee", "M1", "M2"])]
    for k, line in enumerate(lines):
        cells = [f"E{k}", *line] if isinstance(line, list) else None
        text.append(separator.join(cells) if cells else line.format(s=separator))
    path = write(tmp_path, ending.join(text) + ending)
    assert _outcome(read_scores, path) == _outcome(_careful, path)


def test_blank_rows_amid_and_after_the_scores_stay_on_the_fast_pass():
    text = "mentee;M1;M2\r\nA;0,5;1\r\n;;\r\n\r\nB;;2\r\n;\r\n;;\r\n\r\n"
    table = scores_csv._fast_scores(text.encode())
    assert table is not None
    assert table.mentee_ids == ["A", "B"]
    assert table.scores.tolist() == [[0.5, 1.0], [0.0, 2.0]]
    assert table.feasible.tolist() == [[True, True], [False, True]]


def test_a_row_shorter_than_the_header_is_left_to_the_careful_pass(tmp_path):
    assert scores_csv._fast_scores(b"mentee,M1,M2\nA,1,2\nB,1\nC,1,2,\n") is None
    with pytest.raises(ScoresFileError, match="row 3: cells: 2, expected 3 like the header"):
        read_scores(write(tmp_path, "mentee,M1,M2\nA,1,2\nB,1\n,,\nC,1,2,\n"))


def test_a_large_clean_file_is_read_by_the_fast_pass(tmp_path):
    rows = [";".join(["mentee", *(f"M{j}" for j in range(300))])]
    rows += [
        ";".join([f"E{i}", *(f"{(i * j) % 97},{j % 10}" for j in range(300))]) for i in range(300)
    ]
    text = "\r\n".join(rows) + "\r\n;;\r\n"
    assert scores_csv._fast_scores(text.encode()) is not None
    table = read_scores(write(tmp_path, text))
    assert table.scores.shape == (300, 300)
    assert table.scores[7, 11] == pytest.approx(77 % 97 + 0.1)


def test_a_column_of_booleans_is_not_read_as_ones_and_zeros(tmp_path):
    with pytest.raises(ScoresFileError, match="row 2, column 2: 'True' is not a number"):
        read_scores(write(tmp_path, "mentee,M1,M2\nA,True,0.5\nB,False,0.25\n"))
