"""E-mails of notices: announcements and digests, each with a one-click unsubscribe.

Both are news (`mailing.MailCategory.NEWS`): they leave only while the reader's e-mails consent
is open. Every message carries ``List-Unsubscribe`` (an https link with a signed token) and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058): a mail client's POST to the
link turns that category (or the digest) off without signing in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from clusterbridge.directory import mailing
from clusterbridge.directory.models import Person
from clusterbridge.notices import selectors
from clusterbridge.notices.models import Announcement
from clusterbridge.notices.registry import DigestSection
from clusterbridge.notices.tokens import DIGEST, unsubscribe_token

__all__ = ["ANNOUNCEMENTS", "DIGEST"]

ANNOUNCEMENTS = "announcements"


def unsubscribe_url(person: Person, category: str) -> str:
    path = reverse("notices:unsubscribe", args=[unsubscribe_token(person, category)])
    return f"{settings.BASE_URL}{path}"


def _headers(url: str) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _message(
    person: Person, template: str, category: str, context: dict[str, object]
) -> EmailMessage:
    """Render ``notices/mail/<template>_{subject,body}.txt`` in the reader's language and zone."""
    url = unsubscribe_url(person, category)
    context = {
        **context,
        "person": person,
        "unsubscribe_url": url,
        "preferences_url": f"{settings.BASE_URL}{reverse('notices:preferences')}",
    }
    with (
        translation.override(mailing.language_of(person)),
        timezone.override(ZoneInfo(person.time_zone)),
    ):
        subject = render_to_string(f"notices/mail/{template}_subject.txt", context)
        body = render_to_string(f"notices/mail/{template}_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()), body=body, to=[person.email], headers=_headers(url)
    )


def announcement_message(announcement: Announcement, person: Person) -> EmailMessage:
    language, subject, body = selectors.text_for(announcement, mailing.language_of(person))
    return _message(
        person,
        "announcement",
        ANNOUNCEMENTS,
        {
            "announcement": announcement,
            "subject": subject,
            "body": body,
            "url": f"{settings.BASE_URL}{announcement_path(announcement)}",
            "written_in": language,
        },
    )


def announcement_path(announcement: Announcement) -> str:
    return reverse(
        "notices_programme:announcement",
        args=[announcement.programme.slug, announcement.pk],
    )


def digest_message(
    person: Person, sections: Sequence[DigestSection], since: datetime, until: datetime
) -> EmailMessage:
    return _message(
        person,
        "digest",
        DIGEST,
        {"sections": sections, "since": since, "until": until, "base_url": settings.BASE_URL},
    )


def send(messages: Sequence[EmailMessage]) -> int:
    """Send over one connection; returns how many the server accepted."""
    if not messages:
        return 0
    with get_connection() as connection:
        return int(connection.send_messages(list(messages)) or 0)
