"""The programme data contract: `clusterbridge export_programme SLUG`.

Keys documented in the README are a contract for other tools: add keys, never rename them.
Every exporter returns (filename, content_type, bytes).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from django.db.models import Prefetch

from clusterbridge.meetings.models import Invitation, Meeting
from clusterbridge.programmes.models import Pair, Participation, Programme

FORMAT_VERSION = 1


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _programme(programme: Programme) -> dict[str, Any]:
    return {
        "slug": programme.slug,
        "name": programme.name,
        "kind": programme.kind,
        "edition": programme.edition,
        "status": programme.status,
        "modality": programme.modality,
        "starts_on": programme.starts_on.isoformat(),
        "ends_on": programme.ends_on.isoformat(),
        "track": programme.track.name if programme.track else None,
        "operator": programme.operator.name,
        "initiator": programme.initiator.name if programme.initiator else None,
        "funders": [
            {
                "organisation": funder.organisation.name,
                "share_percent": float(funder.share_percent)
                if funder.share_percent is not None
                else None,
            }
            for funder in programme.funders.select_related("organisation").order_by("pk")
        ],
        "description": programme.description,
    }


def _participants(programme: Programme) -> list[dict[str, Any]]:
    rows = (
        Participation.objects.filter(programme=programme)
        .select_related("person__country", "person__organisation")
        .prefetch_related("person__languages")
        .order_by("role", "person__full_name", "pk")
    )
    return [
        {
            "role": row.role,
            "status": row.status,
            "name": row.person.full_name,
            "email": row.person.email,
            "country": row.person.country.code,
            "organisation": row.person.organisation.name if row.person.organisation else None,
            "position": row.person.position,
            "time_zone": row.person.time_zone,
            "languages": {lang.language: lang.level for lang in row.person.languages.all()},
        }
        for row in rows
    ]


def _pairs(programme: Programme) -> list[dict[str, Any]]:
    rows = (
        Pair.objects.filter(programme=programme)
        .select_related("mentor__person", "mentee__person")
        .order_by("mentee__person__full_name", "pk")
    )
    return [
        {
            "mentor": row.mentor.person.email,
            "mentee": row.mentee.person.email,
            "status": row.status,
            "score": row.score,
        }
        for row in rows
    ]


def _meetings(programme: Programme) -> list[dict[str, Any]]:
    rows = (
        Meeting.objects.filter(programme=programme)
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=Invitation.objects.select_related("person").order_by("person__email"),
            )
        )
        .order_by("starts_at", "pk")
    )
    return [
        {
            "kind": row.kind,
            "title": row.title,
            "start": _utc(row.starts_at),
            "duration_minutes": row.duration_minutes,
            "status": row.status,
            "online_url": row.online_url,
            "venue": row.venue,
            "uid": str(row.uid),
            "invitees": [invitation.person.email for invitation in row.invitations.all()],
            "attendance": {
                invitation.person.email: invitation.attendance
                for invitation in row.invitations.all()
            },
        }
        for row in rows
    ]


def programme_data(programme: Programme) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "programme": _programme(programme),
        "participants": _participants(programme),
        "pairs": _pairs(programme),
        "meetings": _meetings(programme),
    }


def render_programme_json(programme: Programme) -> tuple[str, str, bytes]:
    content = json.dumps(programme_data(programme), ensure_ascii=False, indent=2) + "\n"
    return f"{programme.slug}.json", "application/json", content.encode()
