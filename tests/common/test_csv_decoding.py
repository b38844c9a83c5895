"""The one CSV decoding of the people import and the match_scores files."""

from __future__ import annotations

import codecs
import subprocess
import sys

import pytest

from clusterbridge.common.csv_decoding import (
    DecodingError,
    decode,
    first_line,
    first_long_line,
    sniff_separator,
)

TEXT = "name;ville\nHélène;Sfax\n"


@pytest.mark.parametrize(
    "raw",
    [
        TEXT.encode(),
        codecs.BOM_UTF8 + TEXT.encode(),
        TEXT.encode("cp1252"),
        TEXT.encode("utf-16"),  # with its byte-order mark, little- or big-endian per machine
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8 with BOM", "windows-1252", "utf-16", "utf-16-le BOM", "utf-16-be BOM"],
)
def test_every_encoding_a_spreadsheet_saves_is_decoded_to_the_same_text(raw):
    assert decode(raw) == TEXT


def test_windows_1252_punctuation_is_read_as_excel_wrote_it():
    assert decode("“Œuvre” – 5 €".encode("cp1252")) == "“Œuvre” – 5 €"


def test_bytes_neither_utf8_nor_windows_1252_name_the_line_and_the_byte():
    with pytest.raises(DecodingError) as error:
        decode(b"name\nok\nbad \x81 byte\n")
    assert error.value.code == "encoding"
    assert error.value.params == {"line": 3, "byte": 0x81}
    assert str(error.value) == "neither UTF-8 nor Windows-1252 text (byte 0x81 on line 3)"


@pytest.mark.parametrize(
    "raw",
    [b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", b"name\nA\0B\n", "name\n".encode("utf-16-le")],
    ids=["image", "NUL in text", "utf-16 without BOM"],
)
def test_binary_content_is_refused_as_not_text(raw):
    with pytest.raises(DecodingError) as error:
        decode(raw)
    assert error.value.code == "binary"


@pytest.mark.parametrize(
    ("text", "separator"),
    [
        ("name,email\nA,a@x\n", ","),
        ("name;email;note\nA;a@x;1,5\n", ";"),
        ("name\temail\n", "\t"),
        ("\n\n  \nname;email,x;y\n", ";"),  # blank lines first; the most used wins
        ("name\n", ","),  # one column: a comma by default
        ("a,b;c", ","),  # a tie goes to the comma
        ("", ","),
    ],
)
def test_separator_is_the_one_the_first_non_blank_line_uses_most(text, separator):
    assert sniff_separator(text) == separator


def test_first_line_skips_blank_lines_and_handles_every_line_end():
    assert first_line("\r\n  \r\nmentee;M1\r\nA;1") == "mentee;M1"
    assert first_line("\n\nx,y") == "x,y"
    assert first_line(" \n\t") == ""


def test_first_long_line_is_numbered_from_one():
    text = "short\r\n" + "x" * 50 + "\r\nshort\n"
    assert first_long_line(text, limit=50) is None
    assert first_long_line(text, limit=49) == 2
    assert first_long_line("\n" * 1000, limit=10) is None


def test_module_imports_no_django():
    code = (
        "import sys, clusterbridge.common.csv_decoding, clusterbridge.matching.scores_command; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'django'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
