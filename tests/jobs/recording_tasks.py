"""Tasks the worker tests enqueue: each leaves a mark in the cache table the test reads back."""

from __future__ import annotations

from django.core.cache import caches
from django_tasks import task


@task(queue_name="default")
def mark_default(key: str) -> None:
    caches["default"].set(key, "done", timeout=300)


@task(queue_name="mail")
def mark_mail(key: str) -> None:
    caches["default"].set(key, "done", timeout=300)
