"""The portfolio PDF holds the consenting participants, in English, French and Arabic."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from pypdf import PdfReader

from clusterbridge.community import portfolio
from clusterbridge.directory import services
from tests.conftest import World


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


def test_the_html_version_is_a_page_of_the_site(consenting: World) -> None:
    response = consenting.client_for("marc").get(
        f"/programmes/{consenting.reloaded.slug}/portfolio/"
    )
    assert "أمينة العلوي" in response.content.decode()


def test_the_download_button_gives_a_pdf(consenting: World) -> None:
    response = consenting.client_for("amina").get(
        f"/programmes/{consenting.reloaded.slug}/portfolio.pdf?lang=fr"
    )
    assert response["Content-Type"] == "application/pdf"
    assert "Paola" in _text(response.content)


def test_the_command_writes_the_pdf(consenting: World, tmp_path: Path) -> None:
    target = tmp_path / "portfolio.pdf"
    call_command("portfolio", "reloaded", "--lang", "ar", "-o", str(target), stdout=io.StringIO())
    assert "أمينة العلوي" in _text(target.read_bytes())


@pytest.mark.django_db
def test_the_command_exits_1_for_an_unknown_programme(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No programme with the slug 'nope'") as error:
        call_command("portfolio", "nope", "-o", str(tmp_path / "x.pdf"))
    assert error.value.returncode == 1
