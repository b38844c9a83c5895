"""E-mails of the learning journey: the pair-health reminders and the exit survey.

Each is service mail about the recipient's own pair or programme or, escalated, a pair they
manage.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from clusterbridge.directory import mailing
from clusterbridge.directory.models import Person
from clusterbridge.journeys.models import Survey
from clusterbridge.journeys.selectors import Flag
from clusterbridge.programmes.models import Pair

logger = logging.getLogger(__name__)


def send_health_reminder(*, pair: Pair, flag: Flag, recipient: Person, escalated: bool) -> None:
    """Mail the recipient about the pair's flag; ``escalated`` when they manage the pair and
    its members were reminded long enough ago. Whatever the mail server raises propagates, so
    the caller can roll back its record of the reminder."""
    with translation.override(mailing.language_of(recipient)):
        names = {"mentee": pair.mentee.person.full_name, "mentor": pair.mentor.person.full_name}
        subject = gettext("clusterbridge: %(flag)s – %(mentee)s and %(mentor)s") % (
            {"flag": flag.label} | names
        )
        lines = [
            gettext("Hello %(name)s,") % {"name": recipient.full_name},
            "",
            str(flag.message),
            "",
        ]
        if escalated:
            lines.append(
                ngettext(
                    "The pair was reminded %(days)s day ago and nothing has changed since; "
                    "as their programme manager you may want to get in touch.",
                    "The pair was reminded %(days)s days ago and nothing has changed since; "
                    "as their programme manager you may want to get in touch.",
                    settings.HEALTH_ESCALATION_DAYS,
                )
                % {"days": settings.HEALTH_ESCALATION_DAYS}
            )
        lines.append(gettext("Programme: %(name)s") % {"name": pair.programme.name})
        # Service mail, sent whatever the e-mails consent: it concerns the person's own pair in
        # a programme they joined (or, escalated, a pair they manage), not news.
        for person in mailing.recipients([recipient], mailing.MailCategory.SERVICE):
            send_mail(subject, "\n".join(lines), None, [person.email])


def send_survey_invitations(*, survey: Survey, people: list[Person]) -> None:
    """Ask each person to answer the survey, in their own language. A refused send is logged
    and the others still go: the survey stays open whatever the mail server says."""
    path = reverse(
        "programmes:survey_answer", kwargs={"slug": survey.programme.slug, "survey_id": survey.pk}
    )
    for person in mailing.recipients(people, mailing.MailCategory.SERVICE):
        with translation.override(mailing.language_of(person)):
            subject = gettext("clusterbridge: your opinion on %(programme)s") % {
                "programme": survey.programme.name
            }
            body = "\n".join(
                [
                    gettext("Hello %(name)s,") % {"name": person.full_name},
                    "",
                    gettext(
                        "The programme %(programme)s has come to its end. Please tell us how "
                        "it went for you: the survey takes two minutes and your answer is "
                        "anonymous."
                    )
                    % {"programme": survey.programme.name},
                    "",
                    f"{settings.BASE_URL}{path}",
                ]
            )
            try:
                send_mail(subject, body, None, [person.email])
            except OSError:
                logger.exception("could not send the survey %s to person %s", survey.pk, person.pk)
