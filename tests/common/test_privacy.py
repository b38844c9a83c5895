"""GDPR duties: the personal-data registry, consents, download, erasure, retention."""

from __future__ import annotations

import json
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.test import Client

from clusterbridge.accounts.models import User
from clusterbridge.common import privacy
from clusterbridge.competences.models import CompetenceArea, PersonCompetence
from clusterbridge.directory import services
from clusterbridge.directory.models import ConsentRecord, Person
from clusterbridge.directory.search import normalise
from clusterbridge.directory.selectors import search_people
from clusterbridge.meetings.models import Invitation
from clusterbridge.programmes.models import Pair, Participation
from tests.conftest import World
from tests.factories import (
    PASSWORD,
    InvitationFactory,
    MeetingFactory,
    PairFactory,
    ParticipationFactory,
    ProgrammeFactory,
    UserFactory,
    country,
)

NAME = "Yasmine Benkirane-Haddad"
ARABIC_NAME = "ياسمين بنكيران حداد"
EMAIL = "yasmine.benkirane@cluster-solaire.ma"
PERSONAL_FIELD_NAMES = {"full_name", "first_name", "last_name", "email", "phone", "bio", "address"}


def _may_hold_personal_data(model: type[models.Model]) -> bool:
    if model in (Person, User):
        return True
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model in (Person, User):
            return True
        if field.name in PERSONAL_FIELD_NAMES or isinstance(field, models.EmailField):
            return True
        if isinstance(field, models.TextField | models.JSONField):
            return True
    return False


def test_every_model_that_may_hold_personal_data_is_registered_or_declared() -> None:
    known = set(privacy.registered()) | set(privacy.declared_not_personal())
    missing = sorted(
        model._meta.label
        for model in apps.get_models()
        if _may_hold_personal_data(model) and model._meta.label not in known
    )
    assert missing == [], (
        "These models may hold personal data (a link to a person or login, a name, an e-mail "
        "or free text) but common.privacy does not know them. In the app's privacy.py, call "
        "privacy.register(Model, rows=..., anonymise=...) so the person's data is exported "
        "and erased, or privacy.not_personal('app.Model', reason=...) if it holds none."
    )


def _person_with_everything(world: World) -> Person:
    """A mentee with a login, consents, a pair, a meeting, competences and a history."""
    person = services.create_person(
        full_name=NAME,
        alternate_name=ARABIC_NAME,
        email=EMAIL,
        country=country("MA"),
        bio=f"{NAME} runs the solar cluster.",
        directory_consent=True,
        emails_consent=True,
    )
    user = UserFactory(email=EMAIL, first_name="Yasmine", last_name="Benkirane-Haddad")
    person.user = user
    person.save()
    services.update_person(person=person, position="Director", portfolio_consent=True)
    mentee = ParticipationFactory(
        programme=world.reloaded, person=person, motivation=f"I am {NAME}, I need help."
    )
    pair = PairFactory(programme=world.reloaded, mentee=mentee, mentor=world.pair.mentor)
    meeting = MeetingFactory(programme=world.reloaded, pair=pair, title=f"Kick-off with {NAME}")
    MeetingFactory(programme=world.reloaded, pair=pair, title=f"لقاء مع {ARABIC_NAME}")
    InvitationFactory(meeting=meeting, person=person)
    PersonCompetence.objects.create(
        person=person, area=CompetenceArea.objects.all()[0], kind="need", level=2
    )
    AdminLogEntry.objects.create(
        user=world.users["ada"],
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=NAME,
        action_flag=CHANGE,
        change_message=f"Changed e-mail to {EMAIL}",
    )
    return person


def _where_found(*needles: str) -> list[str]:
    """Every table, every column, raw SQL: where a needle (or its JSON-escaped form) appears."""
    forms = {form.lower() for needle in needles for form in (needle, json.dumps(needle)[1:-1])}
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row).lower()
                found += [f"{table}: {form}" for form in forms if form in text]
    return found


