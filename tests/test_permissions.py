"""Every URL of the app × every role → the status code it must answer.

Objects of another programme answer 404 (not 403), so their existence does not leak.
A test below fails when a URL is added without a row here.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import EmailMessage
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from PIL import Image

from clusterbridge.api.services import create_api_token
from clusterbridge.applications import editions
from clusterbridge.applications import services as applications
from clusterbridge.applications.models import Call
from clusterbridge.certificates.models import Certificate
from clusterbridge.community.models import Interest, Opportunity
from clusterbridge.conversations import services as conversations
from clusterbridge.conversations.models import Conversation, Message
from clusterbridge.directory.models import Person
from clusterbridge.invitations.models import Invitation
from clusterbridge.invitations.services import token_digest
from clusterbridge.jobs.models import Job
from clusterbridge.matching.models import MatchingWish, PairConstraint
from clusterbridge.meetings.models import SessionProposal
from clusterbridge.meetings.services import create_calendar_feed
from clusterbridge.missions import services as missions
from clusterbridge.missions.models import Mission
from clusterbridge.notices.models import Announcement, AnnouncementRecipient
from clusterbridge.notices.tokens import unsubscribe_token
from clusterbridge.outbox.models import OutboxMessage, OutboxStatus
from clusterbridge.outbox.services import queue_messages
from clusterbridge.programmes.models import OperatorStaff, Programme
from clusterbridge.programmes.services import add_staff_member
from tests.conftest import World
from tests.factories import OrganisationFactory, ParticipationFactory, PersonFactory
from tests.journeys.factories import (
    collaboration_of,
    goal_of,
    log_of,
    milestone_of,
    service_of,
    survey_of,
)


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """The module's world, whose rows every case reads and whose writes are undone after it."""
    return copy.deepcopy(module_world)


ROLES = ["anonymous", "ada", "mona", "olga", "marc", "amina", "carla"]
PEOPLE = {"mona": 200, "olga": 200, "marc": 200, "amina": 200, "carla": 200}


def _post(world: World, *, hidden: bool = False) -> Opportunity:
    """Amina's opportunity (hidden by a moderator when asked), with Karim's interest."""
    title = "Hidden post" if hidden else "Partners wanted"
    post = Opportunity.objects.filter(title=title).first()
    if post is None:
        post = Opportunity.objects.create(
            author=world.people["amina"],
            kind="call_for_partners",
            title=title,
            body="Details",
            hidden_at=timezone.now() if hidden else None,
        )
        Interest.objects.create(opportunity=post, person=world.people["karim"])
    return post


def _failed_mail_url(world: World, *, to: str, slug: str = "reloaded") -> str:
    """The retry URL, under the programme ``slug``, of a failed e-mail to the named person."""
    queue_messages(
        messages=[EmailMessage(subject="Meeting", body="Private", to=[world.people[to].email])]
    )
    message = OutboxMessage.objects.latest("pk")
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.FAILED)
    return f"/programmes/{slug}/mail/{message.pk}/retry/"


def _pair_talk(w: World) -> Conversation:
    """Marc and Amina's conversation: Marc's message with a file, reported by Amina."""
    conversation = conversations.pair_conversation(pair=w.pair)
    if not conversation.message_count:
        message = conversations.post_message(
            conversation=conversation,
            author=w.people["marc"],
            body="Agenda",
            attachment=SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda"),
        )
        conversations.report_message(message=message, reporter=w.users["amina"], reason="test")
    return conversation


def _message(w: World) -> Message:
    return _pair_talk(w).messages.get()


def _group(w: World) -> Conversation:
    group = Conversation.objects.filter(title="Agrifood").first()
    return group or conversations.create_group(creator=w.people["carla"], title="Agrifood")


def _with_photo(person: Person) -> Person:
    """The person with a photo, as the profile page stores one."""
    if not person.photo:
        picture = io.BytesIO()
        Image.new("RGB", (8, 8)).save(picture, format="JPEG")
        person.photo.save("photo.jpg", ContentFile(picture.getvalue()))
    return person


def _public_person(world: World) -> Person:
    return PersonFactory(
        visibility="public",
        directory_consent_at=timezone.now(),
        organisation=OrganisationFactory(public_listing=True),
    )


def _constraint(world: World) -> int:
    """A manager's "must not pair" decision in programme "reloaded"."""
    constraint, _ = PairConstraint.objects.get_or_create(
        programme=world.reloaded,
        mentor=world.second_pair.mentor,
        mentee=world.pair.mentee,
        defaults={"kind": "forbid"},
    )
    return constraint.pk


def _marcs_wish(world: World) -> int:
    wish, _ = MatchingWish.objects.get_or_create(
        participation=world.pair.mentor,
        other=world.second_pair.mentee,
        defaults={"kind": "wish", "rank": 1},
    )
    return wish.pk


def _proposal(w: World) -> int:
    return SessionProposal.objects.create(
        pair=w.pair,
        proposed_by=w.people["marc"],
        starts_at=datetime(2030, 3, 5, 9, tzinfo=UTC),
        duration_minutes=60,
    ).pk


def _marcs_token(w: World) -> int:
    token = w.users["marc"].api_tokens.filter(name="Marc's script").first()
    if token is None:
        token, _key = create_api_token(user=w.users["marc"], name="Marc's script")
    return token.pk


def _call_url(w: World, tail: str) -> str:
    """A page of programme "reloaded"'s call for applications, opened for the row."""
    if not Call.objects.filter(programme=w.reloaded).exists():
        applications.save_call(
            programme=w.reloaded,
            deadline=timezone.now() + timedelta(days=30),
            seeks_mentees=True,
            seeks_mentors=True,
            now=timezone.now(),
        )
    return f"/programmes/{w.reloaded.slug}/{tail}"


def _mission(w: World) -> Mission:
    """A mission of "reloaded" that Marc and Amina joined; Amina asked Marc for a meeting."""
    mission = Mission.objects.filter(programme=w.reloaded).first()
    if mission is None:
        mission = missions.create_mission(
            programme=w.reloaded,
            title="B2B",
            starts_at=datetime(2030, 6, 4, 8, tzinfo=UTC),
            slot_minutes=30,
            slot_count=4,
            table_count=2,
            time_zone="Europe/Madrid",
        )
        marc = missions.join_mission(mission=mission, person=w.people["marc"])
        amina = missions.join_mission(mission=mission, person=w.people["amina"])
        missions.request_meeting(requester=amina, requested=marc)
    return mission


def _mission_url(w: World, tail: str = "") -> str:
    return f"/programmes/{w.reloaded.slug}/missions/{_mission(w).pk}/{tail}"


def _participant(w: World, name: str) -> int:
    return _mission(w).participants.get(person=w.people[name]).pk


def _request(w: World) -> int:
    return _mission(w).requests.get().pk


INVITATION_TOKEN = "a-token-only-this-table-knows"


def _invitation(w: World) -> Invitation:
    """A pending invitation of Nina, an accepted mentee of "reloaded" without a login."""
    invitation = Invitation.objects.filter(token_digest=token_digest(INVITATION_TOKEN)).first()
    if invitation is None:
        participation = ParticipationFactory(programme=w.reloaded, role="mentee")
        invitation = Invitation.objects.create(
            programme=w.reloaded,
            participation=participation,
            token_digest=token_digest(INVITATION_TOKEN),
            expires_at=timezone.now() + timedelta(days=14),
        )
    return invitation


