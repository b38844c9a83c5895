from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

health_log = logging.getLogger("clusterbridge.health")


@require_GET
def index(request: HttpRequest) -> HttpResponseBase:
    if request.user.is_authenticated:
        return redirect("home")
    return redirect("account_login")


@require_GET
def design(request: HttpRequest) -> HttpResponse:
    """The design system: every component, in English and in Arabic side by side."""
    return render(request, "common/design.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language, remember it for the user, and go back where they were."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
    )
    return response


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitors: 200 when the database answers and can take a write,
    503 when it does not answer ("unavailable") or its write lock is held ("busy")."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        health_log.exception("health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    try:
        _take_the_write_lock()
    except DatabaseError:
        health_log.exception("health check: the database cannot take a write")
        return JsonResponse({"status": "error", "database": "busy"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


HEALTH_LOCK_WAIT_MS = 1000


def _take_the_write_lock() -> None:
    """Take what every write needs, within a second, and write nothing.

    SQLite: the transaction starts with BEGIN IMMEDIATE (settings.py), the database's one
    write lock. PostgreSQL: the lock an UPDATE of the sessions table takes, which also fails on
    a read-only server (a replica after a failover).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA busy_timeout")
            previous = int(cursor.fetchone()[0])
            cursor.execute(f"PRAGMA busy_timeout = {HEALTH_LOCK_WAIT_MS}")
            try:
                with transaction.atomic():
                    transaction.set_rollback(True)
            finally:
                cursor.execute(f"PRAGMA busy_timeout = {previous}")
        else:
            with transaction.atomic():
                cursor.execute(f"SET LOCAL lock_timeout = {HEALTH_LOCK_WAIT_MS}")
                cursor.execute("LOCK TABLE django_session IN ROW EXCLUSIVE MODE")
                transaction.set_rollback(True)
