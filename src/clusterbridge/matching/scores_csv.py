"""Score and capacity CSV files for ``clusterbridge match_scores`` (pure Python, no Django).

Scores file: a header ``mentee,<mentor id>,...``, then one row per mentee: its id, then one
number per mentor; an empty cell forbids the pair. Capacities file: a header
``mentor,capacity``, then one row per mentor (mentors not listed keep capacity 1).

Files saved by a French Excel are read as they come: ``;`` separators, decimal commas
(``0,75``), spaces or no-break spaces as thousands separators, a UTF-8 byte-order mark, or
Windows-1252 text (UTF-16 with a byte-order mark too): ``common.csv_decoding`` decodes them
and picks the separator, as for the people import. Ids stay strings (``007`` is kept as
is, surrounding spaces are dropped). Any defect raises ``ScoresFileError`` naming the file,
the row (line number, header = 1) and the column.

Reading is in two passes of which the first usually suffices. The fast pass hands the file's
bytes to pandas' C parser (a 2,000 x 2,000 file is four million cells: one Python call per
cell cost several seconds; an ASCII file is not even decoded first) and checks the result.
It accepts the file only when nothing in it needs a closer look: no quotes, every row as
long as the header (blank rows skipped), every cell a plain number pandas parsed (``inf``
and booleans excluded), ids present and unique. Anything else - an error, or a spelling the
C parser does not know such as ``1 234,5`` - goes to the careful pass, cell by cell, which is
the reference: it gives the same numbers and names the row and column of the first defect.

Public API
----------
``read_scores(path) -> ScoresTable``;  ``read_capacities(path, *, mentor_ids) -> ndarray``
``match_scores(table, *, capacities=None, mode="optimal") -> dict``
    The JSON document printed by the command: ``pairs`` (``mentee``, ``mentor``, ``score``),
    ``total_score``, ``unmatched_mentees``, plus ``mode``, ``matched_mentees``,
    ``blocking_pairs``, ``optimal_total``, ``optimal_matched_mentees``, ``score_given_up``
    and ``unmatched_reasons`` (code and params per unmatched mentee id).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from clusterbridge.common import csv_decoding

from .solver import Mode, solve

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS_SPACES = str.maketrans("", "", " \u00a0\u202f")
_NOT_BLANK_BYTE = re.compile(rb"\S")


class ScoresFileError(ValueError):
    """A defect in an input file; ``row`` and ``column`` are 1-based when known."""

    def __init__(
        self, message: str, *, path: Path | str, row: int | None = None, column: int | None = None
    ) -> None:
        self.path, self.row, self.column = Path(path), row, column
        where = [self.path.name]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {message}")


@dataclass(frozen=True)
class ScoresTable:
    mentee_ids: list[str]
    mentor_ids: list[str]
    scores: npt.NDArray[np.float64]  # 0 where the pair is forbidden
    feasible: npt.NDArray[np.bool_]


def read_scores(path: Path | str) -> ScoresTable:
    raw = _read(path)
    fast = _fast_scores(raw)
    return fast or _careful_scores(_rows(_decode(raw, path=path), path=path), path=path)


def _careful_scores(rows: list[tuple[int, list[str]]], *, path: Path | str) -> ScoresTable:
    line, header = rows[0]
    mentor_ids = _mentor_ids(header, path=path, line=line)
    if len(rows) == 1:
        raise ScoresFileError("no mentee rows, only a header", path=path)
    mentee_ids: list[str] = []
    scores = np.zeros((len(rows) - 1, len(mentor_ids)))
    feasible = np.zeros(scores.shape, dtype=bool)
    for k, (line, cells) in enumerate(rows[1:]):
        if len(cells) != len(header):
            message = f"cells: {len(cells)}, expected {len(header)} like the header"
            raise ScoresFileError(message, path=path, row=line)
        mentee_ids.append(cells[0].strip())
        for column, cell in enumerate(cells[1:], start=2):
            if cell.strip():
                scores[k, column - 2] = _number(cell, path=path, row=line, column=column)
                feasible[k, column - 2] = True
    lines = [line for line, _ in rows[1:]]
    _check_ids(mentee_ids, path=path, what="mentee", where="row", lines=lines)
    return ScoresTable(mentee_ids, mentor_ids, scores, feasible)


def _mentor_ids(header: list[str], *, path: Path | str, line: int) -> list[str]:
    if not header or header[0].strip().lower() != "mentee":
        raise ScoresFileError('the header must start with "mentee"', path=path, row=line, column=1)
    mentor_ids = [cell.strip() for cell in header[1:]]
    if not mentor_ids:
        raise ScoresFileError("the header names no mentor", path=path, row=line)
    _check_ids(mentor_ids, path=path, what="mentor", where="column", offset=2, fixed=line)
    return mentor_ids


def _fast_scores(raw: bytes) -> ScoresTable | None:
    """The table when the C parser can read the file alone, else None (see the docstring).

    pandas reads the body straight from the file's bytes; what it cannot tell us (a row
    shorter than the header reads as empty cells, a blank row as a row) is checked on its
    result, so no line is split in Python.
    """
    data = _utf8(raw)
    if data is None or b'"' in data:
        return None
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
        if b"\r" in data:
            return None
    header = _header(data)
    if header is None:
        return None
    separator, mentor_ids, body_start = header
    body = io.BytesIO(data)
    body.seek(body_start)
    decimal = "," if separator != "," and data.find(b",", body_start) != -1 else "."
    try:
        frame = pd.read_csv(
            body,
            sep=separator,
            header=None,
            names=range(len(mentor_ids) + 1),
            index_col=0,
            dtype={0: str, **dict.fromkeys(range(1, len(mentor_ids) + 1), np.float64)},
            decimal=decimal,
            keep_default_na=False,
            na_values=[""],
            # One row per line, blank ones included, so that rows can be told from lines.
            skip_blank_lines=False,
            engine="c",
        )
    except (ValueError, pd.errors.ParserError):
        return None
    return _checked_frame(frame, mentor_ids, data=data, separator=separator, start=body_start)


def _utf8(raw: bytes) -> bytes | None:
    """The file as UTF-8 bytes without a byte-order mark; None when it is not text."""
    if raw.isascii():
        # ASCII is UTF-8 already: no decoding, no copy of a 34 MiB file.
        return None if b"\0" in raw else raw
    try:
        return csv_decoding.decode(raw).encode()
    except csv_decoding.DecodingError:
        return None


def _header(data: bytes) -> tuple[str, list[str], int] | None:
    """Separator, mentor ids and where the body starts, when the header line is valid.

    The header is the first line holding something other than ASCII white space. When the
    careful pass, which also skips Unicode white space, would take a later line, this one
    holds no "mentee" and the file goes to the careful pass.
    """
    found = _NOT_BLANK_BYTE.search(data)
    line_end = -1 if found is None else data.find(b"\n", found.start())
    if found is None or line_end == -1:
        return None
    line = data[data.rfind(b"\n", 0, found.start()) + 1 : line_end].decode()
    separator = csv_decoding.sniff_separator(line)
    cells = [cell.strip() for cell in line.split(separator)]
    if cells[0].lower() != "mentee" or len(cells) < 2 or not _unique_ids(cells[1:]):
        return None
    return separator, cells[1:], line_end + 1


def _checked_frame(
    frame: pd.DataFrame, mentor_ids: list[str], *, data: bytes, separator: str, start: int
) -> ScoresTable | None:
    if frame.shape[1] != len(mentor_ids) or not len(frame):
        return None
    # A copy in row order: pandas hands out its columns (maybe read-only); the solver reads rows.
    scores = np.array(frame.to_numpy(dtype=np.float64), order="C")
    mentee_ids = [cell.strip() for cell in frame.index.fillna("")]
    blank = [k for k, mentee in enumerate(mentee_ids) if not mentee and np.isnan(scores[k]).all()]
    if not _every_row_as_long_as_the_header(data, separator, start, frame.shape, blank):
        return None
    if blank:
        kept = np.ones(len(mentee_ids), dtype=bool)
        kept[blank] = False
        scores = scores[kept]
        mentee_ids = [mentee for k, mentee in enumerate(mentee_ids) if kept[k]]
    if not mentee_ids or not _unique_ids(mentee_ids) or _booleans_read_as_numbers(scores, data):
        return None
    feasible = np.isfinite(scores)
    if not feasible.all():
        empty = np.isnan(scores)
        if not np.array_equal(feasible, ~empty):
            return None  # an infinity, which the careful pass refuses
        scores[empty] = 0.0
    return ScoresTable(mentee_ids, mentor_ids, scores, feasible)


def _every_row_as_long_as_the_header(
    data: bytes, separator: str, start: int, shape: tuple[int, int], blank: list[int]
) -> bool:
    """The C parser fills a short row with empty cells; the careful pass refuses it.

    No row is longer (the parser refuses those), so rows are all full when the separators
    in the body add up. Blank rows, which the careful pass skips, may be of any length.
    """
    rows, columns = shape
    found = data.count(separator.encode(), start)
    expected = (rows - len(blank)) * columns
    if blank:
        lines = _line_bounds(data, start)
        if len(lines) != rows:
            return False
        expected += sum(data.count(separator.encode(), *lines[k]) for k in blank)
    return found == expected


def _line_bounds(data: bytes, start: int) -> list[tuple[int, int]]:
    """(start, end) of every line from ``start`` on; the file's last newline ends the last."""
    after = np.frombuffer(data, dtype=np.uint8, offset=start)
    newlines: list[int] = (start + np.flatnonzero(after == ord("\n"))).tolist()
    ends = newlines if newlines and newlines[-1] == len(data) - 1 else [*newlines, len(data)]
    return list(zip([start, *(end + 1 for end in ends[:-1])], ends, strict=True))


