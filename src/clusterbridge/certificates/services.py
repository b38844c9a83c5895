"""Closing a programme and issuing its certificates. One transaction each."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from clusterbridge.accounts.models import User
from clusterbridge.certificates import names, selectors
from clusterbridge.certificates.models import Certificate
from clusterbridge.directory import mailing
from clusterbridge.journeys import services as journeys
from clusterbridge.programmes import services as programmes
from clusterbridge.programmes.models import Programme, ProgrammeStatus

# 24 URL-safe characters, 144 random bits: the verification link cannot be guessed.
CODE_BYTES = 18


@transaction.atomic
def close_programme(*, programme: Programme, notify: bool = True) -> Programme:
    """Close a running programme whose pairs are all closed out; it is archived from then on.

    This is the only way to close a programme. Side effects: the exit survey (the
    end-of-programme survey) is created if missing and, after the commit, e-mailed to the
    participants unless ``notify`` is False (the demo, whose people are invented); the
    programme's status becomes closed, after which its pages and services refuse changes.
    """
    programmes.ensure_writable(programme)
    still_open = selectors.open_pairs(programme).count()
    if still_open:
        raise ValidationError(
            ngettext(
                "%(count)d pair is still open: mark it completed or ended early before "
                "closing the programme.",
                "%(count)d pairs are still open: mark each one completed or ended early "
                "before closing the programme.",
                still_open,
            )
            % {"count": still_open},
            code="open_pairs",
        )
    title = gettext("Exit survey: %(programme)s") % {"programme": programme.name}
    journeys.open_end_survey(programme=programme, title=title, notify=notify)
    return programmes.mark_closed(programme=programme)


@transaction.atomic
def issue_certificates(*, programme: Programme, issued_by: User | None) -> list[Certificate]:
    """Issue the missing certificates of a closed programme to everyone whose pair completed.

    Each certificate is written in its holder's language (``directory.mailing.language_of``)
    with their name in their own script, and gets an unguessable verification code. Side
    effects: Certificate rows; those already issued are left as they are. ``issued_by`` is None
    at the command line.
    """
    if programme.status != ProgrammeStatus.CLOSED:
        raise ValidationError(
            _("Certificates are issued once the programme is closed."), code="not_closed"
        )
    issued = []
    for participation in selectors.missing_certificates(programme):
        person = participation.person
        certificate = Certificate(
            participation=participation,
            code=secrets.token_urlsafe(CODE_BYTES),
            name=person.full_name,
            arabic_name=names.arabic_name(person),
            language=mailing.language_of(person),
            issued_by=issued_by,
        )
        certificate.full_clean()
        certificate.save()
        issued.append(certificate)
    return issued