# Her name in both scripts, as typed and as the search text stores it, and her address. The
# application stores no telephone number (docs/privacy.md), so there is none to look for.
IDENTIFYING = (NAME, ARABIC_NAME, normalise(NAME), normalise(ARABIC_NAME), EMAIL)


def _text_columns_holding(*needles: str) -> list[str]:
    """Every CharField, TextField and JSONField of every model (the audit trail's changes
    included), read back as Python values: "app.Model.field" where a needle appears."""
    wanted = [needle.casefold() for needle in needles]
    found = []
    for model in apps.get_models():
        columns = [f for f in model._meta.concrete_fields if isinstance(f, privacy.TEXT_FIELDS)]
        for column in columns:
            for value in model._base_manager.values_list(column.attname, flat=True):
                text = json.dumps(value, ensure_ascii=False).casefold()
                found += [f"{model._meta.label}.{column.name}" for w in wanted if w in text]
    return sorted(set(found))


def test_the_test_search_finds_the_person_before_erasure(world: World) -> None:
    _person_with_everything(world)
    found = _where_found(NAME, EMAIL)
    assert any(hit.startswith("directory_person") for hit in found)
    assert any(hit.startswith("auditlog_logentry") for hit in found)
    assert any(hit.startswith("meetings_meeting") for hit in found)
    columns = _text_columns_holding(ARABIC_NAME, normalise(NAME))
    assert "directory.Person.alternate_name" in columns
    assert "directory.Person.search_text" in columns
    assert "auditlog.LogEntry.changes" in columns
    assert "meetings.Meeting.title" in columns


def test_erasure_leaves_the_name_and_email_in_no_table(world: World) -> None:
    person = _person_with_everything(world)
    client = Client()
    client.post("/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    services.erase_person(person=person)
    assert _where_found(*IDENTIFYING) == []
    assert client.get("/home/").status_code == 302  # the session is gone


def test_erasure_leaves_her_name_in_neither_script_in_any_text_column(world: World) -> None:
    _person_with_everything(world)
    call_command("erase_person", EMAIL, "--for-real")
    assert _text_columns_holding(*IDENTIFYING) == []


def test_directory_search_no_longer_finds_an_erased_person(world: World) -> None:
    person = _person_with_everything(world)
    everyone = Person.objects.all()
    queries = ["Benkirane", "yasmine haddad", "ياسمين", "بنكيران", "Director"]
    assert [list(search_people(everyone, query)) for query in queries] == [[person]] * 5
    call_command("erase_person", EMAIL, "--for-real")
    assert [list(search_people(everyone, query)) for query in queries] == [[]] * 5
    assert list(search_people(everyone, "Former participant")) == [person]


def test_erasure_keeps_the_programme_statistics(world: World) -> None:
    person = _person_with_everything(world)
    counts = (Participation.objects.count(), Pair.objects.count(), Invitation.objects.count())
    services.erase_person(person=person)
    person.refresh_from_db()
    assert (
        Participation.objects.count(),
        Pair.objects.count(),
        Invitation.objects.count(),
    ) == counts
    assert person.full_name == f"Former participant #{person.pk}"
    assert person.email == f"erased-{person.pk}@erased.invalid"
    assert person.participations.get().motivation == ""
    assert person.erased_at is not None


def test_erasure_deactivates_the_login_and_withdraws_every_consent(world: World) -> None:
    person = _person_with_everything(world)
    user = person.user
    assert user is not None
    services.erase_person(person=person)
    user.refresh_from_db()
    assert user.is_active is False
    assert user.has_usable_password() is False
    assert EmailAddress.objects.filter(user=user).count() == 0
    assert ConsentRecord.objects.filter(person=person, withdrawn_at__isnull=True).count() == 0
    assert (
        Client().post("/accounts/login/", {"login": EMAIL, "password": PASSWORD}).status_code == 200
    )


def test_erasure_keeps_the_history_of_changes_without_the_old_values(world: World) -> None:
    person = _person_with_everything(world)
    before = LogEntry.objects.get_for_object(person).count()
    services.erase_person(person=person)
    entries = LogEntry.objects.get_for_object(person).order_by("pk")
    assert entries.count() == before + 1
    assert entries.first().changes["bio"] == [privacy.ERASED, privacy.ERASED]


def test_erasing_twice_is_refused(world: World) -> None:
    person = _person_with_everything(world)
    services.erase_person(person=person)
    with pytest.raises(Exception, match="already been anonymised"):
        services.erase_person(person=person)


def test_a_person_downloads_all_their_data_as_json(world: World) -> None:
    person = _person_with_everything(world)
    assert person.user is not None
    client = Client()
    client.force_login(person.user)
    response = client.get("/profile/data.json")
    data = json.loads(response.content)
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="clusterbridge-data-{person.pk}.json"'
    )
    assert data["format"] == "clusterbridge-personal-data"
    assert data["data"]["directory.Person"][0]["email"] == EMAIL
    assert data["data"]["programmes.Participation"][0]["motivation"] == f"I am {NAME}, I need help."
    assert len(data["data"]["meetings.Invitation"]) == 1
    assert {row["purpose"] for row in data["data"]["directory.ConsentRecord"]} == {
        "directory",
        "emails",
        "portfolio",
    }
    assert "password" not in data["data"]["accounts.User"][0]
    assert "data" not in json.dumps(data["data"].get("mfa.Authenticator", []))


