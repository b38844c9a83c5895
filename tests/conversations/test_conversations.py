"""Conversations: who reads them, what a message may hold, and what managers may know."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clusterbridge.conversations import selectors, services
from clusterbridge.conversations.models import Conversation, Kind, Message, ModerationLog
from clusterbridge.conversations.notifications import send_message_notifications
from clusterbridge.directory.services import erase_person
from clusterbridge.journeys import selectors as journeys_selectors
from clusterbridge.journeys import services as journeys
from tests.conftest import World

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"


def _pair_conversation(world: World) -> Conversation:
    return services.pair_conversation(pair=world.pair)


def _say(world: World, who: str, body: str, **kwargs) -> Message:
    return services.post_message(
        conversation=_pair_conversation(world), author=world.people[who], body=body, **kwargs
    )


def _api(world: World, role: str, suffix: str = "messages"):
    return f"/api/v1/programmes/{world.reloaded.slug}/pairs/{world.pair.pk}/{suffix}"


def test_the_pair_writes_and_reads_through_the_api_oldest_first(world: World) -> None:
    marc = world.client_for("marc")
    first = marc.post(_api(world, "marc"), {"body": "Hello **Amina**"}, "application/json")
    world.client_for("amina").post(_api(world, "amina"), {"body": "Hi"}, "application/json")

    assert first.status_code == 201
    created = first.json()
    assert created["body"] == "Hello **Amina**"
    assert created["author"] == world.people["marc"].pk
    assert {"id", "sent_at"} <= created.keys()
    listed = world.client_for("amina").get(_api(world, "amina") + "?limit=1&offset=1").json()
    assert listed["count"] == 2
    assert [item["body"] for item in listed["items"]] == ["Hi"]


@pytest.mark.parametrize("role", ["mona", "ada", "olga", "carla"])
def test_nobody_but_the_pair_reads_or_writes_its_messages(world: World, role: str) -> None:
    _say(world, "marc", "Private")
    client = world.client_for(role)

    assert client.get(_api(world, role)).status_code == 404
    assert client.post(_api(world, role), {"body": "x"}, "application/json").status_code == 404
    page = client.get(f"/conversations/{_pair_conversation(world).pk}/")
    assert page.status_code == 404
    assert Message.objects.count() == 1


def test_managers_see_only_that_the_pair_talks(world: World) -> None:
    _say(world, "marc", "Our secret plan")
    _say(world, "amina", "Agreed")

    talk = selectors.pair_activity(world.pair)
    page = world.client_for("mona").get(
        f"/programmes/{world.reloaded.slug}/journeys/{world.pair.pk}/"
    )

    assert talk.message_count == 2
    assert talk.last_message_at == Message.objects.latest("sent_at").sent_at
    assert "2 messages exchanged" in page.content.decode()
    assert "Our secret plan" not in page.content.decode()


def test_a_mentee_message_left_unanswered_is_a_pair_health_move(world: World) -> None:
    message = _say(world, "amina", "Are you there?")
    pair = journeys_selectors.pairs_with_health_data(
        type(world.pair).objects.filter(pk=world.pair.pk)
    ).get()

    assert pair.mentee_last_message == message.sent_at  # type: ignore[attr-defined]
    assert pair.mentor_last_message is None  # type: ignore[attr-defined]


def test_a_message_with_a_script_is_refused_and_nothing_is_stored(world: World) -> None:
    response = world.client_for("marc").post(
        f"/conversations/{_pair_conversation(world).pk}/", {"body": "hi <script>alert(1)</script>"}
    )

    assert response.status_code == 200
    assert "cannot contain a script" in response.content.decode()
    assert Message.objects.count() == 0


def test_an_attachment_of_50_mb_is_refused_and_nothing_is_stored(world: World, media_root) -> None:
    big = SimpleUploadedFile("report.pdf", PDF + b"0" * (50 * 1024 * 1024), "application/pdf")
    before = sorted(media_root.rglob("*"))

    response = world.client_for("marc").post(
        f"/conversations/{_pair_conversation(world).pk}/", {"body": "See", "attachment": big}
    )

    assert "attachments may be at most 10 MB" in response.content.decode()
    assert Message.objects.count() == 0
    assert sorted(media_root.rglob("*")) == before


@pytest.mark.parametrize(
    ("name", "content"),
    [("tool.exe", b"MZ\x90\x00"), ("fake.pdf", b"<html><script></script>"), ("page.html", b"<p>")],
)
def test_a_forbidden_file_type_is_refused(world: World, name: str, content: bytes) -> None:
    with pytest.raises(ValidationError, match="cannot be attached"):
        _say(world, "marc", "See", attachment=SimpleUploadedFile(name, content))
    assert Message.objects.count() == 0


def test_an_attachment_is_served_only_to_the_members_as_a_download(world: World) -> None:
    message = _say(world, "marc", "", attachment=SimpleUploadedFile("plan.pdf", PDF))
    url = f"/conversations/messages/{message.pk}/attachment/"

    response = world.client_for("amina").get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    for role in ("mona", "ada", "karim"):
        assert world.client_for(role).get(url).status_code == 404


def test_a_message_to_a_conversation_one_is_not_in_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="not a member"):
        services.post_message(
            conversation=_pair_conversation(world), author=world.people["karim"], body="Hello"
        )
    assert Message.objects.count() == 0


def test_the_author_may_edit_and_delete_for_a_while_only(world: World) -> None:
    message = _say(world, "marc", "Frist draft")
    services.edit_message(message=message, author=world.people["marc"], body="First draft")
    later = timezone.now() + timedelta(hours=1)

    with pytest.raises(ValidationError, match="minutes after it is sent"):
        services.delete_message(message=message, author=world.people["marc"], now=later)
    with pytest.raises(ValidationError, match="Only its author"):
        services.edit_message(message=message, author=world.people["amina"], body="Mine")
    services.delete_message(message=message, author=world.people["marc"])

    message.refresh_from_db()
    assert message.body == ""
    assert message.deleted_at is not None
    assert Conversation.objects.get().message_count == 0


def test_unread_counts_follow_reading(world: World) -> None:
    conversation = _pair_conversation(world)
    _say(world, "marc", "One")
    _say(world, "marc", "Two")
    amina = world.people["amina"]

    assert selectors.unread_counts_for(amina) == {conversation.pk: 2}
    assert selectors.unread_count(amina) == 1
    assert selectors.unread_count(world.people["marc"]) == 0
    world.client_for("amina").get(f"/conversations/{conversation.pk}/")
    assert selectors.unread_count(amina) == 0
    assert "badge" not in world.client_for("amina").get("/conversations/").content.decode()


def test_the_navigation_shows_the_unread_conversations(world: World) -> None:
    _say(world, "marc", "Ping")

    page = world.client_for("amina").get("/home/").content.decode()

    assert "1 conversation with unread messages" in page


def test_the_list_is_sorted_by_activity_and_holds_the_programme_channels(world: World) -> None:
    client = world.client_for("marc")
    client.get("/conversations/")
    channel = Conversation.objects.get(programme=world.reloaded, kind=Kind.PROGRAMME)
    services.post_message(conversation=channel, author=world.people["mona"], body="Welcome")
    _say(world, "amina", "Later")

    kinds = [c.kind for c in selectors.conversations_of(world.people["marc"])]

    assert kinds[:2] == [Kind.PAIR, Kind.PROGRAMME]
    assert Kind.MENTORS in kinds
    assert Kind.MENTEES not in kinds
    assert not selectors.conversations_of(world.people["olga"]).filter(pk=channel.pk).exists()


def test_new_messages_arrive_through_polling(world: World) -> None:
    first = _say(world, "marc", "First")
    _say(world, "marc", "Second one")
    url = f"/conversations/{_pair_conversation(world).pk}/new/?after={first.pk}"

    fragment = world.client_for("amina").get(url).content.decode()

    assert "Second one" in fragment
    assert "First" not in fragment
    assert 'hx-trigger="every 15s"' in fragment


def test_search_ignores_accents_and_arabic_letter_variants(world: World) -> None:
    _say(world, "marc", "La mécatronique à Sfax")
    _say(world, "marc", "مكتب الإدارة")

    assert [m.body for m in selectors.search_messages(world.people["amina"], "MECATRO")] == [
        "La mécatronique à Sfax"
    ]
    assert len(selectors.search_messages(world.people["amina"], "الادارة")) == 1
    assert list(selectors.search_messages(world.people["karim"], "mecatronique")) == []


def test_mentions_are_recorded(world: World) -> None:
    message = _say(world, "marc", "Thanks @Amina!")

    assert list(message.mentions.all()) == [world.people["amina"]]


def test_a_reported_message_is_hidden_by_a_moderator_with_a_log(world: World) -> None:
    group = services.create_group(creator=world.people["carla"], title="Agrifood")
    services.join_group(group=group, person=world.people["karim"])
    message = services.post_message(
        conversation=group, author=world.people["karim"], body="Spam spam"
    )
    world.client_for("marc").post(f"/conversations/groups/{group.pk}/join/")
    world.client_for("marc").post(
        f"/conversations/messages/{message.pk}/report/", {"reason": "spam"}
    )

    carla = world.client_for("carla")
    assert "Spam spam" in carla.get("/conversations/moderation/").content.decode()
    carla.post(f"/conversations/messages/{message.pk}/moderate/", {"action": "hide", "note": "ad"})

    message.refresh_from_db()
    assert message.hidden_at is not None
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["hidden", "reported"]
    page = world.client_for("marc").get(f"/conversations/{group.pk}/").content.decode()
    assert "Spam spam" not in page
    assert "Hidden by a moderator." in page


def test_managers_see_a_reported_pair_message_and_nothing_else(world: World) -> None:
    _say(world, "marc", "Unrelated")
    message = _say(world, "marc", "Rude words")
    services.report_message(message=message, reporter=world.users["amina"], reason="rude")

    page = world.client_for("mona").get("/conversations/moderation/").content.decode()

    assert "Rude words" in page
    assert "Unrelated" not in page
    assert world.client_for("olga").get("/conversations/moderation/").status_code == 404


def test_new_message_emails_are_grouped_and_skip_read_messages(world: World, smtp) -> None:
    conversation = _pair_conversation(world)
    _say(world, "marc", "One")
    _say(world, "marc", "Two")
    _say(world, "amina", "Seen")  # Amina wrote after reading: nothing for her

    assert send_message_notifications() == 1
    assert send_message_notifications() == 0  # same period: nothing again
    (mail,) = smtp.messages
    assert mail["To"] == "marc@example.org"
    assert "1 new message from Amina" in mail.get_payload(decode=True).decode()
    services.mark_read(conversation=conversation, person=world.people["marc"])
    _say(world, "amina", "Read already")
    services.mark_read(conversation=conversation, person=world.people["marc"])
    assert send_message_notifications(now=timezone.now() + timedelta(hours=2)) == 0


def test_the_command_sends_the_notifications(world: World, smtp) -> None:
    _say(world, "marc", "Hello")
    call_command("send_message_notifications")
    assert [m["To"] for m in smtp.messages] == ["amina@example.org"]


def test_messages_are_in_the_personal_export_and_blanked_by_erasure(world: World) -> None:
    message = _say(world, "amina", "Mine to take away")
    data = json.loads(world.client_for("amina").get("/profile/data.json").content)
    assert any(row["body"] == "Mine to take away" for row in data["data"]["conversations.Message"])

    erase_person(person=world.people["amina"])

    message.refresh_from_db()
    assert message.body == ""
    assert message.author_id is None


def test_a_group_session_group_talks_among_its_pairs_only(world: World) -> None:
    from_day = world.reloaded.starts_on
    journeys.log_group_session(
        programme=world.reloaded,
        author=world.people["marc"],
        pairs=[world.pair, world.second_pair],
        held_on=from_day,
        duration_minutes=60,
        topics="Funding",
        today=from_day,
    )
    services.ensure_conversations(person=world.people["karim"])
    group = Conversation.objects.get(kind=Kind.GROUP_SESSION)

    services.post_message(conversation=group, author=world.people["karim"], body="Hi all")

    members = set(selectors.members_of(group).values_list("full_name", flat=True))
    assert members == {"Marc", "Amina", "Paola", "Karim"}
    assert world.client_for("amina").get(f"/conversations/{group.pk}/").status_code == 200
    assert world.client_for("mona").get(f"/conversations/{group.pk}/").status_code == 404


def test_a_discussion_group_is_open_to_members_who_join(world: World) -> None:
    carla = world.client_for("carla")
    carla.post("/conversations/groups/new/", {"title": "Textile", "topic": "Circular fashion"})
    group = Conversation.objects.get(kind=Kind.COMMUNITY)
    marc = world.client_for("marc")

    assert marc.get(f"/conversations/{group.pk}/").status_code == 404
    assert "Textile" in marc.get("/conversations/groups/").content.decode()
    marc.post(f"/conversations/groups/{group.pk}/join/")
    response = marc.post(f"/conversations/{group.pk}/", {"body": "Hello textile"})

    assert response.status_code == 302
    assert group.memberships.get(person=world.people["carla"]).is_moderator
    assert Message.objects.get().body == "Hello textile"


def test_a_closed_pair_reads_its_conversation_but_writes_no_more(world: World) -> None:
    _say(world, "marc", "Before the end")
    world.pair.status = "completed"
    world.pair.save()

    with pytest.raises(ValidationError, match="no longer written"):
        _say(world, "amina", "After")
    page = world.client_for("amina").get(f"/conversations/{_pair_conversation(world).pk}/")
    assert "Before the end" in page.content.decode()


def test_the_thread_is_rendered_right_to_left_in_arabic_with_sanitised_markdown(
    world: World,
) -> None:
    _say(world, "marc", "**bold** <b onclick=x>y</b> <iframe src=x></iframe>")
    client = world.client_for("amina")
    client.post("/language/", {"language": "ar"})

    page = client.get(f"/conversations/{_pair_conversation(world).pk}/").content.decode()

    assert 'dir="rtl"' in page
    assert "<strong>bold</strong>" in page
    assert "onclick" not in page
    assert "<iframe" not in page


def test_a_mentee_left_unanswered_in_the_conversation_flags_a_silent_mentor(
    world: World,
) -> None:
    def flags(day: date) -> set[str]:
        pairs = journeys_selectors.pairs_with_health_data(
            type(world.pair).objects.filter(pk=world.pair.pk)
        )
        now = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
        health = journeys_selectors.health_of_pairs(pairs, now=now)[world.pair.pk]
        return {flag.kind for flag in health.flags}

    question = _say(world, "amina", "Can we meet?")
    Message.objects.filter(pk=question.pk).update(sent_at=datetime(2021, 3, 1, 9, tzinfo=UTC))
    assert "mentor_silent" not in flags(date(2021, 3, 14))
    assert "mentor_silent" in flags(date(2021, 3, 16))

    answer = _say(world, "marc", "Yes, Tuesday")
    Message.objects.filter(pk=answer.pk).update(sent_at=datetime(2021, 3, 16, 9, tzinfo=UTC))
    assert "mentor_silent" not in flags(date(2021, 3, 20))


def test_the_navigation_badge_is_cached_and_follows_new_and_read_messages(
    world: World, django_capture_on_commit_callbacks
) -> None:
    amina = world.people["amina"]
    with django_capture_on_commit_callbacks(execute=True):
        _say(world, "marc", "One")
    assert selectors.unread_badge(amina) == 1
    with CaptureQueriesContext(connection) as queries:
        assert selectors.unread_badge(amina) == 1
    assert len(queries) == 0  # counted once, read from the cache afterwards

    with django_capture_on_commit_callbacks(execute=True):
        services.mark_read(conversation=_pair_conversation(world), person=amina)
    assert selectors.unread_badge(amina) == 0
    with django_capture_on_commit_callbacks(execute=True):
        _say(world, "marc", "Two")
    assert selectors.unread_badge(amina) == 1
