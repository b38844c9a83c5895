"""Closing a programme: pairs closed out one by one or in bulk, the exit survey, the archive."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from clusterbridge.certificates import services
from clusterbridge.journeys.models import Survey
from clusterbridge.programmes import services as programmes
from clusterbridge.programmes.models import Pair
from tests.certificates.helpers import close_reloaded
from tests.conftest import World

CLOSING = "/programmes/reloaded/closing/"


def test_the_manager_marks_one_pair_completed_from_its_row(world: World) -> None:
    response = world.client_for("mona").post(
        f"{CLOSING}pairs/", {"pair": world.pair.pk, "outcome": "completed"}
    )
    world.pair.refresh_from_db()
    world.second_pair.refresh_from_db()
    assert response.status_code == 302
    assert (world.pair.status, world.second_pair.status) == ("completed", "confirmed")


def test_the_manager_ends_the_ticked_pairs_early_with_one_reason(world: World) -> None:
    world.client_for("mona").post(
        f"{CLOSING}pairs/",
        {"pair": [world.pair.pk, world.second_pair.pk], "outcome": "ended", "reason": "Funding"},
    )
    pairs = Pair.objects.filter(programme=world.reloaded).order_by("pk")
    assert [(pair.status, pair.end_reason) for pair in pairs] == [("ended", "Funding")] * 2


def test_ending_early_without_a_reason_is_refused_and_changes_nothing(world: World) -> None:
    response = world.client_for("mona").post(
        f"{CLOSING}pairs/", {"pair": world.pair.pk, "outcome": "ended", "reason": " "}, follow=True
    )
    world.pair.refresh_from_db()
    assert world.pair.status == "confirmed"
    assert "Say why the pair ended early." in response.content.decode()


def test_a_bulk_close_with_one_pair_already_closed_closes_none(world: World) -> None:
    world.pair.status = "completed"
    world.pair.save()
    with pytest.raises(ValidationError):
        programmes.close_pairs(
            programme=world.reloaded, pairs=[world.second_pair, world.pair], outcome="completed"
        )
    world.second_pair.refresh_from_db()
    assert world.second_pair.status == "confirmed"


def test_a_manager_of_another_programme_cannot_close_its_pairs(world: World) -> None:
    response = world.client_for("olga").post(
        f"{CLOSING}pairs/", {"pair": world.pair.pk, "outcome": "completed"}
    )
    world.pair.refresh_from_db()
    assert response.status_code == 404
    assert world.pair.status == "confirmed"


def test_a_pair_of_another_programme_posted_here_is_an_invalid_choice(world: World) -> None:
    world.client_for("mona").post(
        f"{CLOSING}pairs/", {"pair": world.other_pair.pk, "outcome": "completed"}
    )
    world.other_pair.refresh_from_db()
    assert world.other_pair.status == "confirmed"


def test_the_programme_cannot_close_while_a_pair_is_open(world: World) -> None:
    programmes.close_pairs(programme=world.reloaded, pairs=[world.pair], outcome="completed")
    with pytest.raises(ValidationError, match="1 pair is still open"):
        services.close_programme(programme=world.reloaded)
    world.reloaded.refresh_from_db()
    assert world.reloaded.status == "running"


def test_closing_opens_the_exit_survey_and_mails_each_participant_in_their_language(
    world: World, django_capture_on_commit_callbacks
) -> None:
    world.users["amina"].language = "ar"
    world.users["amina"].save()
    with django_capture_on_commit_callbacks(execute=True):
        close_reloaded(world)
    survey = Survey.objects.get(programme=world.reloaded, kind="end")
    to_amina = next(message for message in mail.outbox if message.to == ["amina@example.org"])
    assert world.reloaded.status == "closed"
    assert sorted(message.to[0] for message in mail.outbox) == [
        f"{name}@example.org" for name in ("amina", "karim", "marc", "paola")
    ]
    assert f"/programmes/reloaded/journeys/surveys/{survey.pk}/" in to_amina.body
    assert "رأيك" in to_amina.subject


def test_closing_without_notice_opens_the_exit_survey_but_mails_nobody(
    world: World, django_capture_on_commit_callbacks
) -> None:
    Pair.objects.filter(programme=world.reloaded).update(status="completed")
    with django_capture_on_commit_callbacks(execute=True):
        services.close_programme(programme=world.reloaded, notify=False)
    world.reloaded.refresh_from_db()
    assert world.reloaded.status == "closed"
    assert Survey.objects.filter(programme=world.reloaded, kind="end").exists()
    assert mail.outbox == []


def test_closing_reuses_an_end_survey_the_managers_already_made(world: World) -> None:
    made = Survey.objects.create(programme=world.reloaded, kind="end", title="Our own")
    close_reloaded(world)
    assert list(Survey.objects.filter(programme=world.reloaded, kind="end")) == [made]


def test_a_closed_programme_refuses_changes_to_its_pages_with_a_clear_message(
    world: World,
) -> None:
    close_reloaded(world)
    response = world.client_for("mona").post(
        "/programmes/reloaded/edit/", {"name": "Renamed", "starts_on": "2021-01-20"}
    )
    world.reloaded.refresh_from_db()
    assert response.status_code == 403
    assert "closed and archived" in response.content.decode()
    assert world.reloaded.name == "Reloaded"


def test_a_closed_programme_refuses_changes_from_a_participant_page_too(world: World) -> None:
    close_reloaded(world)
    response = world.client_for("amina").post(
        f"/programmes/reloaded/journeys/{world.pair.pk}/goals/new/", {"title": "More"}
    )
    assert response.status_code == 403


def test_a_closed_programme_refuses_changes_through_its_services(world: World) -> None:
    close_reloaded(world)
    with pytest.raises(ValidationError, match="archived"):
        programmes.update_programme(programme=world.reloaded, name="Renamed")
    with pytest.raises(ValidationError, match="archived"):
        programmes.create_pair(
            programme=world.reloaded,
            mentor=world.second_pair.mentor,
            mentee=world.pair.mentee,
            created_by=None,
        )


def test_the_archive_refusal_does_not_reveal_another_programme(world: World) -> None:
    close_reloaded(world)
    response = world.client_for("olga").post("/programmes/reloaded/edit/", {"name": "X"})
    assert response.status_code == 404


def test_alumni_keep_their_programme_pages_profile_and_community(world: World) -> None:
    close_reloaded(world)
    client = world.client_for("amina")
    assert client.get("/programmes/reloaded/").status_code == 200
    assert client.get(f"/people/{world.people['amina'].pk}/").status_code == 200
    assert client.get("/community/").status_code == 200


def test_the_closing_page_lists_the_open_pairs_first(world: World) -> None:
    programmes.close_pairs(programme=world.reloaded, pairs=[world.pair], outcome="completed")
    html = world.client_for("mona").get(CLOSING).content.decode()
    assert html.index("Karim") < html.index("Amina")


def test_participants_answer_the_exit_survey_after_the_close(world: World) -> None:
    close_reloaded(world)
    survey = Survey.objects.get(programme=world.reloaded, kind="end")
    response = world.client_for("amina").post(
        f"/programmes/reloaded/journeys/surveys/{survey.pk}/",
        {"satisfaction": 5, "usefulness": 4, "comment": "Thank you"},
    )
    assert response.status_code == 302
    assert survey.responses.count() == 1
