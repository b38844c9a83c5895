"""A few messages in the running edition: two pairs talking, the programme's channel and one
discussion group of the i-Community, all through the conversations' services. The last pair,
the silent one pair health flags, writes nothing."""

from __future__ import annotations

from clusterbridge.conversations import selectors, services
from clusterbridge.conversations.models import Kind
from clusterbridge.directory.models import Person
from clusterbridge.programmes.models import Pair, Programme


def _first_name(person: Person) -> str:
    return person.full_name.split()[0]


def build_conversations(programme: Programme, pairs: list[Pair], *, manager: Person) -> None:
    for pair in pairs[:2]:
        mentor, mentee = pair.mentor.person, pair.mentee.person
        conversation = services.pair_conversation(pair=pair)
        for author, body in (
            (
                mentor,
                f"Hello {_first_name(mentee)}, thank you for the diagnosis. Shall we start "
                "with the **membership offer** at our first session?",
            ),
            (mentee, f"Yes, @{_first_name(mentor)}: I will bring last year's member survey."),
            (
                mentor,
                "Perfect. Here are three questions to think about:\n\n"
                "1. Which services do members pay for?\n2. Which do they use?\n"
                "3. Which would they miss?",
            ),
        ):
            services.post_message(conversation=conversation, author=author, body=body)
    services.ensure_conversations(person=manager)
    channel = selectors.conversations_of(manager).get(programme=programme, kind=Kind.PROGRAMME)
    services.post_message(
        conversation=channel,
        author=manager,
        body="Welcome to the programme! The first joint meeting is in the calendar; "
        "questions are welcome here.",
    )
    founder = pairs[0].mentor.person
    group = services.create_group(
        creator=founder,
        title="Agrifood clusters",
        topic="Export, certification and cold chains",
    )
    services.post_message(
        conversation=group,
        author=founder,
        body="A place for agrifood cluster managers of both shores: share calls, events and "
        "what worked.",
    )
    for pair in pairs[:2]:
        services.join_group(group=group, person=pair.mentee.person)