def _booleans_read_as_numbers(scores: npt.NDArray[np.float64], data: bytes) -> bool:
    """The C parser reads a column of only True/False as 1.0/0.0; "True" is no number to us.

    Only a column whose every value is 0, 1 or empty can be one; the first row finds them.
    """
    first = scores[0]
    suspects = np.flatnonzero((first == 0) | (first == 1) | np.isnan(first))
    if not suspects.size:
        return False
    column = scores[:, suspects]
    if not ((column == 0) | (column == 1) | np.isnan(column)).all(axis=0).any():
        return False
    return any(word in data for word in (b"rue", b"RUE", b"alse", b"ALSE"))


def _unique_ids(ids: list[str]) -> bool:
    return all(ids) and len(set(ids)) == len(ids)


def read_capacities(path: Path | str, *, mentor_ids: list[str]) -> npt.NDArray[np.int64]:
    rows = _rows(_decode(_read(path), path=path), path=path)
    line, header = rows[0]
    if [cell.strip().lower() for cell in header] != ["mentor", "capacity"]:
        raise ScoresFileError('the header must be "mentor,capacity"', path=path, row=line)
    if len(rows) == 1:
        raise ScoresFileError("no capacity rows, only a header", path=path)
    position = {mentor: k for k, mentor in enumerate(mentor_ids)}
    capacities = np.ones(len(mentor_ids), dtype=np.int64)
    seen: dict[str, int] = {}
    for line, cells in rows[1:]:
        if len(cells) != 2:
            raise ScoresFileError(f"cells: {len(cells)}, expected 2", path=path, row=line)
        mentor = cells[0].strip()
        if mentor not in position:
            message = f"unknown mentor {mentor!r} (not in the scores file)"
            raise ScoresFileError(message, path=path, row=line, column=1)
        if mentor in seen:
            message = f"mentor {mentor!r} already given on row {seen[mentor]}"
            raise ScoresFileError(message, path=path, row=line, column=1)
        seen[mentor] = line
        capacities[position[mentor]] = _capacity(cells[1], path=path, row=line)
    return capacities


