"""When each side of a pair last wrote to the other, for pair health (journeys reads it
through its hook: `journeys.activity`)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery

from clusterbridge.conversations.models import Message
from clusterbridge.journeys import activity


def _last_message_by(side: str) -> Subquery:
    return Subquery(
        Message.objects.filter(
            conversation__pair_id=OuterRef("pk"),
            author_id=OuterRef(f"{side}__person_id"),
            deleted_at__isnull=True,
        )
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )


def pair_moves() -> dict[str, Any]:
    return {
        "mentee_last_message": _last_message_by("mentee"),
        "mentor_last_message": _last_message_by("mentor"),
    }


def register() -> None:
    activity.register_pair_moves(pair_moves)
