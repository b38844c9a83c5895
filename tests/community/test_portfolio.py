"""The portfolio PDF holds the consenting participants, in English, French and Arabic."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from clusterbridge.community import portfolio
from clusterbridge.community.jobs import PORTFOLIO
from clusterbridge.directory import services
from clusterbridge.jobs.models import Job
from tests.conftest import World
from tests.jobs.immediate import jobs_run_at_once


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def consenting(world: World) -> World:
    now = timezone.now()
    for name in ("marc", "amina", "paola"):
        services.update_person(person=world.people[name], portfolio_consent=True)
    services.update_person(person=world.people["amina"], full_name="أمينة العلوي")
    assert now
    return world


def test_only_consenting_participants_appear_and_pairs_need_both(consenting: World) -> None:
    content = portfolio.build_portfolio(consenting.reloaded)
    names = sorted(p.person.full_name for s in content.sections for p in s.profiles)
    assert names == sorted(["Marc", "أمينة العلوي", "Paola"])
    assert [pair.pk for pair in content.pairs] == [consenting.pair.pk]  # Karim did not consent


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_pdf_holds_the_names_and_arabic_in_logical_order(
    consenting: World, language: str
) -> None:
    pdf = portfolio.render_pdf(portfolio.build_portfolio(consenting.reloaded), language=language)
    text = _text(pdf)
    assert pdf.startswith(b"%PDF")
    assert "Marc" in text
    assert "Paola" in text
    assert "أمينة العلوي" in text
    assert "Karim" not in text


def test_the_arabic_pdf_is_laid_out_right_to_left(consenting: World) -> None:
    html = portfolio.render_html(
        portfolio.build_portfolio(consenting.reloaded), language="ar", for_pdf=True
    )
    assert '<html lang="ar" dir="rtl">' in html


def test_names_in_the_pdf_are_isolated_from_the_surrounding_direction(consenting: World) -> None:
    html = portfolio.render_html(
        portfolio.build_portfolio(consenting.reloaded), language="en", for_pdf=True
    )
    # First-strong and pop isolates: an Arabic name keeps its place in an English sentence.
    assert "\u2068أمينة العلوي\u2069" in html


def test_the_html_version_is_a_page_of_the_site(consenting: World) -> None:
    response = consenting.client_for("marc").get(
        f"/programmes/{consenting.reloaded.slug}/portfolio/"
    )
    assert "أمينة العلوي" in response.content.decode()


def _ask(client: Client, slug: str, **data: str) -> HttpResponse:
    response = client.post(f"/programmes/{slug}/portfolio/", data)
    assert isinstance(response, HttpResponse)
    return response


@pytest.mark.parametrize(
    ("file_format", "content_type"),
    [("pdf", "application/pdf"), ("html", "text/html; charset=utf-8")],
)
def test_asking_for_the_portfolio_queues_a_job_whose_file_only_its_requester_downloads(
    consenting: World, file_format: str, content_type: str
) -> None:
    with jobs_run_at_once():
        response = _ask(consenting.client_for("amina"), "reloaded", lang="fr", format=file_format)

    assert response.status_code == 303
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.requested_by, job.queue) == (
        PORTFOLIO,
        consenting.users["amina"],
        "exports",
    )
    download = consenting.client_for("amina").get(f"/jobs/{job.pk}/download")
    assert download["Content-Type"] == content_type
    assert f'filename="reloaded-portfolio-fr.{file_format}"' in download["Content-Disposition"]
    body = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert "Paola" in (_text(body) if file_format == "pdf" else body.decode())
    for other in ("marc", "mona"):
        assert consenting.client_for(other).get(f"/jobs/{job.pk}/download").status_code == 404


@pytest.mark.parametrize(
    "data", [{"lang": "de", "format": "pdf"}, {"lang": "fr", "format": "docx"}, {}]
)
def test_a_bad_language_or_format_shows_the_form_again_and_queues_nothing(
    consenting: World, data: dict[str, str]
) -> None:
    response = _ask(consenting.client_for("amina"), "reloaded", **data)

    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not Job.objects.exists()


def test_someone_outside_the_programme_cannot_ask_for_its_portfolio(consenting: World) -> None:
    response = _ask(consenting.client_for("marc"), "other", lang="en", format="pdf")
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_the_former_download_link_leads_to_the_form_and_queues_nothing(consenting: World) -> None:
    response = consenting.client_for("amina").get("/programmes/reloaded/portfolio.pdf?lang=fr")
    assert response.status_code == 302
    assert response["Location"] == "/programmes/reloaded/portfolio/?lang=fr"
    assert not Job.objects.exists()


def test_the_command_writes_the_pdf_with_a_progress_bar(consenting: World, tmp_path: Path) -> None:
    target = tmp_path / "portfolio.pdf"
    out, err = io.StringIO(), io.StringIO()
    call_command("portfolio", "reloaded", "--lang", "ar", "-o", str(target), stdout=out, stderr=err)
    assert "أمينة العلوي" in _text(target.read_bytes())
    assert "3 participants" in out.getvalue()
    assert err.getvalue().splitlines()[-1] == f"[{'#' * 30}] 4/4 Done"
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_the_command_exits_1_for_an_unknown_programme(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No programme with the slug 'nope'") as error:
        call_command("portfolio", "nope", "-o", str(tmp_path / "x.pdf"))
    assert error.value.returncode == 1
