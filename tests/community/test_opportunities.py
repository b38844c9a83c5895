"""Opportunities: posting, interest with notifications, answers, reports and moderation."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clusterbridge.community import services
from clusterbridge.community.models import ModerationLog, Notification, Opportunity
from clusterbridge.directory.services import update_person
from tests.conftest import World


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


TODAY = date(2030, 3, 1)


def _post(world: World, **extra: object) -> Opportunity:
    fields: dict[str, Any] = {
        "author": world.people["amina"],
        "kind": "call_for_partners",
        "title": "Partners for an e-health pilot",
        "body": "Two **European** clusters wanted.",
        "today": TODAY,
    }
    fields.update(extra)
    return services.post_opportunity(**fields)


def test_a_deadline_in_the_past_is_refused_and_nothing_is_stored(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        _post(world, deadline=TODAY - timedelta(days=1))
    assert "already past" in str(error.value.message_dict["deadline"])
    assert Opportunity.objects.count() == 0


def test_a_past_deadline_on_the_form_is_a_message_not_a_500(world: World) -> None:
    response = world.client_for("marc").post(
        "/community/opportunities/new/",
        {"kind": "event", "title": "Old", "body": "x", "deadline": "2001-01-01"},
    )
    assert response.status_code == 200
    assert "already past" in response.content.decode()
    assert Opportunity.objects.count() == 0


def test_interest_notifies_the_author_in_the_app_and_by_mail_once_they_consented(
    world: World,
    smtp,
    django_capture_on_commit_callbacks,
) -> None:
    update_person(person=world.people["amina"], emails_consent=True)
    post = _post(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.express_interest(
            opportunity=post, person=world.people["marc"], message="Count us in", today=TODAY
        )
    notification = Notification.objects.get(recipient=world.people["amina"])
    assert notification.message == "Marc is interested in “Partners for an e-health pilot”."
    assert [message["To"] for message in smtp.messages] == ["amina@example.org"]
    assert smtp.messages[0]["Subject"] == "New interest in your opportunity"
    body = smtp.messages[0].get_payload(decode=True).decode()
    assert f"http://127.0.0.1:8000/community/opportunities/{post.pk}/" in body


def test_interest_and_answer_without_email_notify_only_in_the_app(
    world: World,
    smtp,
    django_capture_on_commit_callbacks,
) -> None:
    for name in ("amina", "marc"):
        update_person(person=world.people[name], emails_consent=True)
    post = _post(world)
    with django_capture_on_commit_callbacks(execute=True):
        interest = services.express_interest(
            opportunity=post, person=world.people["marc"], today=TODAY, send_email=False
        )
        services.answer_interest(
            interest=interest, author=world.people["amina"], answer="Yes", send_email=False
        )
    recipients = Notification.objects.values_list("recipient__full_name", flat=True)
    assert sorted(recipients) == ["Amina", "Marc"]
    assert smtp.messages == []


def test_the_notification_is_written_in_the_authors_language(world: World) -> None:
    world.users["amina"].language = "fr"
    world.users["amina"].save()
    post = _post(world)
    services.express_interest(opportunity=post, person=world.people["marc"], today=TODAY)
    message = Notification.objects.get(recipient=world.people["amina"]).message
    assert message.startswith("Marc est intéressé")


def test_nobody_expresses_interest_twice_nor_in_their_own_post(world: World) -> None:
    post = _post(world)
    services.express_interest(opportunity=post, person=world.people["marc"], today=TODAY)
    with pytest.raises(ValidationError, match="already"):
        services.express_interest(opportunity=post, person=world.people["marc"], today=TODAY)
    with pytest.raises(ValidationError, match="own"):
        services.express_interest(opportunity=post, person=world.people["amina"], today=TODAY)


def test_the_author_sees_and_answers_interests_and_the_member_is_told(world: World) -> None:
    post = _post(world, today=None)
    world.client_for("marc").post(
        f"/community/opportunities/{post.pk}/interest/", {"message": "Hi"}
    )
    interest = post.interests.get()
    page = world.client_for("amina").get(post.get_absolute_url())
    world.client_for("amina").post(
        f"/community/interests/{interest.pk}/answer/", {"answer": "Let us talk"}
    )
    interest.refresh_from_db()
    assert [i.person.full_name for i in page.context["interests"]] == ["Marc"]
    assert interest.answer == "Let us talk"
    assert Notification.objects.filter(recipient=world.people["marc"]).count() == 1


def test_another_member_does_not_see_who_else_is_interested(world: World) -> None:
    post = _post(world, today=None)
    services.express_interest(opportunity=post, person=world.people["marc"])
    page = world.client_for("carla").get(post.get_absolute_url())
    assert page.context["interests"] == []


def test_markdown_is_rendered_and_scripts_are_removed(world: World) -> None:
    post = _post(world, body="**bold** <script>alert(1)</script> [x](javascript:alert(2))")
    html = world.client_for("carla").get(post.get_absolute_url()).content.decode()
    assert "<strong>bold</strong>" in html
    assert "alert(1)" not in html
    assert "javascript:" not in html


def test_report_then_hide_is_logged_and_the_post_disappears_for_members(world: World) -> None:
    post = _post(world)
    world.client_for("carla").post(
        f"/community/opportunities/{post.pk}/report/", {"reason": "Spam"}
    )
    world.client_for("mona").post(
        f"/community/opportunities/{post.pk}/moderate/", {"action": "hide", "note": "spam"}
    )
    log = list(ModerationLog.objects.order_by("pk").values_list("action", "actor__email"))
    assert log == [("reported", "carla@example.org"), ("hidden", "mona@example.org")]
    assert world.client_for("carla").get(post.get_absolute_url()).status_code == 404
    assert world.client_for("amina").get(post.get_absolute_url()).status_code == 200
    moderation = world.client_for("mona").get("/community/moderation/")
    assert [item.title for item in moderation.context["reported"]] == [post.title]


def test_a_member_cannot_hide_a_post(world: World) -> None:
    post = _post(world)
    response = world.client_for("carla").post(
        f"/community/opportunities/{post.pk}/moderate/", {"action": "hide"}
    )
    post.refresh_from_db()
    assert response.status_code == 404
    assert post.hidden_at is None


def test_interest_in_a_hidden_post_is_refused(world: World) -> None:
    post = _post(world)
    services.hide_opportunity(opportunity=post, moderator=world.users["mona"])
    with pytest.raises(ValidationError, match="hidden"):
        services.express_interest(opportunity=post, person=world.people["marc"], today=TODAY)


def test_opening_notifications_marks_them_read(world: World) -> None:
    post = _post(world)
    services.express_interest(opportunity=post, person=world.people["marc"], today=TODAY)
    first = world.client_for("amina").get("/community/notifications/")
    second = world.client_for("amina").get("/community/notifications/")
    assert len(first.context["unread"]) == 1
    assert second.context["unread"] == set()
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_opportunity_list_exports_to_excel(world: World) -> None:
    _post(world, title="=HYPERLINK(1)", today=timezone.localdate())
    response = world.client_for("carla").get("/community/?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


# --- the author edits and closes their post ------------------------------------------------


def _edit_form(**extra: object) -> dict[str, object]:
    return {"kind": "event", "title": "Pilot, second round", "body": "Three clusters.", **extra}


def test_the_author_edits_their_post_on_its_form(world: World) -> None:
    post = _post(world)
    form = world.client_for("amina").get(f"/community/opportunities/{post.pk}/edit/")
    assert "Partners for an e-health pilot" in form.content.decode()

    response = world.client_for("amina").post(
        f"/community/opportunities/{post.pk}/edit/",
        _edit_form(countries=[world.people["marc"].country_id]),
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.kind, post.title, post.body) == ("event", "Pilot, second round", "Three clusters.")
    assert [country.code for country in post.countries.all()] == ["FR"]


@pytest.mark.parametrize("role", ["karim", "olga", "mona"])
def test_nobody_but_the_author_edits_a_post(world: World, role: str) -> None:
    post = _post(world)
    response = world.client_for(role).post(
        f"/community/opportunities/{post.pk}/edit/", _edit_form()
    )
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.title == "Partners for an e-health pilot"


def test_a_visitor_is_sent_to_sign_in_and_the_post_is_unchanged(world: World) -> None:
    post = _post(world)
    for action in ("edit", "close"):
        response = world.client_for("anonymous").post(
            f"/community/opportunities/{post.pk}/{action}/", _edit_form()
        )
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    post.refresh_from_db()
    assert (post.title, post.closed_at) == ("Partners for an e-health pilot", None)


def test_a_new_past_deadline_is_refused_but_an_unchanged_passed_one_is_kept(
    world: World,
) -> None:
    post = _post(world, deadline=TODAY + timedelta(days=3))
    later = TODAY + timedelta(days=10)
    fields: dict[str, Any] = {"kind": "event", "title": "T", "body": "B", "today": later}

    with pytest.raises(ValidationError) as error:
        services.edit_opportunity(
            opportunity=post,
            editor=world.people["amina"],
            deadline=TODAY + timedelta(days=5),
            **fields,
        )
    assert "already past" in str(error.value.message_dict["deadline"])

    services.edit_opportunity(
        opportunity=post, editor=world.people["amina"], deadline=post.deadline, **fields
    )
    post.refresh_from_db()
    assert (post.title, post.deadline) == ("T", TODAY + timedelta(days=3))


def test_the_edit_service_refuses_anyone_but_the_author(world: World) -> None:
    post = _post(world)
    with pytest.raises(PermissionDenied):
        services.edit_opportunity(
            opportunity=post, editor=world.people["karim"], kind="event", title="X", body="Y"
        )


def test_a_closed_post_takes_no_more_interest_and_says_so(world: World) -> None:
    post = _post(world)
    response = world.client_for("amina").post(f"/community/opportunities/{post.pk}/close/")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.closed_at is not None

    with pytest.raises(ValidationError, match="closed"):
        services.express_interest(opportunity=post, person=world.people["karim"], today=TODAY)
    page = world.client_for("karim").get(f"/community/opportunities/{post.pk}/").content.decode()
    assert "This opportunity is closed." in page
    assert "Express interest" not in page


@pytest.mark.parametrize(("role", "status", "closed"), [("karim", 404, False), ("mona", 302, True)])
def test_another_member_cannot_close_a_post_but_a_moderator_can(
    world: World, role: str, status: int, closed: bool
) -> None:
    post = _post(world)
    response = world.client_for(role).post(f"/community/opportunities/{post.pk}/close/")
    assert response.status_code == status
    post.refresh_from_db()
    assert (post.closed_at is not None) is closed
