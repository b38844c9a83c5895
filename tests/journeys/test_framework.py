from __future__ import annotations

import pytest

from tests.factories import ProgrammeFactory, TrackFactory

pytestmark = pytest.mark.django_db


def test_a_track_groups_programmes() -> None:
    track = TrackFactory(name="Cluster Booster Track")
    ProgrammeFactory(track=track)
    ProgrammeFactory(track=track, kind="peer_training")
    assert sorted(track.programmes.values_list("kind", flat=True)) == [
        "mentoring",
        "peer_training",
    ]
