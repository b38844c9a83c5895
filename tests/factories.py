"""Factories with no surprising defaults: every person is in Morocco unless told otherwise."""

from __future__ import annotations

from datetime import date

import factory
from allauth.account.models import EmailAddress

from clusterbridge.accounts.models import User
from clusterbridge.competences.models import CompetenceArea, PersonCompetence
from clusterbridge.directory.models import Country, Organisation, Person
from clusterbridge.meetings.models import Invitation, Meeting
from clusterbridge.programmes.models import Pair, Participation, Programme, Track

PASSWORD = "correct horse battery staple"


def country(code: str) -> Country:
    return Country.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = "cluster"
    name = factory.Sequence(lambda n: f"Cluster {n}")
    country = factory.LazyFunction(lambda: country("MA"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    country = factory.LazyFunction(lambda: country("MA"))
    time_zone = "Africa/Casablanca"
    organisation = factory.SubFactory(OrganisationFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    operator = factory.SubFactory(OrganisationFactory)
    starts_on = date(2021, 1, 20)
    ends_on = date(2021, 10, 31)
    status = "running"


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    programme = factory.SubFactory(ProgrammeFactory)
    person = factory.SubFactory(PersonFactory)
    role = "mentee"
    status = "accepted"


class PairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pair

    programme = factory.SubFactory(ProgrammeFactory)
    mentor = factory.LazyAttribute(
        lambda pair: ParticipationFactory(programme=pair.programme, role="mentor")
    )
    mentee = factory.LazyAttribute(
        lambda pair: ParticipationFactory(programme=pair.programme, role="mentee")
    )
    status = "confirmed"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    programme = factory.SubFactory(ProgrammeFactory)
    kind = "bilateral_session"
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = "2030-03-02T09:00:00Z"
    duration_minutes = 60


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    name = factory.Sequence(lambda n: f"Track {n}")
    slug = factory.Sequence(lambda n: f"track-{n}")


class PersonCompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonCompetence

    person = factory.SubFactory(PersonFactory)
    area = factory.LazyFunction(lambda: CompetenceArea.objects.order_by("order").first())
    kind = "need"
    level = 3
