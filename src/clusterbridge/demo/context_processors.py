from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from clusterbridge.programmes.selectors import demo_programme_exists


def _demo_data_present() -> bool:
    present = cache.get("clusterbridge:demo-present")
    if present is None:
        present = demo_programme_exists()
        cache.set("clusterbridge:demo-present", present, 60)
    return bool(present)


def demo_notice(request: HttpRequest) -> dict[str, Any]:
    """Every page says the people are invented while demo data is present."""
    return {"demo_notice": settings.DEMO_MODE or _demo_data_present()}
