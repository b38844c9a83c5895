from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from clusterbridge.programmes import services
from clusterbridge.programmes.models import Pair, Programme
from tests.factories import (
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_programme_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        services.create_programme(
            name="Backwards",
            slug="backwards",
            operator=OrganisationFactory(),
            starts_on=date(2021, 10, 31),
            ends_on=date(2021, 1, 20),
        )
    assert error.value.message_dict["ends_on"] == [
        "The end date must not be before the start date."
    ]
    assert not Programme.objects.filter(slug="backwards").exists()


def test_programme_starts_as_draft_and_walks_its_lifecycle_up_to_running() -> None:
    programme = ProgrammeFactory(status="draft")
    for status in ("recruiting", "matching", "running"):
        services.change_status(programme=programme, status=status)
        programme.refresh_from_db()
        assert programme.status == status


def test_closing_through_a_status_change_is_refused_with_a_pointer_to_the_closing_page() -> None:
    programme = ProgrammeFactory(status="running")
    with pytest.raises(ValidationError) as error:
        services.change_status(programme=programme, status="closed")
    assert error.value.message_dict["status"] == [
        "A programme is closed from its closing page, which checks that every pair is closed "
        "out and sends the exit survey."
    ]
    programme.refresh_from_db()
    assert programme.status == "running"


def test_illegal_status_jump_is_refused_and_status_kept() -> None:
    programme = ProgrammeFactory(status="draft")
    with pytest.raises(ValidationError) as error:
        services.change_status(programme=programme, status="running")
    assert error.value.message_dict["status"] == [
        "A programme cannot go from “Draft” to “Running”."
    ]
    programme.refresh_from_db()
    assert programme.status == "draft"


def test_closed_programme_cannot_reopen() -> None:
    programme = ProgrammeFactory(status="closed")
    with pytest.raises(ValidationError):
        services.change_status(programme=programme, status="running")


def test_pair_across_programmes_is_refused() -> None:
    here, elsewhere = ProgrammeFactory(), ProgrammeFactory()
    mentor = ParticipationFactory(programme=here, role="mentor")
    mentee = ParticipationFactory(programme=elsewhere, role="mentee")
    with pytest.raises(ValidationError, match="same programme"):
        services.create_pair(programme=here, mentor=mentor, mentee=mentee, created_by=None)
    assert Pair.objects.count() == 0


def test_person_cannot_be_paired_with_themself() -> None:
    programme = ProgrammeFactory()
    mentor = ParticipationFactory(programme=programme, role="mentor")
    mentee = ParticipationFactory(programme=programme, role="mentee", person=mentor.person)
    with pytest.raises(ValidationError, match="themself"):
        services.create_pair(programme=programme, mentor=mentor, mentee=mentee, created_by=None)


def test_roles_must_match_their_side_of_the_pair() -> None:
    programme = ProgrammeFactory()
    first = ParticipationFactory(programme=programme, role="mentee")
    second = ParticipationFactory(programme=programme, role="mentee")
    with pytest.raises(ValidationError, match="not a mentor"):
        services.create_pair(programme=programme, mentor=first, mentee=second, created_by=None)


def test_pair_moves_from_proposed_to_confirmed_but_not_back() -> None:
    programme = ProgrammeFactory()
    pair = services.create_pair(
        programme=programme,
        mentor=ParticipationFactory(programme=programme, role="mentor"),
        mentee=ParticipationFactory(programme=programme, role="mentee"),
        created_by=None,
    )
    services.change_pair_status(pair=pair, status="confirmed")
    with pytest.raises(ValidationError, match="cannot go from"):
        services.change_pair_status(pair=pair, status="proposed")


def test_same_person_cannot_join_twice_in_one_role() -> None:
    participation = ParticipationFactory()
    with pytest.raises(ValidationError, match="already takes part"):
        services.add_participant(
            programme=participation.programme, person=participation.person, role="mentee"
        )


@pytest.mark.parametrize(("first", "second"), [("mentor", "mentee"), ("mentee", "mentor")])
def test_nobody_is_mentee_and_mentor_of_one_programme(first: str, second: str) -> None:
    participation = ParticipationFactory(role=first)
    taken = f"already takes part in this programme as {first.capitalize()}"

    with pytest.raises(ValidationError, match=taken):
        services.add_participant(
            programme=participation.programme, person=participation.person, role=second
        )
    assert participation.person.participations.count() == 1


def test_the_same_person_may_be_mentor_here_and_mentee_elsewhere() -> None:
    participation = ParticipationFactory(role="mentor")

    elsewhere = services.add_participant(
        programme=ProgrammeFactory(), person=participation.person, role="mentee"
    )

    assert elsewhere.role == "mentee"


def test_a_withdrawn_mentee_cannot_come_back_while_she_is_a_mentor() -> None:
    mentee = ParticipationFactory(role="mentee", status="withdrawn")
    services.add_participant(programme=mentee.programme, person=mentee.person, role="mentor")

    with pytest.raises(ValidationError, match="already takes part in this programme as Mentor"):
        services.set_participation_status(participation=mentee, status="accepted")
    mentee.refresh_from_db()
    assert mentee.status == "withdrawn"


def test_only_a_site_admin_or_a_manager_of_the_programme_grants_the_manager_role() -> None:
    programme, elsewhere = ProgrammeFactory(), ProgrammeFactory()
    manager, other_manager, mentor = UserFactory(), UserFactory(), UserFactory()
    ParticipationFactory(programme=programme, person=PersonFactory(user=manager), role="manager")
    ParticipationFactory(
        programme=elsewhere, person=PersonFactory(user=other_manager), role="manager"
    )
    ParticipationFactory(programme=programme, person=PersonFactory(user=mentor), role="mentor")
    admin = UserFactory(is_superuser=True)
    first, second = PersonFactory(), PersonFactory()

    for refused in (other_manager, mentor):
        with pytest.raises(ValidationError, match="Only a manager of this programme"):
            services.add_participant(programme=programme, person=first, role="manager", by=refused)
    co_manager = services.add_participant(
        programme=programme, person=first, role="manager", by=manager
    )
    by_admin = services.add_participant(
        programme=programme, person=second, role="manager", by=admin
    )

    assert (co_manager.role, by_admin.role) == ("manager", "manager")
