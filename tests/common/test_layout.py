"""The layout's shared pieces: the bidi filters, the language switch, the design-system page."""

from __future__ import annotations

import copy
import re

import pytest
from django.template import engines
from django.test import Client

from clusterbridge.competences.models import CompetenceArea
from tests.conftest import World


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


def _render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


def test_bdi_isolates_and_escapes_user_text() -> None:
    assert _render("{{ v|bdi }}", v="<b>Strengthen.</b>") == (
        "<bdi>&lt;b&gt;Strengthen.&lt;/b&gt;</bdi>"
    )
    assert _render("{{ v|bdi }}", v="") == ""


def test_bdi_isolates_a_value_interpolated_in_a_translated_sentence() -> None:
    html = _render(
        "{% load i18n %}{% blocktranslate with name=v|bdi %}Welcome, {{ name }}"
        "{% endblocktranslate %}",
        v="Salma & co.",
    )
    assert html == "Welcome, <bdi>Salma &amp; co.</bdi>"


def test_isolate_wraps_text_for_places_without_markup() -> None:
    assert _render("{{ v|isolate }}", v="A<B") == "\u2068A&lt;B\u2069"


def test_the_journey_page_isolates_goal_titles_milestones_and_their_dates(world: World) -> None:
    goal = world.pair.goals.create(
        title="Strengthen governance.",
        due_on="2021-06-30",
        area=CompetenceArea.objects.earliest("pk"),
    )
    goal.milestones.create(title="Draft shared with the mentor", due_on="2021-04-30")
    html = world.client_for("marc").get(f"/programmes/reloaded/journeys/{world.pair.pk}/")
    text = html.content.decode()
    assert '<span dir="auto">Strengthen governance.</span>' in text
    assert re.search(r"<bdi>Draft shared with the mentor</bdi> \(<bdi>[^<]+2021</bdi>\)", text)


def test_the_language_switch_is_one_form_per_language_posting_to_the_endpoint(
    world: World,
) -> None:
    text = world.client_for("marc").get("/home/").content.decode()
    forms = re.findall(r'<form action="/language/" method="post">(.*?)</form>', text, re.S)
    assert len(forms) == 3
    assert all('name="next" value="/home/"' in form for form in forms)
    languages = [re.search(r'name="language" value="(\w+)"', form)[1] for form in forms]  # type: ignore[index]
    assert sorted(languages) == ["ar", "en", "fr"]
    assert sum('aria-current="true"' in form for form in forms) == 1


def test_one_button_switches_the_language_and_comes_back(world: World) -> None:
    client = world.client_for("marc")
    response = client.post("/language/", {"language": "ar", "next": "/home/"})
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert 'lang="ar" dir="rtl"' in client.get("/home/").content.decode()


def test_the_design_page_shows_every_component_in_english_and_arabic(db: None) -> None:
    text = Client().get("/design/").content.decode()
    english, arabic = re.findall(r'<section lang="(?:en|ar)" dir="(?:ltr|rtl)"', text)
    assert english.startswith('<section lang="en" dir="ltr"')
    assert arabic.startswith('<section lang="ar" dir="rtl"')
    for component in ('class="tabs"', 'class="badge', 'class="card"', "<table>", 'class="empty"'):
        assert text.count(component) >= 2, component
    assert "تعزيز حوكمة العنقود." in text
    assert "Strengthen governance of the cluster." in text
