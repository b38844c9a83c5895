"""The profile page: a person keeps their whole profile, a manager their participants'."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from clusterbridge.competences.models import CompetenceArea, CompetenceKind, PersonCompetence
from clusterbridge.directory.models import Organisation, Person, Sector, Visibility
from clusterbridge.directory.photos import MAX_UPLOAD_BYTES
from clusterbridge.directory.services import erase_person
from tests.conftest import World
from tests.factories import OrganisationFactory, country

GPS_TAG = 0x8825


def _picture(fmt: str = "JPEG", size: tuple[int, int] = (1200, 900)) -> bytes:
    """A picture carrying EXIF with a GPS position, as a phone camera writes it."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_TAG] = {1: "N", 2: (33.0, 53.0, 0.0)}
    output = io.BytesIO()
    image.save(output, format=fmt, exif=exif.tobytes())
    return output.getvalue()


def _upload(content: bytes, name: str = "me.jpg", content_type: str = "image/jpeg") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _form(person: Person, **changes: Any) -> dict[str, Any]:
    """Everything the page posts, as it shows the person today, with ``changes``."""
    data: dict[str, Any] = {
        "full_name": person.full_name,
        "arabic_name": person.arabic_name,
        "alternate_name": person.alternate_name,
        "organisation": person.organisation.name if person.organisation else "",
        "position": person.position,
        "languages": "",
        "time_zone": person.time_zone,
        "gender": person.gender,
        "bio": person.bio,
        "visibility": person.visibility,
    }
    data.update(changes)
    return data


def _edit_url(world: World, name: str, programme: str = "reloaded") -> str:
    return f"/programmes/{programme}/people/{world.people[name].pk}/edit/"


def test_person_saves_their_whole_profile_on_one_page(world: World) -> None:
    amina = world.people["amina"]
    partner = OrganisationFactory(name="Clusters Maroc", country=country("MA"))
    sectors = list(Sector.objects.order_by("pk")[:2])
    area = CompetenceArea.objects.order_by("pk").first()
    assert area is not None

    response = world.client_for("amina").post(
        "/profile/",
        _form(
            amina,
            full_name="Amina Benali",
            arabic_name="أمينة بن علي",
            organisation="clusters maroc",
            position="Cluster manager",
            languages="ar:native, fr:C1, en:B2",
            sectors=[sector.pk for sector in sectors],
            time_zone="Africa/Casablanca",
            bio="I run **a textile cluster**.",
            **{f"area_{area.pk}": "4"},
        ),
    )

    assert response.status_code == 302
    amina.refresh_from_db()
    assert (amina.full_name, amina.arabic_name) == ("Amina Benali", "أمينة بن علي")
    assert amina.organisation == partner
    assert amina.position == "Cluster manager"
    assert dict(amina.languages.values_list("language", "level")) == {
        "ar": "native",
        "fr": "C1",
        "en": "B2",
    }
    assert set(amina.sectors.all()) == set(sectors)
    assert amina.time_zone == "Africa/Casablanca"
    assert list(
        PersonCompetence.objects.filter(person=amina, kind=CompetenceKind.EXPERTISE).values_list(
            "area_id", "level"
        )
    ) == [(area.pk, 4)]
    page = world.client_for("amina").get(amina.get_absolute_url()).content.decode()
    assert "أمينة بن علي" in page
    assert "<strong>a textile cluster</strong>" in page


def test_the_page_shows_the_stored_profile_with_grouped_time_zones(world: World) -> None:
    amina = world.people["amina"]
    amina.languages.create(language="ar", level="native")

    page = world.client_for("amina").get("/profile/").content.decode()

    assert 'value="ar:native"' in page
    assert '<optgroup label="Africa">' in page
    assert f'<option value="{amina.time_zone}" selected>' in page
    assert "/calendar/availability/" in page


def test_a_new_organisation_name_creates_it_in_the_persons_country(world: World) -> None:
    karim = world.people["karim"]

    world.client_for("karim").post("/profile/", _form(karim, organisation="Tunisian Olive Cluster"))

    karim.refresh_from_db()
    created = Organisation.objects.get(name="Tunisian Olive Cluster")
    assert karim.organisation == created
    assert (created.country, created.kind, created.public_listing) == (
        country("TN"),
        "other",
        False,
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_zone", "Mars/Olympus"),
        ("arabic_name", "Amina"),
        ("languages", "arabic:fluent"),
        ("full_name", ""),
    ],
)
def test_bad_input_is_a_clear_message_and_changes_nothing(
    world: World, field: str, value: str
) -> None:
    amina = world.people["amina"]
    before = (amina.full_name, amina.arabic_name, amina.time_zone, amina.position)

    response = world.client_for("amina").post(
        "/profile/", _form(amina, position="Changed", **{field: value})
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    amina.refresh_from_db()
    assert (amina.full_name, amina.arabic_name, amina.time_zone, amina.position) == before


def test_a_photo_is_reencoded_small_without_metadata(world: World, media_root: Path) -> None:
    amina = world.people["amina"]

    world.client_for("amina").post(
        "/profile/", _form(amina, photo=_upload(_picture("PNG"), "me.png", "image/png"))
    )

    amina.refresh_from_db()
    stored = Path(amina.photo.path)
    assert stored.is_relative_to(media_root)
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 512
        assert not image.getexif()
        assert "icc_profile" not in image.info
    served = world.client_for("marc").get(f"/people/{amina.pk}/photo.jpg")
    assert served["Content-Type"] == "image/jpeg"
    assert served.getvalue() == stored.read_bytes()
    assert "photo.jpg" in world.client_for("marc").get(amina.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_upload(b"just some text, not a picture"), "not a picture"),
        (_upload(_picture()[:200]), "not a picture"),
        (_upload(b"GIF89a" + b"\0" * 100, "me.gif", "image/gif"), "not a picture"),
        (_upload(b"\xff\xd8" + b"\0" * (MAX_UPLOAD_BYTES + 1)), "larger than 5 MB"),
    ],
    ids=["text named .jpg", "truncated JPEG", "broken GIF", "oversized"],
)
def test_a_bad_photo_is_refused_and_nothing_changes(
    world: World, upload: Any, message: str
) -> None:
    amina = world.people["amina"]

    response = world.client_for("amina").post(
        "/profile/", _form(amina, position="Changed", photo=upload)
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["photo"])
    amina.refresh_from_db()
    assert (amina.position, amina.photo.name) == ("", "")


