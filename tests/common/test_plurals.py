"""No count is glued to a plural noun outside ngettext / {% blocktranslate count %}.

"1 meetings placed" and "1 of 13 pair needs attention" read wrong in English and cannot be
translated into French (one form for 0 and 1) or Arabic (six forms). The source is scanned: a
number placeholder followed by a noun in the plural must be the counter of a plural-aware
message. Numbers are recognised by their conversion (%d) or their name (count, total, …).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "clusterbridge"

NUMBER_NAME = re.compile(
    r"(^|_)(count|counter|total|n|number|len|size|placed|gaps|minutes|hours|days|weeks|spare|"
    r"saved|done|flagged|confirmed|matched|places|batch|minimum|maximum|limit|requests|seats|"
    r"mentees|pairs)"
    r"($|_|\b)"
)
# Words ending in "s" that follow a number without being a plural noun after it.
NOT_PLURAL_NOUNS = {"is", "was", "has", "does", "less", "unless", "plus", "its", "this", "as"}
NOUN_AFTER = r"(?: [a-z-]+)? ([a-z]{3,}s)\b"
TEMPLATE_NUMBER = re.compile(r"\{\{ *([\w.]+)((?:\|[\w:\"']+)*) *\}\}" + NOUN_AFTER)
PYTHON_NUMBER = re.compile(r"(?:%\((\w+)\)([sd])|%(d)|\{([\w.()\[\]'\"]+)[^}]*\})")
BLOCK = re.compile(
    r"\{% *blocktranslate(?P<args>[^%]*)%\}(?P<body>.*?)\{% *endblocktranslate *%\}", re.S
)
PLURAL_CALLS = {"ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy"}


def _is_number(name: str, conversion: str = "") -> bool:
    return conversion == "d" or bool(NUMBER_NAME.search(name.lower().replace("(", "_")))


def _plural_nouns_after_numbers(text: str, counter: str | None = None) -> Iterator[str]:
    for match in TEMPLATE_NUMBER.finditer(text):
        name, filters, noun = match.group(1), match.group(2), match.group(3)
        if noun in NOT_PLURAL_NOUNS or name == counter:
            continue
        if _is_number(name) or "length" in filters:
            yield match.group(0)


def _template_findings(text: str) -> Iterator[str]:
    outside = BLOCK.sub(" ", text)
    yield from _plural_nouns_after_numbers(outside)
    for block in BLOCK.finditer(text):
        counted = re.search(r"\bcount +(\w+)=", block["args"])
        yield from _plural_nouns_after_numbers(block["body"], counted[1] if counted else None)


def _python_strings(tree: ast.AST) -> Iterator[str]:
    plural_arguments: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else None
            called = node.func.id if isinstance(node.func, ast.Name) else called
            if called in PLURAL_CALLS:
                plural_arguments.update(id(argument) for argument in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in plural_arguments:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.JoinedStr):
            yield "".join(_f_string_part(part) for part in node.values)


def _f_string_part(part: ast.expr) -> str:
    if isinstance(part, ast.FormattedValue):
        return f"{{{ast.unparse(part.value)}}}"
    return str(part.value) if isinstance(part, ast.Constant) else ""


def _python_findings(text: str) -> Iterator[str]:
    for string in _python_strings(ast.parse(text)):
        for match in re.finditer(PYTHON_NUMBER.pattern + NOUN_AFTER, string):
            name = match.group(1) or match.group(4) or ""
            conversion = match.group(2) or match.group(3) or ""
            noun = match.group(5)
            if noun not in NOT_PLURAL_NOUNS and _is_number(name, conversion):
                yield match.group(0)


def _findings() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*")):
        if "migrations" in path.parts or "locale" in path.parts:
            continue
        if path.suffix in {".html", ".txt"} and "templates" in path.parts:
            scan = _template_findings
        elif path.suffix == ".py":
            scan = _python_findings
        else:
            continue
        relative = path.relative_to(SOURCE)
        found += [f"{relative}: {text}" for text in scan(path.read_text("utf-8"))]
    return found


def test_no_count_is_glued_to_a_plural_noun_outside_plural_aware_messages() -> None:
    assert _findings() == []


def test_the_scan_finds_the_patterns_it_is_meant_to_forbid() -> None:
    template = (
        "{% blocktranslate with placed=m.placed %}{{ placed }} meetings placed"
        "{% endblocktranslate %}"
        "{% blocktranslate count flagged=f with confirmed=c %}{{ flagged }} of {{ confirmed }} "
        "pairs{% plural %}{{ flagged }} of {{ confirmed }} pairs{% endblocktranslate %}"
        "<p>{{ people|length }} people, {{ total }} rows</p>"
    )
    assert list(_template_findings(template)) == [
        "{{ total }} rows",
        "{{ placed }} meetings",
        "{{ confirmed }} pairs",
        "{{ confirmed }} pairs",
    ]
    python = (
        'gettext("%(count)s meetings placed")\n'
        'f"{len(cells)} cells"\n'
        'ngettext("%(count)d pair", "%(count)d pairs", count)\n'
        'gettext("%(person)s has left")\n'
    )
    assert sorted(_python_findings(python)) == ["%(count)s meetings", "{len(cells)} cells"]


def test_counted_messages_are_left_alone() -> None:
    template = (
        "{% blocktranslate count counter=n %}{{ counter }} meeting placed.{% plural %}"
        "{{ counter }} meetings placed.{% endblocktranslate %}"
    )
    assert list(_template_findings(template)) == []
