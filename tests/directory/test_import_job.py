"""Importing a big file is a job: the page answers at once, the job imports in one go."""

from __future__ import annotations

import io
from pathlib import Path
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.test import Client

from clusterbridge.directory import services as directory_services
from clusterbridge.directory.models import Person
from clusterbridge.jobs.models import Job
from clusterbridge.jobs.services import retry_job
from clusterbridge.programmes.import_jobs import IMPORT, folder
from clusterbridge.programmes.models import Participation
from tests.conftest import World
from tests.jobs.immediate import jobs_run_at_once

HEADER = "name,email,organisation,country,city,position,time_zone,languages,gender,bio\n"
ROWS = (
    HEADER
    + "Salma Bennani,salma@example.org,,MA,,,,,,\n"
    + "Youssef Amrani,youssef@example.org,,MA,,,,,,\n"
    + "Nadia Tazi,nadia@example.org,,MA,,,,,,\n"
    + "No Mail,,,MA,,,,,,\n"
)
NEW_EMAILS = ["nadia@example.org", "salma@example.org", "youssef@example.org"]


@pytest.fixture(autouse=True)
def _small_threshold(settings) -> None:
    settings.JOB_IMPORT_ROWS = 2


def _preview_url(client: Client, world: World) -> str:
    upload = io.BytesIO(ROWS.encode())
    upload.name = "people.csv"
    started = client.post(
        "/directory/import/",
        {"kind": "people", "file": upload, "programme": world.reloaded.pk, "role": "mentee"},
    )
    return str(started["Location"])


def _imported() -> list[str]:
    return sorted(Person.objects.filter(email__in=NEW_EMAILS).values_list("email", flat=True))


def test_a_file_above_the_threshold_is_imported_by_a_job_that_leads_to_the_summary(
    world: World,
) -> None:
    client = world.client_for("mona")
    preview_url = _preview_url(client, world)
    with jobs_run_at_once():
        response = client.post(preview_url)

    job = Job.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.description) == (IMPORT, "Importing 3 rows of people.csv")
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.result_message == "3 rows imported out of 4."
    assert job.result_url == f"{preview_url}done/"
    assert _imported() == NEW_EMAILS
    enrolled = Participation.objects.filter(programme=world.reloaded, person__email__in=NEW_EMAILS)
    assert set(enrolled.values_list("role", flat=True)) == {"mentee"}
    summary = client.get(job.result_url)
    assert summary.status_code == 200
    assert "3 rows imported out of <bdi>4</bdi>." in summary.content.decode()
    assert "1 rejected row" in summary.content.decode()
    assert client.get(f"{preview_url}rejected.csv").status_code == 200


def test_the_summary_is_the_uploaders_only(world: World) -> None:
    client = world.client_for("mona")
    preview_url = _preview_url(client, world)
    with jobs_run_at_once():
        client.post(preview_url)
    assert world.client_for("ada").get(f"{preview_url}done/").status_code == 404
    assert Client().get(f"{preview_url}done/").status_code == 302


def test_a_manager_who_lost_the_programme_before_the_job_ran_imports_nothing(
    world: World,
) -> None:
    client = world.client_for("mona")
    preview_url = _preview_url(client, world)
    with jobs_run_at_once():
        client.post(preview_url)
        Participation.objects.filter(person=world.people["mona"], role="manager").delete()

    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.error == "You may no longer import into the directory."
    assert _imported() == []


def test_a_job_failing_halfway_imports_nothing_and_its_retry_imports_all(world: World) -> None:
    client = world.client_for("mona")
    preview_url = _preview_url(client, world)
    create_person = directory_services.create_person
    calls = iter(range(100))

    def fail_on_the_second(**values: object) -> Person:
        if next(calls) == 1:
            raise RuntimeError("disk full")
        return create_person(**values)  # type: ignore[arg-type]

    with patch.object(directory_services, "create_person", fail_on_the_second), jobs_run_at_once():
        client.post(preview_url)

    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "unexpected error" in job.error
    assert _imported() == []

    with jobs_run_at_once():
        retry_job(job=job, actor=world.users["mona"])

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert _imported() == NEW_EMAILS


def test_the_command_imports_through_the_same_job_with_a_progress_bar(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(ROWS.replace("No Mail,,,MA,,,,,,\n", ""))
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "import_people", str(path), "--programme=reloaded", "--role=mentee", stdout=out, stderr=err
    )

    assert "Imported 3 of 3 row(s)." in out.getvalue()
    assert "3/3" in err.getvalue()
    assert _imported() == NEW_EMAILS
    assert not list(folder().glob("cli-*"))