def _invitation_url(w: World, tail: str = "") -> str:
    _invitation(w)
    return f"/invitations/{INVITATION_TOKEN}/{tail}"


CERTIFICATE_CODE = "kq3V9xTz0bLm4RwYc8NdE2hA"


def _certificate_url(w: World, tail: str = "") -> str:
    """Amina's certificate of programme "reloaded", issued for the row."""
    Certificate.objects.get_or_create(
        participation=w.pair.mentee,
        defaults={"code": CERTIFICATE_CODE, "name": "Amina", "language": "en"},
    )
    return f"/certificates/{CERTIFICATE_CODE}/{tail}"


def _next_edition_url(w: World, tail: str) -> str:
    """Mona starts the next edition of "reloaded", which she therefore manages."""
    if not Programme.objects.filter(slug="reloaded-next").exists():
        editions.new_edition(
            source=w.reloaded,
            slug="reloaded-next",
            name="Reloaded, next",
            starts_on=w.reloaded.starts_on,
            ends_on=w.reloaded.ends_on,
            by=w.users["mona"],
        )
    return f"/programmes/reloaded-next/{tail}"


def _announcement_url(w: World) -> str:
    """An announcement of Reloaded to its mentors and mentees of the first pair."""
    announcement = Announcement.objects.filter(programme=w.reloaded).first()
    if announcement is None:
        announcement = Announcement.objects.create(
            programme=w.reloaded, audience="pairs", language="en", subject="News", body="Text"
        )
        for name in ("marc", "amina"):
            AnnouncementRecipient.objects.create(announcement=announcement, person=w.people[name])
    return f"/programmes/{w.reloaded.slug}/announcements/{announcement.pk}/"


def _unsubscribe_url(w: World) -> str:
    return f"/notifications/unsubscribe/{unsubscribe_token(w.people['amina'], 'announcements')}/"


def _staff_url(w: World) -> str:
    staff = OperatorStaff.objects.filter(person=w.people["carla"]).first()
    if staff is None:
        staff = add_staff_member(operator=w.reloaded.operator, person=w.people["carla"])
    return f"/operators/staff/{staff.pk}/remove/"


def _aminas_job(w: World, status: str = "succeeded") -> Job:
    """A portfolio Amina asked for: done, its file stored (or failed when asked)."""
    job = Job.objects.create(
        kind="community.portfolio",
        requested_by=w.users["amina"],
        params={"programme": w.reloaded.pk, "lang": "en", "format": "pdf"},
        status=status,
        result_name="reloaded-portfolio-en.pdf" if status == "succeeded" else "",
        expires_at=timezone.now() + timedelta(days=1),
    )
    if status == "succeeded":
        job.result.save("portfolio.pdf", ContentFile(b"%PDF-1.7"))
    return job


def _job_url(w: World, tail: str = "", status: str = "succeeded") -> str:
    return f"/jobs/{_aminas_job(w, status).pk}/{tail}"


LOGIN = 302  # anonymous visitors are sent to the sign-in page

# (name, url builder, {role: status}); roles not listed expect the default given after the dict.
Row = tuple[str, Callable[[World], str], dict[str, int], int]

