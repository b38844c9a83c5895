"""The French and Arabic catalogues are complete, consistent with their sources, and compiled.

Parsed with the standard library only (no polib), so the check runs wherever the tests run.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache
from django.utils import translation

import clusterbridge

if TYPE_CHECKING:
    from tests.conftest import World

PACKAGE = Path(clusterbridge.__file__).resolve().parent
LANGUAGES = ("fr", "ar")
# Apps whose code or templates carry user-visible strings: each must ship both catalogues.
APPS_WITH_STRINGS = (
    "accounts",
    "api",
    "applications",
    "common",
    "community",
    "directory",
    "invitations",
    "journeys",
    "matching",
    "meetings",
    "missions",
    "outbox",
    "periodic",
    "programmes",
    "reports",
)
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "ar": (
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=11 && n%100<=99 ? 4 : 5;"
    ),
}
# printf-style conversions as Python's % operator reads them; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise AssertionError(f"not a quoted PO string: {text!r}")
    return re.sub(r"\\(.)", lambda match: ESCAPES.get(match[1], match[0]), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """A small PO reader: comments, flags, msgctxt, msgid(_plural), msgstr([n]), continuations."""
    entries: list[Entry] = []
    entry, target = Entry(), ""

    def finish() -> None:
        nonlocal entry, target
        if entry.line:
            entries.append(entry)
        entry, target = Entry(), ""

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):  # obsolete entries are not compiled
            continue
        elif line.startswith("#"):
            if entry.msgstr:
                finish()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith('"'):
            assert target, f"{path}:{number}: continuation line without a keyword"
            if target.startswith("msgstr"):
                entry.msgstr[int(target[6:] or 0)] += _unquote(line)
            else:
                setattr(entry, target, getattr(entry, target) + _unquote(line))
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in {"msgctxt", "msgid"} and entry.msgstr:
                finish()
            entry.line = entry.line or number
            if keyword in {"msgctxt", "msgid", "msgid_plural"}:
                setattr(entry, keyword, _unquote(rest))
                target = keyword
            elif match := re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword):
                entry.msgstr[int(match[1] or 0)] = _unquote(rest)
                target = f"msgstr{match[1] or ''}"
            else:
                raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    finish()
    return entries


def placeholders(text: str) -> list[str]:
    return sorted(found for found in PLACEHOLDER.findall(text) if found != "%%")


def header(entries: list[Entry]) -> dict[str, str]:
    first = entries[0]
    assert first.msgid == "", "the catalogue has no header entry"
    assert first.msgctxt is None, "the catalogue has no header entry"
    fields = (line.partition(":") for line in first.msgstr[0].splitlines() if line)
    return {name.strip(): value.strip() for name, _, value in fields}


CATALOGUES = sorted(PACKAGE.glob("*/locale/*/LC_MESSAGES/django.po"))
IDS = [str(path.relative_to(PACKAGE)) for path in CATALOGUES]


def test_every_app_with_strings_has_french_and_arabic_catalogues() -> None:
    for app in APPS_WITH_STRINGS:
        for language in LANGUAGES:
            path = PACKAGE / app / "locale" / language / "LC_MESSAGES" / "django.po"
            assert path in CATALOGUES, f"missing {path.relative_to(PACKAGE)}"
    for path in CATALOGUES:
        assert path.parts[-3] in LANGUAGES, f"unexpected language in {path}"


@pytest.mark.parametrize("path", CATALOGUES, ids=IDS)
def test_catalogue_is_complete_and_consistent(path: Path) -> None:
    language = path.parts[-3]
    entries = parse_po(path)
    fields = header(entries)
    assert "fuzzy" not in entries[0].flags, f"{path}: fuzzy header (msgfmt would drop it)"
    assert fields.get("Language") == language
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"
    assert fields.get("Plural-Forms") == PLURAL_FORMS[language]
    declared = re.search(r"nplurals=(\d+)", PLURAL_FORMS[language])
    assert declared is not None
    nplurals = int(declared[1])

    problems: list[str] = []
    for entry in entries[1:]:
        where = f"{path.name}:{entry.line} {entry.msgid[:50]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where}: fuzzy")
        if entry.msgid_plural is None:
            expected = [0]
            sources = {0: entry.msgid}
        else:
            expected = list(range(nplurals))
            sources = dict.fromkeys(expected, entry.msgid_plural)
        if sorted(entry.msgstr) != expected:
            problems.append(f"{where}: plural forms {sorted(entry.msgstr)}, expected {expected}")
        for index, text in entry.msgstr.items():
            if not text.strip():
                problems.append(f"{where}: untranslated (form {index})")
            elif placeholders(text) != placeholders(sources.get(index, entry.msgid)):
                problems.append(
                    f"{where}: placeholders {placeholders(text)} in form {index}, "
                    f"expected {placeholders(sources.get(index, entry.msgid))}"
                )
        if entry.msgid_plural is not None and placeholders(entry.msgid) != placeholders(
            entry.msgid_plural
        ):
            problems.append(f"{where}: singular and plural msgids use different placeholders")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CATALOGUES, ids=IDS)
def test_compiled_catalogue_matches_its_source(path: Path) -> None:
    """The committed .mo holds exactly the .po's translations: nobody forgot compilemessages."""
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run scripts/messages.py"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = dict(compiled._catalog)  # type: ignore[attr-defined]
    catalog.pop("", None)
    expected: dict[object, str] = {}
    for entry in parse_po(path)[1:]:
        if entry.msgid_plural is None:
            expected[entry.key] = entry.msgstr[0]
        else:
            for index, text in entry.msgstr.items():
                expected[(entry.key, index)] = text
    assert catalog == expected, f"{mo_path} is stale: run scripts/messages.py"
    assert compiled.info().get("language") == path.parts[-3]


def test_parser_reads_plural_flagged_and_multiline_entries(tmp_path: Path) -> None:
    source = tmp_path / "django.po"
    source.write_text(
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n\n'
        '#: x.py\n#, fuzzy, python-format\nmsgid ""\n"%(n)s long "\n"line"\n'
        'msgid_plural "%(n)s lines"\nmsgstr[0] "\\"a\\""\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    _, entry = parse_po(source)
    assert entry.msgid == "%(n)s long line"
    assert entry.msgid_plural == "%(n)s lines"
    assert entry.msgstr == {0: '"a"', 1: ""}
    assert entry.flags == {"fuzzy", "python-format"}
    assert placeholders("share (%) of %(n)s, %s and 100%%") == ["%(n)s", "%s"]


@pytest.fixture
def _leave_no_trace() -> Iterator[None]:
    # The language a request activates stays active in the thread after the test client returns,
    # and rendering a page caches whether demo data exists: without this, later tests in the same
    # worker would see French or Arabic messages, or miss the demo notice.
    with translation.override(translation.get_language()):
        yield
    cache.clear()


@pytest.mark.usefixtures("_leave_no_trace")
@pytest.mark.parametrize(
    ("language", "direction", "expected"),
    [("ar", "rtl", "البرامج التي تديرها"), ("fr", "ltr", "Programmes que vous gérez")],
)
def test_home_page_renders_in_the_chosen_language(
    world: World, language: str, direction: str, expected: str
) -> None:
    client = world.client_for("mona")
    response = client.post("/language/", {"language": language, "next": "/home/"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert expected in page
    assert "Programmes you manage" not in page
