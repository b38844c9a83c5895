"""Personal data of logins: the user row, its e-mail addresses, second factors, sessions."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from clusterbridge.accounts.models import User
from clusterbridge.common import privacy


def _user_id(person: Any) -> int:
    # 0 matches no row: a person without a login has no rows here.
    return int(person.user_id or 0)


def _anonymise_users(rows: QuerySet[User], erasure: privacy.Erasure) -> None:
    for user in rows:
        user.email = f"erased-user-{user.pk}@erased.invalid"
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()


def _delete(rows: QuerySet[Any], erasure: privacy.Erasure) -> None:
    rows.delete()


def _sessions_of(person: Any) -> QuerySet[Session]:
    """Sessions are keyed by an opaque id; the user is inside the signed data."""
    user_id = _user_id(person)
    if not user_id:
        return Session.objects.none()
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id)
    ]
    return Session.objects.filter(session_key__in=keys)


def _end_sessions(rows: QuerySet[Session], erasure: privacy.Erasure) -> None:
    """Through the session engine, so a cached copy of each session goes too."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in rows.values_list("session_key", flat=True):
        store(session_key=key).delete()


def _anonymise_actor(rows: QuerySet[LogEntry], erasure: privacy.Erasure) -> None:
    rows.update(actor_email=erasure.placeholder_email, remote_addr=None, remote_port=None)


privacy.register(
    User,
    rows=lambda person: User.objects.filter(pk=_user_id(person)),
    anonymise=_anonymise_users,
    never_exported=("password",),
)
privacy.register(
    EmailAddress,
    rows=lambda person: EmailAddress.objects.filter(user_id=_user_id(person)),
    anonymise=_delete,
)
privacy.register(
    Authenticator,
    rows=lambda person: Authenticator.objects.filter(user_id=_user_id(person)),
    anonymise=_delete,
    never_exported=("data",),
)
privacy.register(Session, rows=_sessions_of, anonymise=_end_sessions, exported=False)
privacy.register(
    LogEntry,
    rows=lambda person: LogEntry.objects.filter(actor_id=_user_id(person)),
    anonymise=_anonymise_actor,
    never_exported=("remote_addr", "remote_port", "serialized_data"),
)
privacy.register(
    AdminLogEntry,
    rows=lambda person: AdminLogEntry.objects.filter(user_id=_user_id(person)),
    kept_because="what an admin did stays on record; names in it are replaced by the scrub",
)
privacy.not_personal(
    EmailConfirmation._meta.label, reason="deleted with the e-mail address it confirms"
)
privacy.not_personal("auth.Group", reason="permission groups: names of roles, not of people")
privacy.not_personal("auth.Permission", reason="the permission catalogue")
privacy.not_personal("contenttypes.ContentType", reason="the model catalogue")