TABLE: list[Row] = [
    ("index", lambda w: "/", {"anonymous": 302}, 302),
    ("home", lambda w: "/home/", {"anonymous": LOGIN}, 200),
    ("health", lambda w: "/health/", {}, 200),
    # The design system shows sample components only, no data: open to everyone.
    ("design", lambda w: "/design/", {}, 200),
    # The call is public: anyone may read it and apply; only the managers review.
    ("programmes:applications:apply", lambda w: _call_url(w, "apply/"), {}, 200),
    (
        "programmes:applications:apply (a programme without a call)",
        lambda w: f"/programmes/{w.other.slug}/apply/",
        {},
        404,
    ),
    ("programmes:applications:sent", lambda w: _call_url(w, "apply/sent/"), {}, 200),
    (
        "programmes:applications:review",
        lambda w: _call_url(w, "applications/"),
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:applications:review (other programme)",
        lambda w: f"/programmes/{w.other.slug}/applications/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    (
        "programmes:applications:call",
        lambda w: _call_url(w, "applications/call/"),
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    # A programme's next edition: its managers start it and invite back its people.
    (
        "programmes:applications:new_edition",
        lambda w: "/programmes/reloaded/new-edition/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:applications:new_edition (other programme)",
        lambda w: "/programmes/other/new-edition/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    (
        "programmes:applications:returning",
        lambda w: _next_edition_url(w, "returning/"),
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:applications:returning (no previous edition)",
        lambda w: "/programmes/reloaded/returning/",
        {"anonymous": LOGIN},
        404,
    ),
    # Operators and their staff: the site admins' page.
    ("operators:staff", lambda w: "/operators/", {"anonymous": LOGIN, "ada": 200}, 404),
    ("operators:staff_remove", _staff_url, {"anonymous": LOGIN, "ada": 200}, 404),
    ("programmes:list", lambda w: "/programmes/", {"anonymous": LOGIN}, 200),
    ("programmes:create", lambda w: "/programmes/new/", {"anonymous": LOGIN, "ada": 200}, 404),
    (
        "programmes:detail",
        lambda w: f"/programmes/{w.reloaded.slug}/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:detail (other programme)",
        lambda w: f"/programmes/{w.other.slug}/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    (
        "programmes:edit",
        lambda w: f"/programmes/{w.reloaded.slug}/edit/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:participants",
        lambda w: f"/programmes/{w.reloaded.slug}/participants/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:participant_add",
        lambda w: f"/programmes/{w.reloaded.slug}/participants/add/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:pairs",
        lambda w: f"/programmes/{w.reloaded.slug}/pairs/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:pair_create",
        lambda w: f"/programmes/{w.reloaded.slug}/pairs/new/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    # The link of an invitation e-mail: whoever holds it sees the page; any other token is 404.
    ("invitations:accept", _invitation_url, {}, 200),
    ("invitations:accept (a token never sent)", lambda w: "/invitations/made-up/", {}, 404),
    (
        "programme_invitations:list",
        lambda w: f"/programmes/{w.reloaded.slug}/invitations/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programme_invitations:list (other programme)",
        lambda w: f"/programmes/{w.other.slug}/invitations/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    (
        "programmes:closing",
        lambda w: f"/programmes/{w.reloaded.slug}/closing/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:closing (other programme)",
        lambda w: f"/programmes/{w.other.slug}/closing/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    # The verification page is public and shows four facts; the PDF is the holder's and the
    # managers' only; a code never issued is not found.
    ("certificates:verify", _certificate_url, {}, 200),
    (
        "certificates:verify (a tampered code)",
        lambda w: _certificate_url(w).replace(CERTIFICATE_CODE, CERTIFICATE_CODE[:-1] + "B"),
        {},
        404,
    ),
    (
        "certificates:download",
        lambda w: _certificate_url(w, "pdf/"),
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "amina": 200},
        404,
    ),
    (
        "programmes:audit",
        lambda w: f"/programmes/{w.reloaded.slug}/audit/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:audit (other programme)",
        lambda w: f"/programmes/{w.other.slug}/audit/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    # Undelivered e-mail: the programme's managers and the site admins only.
    (
        "programmes:undelivered",
        lambda w: f"/programmes/{w.reloaded.slug}/mail/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:undelivered (other programme)",
        lambda w: f"/programmes/{w.other.slug}/mail/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    (
        "programmes:meetings",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:meeting_calendar",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/calendar/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:meeting_calendar_week",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/calendar/week/?on=2030-03-02",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:meeting_create",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/new/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:meeting_detail",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/{w.meeting.pk}/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:meeting_detail (another programme's meeting)",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/{w.other_meeting.pk}/",
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:meeting_change",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/{w.meeting.pk}/edit/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:meeting_cancel",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/{w.meeting.pk}/cancel/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:meeting_invitees",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/{w.meeting.pk}/invitees/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:meeting_invitees (another programme's meeting)",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/{w.other_meeting.pk}/invitees/",
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:meeting_attendance",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/{w.meeting.pk}/attendance/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:meeting_attendance (another programme's meeting)",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/{w.other_meeting.pk}/attendance/",
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:meeting_ics",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/{w.meeting.pk}/invite.ics",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:slot_search",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/find/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:plan_generate",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/plan/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:pair_sessions",
        lambda w: f"/programmes/{w.reloaded.slug}/pairs/{w.pair.pk}/sessions/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:pair_sessions (another pair)",
        lambda w: f"/programmes/{w.reloaded.slug}/pairs/{w.second_pair.pk}/sessions/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:pair_sessions (another programme's pair)",
        lambda w: f"/programmes/{w.reloaded.slug}/pairs/{w.other_pair.pk}/sessions/",
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:missions",
        lambda w: f"/programmes/{w.reloaded.slug}/missions/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:mission_create",
        lambda w: f"/programmes/{w.reloaded.slug}/missions/new/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:mission_detail",
        lambda w: _mission_url(w),
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:mission_detail (from another programme's address)",
        lambda w: f"/programmes/{w.other.slug}/missions/{_mission(w).pk}/",
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:mission_join",
        lambda w: _mission_url(w, "join/"),
        {"anonymous": LOGIN, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:mission_my_agenda",
        lambda w: _mission_url(w, "agenda/"),
        {"anonymous": LOGIN, "marc": 302, "amina": 302},
        404,
    ),
    (
        "programmes:mission_agenda",
        lambda w: _mission_url(w, f"agenda/{_participant(w, 'amina')}/"),
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "amina": 200},
        404,
    ),
    (
        "programmes:mission_agenda_ics",
        lambda w: _mission_url(w, f"agenda/{_participant(w, 'amina')}.ics"),
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "amina": 200},
        404,
    ),
    ("calendar:mine", lambda w: "/calendar/", {"anonymous": LOGIN, **PEOPLE}, 404),
    ("calendar:month", lambda w: "/calendar/month/", {"anonymous": LOGIN, **PEOPLE}, 404),
    (
        "calendar:week",
        lambda w: "/calendar/week/?on=2030-03-02",
        {"anonymous": LOGIN, **PEOPLE},
        404,
    ),
    (
        "notices_programme:announcements",
        lambda w: f"/programmes/{w.reloaded.slug}/announcements/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "notices_programme:announcement_create",
        lambda w: f"/programmes/{w.reloaded.slug}/announcements/new/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "notices_programme:announcement",
        _announcement_url,
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "notices:preferences",
        lambda w: "/notifications/preferences/",
        {"anonymous": LOGIN, **PEOPLE},
        404,
    ),
    # The unsubscribe link of a notice e-mail works without signing in; only its token counts.
    ("notices:unsubscribe", lambda w: "/notifications/unsubscribe/forged/", {}, 404),
    ("notices:unsubscribe (a valid token)", _unsubscribe_url, {}, 200),
    (
        "calendar:availability",
        lambda w: "/calendar/availability/",
        {"anonymous": LOGIN, **PEOPLE},
        404,
    ),
    ("calendar:feed", lambda w: "/calendar/not-a-token.ics", {}, 404),
    (
        "calendar:feed (a valid token)",
        lambda w: f"/calendar/{create_calendar_feed(person=w.people['amina'])}.ics",
        {},
        200,
    ),
    (
        "programmes:matching",
        lambda w: f"/programmes/{w.reloaded.slug}/matching/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:matching (other programme)",
        lambda w: f"/programmes/{w.other.slug}/matching/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    (
        "programmes:matching_settings",
        lambda w: f"/programmes/{w.reloaded.slug}/matching/settings/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:matching_constraints",
        lambda w: f"/programmes/{w.reloaded.slug}/matching/constraints/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:matching_why_not",
        lambda w: f"/programmes/{w.reloaded.slug}/matching/why-not/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:matching_wishes",
        lambda w: f"/programmes/{w.reloaded.slug}/matching/wishes/",
        {"anonymous": LOGIN, "marc": 200, "amina": 200},
        404,
    ),
    (
        "directory:person (a mentee)",
        lambda w: f"/people/{w.people['amina'].pk}/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "directory:person (another programme's mentor)",
        lambda w: f"/people/{w.other_pair.mentor.person.pk}/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    (
        "directory:person_create",
        lambda w: "/people/new/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "olga": 200},
        404,
    ),
    # The learning journey: pages of a pair are its members' and its managers'; what a pair
    # writes is its members' only.
    (
        "programmes:journeys",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:journeys (other programme)",
        lambda w: f"/programmes/{w.other.slug}/journeys/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    (
        "programmes:diagnosis",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/diagnosis/",
        {"anonymous": LOGIN, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:surveys",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/surveys/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:survey_create",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/surveys/new/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:survey_answer",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/surveys/{survey_of(w.reloaded).pk}/",
        {"anonymous": LOGIN, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:survey_answer (other programme's survey)",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/surveys/{survey_of(w.other).pk}/",
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:pair_journey",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:pair_journey (another pair)",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/{w.second_pair.pk}/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:pair_journey (other programme's pair under this programme)",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/{w.other_pair.pk}/",
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:pair_journey (other programme)",
        lambda w: f"/programmes/{w.other.slug}/journeys/{w.other_pair.pk}/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    (
        "programmes:agreement",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/agreement/",
        {"anonymous": LOGIN, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:group_log_create",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/group-sessions/new/",
        {"anonymous": LOGIN, "marc": 200, "amina": 200},  # members of a pair only
        404,
    ),
    (
        "programmes:group_log_create (other programme)",
        lambda w: f"/programmes/{w.other.slug}/journeys/group-sessions/new/",
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:goal_create",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/goals/new/",
        {"anonymous": LOGIN, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:log_create",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/logs/new/",
        {"anonymous": LOGIN, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:log_detail",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/logs/{log_of(w.pair).pk}/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:log_detail (another pair's log)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.second_pair.pk}/logs/"
            f"{log_of(w.second_pair).pk}/"
        ),
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:log_detail (another pair's log under my pair)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/logs/{log_of(w.second_pair).pk}/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:assessment",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/assessments/end/self/",
        {"anonymous": LOGIN, "amina": 200},
        404,
    ),
    (
        "programmes:assessment (the mentor's rating)",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/assessments/end/mentor/",
        {"anonymous": LOGIN, "marc": 200},
        404,
    ),
    (
        "programmes:service_create",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/outcomes/service/new/",
        {"anonymous": LOGIN, "amina": 200},
        404,
    ),
    (
        "programmes:collaboration_create",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/outcomes/collaboration/new/",
        {"anonymous": LOGIN, "amina": 200},
        404,
    ),
    (
        "programmes:goal_edit",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/goals/{goal_of(w.pair).pk}/edit/"
        ),
        {"anonymous": LOGIN, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:goal_edit (another pair's, under my pair)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/goals/{goal_of(w.second_pair).pk}/edit/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:goal_edit (another pair's)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.second_pair.pk}/"
            f"goals/{goal_of(w.second_pair).pk}/edit/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:goal_edit (other programme)",
        lambda w: (
            f"/programmes/{w.other.slug}/journeys/{w.other_pair.pk}/goals/{goal_of(w.other_pair).pk}/edit/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:milestone_create",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/goals/{goal_of(w.pair).pk}/milestones/new/"
        ),
        {"anonymous": LOGIN, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:milestone_create (another pair's, under my pair)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/goals/{goal_of(w.second_pair).pk}/milestones/new/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:milestone_create (another pair's)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.second_pair.pk}/"
            f"goals/{goal_of(w.second_pair).pk}/milestones/new/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:milestone_create (other programme)",
        lambda w: (
            f"/programmes/{w.other.slug}/journeys/{w.other_pair.pk}/goals/{goal_of(w.other_pair).pk}/milestones/new/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:service_edit",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/outcomes/service/{service_of(w.pair).pk}/edit/"
        ),
        {"anonymous": LOGIN, "amina": 200},
        404,
    ),
    (
        "programmes:service_edit (another pair's, under my pair)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/outcomes/service/{service_of(w.second_pair).pk}/edit/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:service_edit (another pair's)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.second_pair.pk}/"
            f"outcomes/service/{service_of(w.second_pair).pk}/edit/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:service_edit (other programme)",
        lambda w: (
            f"/programmes/{w.other.slug}/journeys/{w.other_pair.pk}/outcomes/service/{service_of(w.other_pair).pk}/edit/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:service_delete",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/outcomes/service/{service_of(w.pair).pk}/delete/"
        ),
        {"anonymous": LOGIN, "amina": 200},
        404,
    ),
    (
        "programmes:service_delete (another pair's, under my pair)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/outcomes/service/{service_of(w.second_pair).pk}/delete/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:service_delete (another pair's)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.second_pair.pk}/"
            f"outcomes/service/{service_of(w.second_pair).pk}/delete/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:service_delete (other programme)",
        lambda w: (
            f"/programmes/{w.other.slug}/journeys/{w.other_pair.pk}/outcomes/service/{service_of(w.other_pair).pk}/delete/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:collaboration_edit",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/outcomes/collaboration/{collaboration_of(w.pair).pk}/edit/"
        ),
        {"anonymous": LOGIN, "amina": 200},
        404,
    ),
    (
        "programmes:collaboration_edit (another pair's, under my pair)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/outcomes/collaboration/{collaboration_of(w.second_pair).pk}/edit/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:collaboration_edit (another pair's)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.second_pair.pk}/"
            f"outcomes/collaboration/{collaboration_of(w.second_pair).pk}/edit/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:collaboration_edit (other programme)",
        lambda w: (
            f"/programmes/{w.other.slug}/journeys/{w.other_pair.pk}/outcomes/collaboration/{collaboration_of(w.other_pair).pk}/edit/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:collaboration_delete",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/outcomes/collaboration/{collaboration_of(w.pair).pk}/delete/"
        ),
        {"anonymous": LOGIN, "amina": 200},
        404,
    ),
    (
        "programmes:collaboration_delete (another pair's, under my pair)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/outcomes/collaboration/{collaboration_of(w.second_pair).pk}/delete/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:collaboration_delete (another pair's)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.second_pair.pk}/"
            f"outcomes/collaboration/{collaboration_of(w.second_pair).pk}/delete/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:collaboration_delete (other programme)",
        lambda w: (
            f"/programmes/{w.other.slug}/journeys/{w.other_pair.pk}/outcomes/collaboration/{collaboration_of(w.other_pair).pk}/delete/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:impact",
        lambda w: f"/programmes/{w.reloaded.slug}/impact/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:impact_export",
        lambda w: f"/programmes/{w.reloaded.slug}/impact/xlsx/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:impact_export (unknown format)",
        lambda w: f"/programmes/{w.reloaded.slug}/impact/doc/",
        {"anonymous": LOGIN},
        404,
    ),
    ("directory:my_profile", lambda w: "/profile/", {"anonymous": LOGIN, "ada": 404}, 200),
    (
        "programmes:participant_profile",
        lambda w: f"/programmes/{w.reloaded.slug}/people/{w.people['amina'].pk}/edit/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:participant_profile (someone outside the programme)",
        lambda w: f"/programmes/{w.reloaded.slug}/people/{w.people['olga'].pk}/edit/",
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:participant_profile (other programme)",
        lambda w: f"/programmes/{w.other.slug}/people/{w.other_pair.mentor.person.pk}/edit/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    (
        "directory:person_photo",
        lambda w: f"/people/{_with_photo(w.people['amina']).pk}/photo.jpg",
        {"anonymous": LOGIN, "olga": 404, "carla": 404},
        200,
    ),
    (
        "directory:person_photo (a profile without a photo)",
        lambda w: f"/people/{w.people['marc'].pk}/photo.jpg",
        {"anonymous": LOGIN, "olga": 404, "carla": 404},
        404,
    ),
    ("directory:my_data", lambda w: "/profile/data.json", {"anonymous": LOGIN, "ada": 404}, 200),
    (
        "directory:person (a public profile)",
        lambda w: f"/people/{_public_person(w).pk}/",
        {},
        200,
    ),
    ("directory:directory", lambda w: "/directory/", {}, 200),
    ("directory:directory (search)", lambda w: "/directory/?q=amina&language=ar", {}, 200),
    ("directory:directory (export)", lambda w: "/directory/?export=xlsx", {}, 200),
    ("directory:organisations", lambda w: "/organisations/", {}, 200),
    (
        "directory:organisation (not listed publicly)",
        lambda w: f"/organisations/{w.organisation_of('amina').pk}/",
        {"anonymous": LOGIN},
        200,
    ),
    (
        "directory:organisation (listed publicly)",
        lambda w: f"/organisations/{OrganisationFactory(public_listing=True).pk}/",
        {},
        200,
    ),
    ("directory:countries", lambda w: "/countries/", {}, 200),
    ("directory:country", lambda w: "/countries/MA/", {}, 200),
    (
        "directory:import",
        lambda w: "/directory/import/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "olga": 200},
        404,
    ),
    (
        "directory:import_template",
        lambda w: "/directory/import/template-people.csv",
        {"anonymous": LOGIN},
        200,
    ),
    (
        "directory:import_preview (another session's upload)",
        lambda w: "/directory/import/not-my-token/",
        {"anonymous": LOGIN},
        404,
    ),
    (
        "directory:import_done (another session's upload)",
        lambda w: "/directory/import/not-my-token/done/",
        {"anonymous": LOGIN},
        404,
    ),
    (
        "directory:import_rejected (another session's upload)",
        lambda w: "/directory/import/not-my-token/rejected.csv",
        {"anonymous": LOGIN},
        404,
    ),
    ("community:opportunities", lambda w: "/community/", {"anonymous": LOGIN}, 200),
    (
        "community:opportunity_create",
        lambda w: "/community/opportunities/new/",
        {"anonymous": LOGIN, "ada": 404},
        200,
    ),
    (
        "community:opportunity",
        lambda w: f"/community/opportunities/{_post(w).pk}/",
        {"anonymous": LOGIN},
        200,
    ),
    # Only the author edits a post; moderators hide it instead.
    (
        "community:opportunity_edit",
        lambda w: f"/community/opportunities/{_post(w).pk}/edit/",
        {"anonymous": LOGIN, "amina": 200},
        404,
    ),
    (
        "community:opportunity (hidden by a moderator)",
        lambda w: f"/community/opportunities/{_post(w, hidden=True).pk}/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "olga": 200, "amina": 200},
        404,
    ),
    (
        "community:moderation",
        lambda w: "/community/moderation/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "olga": 200},
        404,
    ),
    (
        "community:notifications",
        lambda w: "/community/notifications/",
        {"anonymous": LOGIN, "ada": 404},
        200,
    ),
    ("community:network", lambda w: "/community/network/", {"anonymous": LOGIN}, 200),
    # Conversations: a pair's is its two members' alone, managers and site admins included.
    (
        "conversations:list",
        lambda w: "/conversations/?q=agenda",
        {"anonymous": LOGIN, "ada": 404},
        200,
    ),
    (
        "conversations:detail",
        lambda w: f"/conversations/{_pair_talk(w).pk}/",
        {"anonymous": LOGIN, "marc": 200, "amina": 200},
        404,
    ),
    (
        "conversations:poll",
        lambda w: f"/conversations/{_pair_talk(w).pk}/new/?after=0",
        {"anonymous": LOGIN, "marc": 200, "amina": 200},
        404,
    ),
    (
        "conversations:message_edit",
        lambda w: f"/conversations/messages/{_message(w).pk}/edit/",
        {"anonymous": LOGIN, "marc": 200},
        404,
    ),
    (
        "conversations:attachment",
        lambda w: f"/conversations/messages/{_message(w).pk}/attachment/",
        {"anonymous": LOGIN, "marc": 200, "amina": 200},
        404,
    ),
    # Managers see the messages reported in their programme's conversations, nothing else.
    (
        "conversations:moderation",
        lambda w: f"/conversations/moderation/?{_message(w).pk}",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "conversations:groups",
        lambda w: "/conversations/groups/",
        {"anonymous": LOGIN, "ada": 404},
        200,
    ),
    (
        "conversations:group_create",
        lambda w: "/conversations/groups/new/",
        {"anonymous": LOGIN, "ada": 404},
        200,
    ),
    (
        "community:collaboration_create",
        lambda w: "/community/collaborations/new/",
        {"anonymous": LOGIN, "ada": 404},
        200,
    ),
    (
        "community_programme:network",
        lambda w: f"/programmes/{w.reloaded.slug}/network/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "community_programme:network (other programme)",
        lambda w: f"/programmes/{w.other.slug}/network/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    (
        "community_programme:portfolio",
        lambda w: f"/programmes/{w.reloaded.slug}/portfolio/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    # The former download link leads to the page's form.
    (
        "community_programme:portfolio_pdf",
        lambda w: f"/programmes/{w.reloaded.slug}/portfolio.pdf?lang=ar",
        {"anonymous": LOGIN, "ada": 302, "mona": 302, "marc": 302, "amina": 302},
        404,
    ),
    (
        "community_programme:portfolio_pdf (other programme)",
        lambda w: f"/programmes/{w.other.slug}/portfolio.pdf",
        {"anonymous": LOGIN, "ada": 302, "olga": 302},
        404,
    ),
    # A job is its requester's alone: site admins and managers get 404 like everyone else.
    ("jobs:list", lambda w: "/jobs/", {"anonymous": LOGIN}, 200),
    ("jobs:detail", lambda w: _job_url(w), {"anonymous": LOGIN, "amina": 200}, 404),
    ("jobs:status", lambda w: _job_url(w, "status/"), {"anonymous": LOGIN, "amina": 200}, 404),
    ("jobs:download", lambda w: _job_url(w, "download"), {"anonymous": LOGIN, "amina": 200}, 404),
    (
        "jobs:download (job failed)",
        lambda w: _job_url(w, "download", status="failed"),
        {"anonymous": LOGIN},
        404,
    ),
    ("admin:index", lambda w: "/admin/", {"ada": 200}, 302),
    # allauth's pages: signed-in people are sent on from sign-in and sign-up pages.
    ("account_login", lambda w: "/accounts/login/", {"anonymous": 200}, 302),
    ("account_signup", lambda w: "/accounts/signup/", {"anonymous": 200}, 302),
    ("account_logout", lambda w: "/accounts/logout/", {"anonymous": 302}, 200),
    ("account_inactive", lambda w: "/accounts/inactive/", {}, 200),
    ("account_reauthenticate", lambda w: "/accounts/reauthenticate/", {"anonymous": LOGIN}, 200),
    ("account_email", lambda w: "/accounts/email/", {"anonymous": LOGIN}, 200),
    ("account_email_verification_sent", lambda w: "/accounts/confirm-email/", {}, 200),
    ("account_change_password", lambda w: "/accounts/password/change/", {"anonymous": LOGIN}, 200),
    ("account_set_password", lambda w: "/accounts/password/set/", {"anonymous": LOGIN}, 302),
    ("account_reset_password", lambda w: "/accounts/password/reset/", {}, 200),
    ("account_reset_password_done", lambda w: "/accounts/password/reset/done/", {}, 200),
    (
        "account_reset_password_from_key",
        lambda w: "/accounts/password/reset/key/1-bad-key/",
        {},
        200,
    ),
    (
        "account_reset_password_from_key_done",
        lambda w: "/accounts/password/reset/key/done/",
        {},
        200,
    ),
    ("account_confirm_email", lambda w: "/accounts/confirm-email/bad-key/", {}, 200),
    ("account_confirm_login_code", lambda w: "/accounts/login/code/confirm/", {}, 302),
    # Re-authenticating by a code e-mailed to one's own verified address (allauth 65.22):
    # signed-in people may ask for one; confirming without having asked goes back to asking.
    (
        "account_request_reauthentication_code",
        lambda w: "/accounts/reauthenticate/code/",
        {"anonymous": LOGIN},
        200,
    ),
    (
        "account_confirm_reauthentication_code",
        lambda w: "/accounts/reauthenticate/code/confirm/",
        {"anonymous": LOGIN},
        302,
    ),
    # allauth's two-factor pages. Without a recent password entry, set-up pages first ask for
    # it again (302); pages about an authenticator the user does not have answer 404.
    ("mfa_index", lambda w: "/accounts/2fa/", {"anonymous": LOGIN}, 200),
    ("mfa_authenticate", lambda w: "/accounts/2fa/authenticate/", {}, 302),
    ("mfa_reauthenticate", lambda w: "/accounts/2fa/reauthenticate/", {}, 302),
    ("mfa_activate_totp", lambda w: "/accounts/2fa/totp/activate/", {}, 302),
    ("mfa_deactivate_totp", lambda w: "/accounts/2fa/totp/deactivate/", {"anonymous": LOGIN}, 404),
    (
        "mfa_view_recovery_codes",
        lambda w: "/accounts/2fa/recovery-codes/",
        {"anonymous": LOGIN},
        404,
    ),
    ("mfa_generate_recovery_codes", lambda w: "/accounts/2fa/recovery-codes/generate/", {}, 302),
    ("tokens:list", lambda w: "/profile/tokens/", {"anonymous": LOGIN}, 200),
    # Another user's token is not found.
    (
        "tokens:revoke",
        lambda w: f"/profile/tokens/{_marcs_token(w)}/revoke/",
        {"anonymous": LOGIN, "marc": 200},
        404,
    ),
    (
        "mfa_download_recovery_codes",
        lambda w: "/accounts/2fa/recovery-codes/download/",
        {"anonymous": LOGIN},
        404,
    ),
]

# The REST API: the same visibility as the pages; anonymous callers answer 401.
API = 401
IN_RELOADED = {"anonymous": API, "ada": 200, "mona": 200, "marc": 200, "amina": 200}
IN_OTHER = {"anonymous": API, "ada": 200, "olga": 200}
SIGNED_IN = {"anonymous": API}


def _api_pair(w: World, tail: str = "") -> str:
    return f"/api/v1/programmes/{w.reloaded.slug}/pairs/{w.pair.pk}/{tail}".rstrip("/")


API_TABLE: list[Row] = [
    ("api:openapi-json", lambda w: "/api/v1/openapi.json", {}, 200),
    ("api:api-root", lambda w: "/api/v1/", {}, 404),
    ("api_not_found", lambda w: "/api/v1/nope", {}, 404),
    ("api:organisations", lambda w: "/api/v1/organisations", SIGNED_IN, 200),
    (
        "api:organisation",
        lambda w: f"/api/v1/organisations/{w.people['marc'].organisation_id}",
        SIGNED_IN,
        200,
    ),
    ("api:people", lambda w: "/api/v1/people?country=fr&ordering=-full_name", SIGNED_IN, 200),
    ("api:person (a mentee)", lambda w: f"/api/v1/people/{w.people['amina'].pk}", IN_RELOADED, 404),
    (
        "api:person (another programme's mentor)",
        lambda w: f"/api/v1/people/{w.other_pair.mentor.person.pk}",
        IN_OTHER,
        404,
    ),
    ("api:programmes", lambda w: "/api/v1/programmes?status=running", SIGNED_IN, 200),
    ("api:programme", lambda w: "/api/v1/programmes/reloaded", IN_RELOADED, 404),
    ("api:programme (other programme)", lambda w: "/api/v1/programmes/other", IN_OTHER, 404),
    (
        "api:participations",
        lambda w: "/api/v1/programmes/reloaded/participations?role=mentee",
        IN_RELOADED,
        404,
    ),
    (
        "api:participations (other programme)",
        lambda w: "/api/v1/programmes/other/participations",
        IN_OTHER,
        404,
    ),
    ("api:pairs", lambda w: "/api/v1/programmes/reloaded/pairs?ordering=-score", IN_RELOADED, 404),
    ("api:pairs (other programme)", lambda w: "/api/v1/programmes/other/pairs", IN_OTHER, 404),
    ("api:pair", lambda w: _api_pair(w), IN_RELOADED, 404),
    (
        "api:pair (Paola and Karim's)",
        lambda w: f"/api/v1/programmes/reloaded/pairs/{w.second_pair.pk}",
        {"anonymous": API, "ada": 200, "mona": 200},
        404,
    ),
    (
        "api:pair (another programme's, through this one)",
        lambda w: f"/api/v1/programmes/reloaded/pairs/{w.other_pair.pk}",
        {"anonymous": API},
        404,
    ),
    (
        "api:pair (other programme)",
        lambda w: f"/api/v1/programmes/other/pairs/{w.other_pair.pk}",
        IN_OTHER,
        404,
    ),
    ("api:goals", lambda w: _api_pair(w, "goals?status=open"), IN_RELOADED, 404),
    ("api:session_logs", lambda w: _api_pair(w, "session-logs"), IN_RELOADED, 404),
    ("api:assessments", lambda w: _api_pair(w, "assessments"), IN_RELOADED, 404),
    (
        "api:goals (other programme)",
        lambda w: f"/api/v1/programmes/other/pairs/{w.other_pair.pk}/goals",
        IN_OTHER,
        404,
    ),
    ("api:meetings", lambda w: "/api/v1/programmes/reloaded/meetings", IN_RELOADED, 404),
    (
        "api:meeting",
        lambda w: f"/api/v1/programmes/reloaded/meetings/{w.meeting.pk}",
        IN_RELOADED,
        404,
    ),
    (
        "api:meeting (other programme)",
        lambda w: f"/api/v1/programmes/other/meetings/{w.other_meeting.pk}",
        IN_OTHER,
        404,
    ),
    (
        "api:meeting_ics",
        lambda w: f"/api/v1/programmes/reloaded/meetings/{w.meeting.pk}/ics",
        IN_RELOADED,
        404,
    ),
    (
        "api:meeting_ics (other programme's, through this one)",
        lambda w: f"/api/v1/programmes/reloaded/meetings/{w.other_meeting.pk}/ics",
        {"anonymous": API},
        404,
    ),
    ("api:opportunities", lambda w: "/api/v1/opportunities?kind=event", SIGNED_IN, 200),
    ("api:opportunity", lambda w: f"/api/v1/opportunities/{_post(w).pk}", SIGNED_IN, 200),
    (
        "api:opportunity (hidden by a moderator)",
        lambda w: f"/api/v1/opportunities/{_post(w, hidden=True).pk}",
        {"anonymous": API, "ada": 200, "mona": 200, "olga": 200, "amina": 200},
        404,
    ),
    ("api:collaborations", lambda w: "/api/v1/collaborations", SIGNED_IN, 200),
    ("api:tokens", lambda w: "/api/v1/tokens", SIGNED_IN, 200),
    (
        "api:pair_messages",
        lambda w: f"{_api_pair(w)}/messages",
        {"anonymous": API, "marc": 200, "amina": 200},
        404,
    ),
    (
        "api:pair_messages (another programme's pair)",
        lambda w: f"/api/v1/programmes/other/pairs/{w.other_pair.pk}/messages",
        {"anonymous": API},
        404,
    ),
    ("api:conversations", lambda w: "/api/v1/conversations", SIGNED_IN, 200),
    (
        "api:conversation_messages",
        lambda w: f"/api/v1/conversations/{_pair_talk(w).pk}/messages",
        {"anonymous": API, "marc": 200, "amina": 200},
        404,
    ),
    # Revocation is DELETE only (tests/api/test_api.py); GET is not an operation of the URL.
    ("api:token", lambda w: "/api/v1/tokens/1", {}, 405),
]
TABLE += API_TABLE

# POST-only URLs: (name, url builder, {role: status}, default)
PEOPLE302 = dict.fromkeys(PEOPLE, 302)

POST_TABLE: list[Row] = [
    (
        "jobs:retry",
        lambda w: _job_url(w, "retry/", "failed"),
        {"anonymous": LOGIN, "amina": 302},
        404,
    ),
    # Asking for a file queues a job and answers 303 to its page.
    (
        "programmes:impact_export (post)",
        lambda w: f"/programmes/{w.reloaded.slug}/impact/pdf/",
        {"anonymous": LOGIN, "ada": 303, "mona": 303},
        404,
    ),
    # Without a language and a format the portfolio's form comes back with its errors.
    (
        "community_programme:portfolio (post)",
        lambda w: f"/programmes/{w.reloaded.slug}/portfolio/",
        {"anonymous": LOGIN, "ada": 400, "mona": 400, "marc": 400, "amina": 400},
        404,
    ),
    # The forms lack their fields: shown again with the errors, to the managers only.
    (
        "programmes:applications:new_edition (post)",
        lambda w: "/programmes/reloaded/new-edition/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:applications:returning (post)",
        lambda w: _next_edition_url(w, "returning/"),
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    ("operators:staff (post)", lambda w: "/operators/", {"anonymous": LOGIN, "ada": 200}, 404),
    (
        "programmes:undelivered_retry",
        lambda w: _failed_mail_url(w, to="amina"),
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    # Mail to another programme's people is not this programme's to retry, not even for Ada.
    (
        "programmes:undelivered_retry (mail to another programme's manager)",
        lambda w: _failed_mail_url(w, to="olga"),
        {"anonymous": LOGIN},
        404,
    ),
    (
        "programmes:undelivered_retry (through the other programme)",
        lambda w: _failed_mail_url(w, to="amina", slug="other"),
        {"anonymous": LOGIN},
        404,
    ),
    ("operators:staff_remove (post)", _staff_url, {"anonymous": LOGIN, "ada": 302}, 404),
    # The form lacks every answer: shown again with its errors, to anyone.
    ("programmes:applications:apply (post)", lambda w: _call_url(w, "apply/"), {}, 200),
    # No application chosen: back to the review with the error, for the managers only.
    (
        "programmes:applications:decide",
        lambda w: _call_url(w, "applications/decide/"),
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    # The profile form without a name: shown again with its errors, to the managers only.
    (
        "programmes:participant_profile",
        lambda w: f"/programmes/{w.reloaded.slug}/people/{w.people['amina'].pk}/edit/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    # No password in the form: the page comes back with its errors, and nothing is created.
    ("invitations:accept", _invitation_url, {}, 200),
    # The link still works, so nothing is renewed; everyone is sent back to it.
    ("invitations:renew", lambda w: _invitation_url(w, "renew/"), {}, 302),
    (
        "programme_invitations:send",
        lambda w: f"/programmes/{w.reloaded.slug}/invitations/send/",
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    # No pair chosen, pairs still open, a programme not closed yet: back to the closing page
    # with the error, for the managers only.
    (
        "programmes:closing_pairs",
        lambda w: f"/programmes/{w.reloaded.slug}/closing/pairs/",
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    (
        "programmes:closing_close",
        lambda w: f"/programmes/{w.reloaded.slug}/closing/close/",
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    (
        "programmes:closing_certificates",
        lambda w: f"/programmes/{w.reloaded.slug}/closing/certificates/",
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    (
        "programme_invitations:remind",
        lambda w: f"/programmes/{w.reloaded.slug}/invitations/remind/",
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    (
        "programme_invitations:revoke",
        lambda w: f"/programmes/{w.reloaded.slug}/invitations/{_invitation(w).pk}/revoke/",
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    (
        "programme_invitations:revoke (from another programme's address)",
        lambda w: f"/programmes/{w.other.slug}/invitations/{_invitation(w).pk}/revoke/",
        {"anonymous": LOGIN},
        404,
    ),
    # JSON is expected: a form body is refused with 400, never a server error.
    ("api:tokens", lambda w: "/api/v1/tokens", {"anonymous": API}, 400),
    ("api:pair_messages", lambda w: f"{_api_pair(w)}/messages", {"anonymous": API}, 400),
    (
        "api:conversation_messages",
        lambda w: f"/api/v1/conversations/{_pair_talk(w).pk}/messages",
        {"anonymous": API},
        400,
    ),
    # The posted form has no message: the members get it back with the error.
    (
        "conversations:detail",
        lambda w: f"/conversations/{_pair_talk(w).pk}/",
        {"anonymous": LOGIN, "marc": 200, "amina": 200},
        404,
    ),
    # Amina may not delete Marc's message: a message on the page she is sent back to.
    (
        "conversations:message_delete",
        lambda w: f"/conversations/messages/{_message(w).pk}/delete/",
        {"anonymous": LOGIN, "marc": 302, "amina": 302},
        404,
    ),
    (
        "conversations:message_report",
        lambda w: f"/conversations/messages/{_message(w).pk}/report/",
        {"anonymous": LOGIN, "marc": 302, "amina": 302},
        404,
    ),
    (
        "conversations:message_moderate",
        lambda w: f"/conversations/messages/{_message(w).pk}/moderate/",
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    (
        "conversations:group_create",
        lambda w: "/conversations/groups/new/",
        {"anonymous": LOGIN, "ada": 404},
        200,
    ),
    (
        "conversations:group_join",
        lambda w: f"/conversations/groups/{_group(w).pk}/join/",
        {"anonymous": LOGIN, "ada": 404},
        302,
    ),
    (
        "conversations:group_leave",
        lambda w: f"/conversations/groups/{_group(w).pk}/leave/",
        {"anonymous": LOGIN, "ada": 404},
        302,
    ),
    (
        "programmes:plan_publish",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/plan/publish/",
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    (
        "programmes:proposal_create",
        lambda w: f"/programmes/{w.reloaded.slug}/pairs/{w.pair.pk}/sessions/propose/",
        {"anonymous": LOGIN, "marc": 302, "amina": 302},
        404,
    ),
    (
        "programmes:proposal_answer",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/pairs/{w.pair.pk}/sessions/{_proposal(w)}/answer/"
        ),
        {"anonymous": LOGIN, "marc": 302, "amina": 302},
        404,
    ),
    (
        "programmes:mission_schedule",
        lambda w: _mission_url(w, "schedule/"),
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    (
        "programmes:mission_request",
        lambda w: _mission_url(w, f"request/{_participant(w, 'marc')}/"),
        {"anonymous": LOGIN, "marc": 302, "amina": 302},
        404,
    ),
    (
        "programmes:mission_request_answer",
        lambda w: _mission_url(w, f"requests/{_request(w)}/answer/"),
        {"anonymous": LOGIN, "marc": 302},
        404,
    ),
    ("calendar:feed_create", lambda w: "/calendar/feed/", {"anonymous": LOGIN, **PEOPLE302}, 404),
    # An incomplete form comes back with its errors (200) to those who may send.
    (
        "notices_programme:announcement_create",
        lambda w: f"/programmes/{w.reloaded.slug}/announcements/new/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "notices:preferences",
        lambda w: "/notifications/preferences/",
        {"anonymous": LOGIN, **PEOPLE},
        404,
    ),
    ("notices:unsubscribe (a valid token)", _unsubscribe_url, {}, 200),
    ("notices:unsubscribe (forged)", lambda w: "/notifications/unsubscribe/forged/", {}, 404),
    (
        "calendar:feed_revoke",
        lambda w: "/calendar/feed/revoke/",
        {"anonymous": LOGIN, **PEOPLE302},
        404,
    ),
    (
        "calendar:availability_delete",
        lambda w: "/calendar/availability/window/999/delete/",
        {"anonymous": LOGIN, **PEOPLE302},
        404,
    ),
    # The form without a name: shown again with the error.
    ("tokens:list (create)", lambda w: "/profile/tokens/", {"anonymous": LOGIN}, 200),
    (
        "tokens:revoke",
        lambda w: f"/profile/tokens/{_marcs_token(w)}/revoke/",
        {"anonymous": LOGIN, "marc": 302},
        404,
    ),
    ("set_language", lambda w: "/language/", {}, 302),
    (
        "programmes:status",
        lambda w: f"/programmes/{w.reloaded.slug}/status/",
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    (
        "programmes:matching_run",
        lambda w: f"/programmes/{w.reloaded.slug}/matching/run/",
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    (
        "programmes:matching_confirm",
        lambda w: f"/programmes/{w.reloaded.slug}/matching/confirm/",
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    (
        "programmes:matching_capacity",
        lambda w: f"/programmes/{w.reloaded.slug}/matching/capacities/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},  # the form comes back with its errors
        404,
    ),
    (
        "programmes:matching_constraint_delete",
        lambda w: f"/programmes/{w.reloaded.slug}/matching/constraints/{_constraint(w)}/delete/",
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
    (
        "programmes:matching_constraint_delete (other programme)",
        lambda w: f"/programmes/{w.other.slug}/matching/constraints/{_constraint(w)}/delete/",
        {"anonymous": LOGIN, "ada": 404, "olga": 404},  # the pair belongs to "reloaded"
        404,
    ),
    (
        "programmes:matching_wish_delete",
        lambda w: f"/programmes/{w.reloaded.slug}/matching/wishes/{_marcs_wish(w)}/delete/",
        {"anonymous": LOGIN, "marc": 302},  # only its author may remove it
        404,
    ),
    (
        "programmes:agreement_accept",
        lambda w: f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/agreement/accept/",
        {"anonymous": LOGIN, "marc": 302, "amina": 302},
        404,
    ),
    (
        "programmes:goal_status",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/goals/{goal_of(w.pair).pk}/status/"
        ),
        {"anonymous": LOGIN, "marc": 302, "amina": 302},
        404,
    ),
    (
        "programmes:milestone_done",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/milestones/"
            f"{milestone_of(w.pair).pk}/done/"
        ),
        {"anonymous": LOGIN, "marc": 302, "amina": 302},
        404,
    ),
    (
        "programmes:service_delete",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/outcomes/service/"
            f"{service_of(w.pair).pk}/delete/"
        ),
        {"anonymous": LOGIN, "amina": 302},  # only the mentee who reported it
        404,
    ),
    (
        "programmes:collaboration_delete",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.pair.pk}/outcomes/collaboration/"
            f"{collaboration_of(w.pair).pk}/delete/"
        ),
        {"anonymous": LOGIN, "amina": 302},
        404,
    ),
    (
        "programmes:goal_status (another pair's goal)",
        lambda w: (
            f"/programmes/{w.reloaded.slug}/journeys/{w.second_pair.pk}/goals/"
            f"{goal_of(w.second_pair).pk}/status/"
        ),
        {"anonymous": LOGIN},
        404,
    ),
    # Everyone with a profile may express interest, except the author (a form error).
    (
        "community:interest_create",
        lambda w: f"/community/opportunities/{_post(w).pk}/interest/",
        {"anonymous": LOGIN, "ada": 404, "amina": 200},
        302,
    ),
    # The posted form has no reason: every member gets the form back with an error.
    (
        "community:opportunity_report",
        lambda w: f"/community/opportunities/{_post(w).pk}/report/",
        {"anonymous": LOGIN},
        200,
    ),
    (
        "community:opportunity_moderate",
        lambda w: f"/community/opportunities/{_post(w).pk}/moderate/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "olga": 200},
        404,
    ),
    # The posted form lacks its fields: the author gets it back with errors, others a 404.
    (
        "community:opportunity_edit",
        lambda w: f"/community/opportunities/{_post(w).pk}/edit/",
        {"anonymous": LOGIN, "amina": 200},
        404,
    ),
    # The author closes their post; the community's moderators (site admins and every
    # programme's managers) may too, as they may hide it.
    (
        "community:opportunity_close",
        lambda w: f"/community/opportunities/{_post(w).pk}/close/",
        {"anonymous": LOGIN, "amina": 302, "ada": 302, "mona": 302, "olga": 302},
        404,
    ),
    # Only the opportunity's author may answer an interest in it.
    (
        "community:interest_answer",
        lambda w: f"/community/interests/{_post(w).interests.get().pk}/answer/",
        {"anonymous": LOGIN, "amina": 302},
        404,
    ),
]

# Django admin's model pages: tests/test_admin.py opens each for the site admin, and the
# admin index row above shows everyone else is sent to the admin's own sign-in.
NOT_IN_TABLE_PREFIXES = ("admin:",)


def _cases(table: list[Row]) -> list[tuple[str, Callable[[World], str], str, int]]:
    return [
        (name, url, role, expected.get(role, default))
        for name, url, expected, default in table
        for role in ROLES
    ]


@pytest.mark.parametrize(("name", "url", "role", "status"), _cases(TABLE))
def test_get_answers_the_expected_status(world: World, name, url, role, status) -> None:
    response = world.client_for(role).get(url(world))
    assert response.status_code == status, f"{name} as {role}"


@pytest.mark.parametrize(("name", "url", "role", "status"), _cases(POST_TABLE))
def test_post_answers_the_expected_status(world: World, name, url, role, status) -> None:
    response = world.client_for(role).post(url(world), {"status": "closed", "language": "fr"})
    assert response.status_code == status, f"{name} as {role}"


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_of_the_app_is_in_the_table() -> None:
    covered = {row[0].split(" (")[0] for row in TABLE + POST_TABLE} | {"admin:index"}
    app_urls = {
        name for name in _url_names(get_resolver()) if not name.startswith(NOT_IN_TABLE_PREFIXES)
    }
    assert app_urls - covered == set()


def test_mentor_sees_own_mentee_email_but_not_other_pairs(world: World) -> None:
    client = world.client_for("marc")
    own = client.get(f"/people/{world.people['amina'].pk}/").content.decode()
    other = client.get(f"/people/{world.people['karim'].pk}/").content.decode()
    assert world.people["amina"].email in own
    assert world.people["karim"].email not in other


def test_mentor_pairs_page_lists_only_their_own_pair(world: World) -> None:
    content = world.client_for("marc").get(f"/programmes/{world.reloaded.slug}/pairs/")
    text = content.content.decode()
    assert "Amina" in text
    assert "Karim" not in text


def test_manager_of_another_programme_cannot_change_its_status(world: World) -> None:
    response = world.client_for("olga").post(
        f"/programmes/{world.reloaded.slug}/status/", {"status": "closed"}
    )
    world.reloaded.refresh_from_db()
    assert response.status_code == 404
    assert world.reloaded.status == "running"