def match_scores(
    table: ScoresTable,
    *,
    capacities: npt.NDArray[np.int64] | None = None,
    mode: Mode = "optimal",
) -> dict[str, Any]:
    result = solve(table.scores, feasible=table.feasible, capacities=capacities, mode=mode)
    mentees, mentors = table.mentee_ids, table.mentor_ids
    return {
        "pairs": [
            {"mentee": mentees[i], "mentor": mentors[j], "score": float(score)}
            for (i, j), score in zip(result.pairs.tolist(), result.pair_scores, strict=True)
        ],
        "total_score": result.total_score,
        "unmatched_mentees": [mentees[i] for i in result.unmatched_mentees],
        "mode": mode,
        "matched_mentees": result.matched_mentees,
        "blocking_pairs": result.blocking_pairs,
        "optimal_total": result.optimal_total,
        "optimal_matched_mentees": result.optimal_matched_mentees,
        "score_given_up": result.score_given_up,
        "unmatched_reasons": {
            mentees[i]: {"code": reason.code, "params": dict(reason.params)}
            for i, reason in result.unmatched_reasons.items()
        },
    }


def _rows(text: str, *, path: Path | str) -> list[tuple[int, list[str]]]:
    """Non-blank rows with their line numbers; the first one is the header."""
    if not text.strip():
        raise ScoresFileError("the file is empty", path=path)
    delimiter = csv_decoding.sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as error:
        raise ScoresFileError(f"not valid CSV ({error})", path=path, row=reader.line_num) from None
    return rows


