"""E-mails of the i-Community: the copy of an in-app notification.

Notifications are news: `mailing.recipients` lets the message out only while the recipient's
e-mails consent is open when it leaves.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from clusterbridge.directory import mailing
from clusterbridge.directory.models import Person


def send_notification(
    *, recipient: Person, subject: str, message: str, url: str, category: mailing.MailCategory
) -> None:
    """Mail the notification with a link to ``url``. A mail server that is down is not an
    error: the in-app notification already holds the information."""
    if not mailing.recipients([recipient], category):
        return
    send_mail(
        subject=subject,
        message=f"{message}\n\n{settings.BASE_URL}{url}",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient.email],
        fail_silently=True,
    )
