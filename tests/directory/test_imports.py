"""Importing people and organisations: every bad row is reported, the rest imported, once."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from clusterbridge.directory import imports, tabular
from clusterbridge.directory.models import Organisation, Person
from clusterbridge.directory.tabular import UnreadableFile, read_table
from clusterbridge.programmes.models import Participation
from tests.factories import PersonFactory, ProgrammeFactory

HEADER = "name,email,organisation,country,city,position,time_zone,languages,gender,bio\n"
GOOD = (
    HEADER
    + "Salma Bennani,salma@example.org,Maroc Numeric Cluster,MA,Casablanca,Manager,,"
    + '"ar:native, fr:C2, en",female,Ten years\n'
    + "Claire Dumont,claire@example.org,Provence Numérique,France,,,,fr,,\n"
)


def _xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading files -------------------------------------------------------------------------


def test_columns_are_matched_by_name_in_any_order_and_case() -> None:
    table = read_table(b"COUNTRY;E-mail;Name\nMA;a@example.org;Amina\n")
    assert table.rows[0].values == {"country": "MA", "e_mail": "a@example.org", "name": "Amina"}


def test_semicolon_separated_windows_1252_from_french_excel_is_read() -> None:
    content = "name;email;country\nHélène Mécatronique;h@example.org;Maroc\n".encode("cp1252")
    table = read_table(content)
    assert table.rows[0].values["name"] == "Hélène Mécatronique"


def test_utf8_with_byte_order_mark_is_read() -> None:
    table = read_table("\ufeffname,email\nسلمى,s@example.org\n".encode())
    assert table.headers == ["name", "email"]
    assert table.rows[0].values["name"] == "سلمى"


def test_an_empty_file_is_unreadable_with_a_clear_message() -> None:
    with pytest.raises(UnreadableFile, match="empty"):
        read_table(b"")


def test_a_million_empty_lines_are_an_empty_file() -> None:
    with pytest.raises(UnreadableFile, match="empty"):
        read_table(b"\n" * 1_000_000)


def test_a_million_empty_lines_after_the_rows_are_skipped() -> None:
    table = read_table(b"name,email\nA,a@example.org\n" + b"\n" * 1_000_000)
    assert [row.number for row in table.rows] == [2]


def test_ragged_rows_are_numbered_and_flagged() -> None:
    table = read_table(b"name,email,country\nA,a@example.org\nB,b@example.org,MA,extra\n")
    assert [(row.number, row.extra_values) for row in table.rows] == [(2, 0), (3, 1)]
    assert table.rows[0].values["country"] == ""


def test_a_binary_file_is_refused() -> None:
    with pytest.raises(UnreadableFile, match="not a text file"):
        read_table(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0")


def test_utf16_text_with_byte_order_mark_is_read_like_the_scores_file() -> None:
    table = read_table("name\temail\r\nHélène\th@example.org\r\n".encode("utf-16"))
    assert table.rows[0].values == {"name": "Hélène", "email": "h@example.org"}


def test_a_header_of_100_000_columns_is_refused_with_a_clear_message() -> None:
    header = ",".join(f"column{number}" for number in range(100_000))
    with pytest.raises(UnreadableFile) as error:
        read_table(f"{header}\nA,a@example.org\n".encode())
    assert str(error.value) == (
        "Line 1 is longer than 100000 characters: this is not a table of people or "
        "organisations. Nothing was imported."
    )


def test_a_header_over_the_column_limit_is_refused_in_the_readers_language() -> None:
    header = ",".join(f"c{number}" for number in range(tabular.MAX_COLUMNS + 1))
    with translation.override("fr"), pytest.raises(UnreadableFile) as error:
        read_table(f"{header}\n".encode())
    assert str(error.value).startswith("L’en-tête a 1001 colonnes")


def test_a_header_at_the_column_limit_is_read_and_its_duplicates_named() -> None:
    names = [f"c{number}" for number in range(tabular.MAX_COLUMNS - 2)] + ["c7", "c9"]
    with pytest.raises(UnreadableFile, match=r"^Columns appear twice: c7, c9\.$"):
        read_table((",".join(names) + "\n").encode())


def test_an_xlsx_that_is_not_a_zip_is_refused() -> None:
    with pytest.raises(UnreadableFile, match="not a zip archive"):
        read_table(b"name,email\n", filename="people.xlsx")


def test_a_zip_bomb_is_refused_before_inflating() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    with pytest.raises(UnreadableFile, match="zip bomb"):
        read_table(buffer.getvalue(), filename="bomb.xlsx")


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(UnreadableFile, match="not an Excel"):
        read_table(buffer.getvalue(), filename="people.xlsx")


def test_an_xlsx_file_is_read_from_its_first_sheet() -> None:
    table = read_table(_xlsx([["Name", "Email", "Year"], ["Amina", "a@example.org", 2014]]))
    assert table.rows[0].values == {"name": "Amina", "email": "a@example.org", "year": "2014"}


# --- preview and commit ----------------------------------------------------------------------


@pytest.mark.django_db
def test_preview_lists_every_rejected_row_with_number_column_and_reason() -> None:
    PersonFactory(email="taken@example.org")
    content = (
        HEADER
        + "No Mail,,,MA,,,,,,\n"
        + "Nowhere,n@example.org,,Atlantis,,,,,,\n"
        + "Twice,t@example.org,,MA,,,,,,\n"
        + "Twice again,T@example.org,,MA,,,,,,\n"
        + "Bad zone,z@example.org,,MA,,,Mars/Olympus,,,\n"
        + "Ragged,r@example.org,,MA,,,,,,,oops\n"
    )
    preview = imports.preview_people(read_table(content.encode()))
    reasons = [(r.row, r.column, r.reason) for r in preview.rejected]
    assert reasons == [
        (2, "email", "missing e-mail"),
        (3, "country", "unknown country “Atlantis”"),
        (5, "email", "duplicate: the same e-mail is on row 4"),
        (6, "time_zone", "“Mars/Olympus” is not a known time zone"),
        (7, "", reasons[-1][2]),
    ]
    assert [values["email"] for values in preview.valid] == ["t@example.org"]


@pytest.mark.django_db
def test_countries_are_recognised_by_code_and_english_french_or_arabic_name() -> None:
    content = HEADER + "".join(
        f"P{index},p{index}@example.org,,{name},,,,,,\n"
        for index, name in enumerate(["tn", "Tunisia", "Tunisie", "تونس"])
    )
    preview = imports.preview_people(read_table(content.encode()))
    assert preview.rejected == []
    assert {values["country"].code for values in preview.valid} == {"TN"}


@pytest.mark.django_db
def test_commit_imports_valid_rows_and_importing_twice_creates_no_duplicates() -> None:
    for _ in range(2):
        preview = imports.preview_people(read_table(GOOD.encode()))
        imports.commit_people(preview)
    salma = Person.objects.get(email="salma@example.org")
    assert Person.objects.count() == 2
    assert Organisation.objects.filter(name="Maroc Numeric Cluster").count() == 1
    assert dict(salma.languages.values_list("language", "level")) == {
        "ar": "native",
        "fr": "C2",
        "en": "B2",
    }
    assert salma.time_zone == "Africa/Casablanca"


@pytest.mark.django_db
def test_a_second_import_updates_people_matched_by_email() -> None:
    imports.commit_people(imports.preview_people(read_table(GOOD.encode())))
    changed = GOOD.replace("Manager", "Director").replace("salma@", "SALMA@")
    imports.commit_people(imports.preview_people(read_table(changed.encode())))
    assert Person.objects.get(email="salma@example.org").position == "Director"


@pytest.mark.django_db
def test_rejected_rows_file_keeps_the_original_values_and_the_reason() -> None:
    content = HEADER + "No Mail,,,MA,,,,,,\n" + "=cmd|calc,x@example.org,,Atlantis,,,,,,\n"
    preview = imports.preview_people(read_table(content.encode()))
    text = imports.rejected_rows_csv(preview).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "row,column,reason," + HEADER.strip()
    assert lines[1].startswith("2,email,missing e-mail,No Mail,")
    assert ",'=cmd|calc," in lines[2]


@pytest.mark.django_db
def test_organisations_with_a_bad_url_are_rejected_and_the_rest_imported() -> None:
    content = (
        "name,acronym,country,website,sectors\n"
        "Maroc Numeric Cluster,MNC,MA,www.mnc.example,ict\n"
        "Bad Link,,MA,http://,ict\n"
        "Unknown Sector,,MA,,rockets\n"
    )
    preview = imports.preview_organisations(read_table(content.encode()))
    saved = imports.commit_organisations(preview)
    assert [(r.row, r.column) for r in preview.rejected] == [(3, "website"), (4, "sectors")]
    assert [organisation.website for organisation in saved] == ["https://www.mnc.example"]


# --- the command -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_exit_status_is_0_when_every_row_is_imported(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(GOOD)
    call_command("import_people", str(path), stdout=io.StringIO())
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_command_exits_3_imports_the_rest_and_writes_rejected_rows(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(GOOD + "No Mail,,,MA,,,,,,\n")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_people", str(path), stdout=out)
    assert exit_info.value.code == 3
    assert Person.objects.count() == 2
    assert "row 4, email: missing e-mail" in out.getvalue()
    assert (tmp_path / "people.csv.rejected.csv").read_text(encoding="utf-8-sig").count("\n") == 2


@pytest.mark.django_db
def test_command_enrols_people_in_a_programme_and_dry_run_writes_nothing(tmp_path: Path) -> None:
    programme = ProgrammeFactory(slug="reloaded")
    path = tmp_path / "people.xlsx"
    path.write_bytes(_xlsx(list(csv.reader(io.StringIO(GOOD)))))
    call_command(
        "import_people",
        str(path),
        "--programme=reloaded",
        "--role=mentee",
        "--dry-run",
        stdout=io.StringIO(),
    )
    assert Person.objects.count() == 0
    call_command(
        "import_people", str(path), "--programme=reloaded", "--role=mentee", stdout=io.StringIO()
    )
    assert Participation.objects.filter(programme=programme, role="mentee").count() == 2


@pytest.mark.django_db
def test_command_refuses_a_role_without_a_programme(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(GOOD)
    with pytest.raises(CommandError, match="--role needs --programme"):
        call_command("import_people", str(path), "--role=mentor")


@pytest.mark.slow
def test_command_line_exits_2_on_an_unreadable_file_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    path.write_text("this is not a workbook")
    env = {**os.environ, "CLUSTERBRIDGE_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "clusterbridge", "import_people", str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "not a zip archive" in result.stderr
    assert "Traceback" not in result.stderr


# --- the pages ---------------------------------------------------------------------------------


def test_manager_uploads_previews_commits_and_downloads_rejected_rows(world) -> None:
    client = world.client_for("mona")
    upload = io.BytesIO((GOOD + "No Mail,,,MA,,,,,,\n").encode())
    upload.name = "people.csv"
    response = client.post(
        "/directory/import/",
        {"kind": "people", "file": upload, "programme": world.reloaded.pk, "role": "mentee"},
    )
    preview_url = response["Location"]
    preview = client.get(preview_url)
    done = client.post(preview_url)
    rejected = client.get(f"{preview_url}rejected.csv")
    assert preview.status_code == 200
    assert [(r.row, r.reason) for r in preview.context["preview"].rejected] == [
        (4, "missing e-mail")
    ]
    assert done.status_code == 200
    assert world.reloaded.participations.filter(person__email="salma@example.org").exists()
    assert b"missing e-mail" in rejected.content


def test_an_unreadable_upload_is_a_message_and_nothing_is_stored(world) -> None:
    client = world.client_for("mona")
    upload = io.BytesIO(b"")
    upload.name = "people.xlsx"
    before = Person.objects.count()
    response = client.post("/directory/import/", {"kind": "people", "file": upload}, follow=True)
    assert response.status_code == 200
    assert Person.objects.count() == before
    assert response.context["form"].errors


def test_a_100_000_column_upload_is_refused_on_the_form_and_nothing_is_kept(
    world, settings, tmp_path: Path
) -> None:
    # A data folder of its own: other workers' imports write to the shared one meanwhile.
    settings.DATA_DIR = tmp_path
    client = world.client_for("mona")
    folder = Path(settings.DATA_DIR) / "imports"
    kept_before = set(folder.iterdir()) if folder.exists() else set()
    header = ",".join(f"column{number}" for number in range(100_000))
    upload = io.BytesIO(f"{header}\n{GOOD}".encode())
    upload.name = "people.csv"
    before = Person.objects.count()
    response = client.post("/directory/import/", {"kind": "people", "file": upload})
    assert response.status_code == 200
    assert "Line 1 is longer than 100000 characters" in response.context["form"].errors["file"][0]
    assert Person.objects.count() == before
    assert (set(folder.iterdir()) if folder.exists() else set()) == kept_before


def test_the_preview_reads_the_rows_parsed_at_upload_and_keeps_no_copy_of_the_file(world) -> None:
    client = world.client_for("mona")
    upload = io.BytesIO(GOOD.encode())
    upload.name = "people.csv"
    preview_url = client.post("/directory/import/", {"kind": "people", "file": upload})["Location"]
    token = preview_url.rstrip("/").rsplit("/", 1)[-1]
    kept = sorted(path.name for path in (Path(settings.DATA_DIR) / "imports").glob(f"{token}*"))
    first, reload = client.get(preview_url), client.get(preview_url)
    assert kept == [f"{token}.json"]
    assert [row["email"] for row in first.context["preview"].valid] == [
        "salma@example.org",
        "claire@example.org",
    ]
    assert reload.context["preview"].valid == first.context["preview"].valid


# --- who an import may touch -------------------------------------------------------------------

OUTSIDE = "exists outside your programmes: invite them instead"


def _upload(client, content: str, **fields: object):
    """Upload a people file and commit it; the preview page's answer and the done page's."""
    upload = io.BytesIO(content.encode())
    upload.name = "people.csv"
    started = client.post("/directory/import/", {"kind": "people", "file": upload, **fields})
    preview_url = started["Location"]
    return client.get(preview_url), client.post(preview_url)


def test_manager_cannot_import_over_other_programmes(world) -> None:
    PersonFactory(full_name="Ada Admin", email="ada@example.org", user=world.users["ada"])
    content = (
        HEADER
        + "Hijacked Admin,ADA@example.org,,MA,,,,,,\n"
        + "Hijacked Olga,olga@example.org,,FR,,,,,,\n"
        + "Amina Renamed,amina@example.org,,MA,,,,,,\n"
        + "Salma Bennani,salma@example.org,,MA,,,,,,\n"
    )

    preview, done = _upload(world.client_for("mona"), content)

    assert [(r.row, r.column, r.reason) for r in preview.context["preview"].rejected] == [
        (2, "email", OUTSIDE),
        (3, "email", OUTSIDE),
    ]
    assert done.status_code == 200
    names = dict(Person.objects.values_list("email", "full_name"))
    assert names["ada@example.org"] == "Ada Admin"
    assert names["olga@example.org"] == "Olga"
    assert names["amina@example.org"] == "Amina Renamed"
    assert names["salma@example.org"] == "Salma Bennani"


def test_the_outside_reason_is_translated(world) -> None:
    client = world.client_for("mona")
    client.post("/language/", {"language": "fr"})

    preview, _done = _upload(client, HEADER + "Olga,olga@example.org,,FR,,,,,,\n")

    reason = preview.context["preview"].rejected[0].reason
    assert reason != OUTSIDE
    assert "invitez" in reason.lower()


def test_site_admin_import_updates_anyone(world) -> None:
    content = HEADER + "Olga Renamed,olga@example.org,,FR,,,,,,\n"

    preview, _done = _upload(world.client_for("ada"), content)

    assert preview.context["preview"].rejected == []
    assert Person.objects.get(email="olga@example.org").full_name == "Olga Renamed"


def test_command_line_runs_as_the_operator_and_updates_anyone(world, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "Olga Renamed,olga@example.org,,FR,,,,,,\n")

    call_command("import_people", str(path), stdout=io.StringIO())

    assert Person.objects.get(email="olga@example.org").full_name == "Olga Renamed"


# --- nobody on both sides of one programme -----------------------------------------------------


def test_import_rejects_a_row_that_would_make_a_mentor_a_mentee(world) -> None:
    content = HEADER + "Marc,marc@example.org,,FR,,,,,,\n" + GOOD.split("\n", 1)[1]

    preview, done = _upload(
        world.client_for("mona"), content, programme=world.reloaded.pk, role="mentee"
    )

    [rejection] = preview.context["preview"].rejected
    assert (rejection.row, rejection.column) == (2, "email")
    assert "already takes part in this programme as Mentor" in rejection.reason
    assert done.status_code == 200
    marc = world.reloaded.participations.filter(person__email="marc@example.org")
    assert list(marc.values_list("role", flat=True)) == ["mentor"]
    assert world.reloaded.participations.filter(
        person__email="salma@example.org", role="mentee"
    ).exists()


def test_command_rejects_a_row_that_would_make_a_mentee_a_mentor(world, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "Amina,amina@example.org,,MA,,,,,,\n" + GOOD.split("\n", 1)[1])
    out = io.StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import_people", str(path), "--programme=reloaded", "--role=mentor", stdout=out
        )

    assert exit_info.value.code == 3
    assert "row 2, email: Amina already takes part in this programme as Mentee" in out.getvalue()
    assert not world.reloaded.participations.filter(
        person__email="amina@example.org", role="mentor"
    ).exists()
    assert world.reloaded.participations.filter(role="mentor").count() == 4