def _read(path: Path | str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise ScoresFileError(f"cannot read the file ({error.strerror})", path=path) from None


def _decode(raw: bytes, *, path: Path | str) -> str:
    try:
        return csv_decoding.decode(raw)
    except csv_decoding.DecodingError as error:
        raise ScoresFileError(str(error), path=path, row=error.params.get("line")) from None


def _number(cell: str, *, path: Path | str, row: int, column: int) -> float:
    text = cell.strip().translate(_THOUSANDS_SPACES)
    if "," in text:
        # The last separator is the decimal one: "0,75", "1.234,5" and "1,234.5" all work.
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    if not _NUMBER.fullmatch(text):
        raise ScoresFileError(
            f"{cell.strip()!r} is not a number", path=path, row=row, column=column
        )
    value = float(text)
    if not math.isfinite(value):
        message = f"{cell.strip()!r} is not a finite number"
        raise ScoresFileError(message, path=path, row=row, column=column)
    return value


def _capacity(cell: str, *, path: Path | str, row: int) -> int:
    value = _number(cell, path=path, row=row, column=2) if cell.strip() else math.nan
    if not (value >= 0 and value == int(value)):
        message = f"capacity must be a whole number >= 0, got {cell.strip()!r}"
        raise ScoresFileError(message, path=path, row=row, column=2)
    return int(value)


def _check_ids(
    ids: list[str],
    *,
    path: Path | str,
    what: str,
    where: str,
    offset: int = 0,
    fixed: int | None = None,
    lines: list[int] | None = None,
) -> None:
    """Ids must be non-empty and unique; errors point at the header column or the row."""
    first: dict[str, int] = {}
    for k, identifier in enumerate(ids):
        place = lines[k] if lines is not None else k + offset
        row, column = (fixed, place) if where == "column" else (place, 1)
        if not identifier:
            raise ScoresFileError(f"empty {what} id", path=path, row=row, column=column)
        if identifier in first:
            message = f"duplicate {what} id {identifier!r} (also in {where} {first[identifier]})"
            raise ScoresFileError(message, path=path, row=row, column=column)
        first[identifier] = place
