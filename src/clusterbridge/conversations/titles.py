"""The name of a conversation as one of its members sees it."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext

from clusterbridge.conversations.models import Conversation, Kind
from clusterbridge.directory.models import Person


def title_of(conversation: Conversation, viewer: Person | None) -> str:
    if conversation.kind == Kind.PAIR and conversation.pair is not None:
        mentor = conversation.pair.mentor.person
        mentee = conversation.pair.mentee.person
        other = mentee if viewer is not None and mentor.pk == viewer.pk else mentor
        return gettext("With %(name)s") % {"name": other.full_name}
    if conversation.kind == Kind.GROUP_SESSION and conversation.group_session is not None:
        return gettext("Group session of %(date)s") % {
            "date": date_format(conversation.group_session.created_at, "DATE_FORMAT")
        }
    programme = str(conversation.programme) if conversation.programme else ""
    if conversation.kind == Kind.MENTORS:
        return gettext("Mentors of %(programme)s") % {"programme": programme}
    if conversation.kind == Kind.MENTEES:
        return gettext("Mentees of %(programme)s") % {"programme": programme}
    if conversation.kind == Kind.PROGRAMME:
        return gettext("Everyone in %(programme)s") % {"programme": programme}
    return conversation.title
