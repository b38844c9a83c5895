from __future__ import annotations

import pytest
from django.db import IntegrityError

from clusterbridge.journeys.models import CompetenceArea, CompetenceIndicator
from tests.factories import PersonCompetenceFactory, ProgrammeFactory, TrackFactory

pytestmark = pytest.mark.django_db


def test_competence_framework_is_seeded_with_six_areas_and_their_indicators() -> None:
    areas = list(CompetenceArea.objects.values_list("code", flat=True))
    assert areas == [
        "strategy",
        "governance-financing",
        "member-services",
        "internationalisation",
        "communication",
        "innovation",
    ]
    assert CompetenceIndicator.objects.count() == 18
    assert all(area.indicators.count() == 3 for area in CompetenceArea.objects.all())


def test_competence_level_outside_one_to_five_is_refused_by_the_database() -> None:
    with pytest.raises(IntegrityError):
        PersonCompetenceFactory(level=6)


def test_a_track_groups_programmes() -> None:
    track = TrackFactory(name="Cluster Booster Track")
    ProgrammeFactory(track=track)
    ProgrammeFactory(track=track, kind="peer_training")
    assert sorted(track.programmes.values_list("kind", flat=True)) == [
        "mentoring",
        "peer_training",
    ]
