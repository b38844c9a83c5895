from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """The viewer's time zone (the demo notice comes from demo.context_processors)."""
    return {"viewer_time_zone": getattr(request, "viewer_time_zone", "UTC")}
