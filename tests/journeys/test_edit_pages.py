"""Goals, milestones and outcomes can be corrected after the fact, each by whom it belongs to."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from clusterbridge.competences.models import CompetenceArea
from clusterbridge.journeys import services
from clusterbridge.journeys.models import CollaborationOutcome, ServiceOutcome
from tests.conftest import World
from tests.factories import OrganisationFactory, country
from tests.journeys.factories import collaboration_of, goal_of, service_of


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


def _pair_url(world: World) -> str:
    return f"/programmes/{world.reloaded.slug}/journeys/{world.pair.pk}/"


def test_a_member_changes_every_smart_field_of_a_goal(world: World) -> None:
    goal = goal_of(world.pair)
    area = CompetenceArea.objects.exclude(pk=goal.area_id).first()
    assert area is not None

    response = world.client_for("marc").post(
        f"{_pair_url(world)}goals/{goal.pk}/edit/",
        {
            "area": area.pk,
            "title": "Adopt a costed action plan",
            "measure": "Budget voted",
            "due_on": "2021-10-15",
            "status": "in_progress",
        },
    )

    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.area, goal.title, goal.measure, goal.due_on, goal.status) == (
        area,
        "Adopt a costed action plan",
        "Budget voted",
        date(2021, 10, 15),
        "in_progress",
    )
    assert goal.milestones.count() == 1  # kept


def test_a_goal_edit_past_the_programme_is_a_message_and_changes_nothing(world: World) -> None:
    goal = goal_of(world.pair)

    response = world.client_for("amina").post(
        f"{_pair_url(world)}goals/{goal.pk}/edit/",
        {
            "area": goal.area_id,
            "title": "Later",
            "measure": goal.measure,
            "due_on": "2022-03-01",
            "status": "open",
        },
    )

    assert response.status_code == 200
    assert "within the programme" in response.content.decode()
    goal.refresh_from_db()
    assert goal.title == "Adopt an action plan"


def test_update_goal_refuses_someone_outside_the_pair(world: World) -> None:
    goal = goal_of(world.pair)
    with pytest.raises(ValidationError):
        services.update_goal(
            goal=goal,
            person=world.second_pair.mentee.person,
            area=goal.area,
            title="Taken over",
            measure="-",
            due_on=goal.due_on,
            status="open",
        )


def test_a_member_adds_a_milestone_to_an_existing_goal(world: World) -> None:
    goal = goal_of(world.pair)

    response = world.client_for("amina").post(
        f"{_pair_url(world)}goals/{goal.pk}/milestones/new/",
        {"title": "Board presentation", "due_on": "2021-07-01"},
    )

    assert response.status_code == 302
    assert list(goal.milestones.values_list("title", flat=True)) == [
        "First draft",
        "Board presentation",
    ]


def test_the_mentee_corrects_a_reported_service(world: World) -> None:
    outcome = service_of(world.pair)

    response = world.client_for("amina").post(
        f"{_pair_url(world)}outcomes/service/{outcome.pk}/edit/",
        {"title": "Export help desk", "is_new": "0", "launched_on": "2021-04-02"},
    )

    assert response.status_code == 302
    outcome.refresh_from_db()
    assert (outcome.title, outcome.is_new, outcome.launched_on) == (
        "Export help desk",
        False,
        date(2021, 4, 2),
    )


def test_the_mentee_deletes_a_reported_service(world: World) -> None:
    outcome = service_of(world.pair)

    response = world.client_for("amina").post(
        f"{_pair_url(world)}outcomes/service/{outcome.pk}/delete/"
    )

    assert response.status_code == 302
    assert ServiceOutcome.objects.filter(pk=outcome.pk).exists() is False


def test_the_delete_link_asks_first_naming_the_outcome_and_deletes_nothing(
    world: World,
) -> None:
    outcome = service_of(world.pair)

    page = world.client_for("amina").get(f"{_pair_url(world)}outcomes/service/{outcome.pk}/delete/")

    html = page.content.decode()
    assert "<h1>Delete this service?</h1>" in html
    assert f"“{outcome.title}” will be removed from your outcomes" in html
    assert ServiceOutcome.objects.filter(pk=outcome.pk).exists()


def test_changing_a_collaborations_partners_computes_its_level_again(world: World) -> None:
    collaboration = collaboration_of(world.pair)
    french = OrganisationFactory(country=country("FR"))

    response = world.client_for("amina").post(
        f"{_pair_url(world)}outcomes/collaboration/{collaboration.pk}/edit/",
        {
            "title": "MoU with a French cluster",
            "kind": "agreement",
            "partners": [french.pk],
            "started_on": "2021-03-01",
        },
    )

    assert response.status_code == 302
    collaboration.refresh_from_db()
    assert collaboration.title == "MoU with a French cluster"
    assert collaboration.level == "international"
    assert list(collaboration.partners.all()) == [french]


def test_a_collaboration_edit_without_partner_keeps_the_old_one(world: World) -> None:
    collaboration = collaboration_of(world.pair)
    partners = list(collaboration.partners.all())

    response = world.client_for("amina").post(
        f"{_pair_url(world)}outcomes/collaboration/{collaboration.pk}/edit/",
        {"title": "None", "kind": "agreement", "started_on": "2021-03-01"},
    )

    assert response.status_code == 200
    assert list(collaboration.partners.all()) == partners


def test_the_mentee_deletes_a_reported_collaboration(world: World) -> None:
    collaboration = collaboration_of(world.pair)

    world.client_for("amina").post(
        f"{_pair_url(world)}outcomes/collaboration/{collaboration.pk}/delete/"
    )

    assert CollaborationOutcome.objects.filter(pk=collaboration.pk).exists() is False


def test_only_the_reporting_mentee_may_change_or_delete_an_outcome(world: World) -> None:
    outcome, collaboration = service_of(world.pair), collaboration_of(world.pair)
    mentor = world.pair.mentor.person

    with pytest.raises(ValidationError):
        services.update_service(
            outcome=outcome,
            reported_by=mentor,
            title="x",
            is_new=True,
            launched_on=date(2021, 3, 1),
        )
    with pytest.raises(ValidationError):
        services.delete_service(outcome=outcome, reported_by=mentor)
    with pytest.raises(ValidationError):
        services.delete_collaboration(
            collaboration=collaboration, reported_by=world.second_pair.mentee.person
        )
    assert ServiceOutcome.objects.filter(pk=outcome.pk).exists()
    assert CollaborationOutcome.objects.filter(pk=collaboration.pk).exists()


def test_the_pair_page_offers_the_edit_links_to_whom_they_belong(world: World) -> None:
    service_of(world.pair)
    goal = goal_of(world.pair)

    mentee = world.client_for("amina").get(_pair_url(world)).content.decode()
    mentor = world.client_for("marc").get(_pair_url(world)).content.decode()

    assert f"goals/{goal.pk}/edit/" in mentee
    assert f"goals/{goal.pk}/milestones/new/" in mentor
    assert "outcomes/service/" in mentee
    assert "outcomes/service/" not in mentor.replace("outcomes/service/new/", "")