def test_a_gif_is_refused_as_a_format_we_do_not_take(world: World) -> None:
    amina = world.people["amina"]
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")

    response = world.client_for("amina").post(
        "/profile/", _form(amina, photo=_upload(gif.getvalue(), "me.gif", "image/gif"))
    )

    assert "JPEG, PNG or WebP" in " ".join(response.context["form"].errors["photo"])


def test_removing_the_photo_deletes_its_file_once_saved(
    world: World, django_capture_on_commit_callbacks
) -> None:
    amina = world.people["amina"]
    client = world.client_for("amina")
    client.post("/profile/", _form(amina, photo=_upload(_picture())))
    amina.refresh_from_db()
    stored = Path(amina.photo.path)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/profile/", _form(amina, remove_photo="on"))

    amina.refresh_from_db()
    assert amina.photo.name == ""
    assert not stored.exists()


def test_a_hidden_profiles_photo_is_not_served(world: World) -> None:
    amina = world.people["amina"]
    world.client_for("amina").post("/profile/", _form(amina, photo=_upload(_picture())))

    assert world.client_for("carla").get(f"/people/{amina.pk}/photo.jpg").status_code == 404
    visitor = world.client_for("anonymous").get(f"/people/{amina.pk}/photo.jpg")
    assert visitor.status_code == 302
    assert visitor["Location"].startswith("/accounts/login/")


def test_manager_edits_a_participant_and_the_trail_shows_who(world: World) -> None:
    amina = world.people["amina"]

    response = world.client_for("mona").post(
        _edit_url(world, "amina"), _form(amina, position="Director")
    )

    assert response.status_code == 302
    amina.refresh_from_db()
    assert amina.position == "Director"
    entry = LogEntry.objects.get_for_object(amina).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == world.users["mona"]
    assert entry.additional_data == {"programme": world.reloaded.pk}
    trail = world.client_for("mona").get("/programmes/reloaded/audit/").content.decode()
    assert "Director" in trail
    assert "mona@example.org" in trail


def test_a_manager_cannot_change_a_participants_consents(world: World) -> None:
    amina = world.people["amina"]
    amina_visibility = amina.visibility

    page = world.client_for("mona").get(_edit_url(world, "amina")).content.decode()
    world.client_for("mona").post(
        _edit_url(world, "amina"),
        _form(amina, visibility=Visibility.PUBLIC, portfolio_consent="on"),
    )

    assert 'name="visibility"' not in page
    amina.refresh_from_db()
    assert (amina.visibility, amina.portfolio_consent_at) == (amina_visibility, None)


@pytest.mark.parametrize(
    ("role", "target", "programme"),
    [
        ("carla", "amina", "reloaded"),  # a member, on someone else's profile
        ("karim", "amina", "reloaded"),  # a mentee of the same programme
        ("olga", "amina", "reloaded"),  # the manager of another programme
        ("olga", "amina", "other"),  # ... through her own programme
        ("mona", "olga", "reloaded"),  # a manager, on someone outside her programme
    ],
)
def test_editing_someone_elses_profile_without_the_right_is_not_found(
    world: World, role: str, target: str, programme: str
) -> None:
    person = world.people[target]

    response = world.client_for(role).post(
        _edit_url(world, target, programme), _form(person, position="Hijacked")
    )

    assert response.status_code == 404
    person.refresh_from_db()
    assert person.position == ""


def test_a_visitor_is_sent_to_sign_in(world: World) -> None:
    response = world.client_for("anonymous").post(
        _edit_url(world, "amina"), _form(world.people["amina"], position="Hijacked")
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    world.people["amina"].refresh_from_db()
    assert world.people["amina"].position == ""


def test_erasing_a_person_deletes_their_photo_and_arabic_name(world: World) -> None:
    amina = world.people["amina"]
    world.client_for("amina").post(
        "/profile/", _form(amina, arabic_name="أمينة", photo=_upload(_picture()))
    )
    amina.refresh_from_db()
    stored = Path(amina.photo.path)

    erase_person(person=amina)

    amina.refresh_from_db()
    assert (amina.arabic_name, amina.photo.name) == ("", "")
    assert not stored.exists()


def test_keeping_the_organisations_name_keeps_the_same_organisation(world: World) -> None:
    karim = world.people["karim"]
    own = world.organisation_of("karim")
    OrganisationFactory(name=own.name, country=karim.country)  # a namesake in his country

    world.client_for("karim").post("/profile/", _form(karim, position="Director"))

    karim.refresh_from_db()
    assert (karim.organisation, karim.position) == (own, "Director")
