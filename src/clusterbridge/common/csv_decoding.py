"""Bytes of a CSV file saved by a spreadsheet program → text and separator (pure Python, no Django).

One place decides how every CSV we are given is decoded, for the people and organisations
import (`directory.tabular`) and the `match_scores` files (`matching.scores_csv`):

- UTF-16 with a byte-order mark (Excel's "Unicode text");
- else UTF-8, with or without the byte-order mark Excel writes;
- else Windows-1252 (French Excel's "CSV (separated by semicolons)").
Text holding a NUL character is not a table (an image, a PDF, a database file) and is refused.

The separator is a comma, a semicolon or a tab: whichever the first non-blank line uses most
(a comma when it uses none).

Errors raise `DecodingError` with a `code` (`"binary"`, `"encoding"`) and `params`, so a caller
can say it in its own words and language; its `str()` is a plain English sentence.
"""

from __future__ import annotations

import codecs
import re

SEPARATORS = (",", ";", "\t")
_NOT_BLANK = re.compile(r"\S")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class DecodingError(ValueError):
    """The bytes are not text we can read; ``params`` locate the defect when it has a place."""

    def __init__(self, code: str, message: str, **params: int) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def decode(raw: bytes) -> str:
    if raw.startswith(_UTF16_BOMS):
        try:
            return _no_nul(raw.decode("utf-16"))
        except UnicodeDecodeError as error:
            raise _encoding_error(raw, error.start) from None
    try:
        return _no_nul(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    try:
        return _no_nul(raw.decode("cp1252"))
    except UnicodeDecodeError as error:
        raise _encoding_error(raw, error.start) from None


def first_line(text: str) -> str:
    """The first line holding something other than white space ("" when there is none)."""
    found = _NOT_BLANK.search(text)
    if found is None:
        return ""
    start = max(text.rfind("\n", 0, found.start()), text.rfind("\r", 0, found.start())) + 1
    end = len(text)
    for terminator in "\r\n":
        position = text.find(terminator, found.start())
        if position != -1:
            end = min(end, position)
    return text[start:end]


def sniff_separator(text: str) -> str:
    line = first_line(text)
    counts = {separator: line.count(separator) for separator in SEPARATORS}
    best = max(SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def first_long_line(text: str, *, limit: int) -> int | None:
    """The number (1-based) of the first line longer than ``limit`` characters, if any."""
    if len(text) <= limit:
        return None
    lengths = list(map(len, text.splitlines()))
    if not lengths or max(lengths) <= limit:
        return None
    return next(number for number, length in enumerate(lengths, start=1) if length > limit)


def _no_nul(text: str) -> str:
    if "\0" in text:
        raise DecodingError(
            "binary", "not a text file (it contains NUL bytes)", line=_line_of(text, "\0")
        )
    return text


def _line_of(text: str, character: str) -> int:
    return text.count("\n", 0, text.index(character)) + 1


def _encoding_error(raw: bytes, offset: int) -> DecodingError:
    line = raw.count(b"\n", 0, offset) + 1
    return DecodingError(
        "encoding",
        f"neither UTF-8 nor Windows-1252 text (byte 0x{raw[offset]:02x} on line {line})",
        line=line,
        byte=raw[offset],
    )