def test_the_export_command_writes_the_same_json(world: World) -> None:
    person = _person_with_everything(world)
    call_command("export_person", EMAIL.upper())
    data = json.loads(privacy.export_json(person))
    assert data["person_id"] == person.pk


def test_the_export_command_names_an_unknown_address(db: None) -> None:
    # Django prints a CommandError as one line on stderr and exits with its return code.
    with pytest.raises(CommandError, match="No person with the e-mail address 'nobody@ex") as error:
        call_command("export_person", "nobody@example.org")
    assert error.value.returncode == 1


def test_consents_given_and_withdrawn_on_the_profile_are_recorded(world: World) -> None:
    client = world.client_for("amina")
    person = world.people["amina"]
    form = {
        "full_name": person.full_name,
        "time_zone": person.time_zone,
        "visibility": "community",
        "emails_consent": "on",
    }
    client.post("/profile/", form)
    client.post(
        "/profile/",
        {"full_name": person.full_name, "time_zone": person.time_zone, "visibility": "community"},
    )
    person.refresh_from_db()
    records = {
        record.purpose: record.withdrawn_at is None
        for record in ConsentRecord.objects.filter(person=person)
    }
    assert records == {"directory": True, "emails": False}
    assert person.directory_consent_at is not None
    page = client.get("/profile/").content.decode()
    assert "News and community notifications by e-mail" in page


def test_the_erase_command_is_a_dry_run_unless_for_real(world: World, capsys) -> None:
    person = _person_with_everything(world)
    call_command("erase_person", EMAIL)
    person.refresh_from_db()
    assert person.full_name == NAME
    assert "Would anonymise" in capsys.readouterr().out
    call_command("erase_person", EMAIL, "--for-real")
    person.refresh_from_db()
    assert person.erased_at is not None


def test_retention_anonymises_only_people_of_long_closed_programmes(world: World, capsys) -> None:
    old = ProgrammeFactory(status="closed", starts_on="2015-01-10", ends_on="2015-10-31")
    gone = ParticipationFactory(programme=old).person
    returning = ParticipationFactory(programme=old).person
    ParticipationFactory(programme=world.reloaded, person=returning)
    recent = ProgrammeFactory(
        status="closed",
        starts_on=date.today().replace(year=date.today().year - 1),
        ends_on=date.today(),
    )
    ParticipationFactory(programme=recent)  # closed last year: kept

    call_command("retention", "--years", "5")
    output = capsys.readouterr().out
    assert output.splitlines() == [
        f"Would anonymise #{gone.pk} as Former participant #{gone.pk}",
        "Would anonymise 1 people.",
        "Run again with --for-real to do it.",
    ]
    assert Person.objects.filter(erased_at__isnull=False).count() == 0

    call_command("retention", "--years", "5", "--for-real")
    erased = set(Person.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {gone.pk}
