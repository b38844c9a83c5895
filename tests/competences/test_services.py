from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from clusterbridge.competences import selectors, services
from clusterbridge.competences.models import CompetenceArea, PersonCompetence
from tests.factories import PersonCompetenceFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _areas(*codes: str) -> list[CompetenceArea]:
    return [CompetenceArea.objects.get(code=code) for code in codes]


def test_saving_expertise_replaces_the_earlier_expertise_and_leaves_needs_alone() -> None:
    strategy, innovation = _areas("strategy", "innovation")
    need = PersonCompetenceFactory(area=strategy, kind="need", level=2)
    person = need.person
    services.save_expertise(person_id=person.pk, levels={strategy: 2, innovation: 4})

    services.save_expertise(person_id=person.pk, levels={innovation: 5})

    assert selectors.expertise_levels(person.pk) == {innovation.pk: 5}
    assert PersonCompetence.objects.get(person=person, kind="need").level == 2


def test_expertise_off_the_scale_is_refused_and_the_earlier_expertise_kept() -> None:
    (strategy,) = _areas("strategy")
    person = PersonFactory()
    services.save_expertise(person_id=person.pk, levels={strategy: 3})

    with pytest.raises(ValidationError) as error:
        services.save_expertise(person_id=person.pk, levels={strategy: 6})

    assert error.value.message_dict == {
        f"area_{strategy.pk}": ["A rating must be a whole number from 1 to 5, not “6”."]
    }
    assert selectors.expertise_levels(person.pk) == {strategy.pk: 3}


def test_stated_needs_replace_the_earlier_ones_and_keep_the_expertise() -> None:
    strategy, communication = _areas("strategy", "communication")
    person = PersonFactory()
    services.save_expertise(person_id=person.pk, levels={strategy: 2})
    services.replace_needs(person_id=person.pk, levels={strategy.pk: 4})

    services.replace_needs(person_id=person.pk, levels={communication.pk: 5})

    rows = PersonCompetence.objects.filter(person=person).values_list("kind", "area__code", "level")
    assert sorted(rows) == [("expertise", "strategy", 2), ("need", "communication", 5)]


def test_a_stated_need_outside_one_to_five_is_refused() -> None:
    (strategy,) = _areas("strategy")
    person = PersonFactory()

    with pytest.raises(ValidationError):
        services.replace_needs(person_id=person.pk, levels={strategy.pk: 6})

    assert not PersonCompetence.objects.filter(person=person).exists()


def test_top_needs_are_the_areas_needed_at_level_five() -> None:
    strategy, innovation = _areas("strategy", "innovation")
    person = PersonFactory()

    services.replace_needs(person_id=person.pk, levels={strategy.pk: 5, innovation.pk: 3})

    assert selectors.top_need_ids(person.pk) == [strategy.pk]


def test_experts_are_found_by_area_and_people_who_need_it_are_not() -> None:
    (strategy,) = _areas("strategy")
    expert = PersonCompetenceFactory(area=strategy, kind="expertise").person
    PersonCompetenceFactory(area=strategy, kind="need")

    assert list(selectors.expert_ids(strategy)) == [{"person_id": expert.pk}]
