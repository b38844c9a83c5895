"""Views and API routes read through the apps' selectors, never the ORM directly.

A query written in a view escapes the place where visibility, select_related and prefetching
are decided (docs/architecture.md, "Layers"), so this scan fails the build when one comes back.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "clusterbridge"


def _view_modules() -> list[Path]:
    views = {*PACKAGE.glob("*/views.py"), *PACKAGE.glob("*/*_views.py")}
    return sorted(views | set(PACKAGE.glob("api/routers/*.py")))


def _manager_lines(source: str) -> list[int]:
    """The lines that reach a model's manager (``Model.objects``)."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]


def test_the_scan_covers_views_calendar_views_and_api_routers() -> None:
    names = {str(path.relative_to(PACKAGE)) for path in _view_modules()}

    assert {"journeys/views.py", "meetings/calendar_views.py", "api/routers/journeys.py"} <= names


def test_the_scan_finds_a_query_written_in_a_view() -> None:
    source = "from x import Pair\n\n\ndef page():\n    return Pair.objects.filter(pk=1)\n"

    assert _manager_lines(source) == [5]


@pytest.mark.parametrize("path", _view_modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_views_query_only_through_selectors(path: Path) -> None:
    assert _manager_lines(path.read_text(encoding="utf-8")) == []
