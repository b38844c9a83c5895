"""A small cohort in the matching state whose best matching is known by hand.

Mentees: Salma (MA, French, ICT, needs strategy), Omar (EG, English, renewable energy, needs
innovation), Lina (JO, Arabic only). Mentors: Claire (FR, French + English, ICT, strategy
expert), Lucía (ES, Spanish + English, renewable energy, innovation expert), Paolo (IT,
Italian + French B1, agrifood). Nobody among the mentors speaks Arabic, so Lina cannot be
matched; the best proposal is Salma - Claire and Omar - Lucía, and Paolo keeps his place.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from clusterbridge.accounts.models import User
from clusterbridge.competences.models import CompetenceArea, PersonCompetence
from clusterbridge.directory import services as directory
from clusterbridge.directory.models import Sector
from clusterbridge.programmes import services as programmes
from clusterbridge.programmes.models import Participation, Programme
from tests.factories import OrganisationFactory, ProgrammeFactory, UserFactory, country


@dataclass
class Cohort:
    programme: Programme
    manager: User
    mentees: dict[str, Participation]
    mentors: dict[str, Participation]

    def client(self) -> Client:
        client = Client()
        client.force_login(self.manager)
        return client

    def login(self, participation: Participation) -> Client:
        assert participation.person.user is not None
        client = Client()
        client.force_login(participation.person.user)
        return client


PEOPLE = {
    # name: (role, country, sector, languages, competence area, interface language)
    "salma": ("mentee", "MA", "ict", {"ar": "native", "fr": "C2"}, "strategy", "fr"),
    "omar": ("mentee", "EG", "renewable-energy", {"ar": "native", "en": "C1"}, "innovation", ""),
    "lina": ("mentee", "JO", "ict", {"ar": "native"}, "strategy", "ar"),
    "claire": ("mentor", "FR", "ict", {"fr": "native", "en": "C1"}, "strategy", "en"),
    "lucia": ("mentor", "ES", "renewable-energy", {"es": "native", "en": "C1"}, "innovation", ""),
    "paolo": ("mentor", "IT", "agrifood", {"it": "native", "fr": "B1"}, "member-services", ""),
}


def _participant(programme: Programme, name: str) -> Participation:
    role, code, sector, languages, area, language = PEOPLE[name]
    organisation = OrganisationFactory(country=country(code), name=f"{name.capitalize()} cluster")
    organisation.sectors.set([Sector.objects.get(code=sector)])
    person = directory.create_person(
        full_name=name.capitalize(),
        email=f"{name}@example.org",
        country=country(code),
        organisation=organisation,
        languages=languages,
    )
    person.user = UserFactory(email=person.email, language=language)
    person.save(update_fields=["user"])
    PersonCompetence.objects.create(
        person=person,
        area=CompetenceArea.objects.get(code=area),
        kind="need" if role == "mentee" else "expertise",
        level=5,
    )
    return programmes.add_participant(
        programme=programme, person=person, role=role, status="accepted"
    )


@pytest.fixture
def cohort(db: None) -> Cohort:
    programme = ProgrammeFactory(name="Spring", slug="spring", status="matching")
    programme.refresh_from_db()  # dates as dates, not the factory's strings
    manager = UserFactory(email="mia@example.org")
    manager_person = directory.create_person(
        full_name="Mia", email="mia@example.org", country=country("ES")
    )
    manager_person.user = manager
    manager_person.save(update_fields=["user"])
    programmes.add_participant(
        programme=programme, person=manager_person, role="manager", status="accepted"
    )
    participations = {name: _participant(programme, name) for name in PEOPLE}
    return Cohort(
        programme=programme,
        manager=manager,
        mentees={n: p for n, p in participations.items() if p.role == "mentee"},
        mentors={n: p for n, p in participations.items() if p.role == "mentor"},
    )
