from __future__ import annotations

import pytest
from django.db import IntegrityError

from clusterbridge.competences.models import CompetenceArea, CompetenceIndicator
from tests.factories import PersonCompetenceFactory

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
