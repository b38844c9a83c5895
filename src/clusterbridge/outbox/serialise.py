"""An EmailMessage to a database row and back, so each attempt sends the very same message."""

from __future__ import annotations

import base64
from email import message_from_string
from email.message import Message
from email.mime.base import MIMEBase
from email.policy import Policy, compat32
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.utils.encoding import force_str


class StoredPart(MIMEBase):
    """A MIME attachment read back from its text (an .ics part with its METHOD parameter).

    Django attaches a MIMEBase as it is; the parser builds parts with no arguments.
    """

    def __init__(self, policy: Policy | None = None) -> None:
        Message.__init__(self, policy=policy or compat32)


def _attachment(item: Any) -> dict[str, str]:
    if isinstance(item, MIMEBase):
        return {"mime": item.as_string()}
    filename, content, mimetype = item
    raw = content if isinstance(content, bytes) else force_str(content).encode()
    return {
        "filename": filename or "",
        "content": base64.b64encode(raw).decode("ascii"),
        "mimetype": mimetype or "",
    }


def message_fields(message: EmailMessage) -> dict[str, Any]:
    """The row's fields for ``message``, with a Message-ID fixed once and for all."""
    headers = {str(key): str(value) for key, value in message.extra_headers.items()}
    message_id = headers.get("Message-ID") or make_msgid(domain=settings.OUTBOX_MESSAGE_ID_DOMAIN)
    headers["Message-ID"] = message_id
    return {
        "message_id": message_id,
        "subject": force_str(message.subject),
        "body": force_str(message.body),
        "content_subtype": message.content_subtype,
        "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": headers,
        "alternatives": [
            [force_str(content), mimetype]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [_attachment(item) for item in message.attachments],
    }


def rebuild(fields: Any) -> EmailMultiAlternatives:
    """The EmailMessage stored in an OutboxMessage (or any object with its fields)."""
    message = EmailMultiAlternatives(
        subject=fields.subject,
        body=fields.body,
        from_email=fields.from_email,
        to=fields.to,
        cc=fields.cc,
        bcc=fields.bcc,
        reply_to=fields.reply_to,
        headers=dict(fields.headers),
        alternatives=[(content, mimetype) for content, mimetype in fields.alternatives],
    )
    message.content_subtype = fields.content_subtype
    for item in fields.attachments:
        if "mime" in item:
            message.attach(message_from_string(item["mime"], _class=StoredPart))
        else:
            content = base64.b64decode(item["content"])
            message.attach(item["filename"] or None, content, item["mimetype"] or None)
    return message
