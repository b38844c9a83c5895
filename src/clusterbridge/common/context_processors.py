from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _demo_data_present() -> bool:
    from clusterbridge.programmes.models import Programme

    present = cache.get("clusterbridge:demo-present")
    if present is None:
        present = Programme.objects.filter(is_demo=True).exists()
        cache.set("clusterbridge:demo-present", present, 60)
    return bool(present)


def site(request: HttpRequest) -> dict[str, Any]:
    """The demo notice, the languages for the switcher and the viewer's time zone."""
    return {
        "demo_notice": settings.DEMO_MODE or _demo_data_present(),
        "viewer_time_zone": getattr(request, "viewer_time_zone", "UTC"),
    }
