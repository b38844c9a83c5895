"""The needs diagnosis starts from this programme's answers only; mentors rate their expertise
on an expertise scale, not on the cluster-maturity one."""

from __future__ import annotations

import copy

import pytest

from clusterbridge.competences import selectors as competences
from clusterbridge.competences.models import CompetenceArea
from clusterbridge.competences.services import replace_needs
from tests.conftest import World

URL = "/programmes/{slug}/journeys/diagnosis/"


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


def _answers(form, *, rating: str, top_needs: list[int]) -> dict[str, str | list[str]]:
    data: dict[str, str | list[str]] = {
        name: rating for name in form.fields if name.startswith("indicator_")
    }
    data["top_needs"] = [str(pk) for pk in top_needs]
    return data


def test_needs_from_before_this_programme_are_not_ticked_and_the_form_saves(
    world: World,
) -> None:
    # Four areas at the top level, from another programme's diagnosis: more than the form takes.
    amina = world.people["amina"]
    areas = list(CompetenceArea.objects.order_by("order"))
    replace_needs(person_id=amina.pk, levels={area.pk: 5 for area in areas[:4]})
    client = world.client_for("amina")
    url = URL.format(slug=world.reloaded.slug)

    form = client.get(url).context["form"]
    assert form["top_needs"].value() in (None, [])

    response = client.post(url, _answers(form, rating="3", top_needs=[areas[5].pk]))

    assert response.status_code == 302
    assert competences.top_need_ids(amina.pk) == [areas[5].pk]


def test_reopening_this_programmes_diagnosis_ticks_the_needs_named_in_it(world: World) -> None:
    areas = list(CompetenceArea.objects.order_by("order"))
    client = world.client_for("amina")
    url = URL.format(slug=world.reloaded.slug)
    form = client.get(url).context["form"]
    # Every indicator rated 1 (the lowest): only the two named areas are top needs.
    client.post(url, _answers(form, rating="1", top_needs=[areas[0].pk, areas[2].pk]))

    again = client.get(url).context["form"]

    assert sorted(int(pk) for pk in again["top_needs"].value()) == [areas[0].pk, areas[2].pk]
    assert {value for name, value in again.initial.items() if name.startswith("indicator_")} == {1}
    response = client.post(url, _answers(again, rating="1", top_needs=again["top_needs"].value()))
    assert response.status_code == 302


def test_the_mentor_rates_their_expertise_on_the_expertise_scale(world: World) -> None:
    client = world.client_for("marc")
    url = URL.format(slug=world.reloaded.slug)

    english = client.get(url).content.decode()
    client.cookies["clusterbridge_language"] = "fr"
    page = client.get(url).content.decode()

    assert "5 – Expert: a recognised reference who has taught or mentored it." in english
    assert "Absent: nothing is in place yet" not in english
    assert "5 – Expert : une référence reconnue" in page


def test_the_mentee_diagnosis_keeps_the_cluster_maturity_scale(world: World) -> None:
    page = world.client_for("amina").get(URL.format(slug=world.reloaded.slug)).content
    assert "1 – Absent: nothing is in place yet." in page.decode()
