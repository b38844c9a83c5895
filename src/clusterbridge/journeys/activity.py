"""What pair health reads from the apps above journeys, which register it here.

`conversations` registers, from its AppConfig.ready(), when each side of a pair last wrote to
the other: a message counts as a move, as a session log does. Without it the two values are
null and the rules read the logs, the agreement and the assessments only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import DateTimeField, Value

MOVES = ("mentee_last_message", "mentor_last_message")

PairMoves = Callable[[], dict[str, Any]]
_registered: list[PairMoves] = []


def register_pair_moves(moves: PairMoves) -> None:
    """`moves()` returns annotations of a Pair queryset named after ``MOVES``."""
    _registered.append(moves)


def pair_moves() -> dict[str, Any]:
    annotations: dict[str, Any] = {
        name: Value(None, output_field=DateTimeField()) for name in MOVES
    }
    for moves in _registered:
        annotations.update(moves())
    return annotations
