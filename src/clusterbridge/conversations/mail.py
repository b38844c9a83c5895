"""The new-message e-mail: who wrote, how many messages, and the link; never their text, which
stays behind the sign-in."""

from __future__ import annotations

import logging
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext, ngettext

from clusterbridge.conversations.models import Conversation, Message
from clusterbridge.conversations.titles import title_of
from clusterbridge.directory import mailing
from clusterbridge.directory.models import Person

logger = logging.getLogger(__name__)


def send_new_messages(person: Person, conversation: Conversation, messages: list[Message]) -> bool:
    """Mail the person about ``messages``; False when the mail server refused it."""
    authors = sorted({message.author.full_name for message in messages if message.author})
    with translation.override(mailing.language_of(person)):
        title = title_of(conversation, person)
        subject = gettext("New messages in “%(title)s”") % {"title": title}
        body = ngettext(
            "%(count)d new message from %(authors)s in “%(title)s”.",
            "%(count)d new messages from %(authors)s in “%(title)s”.",
            len(messages),
        ) % {"count": len(messages), "authors": ", ".join(authors), "title": title}
        body += "\n\n" + gettext("Read and answer them here:")
    try:
        send_mail(
            subject=subject,
            message=f"{body}\n{settings.BASE_URL}{conversation.get_absolute_url()}",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[person.email],
        )
    except (SMTPException, OSError):
        logger.exception("New-message e-mail to person %s not sent", person.pk)
        return False
    return True
