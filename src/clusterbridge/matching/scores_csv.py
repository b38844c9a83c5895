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

Reading is in two passes of which the first usually suffices. The fast pass hands the numbers
to pandas' C parser (a 2,000 x 2,000 file is four million cells: one Python call per cell
cost several seconds). It accepts the file only when nothing in it needs a closer look: no
quotes, every row as long as the header, every cell a plain number pandas parsed (``inf``
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
    text = _decode(path)
    return _fast_scores(text) or _careful_scores(_rows(text, path=path), path=path)


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
            message = f"{len(cells)} cells, expected {len(header)} like the header"
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


def _fast_scores(text: str) -> ScoresTable | None:
    """The table when the C parser can read the file alone, else None (see the docstring)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if '"' in text or "\r" in text:
        return None
    separator = csv_decoding.sniff_separator(text)
    filled = [line for line in text.split("\n") if line.strip(separator + " \t")]
    if len(filled) < 2 or len({line.count(separator) for line in filled}) != 1:
        return None
    header = [cell.strip() for cell in filled[0].split(separator)]
    mentor_ids = header[1:]
    if header[0].lower() != "mentee" or not mentor_ids or not _unique_ids(mentor_ids):
        return None
    # Bytes, not text: the C parser reads UTF-8 natively, and a StringIO holds 4 bytes a
    # character.
    body = "\n".join(filled[1:]).encode()
    decimal = "," if separator != "," and b"," in body else "."
    try:
        frame = pd.read_csv(
            io.BytesIO(body),
            sep=separator,
            header=None,
            names=range(len(header)),
            index_col=0,
            dtype={0: str, **dict.fromkeys(range(1, len(header)), np.float64)},
            decimal=decimal,
            keep_default_na=False,
            na_values=[""],
            engine="c",
        )
    except (ValueError, pd.errors.ParserError):
        return None
    return _checked_frame(frame, mentor_ids, body=body)


def _checked_frame(
    frame: pd.DataFrame, mentor_ids: list[str], *, body: bytes
) -> ScoresTable | None:
    scores = frame.to_numpy(dtype=np.float64)
    feasible = ~np.isnan(scores)
    if np.isinf(scores).any() or _booleans_read_as_numbers(scores, body):
        return None
    mentee_ids = [cell.strip() for cell in frame.index.fillna("")]
    if not _unique_ids(mentee_ids):
        return None
    return ScoresTable(mentee_ids, mentor_ids, np.where(feasible, scores, 0.0), feasible)


def _booleans_read_as_numbers(scores: npt.NDArray[np.float64], body: bytes) -> bool:
    """The C parser reads a column of only True/False as 1.0/0.0; "True" is no number to us."""
    if not any(word in body for word in (b"rue", b"RUE", b"alse", b"ALSE")):
        return False
    zeros_and_ones = (scores == 0) | (scores == 1) | np.isnan(scores)
    return bool(zeros_and_ones.all(axis=0).any())


def _unique_ids(ids: list[str]) -> bool:
    return all(ids) and len(set(ids)) == len(ids)


def read_capacities(path: Path | str, *, mentor_ids: list[str]) -> npt.NDArray[np.int64]:
    rows = _rows(_decode(path), path=path)
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
            raise ScoresFileError(f"{len(cells)} cells, expected 2", path=path, row=line)
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


def _decode(path: Path | str) -> str:
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise ScoresFileError(f"cannot read the file ({error.strerror})", path=path) from None
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
