"""Deployment checks of our own, run by `clusterbridge check --deploy`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def shared_cache_in_production(**kwargs: Any) -> list[CheckMessage]:
    """Login throttling counts in the cache: per-process counts let an attacker multiply tries."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PRODUCTION and backend.endswith("LocMemCache"):
        return [
            Warning(
                "The cache is per process, so login throttling is counted per process.",
                hint="Set CACHE_URL=redis://host:6379/0 (docs/deployment.md).",
                id="clusterbridge.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def two_factor_required_in_production(**kwargs: Any) -> list[CheckMessage]:
    if settings.PRODUCTION and not settings.CLUSTERBRIDGE_REQUIRE_MFA:
        return [
            Warning(
                "Programme managers and site admins can sign in without a second factor.",
                hint="Remove CLUSTERBRIDGE_REQUIRE_MFA=false (and CLUSTERBRIDGE_DEMO).",
                id="clusterbridge.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def client_address_behind_a_proxy(**kwargs: Any) -> list[CheckMessage]:
    """Behind a proxy without a trusted one, every visitor shares the proxy's login throttle."""
    behind_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is not None
    trusted = settings.ALLAUTH_TRUSTED_PROXY_COUNT or settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER
    if settings.PRODUCTION and behind_proxy and not trusted:
        return [
            Warning(
                "Behind a proxy, but no proxy is trusted for the client's address: failed "
                "logins of every visitor are counted together.",
                hint="Set TRUSTED_PROXY_COUNT=1 behind one nginx (docs/deployment.md).",
                id="clusterbridge.W003",
            )
        ]
    return []
