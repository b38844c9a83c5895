"""The manager's matching pages and the participants' wishes page, through the test client."""

from __future__ import annotations

import re

import pytest

from clusterbridge.matching import services
from clusterbridge.matching.models import (
    MatchingRun,
    MatchingSettings,
    MentorCapacity,
    PairConstraint,
)
from clusterbridge.programmes.models import Pair
from tests.matching.conftest import Cohort


def _url(cohort: Cohort, suffix: str = "") -> str:
    return f"/programmes/{cohort.programme.slug}/matching/{suffix}"


def _names_in_table(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<tr><td><a href="/people/\d+/"><bdi>([^<]+)</bdi></a>', body)


def test_manager_runs_the_matcher_and_sees_the_explained_proposal(cohort: Cohort) -> None:
    client = cohort.client()

    response = client.post(_url(cohort, "run/"), {"mode": "optimal"})
    page = client.get(_url(cohort)).content.decode()

    assert response.status_code == 302
    assert MatchingRun.objects.count() == 1
    assert _names_in_table(page) == ["Salma", "Omar"] or _names_in_table(page) == [
        "Omar",
        "Salma",
    ]
    assert "Needs and expertise" in page
    assert "No mentor for Lina: no mentor shares a working language with Lina." in page


def test_proposals_sort_by_mentee_name_both_ways(cohort: Cohort) -> None:
    services.run_matching(programme=cohort.programme, created_by=cohort.manager)
    client = cohort.client()

    ascending = client.get(_url(cohort), {"sort": "mentee"}).content.decode()
    descending = client.get(_url(cohort), {"sort": "-mentee"}).content.decode()

    assert _names_in_table(ascending) == ["Omar", "Salma"]
    assert _names_in_table(descending) == ["Salma", "Omar"]
    assert 'aria-sort="ascending"' in ascending


def test_an_unknown_sort_falls_back_to_the_score(cohort: Cohort) -> None:
    services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    response = cohort.client().get(_url(cohort), {"sort": "password"})

    assert response.status_code == 200


def test_the_page_speaks_french_and_arabic(cohort: Cohort) -> None:
    services.run_matching(programme=cohort.programme, created_by=cohort.manager)
    client = cohort.client()

    client.cookies["clusterbridge_language"] = "fr"
    french = client.get(_url(cohort)).content.decode()
    client.cookies["clusterbridge_language"] = "ar"
    arabic = client.get(_url(cohort)).content.decode()

    assert "Besoins et expertise" in french
    assert 'dir="rtl"' in arabic
    assert "الاحتياجات والخبرة" in arabic


def test_forbid_from_the_proposal_then_rerun(cohort: Cohort) -> None:
    client = cohort.client()
    client.post(_url(cohort, "run/"), {"mode": "optimal"})
    salma, claire = cohort.mentees["salma"], cohort.mentors["claire"]

    client.post(
        _url(cohort, "constraints/"),
        {"mentee": salma.pk, "mentor": claire.pk, "kind": "forbid", "back": "proposals"},
    )
    client.post(_url(cohort, "run/"), {"mode": "optimal"})

    assert PairConstraint.objects.get().kind == "forbid"
    latest = MatchingRun.objects.latest()
    assert (salma.pk, claire.pk) not in {(p["mentee"], p["mentor"]) for p in latest.proposals}


def test_confirming_creates_pairs(cohort: Cohort, django_capture_on_commit_callbacks) -> None:
    client = cohort.client()
    client.post(_url(cohort, "run/"), {"mode": "optimal"})
    run = MatchingRun.objects.get()

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(_url(cohort, "confirm/"), {"run": run.pk})

    assert response.status_code == 302
    assert Pair.objects.filter(status="confirmed").count() == 2
    assert len(callbacks) == 1  # the e-mails, sent once the pairs are saved


def test_running_outside_the_matching_state_shows_a_message(cohort: Cohort) -> None:
    cohort.programme.status = "running"
    cohort.programme.save()
    client = cohort.client()

    response = client.post(_url(cohort, "run/"), {"mode": "optimal"}, follow=True)

    assert "not in the matching state" in response.content.decode()
    assert MatchingRun.objects.count() == 0


def test_bad_confirm_input_is_a_message_not_a_crash(cohort: Cohort) -> None:
    response = cohort.client().post(_url(cohort, "confirm/"), {"run": "x"}, follow=True)

    assert response.status_code == 200
    assert Pair.objects.count() == 0


def test_settings_form_saves_weights_and_rules(cohort: Cohort) -> None:
    data = {
        "weight_needs_expertise": "0.5",
        "weight_sector": "0.1",
        "weight_language": "0.1",
        "weight_hours_overlap": "0.1",
        "weight_wishes": "0.1",
        "weight_organisation_kind": "0.1",
        "cross_border": "on",
        "common_language": "on",
        "min_language_level": "4",
        "different_organisation": "on",
        "honour_vetoes": "on",
        "max_mentors_per_mentee": "2",
        "default_capacity": "2",
        "stable_preferences": "wishes",
    }

    response = cohort.client().post(_url(cohort, "settings/"), data)

    assert response.status_code == 302
    saved = MatchingSettings.objects.get(programme=cohort.programme)
    assert saved.weights["needs_expertise"] == 0.5
    assert (saved.min_language_level, saved.max_mentors_per_mentee) == (4, 2)
    assert saved.eu_south_med is False


def test_settings_form_refuses_all_zero_weights(cohort: Cohort) -> None:
    data = {f"weight_{name}": "0" for name in ("needs_expertise", "sector", "language")}
    data |= {f"weight_{name}": "0" for name in ("hours_overlap", "wishes", "organisation_kind")}
    data |= {
        "min_language_level": "3",
        "max_mentors_per_mentee": "1",
        "default_capacity": "1",
        "stable_preferences": "scores",
    }

    response = cohort.client().post(_url(cohort, "settings/"), data)

    assert response.status_code == 200
    assert "At least one weight must be above 0." in response.content.decode()
    assert not MatchingSettings.objects.exists()


def test_why_not_names_the_rule(cohort: Cohort) -> None:
    lina, claire = cohort.mentees["lina"], cohort.mentors["claire"]

    page = cohort.client().get(_url(cohort, "why-not/"), {"mentee": lina.pk, "mentor": claire.pk})

    assert "they share no working language at the required level" in page.content.decode()


def test_why_not_gives_the_cost_of_an_allowed_pair(cohort: Cohort) -> None:
    salma, paolo = cohort.mentees["salma"], cohort.mentors["paolo"]

    page = cohort.client().get(_url(cohort, "why-not/"), {"mentee": salma.pk, "mentor": paolo.pk})

    assert re.search(r"would cost the cohort <bdi>[0-9.]+ less total score", page.content.decode())


def test_why_not_about_a_stranger_is_a_form_error(cohort: Cohort) -> None:
    response = cohort.client().get(_url(cohort, "why-not/"), {"mentee": 999999, "mentor": 1})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_constraint_list_and_removal(cohort: Cohort) -> None:
    client = cohort.client()
    client.post(
        _url(cohort, "constraints/"),
        {
            "mentee": cohort.mentees["omar"].pk,
            "mentor": cohort.mentors["paolo"].pk,
            "kind": "lock",
        },
    )
    constraint = PairConstraint.objects.get()

    listed = client.get(_url(cohort, "constraints/")).content.decode()
    client.post(_url(cohort, f"constraints/{constraint.pk}/delete/"))

    assert "Must pair" in listed
    assert not PairConstraint.objects.exists()


def test_capacity_form_saves_and_refuses_nonsense(cohort: Cohort) -> None:
    client = cohort.client()
    claire = cohort.mentors["claire"]

    client.post(_url(cohort, "capacities/"), {"mentor": claire.pk, "capacity": "3"})
    refused = client.post(_url(cohort, "capacities/"), {"mentor": claire.pk, "capacity": "-1"})

    assert MentorCapacity.objects.get(mentor=claire).capacity == 3
    assert refused.status_code == 200


@pytest.mark.parametrize("kind", ["wish", "veto"])
def test_participant_records_a_wish_on_their_own_page(cohort: Cohort, kind: str) -> None:
    salma = cohort.mentees["salma"]
    client = cohort.login(salma)

    response = client.post(
        _url(cohort, "wishes/"), {"other": cohort.mentors["lucia"].pk, "kind": kind, "rank": ""}
    )
    page = client.get(_url(cohort, "wishes/")).content.decode()

    assert response.status_code == 302
    assert salma.matching_wishes.get().kind == kind
    assert "Lucia" in page


def test_a_mentee_is_offered_only_mentors(cohort: Cohort) -> None:
    page = cohort.login(cohort.mentees["salma"]).get(_url(cohort, "wishes/")).content.decode()

    assert "Claire (France)" in page
    assert "Omar (" not in page


def test_wishes_of_someone_else_cannot_be_deleted(cohort: Cohort) -> None:
    services.record_wish(
        participation=cohort.mentees["salma"], other=cohort.mentors["claire"], kind="wish"
    )
    wish = cohort.mentees["salma"].matching_wishes.get()

    response = cohort.login(cohort.mentees["omar"]).post(_url(cohort, f"wishes/{wish.pk}/delete/"))

    assert response.status_code == 404
    assert cohort.mentees["salma"].matching_wishes.count() == 1
