"""Typed settings from the environment that refuse nonsense instead of guessing."""

from __future__ import annotations

import os
import re
import zoneinfo
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

SUPPORTED_DATABASE_ENGINES = {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
# RFC 9110's token: what a header name may contain.
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of {sorted(_TRUE | _FALSE - {''})}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_header(name: str, default: str) -> str:
    """An HTTP header name such as X-Real-IP, or "" for none."""
    value = os.environ.get(name, default).strip()
    if value and not _HEADER_NAME.fullmatch(value):
        raise ImproperlyConfigured(f"{name}={value!r} is not an HTTP header name.")
    return value


def env_time_zone(name: str, default: str) -> str:
    value = os.environ.get(name, default)
    if value not in zoneinfo.available_timezones():
        raise ImproperlyConfigured(f"{name}={value!r} is not a known IANA time zone.")
    return value


def env_database(name: str, default: str, *, conn_max_age: int) -> dict[str, Any]:
    raw = os.environ.get(name, default)
    try:
        config = dict(dj_database_url.parse(raw, conn_max_age=conn_max_age))
    except (ValueError, KeyError):
        config = {}
    if config.get("ENGINE") not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(
            f"{name} must be a PostgreSQL or SQLite URL such as "
            "postgres://user@host:5432/name or sqlite:////path/to/file.sqlite3."
        )
    return config


def env_email(name: str, default: str) -> dict[str, Any]:
    raw = os.environ.get(name, default)
    try:
        config = dict(dj_email_url.parse(raw))
    except (ValueError, KeyError):
        config = {}
    if "EMAIL_BACKEND" not in config:
        raise ImproperlyConfigured(
            f"{name} must be an e-mail URL such as smtp://user:password@host:587/?tls=True "
            "or console://."
        )
    return config


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of {sorted(choices)}.")
    return value


def env_https_url(name: str, default: str) -> str:
    """An https:// address without query or fragment, given without its trailing slash."""
    value = os.environ.get(name, default).strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name}={value!r} must be an https:// address such as https://meet.example.org."
        )
    return value


def env_cache(name: str, default: str) -> dict[str, Any]:
    """locmem:// (one process) or redis://host:port/db (shared by every app server)."""
    raw = os.environ.get(name, default)
    scheme = raw.split("://", 1)[0].lower()
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": raw}
    raise ImproperlyConfigured(
        f"{name} must be locmem:// or a Redis URL such as redis://127.0.0.1:6379/0."
    )


# The queues every backend offers: e-mail and exports apart from the rest, as pretix does, so a
# burst of portfolio PDFs never holds up a password-reset e-mail.
JOB_QUEUES = ("default", "mail", "exports")


def env_tasks(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Django's task backend and, for Redis, RQ's queues, from one URL (docs/deployment.md).

    Unset or db://: a queue in the application's own database, run by `clusterbridge worker`.
    redis://host:port/db: RQ on Redis, for workers on several machines.
    immediate://: each job runs at once in the process that asks for it.
    """
    raw = os.environ.get(name, "").strip()
    scheme = raw.split("://", 1)[0].lower() if raw else "db"
    queues = list(JOB_QUEUES)
    if scheme == "db":
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": queues}}, {}
    if scheme == "immediate":
        backend = "django_tasks.backends.immediate.ImmediateBackend"
        return {"default": {"BACKEND": backend, "QUEUES": queues}}, {}
    if scheme in {"redis", "rediss"} and "://" in raw:
        rq_queues = {queue: {"URL": raw, "DEFAULT_TIMEOUT": 3600} for queue in queues}
        return {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": queues}}, rq_queues
    raise ImproperlyConfigured(
        f"{name} must be unset (the database queue), db://, immediate:// or a Redis URL such "
        "as redis://127.0.0.1:6379/1."
    )
