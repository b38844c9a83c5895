"""Certificates of participation: who gets one, what it says, who may open it."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils.formats import date_format
from pypdf import PdfReader

from clusterbridge.certificates import pdf, services
from clusterbridge.certificates.models import Certificate
from clusterbridge.directory import services as directory
from tests.certificates.helpers import certificate_of, close_reloaded
from tests.conftest import World


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def _fonts(content: bytes) -> set[str]:
    fonts: set[str] = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


@pytest.fixture
def closed(world: World) -> World:
    close_reloaded(world)
    return world


def test_only_the_people_of_completed_pairs_get_a_certificate(closed: World) -> None:
    issued = services.issue_certificates(programme=closed.reloaded, issued_by=None)
    assert sorted(certificate.name for certificate in issued) == ["Amina", "Marc"]


def test_issuing_again_issues_only_the_missing_ones(closed: World) -> None:
    services.issue_certificates(programme=closed.reloaded, issued_by=None)
    assert services.issue_certificates(programme=closed.reloaded, issued_by=None) == []


def test_certificates_wait_for_the_programme_to_close(world: World) -> None:
    with pytest.raises(ValidationError, match="once the programme is closed"):
        services.issue_certificates(programme=world.reloaded, issued_by=None)


def test_each_code_is_long_random_and_different(closed: World) -> None:
    codes = [certificate_of(closed, name).code for name in ("amina", "marc")]
    assert len(set(codes)) == 2
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{24}", code) for code in codes)


def test_the_certificate_is_in_the_holders_language(closed: World) -> None:
    closed.users["marc"].language = "fr"
    closed.users["marc"].save()
    content = _text(pdf.render_pdf(certificate_of(closed, "marc"))[2])
    assert "Attestation de participation" in content
    assert "Marc" in content
    assert "Reloaded" in content


def test_the_arabic_certificate_is_right_to_left_in_noto_arabic_with_the_arabic_name(
    closed: World,
) -> None:
    closed.users["amina"].language = "ar"
    closed.users["amina"].save()
    directory.update_person(person=closed.people["amina"], arabic_name="أمينة العلوي")
    certificate = certificate_of(closed, "amina")
    content = pdf.render_pdf(certificate)[2]
    assert '<html lang="ar" dir="rtl">' in pdf.document_html(certificate)
    assert "أمينة العلوي" in _text(content)
    assert any("NotoSansArabic" in font.replace("-", "") for font in _fonts(content))


def test_the_verification_url_is_printed_on_the_certificate(closed: World) -> None:
    certificate = certificate_of(closed, "marc")
    content = _text(pdf.render_pdf(certificate)[2]).replace("\n", "")
    assert f"/certificates/{certificate.code}/" in content


def test_a_visitor_sees_only_name_programme_role_and_dates(closed: World) -> None:
    amina = closed.people["amina"]
    certificate = certificate_of(closed, "amina")
    page = closed.client_for("anonymous").get(f"/certificates/{certificate.code}/")
    html = page.content.decode()
    facts = re.findall(r"<dt>(.*?)</dt>", html)
    assert page.status_code == 200
    assert facts == ["Name", "Programme", "Role", "Dates"]
    starts = date_format(closed.reloaded.starts_on, "DATE_FORMAT")
    assert all(fact in html for fact in ("Amina", "Reloaded", "Mentee", starts))
    assert amina.email not in html
    assert amina.organisation is not None
    assert amina.organisation.name not in html
    assert "Marc" not in html


def test_a_tampered_code_is_not_found(closed: World) -> None:
    code = certificate_of(closed, "amina").code
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert closed.client_for("anonymous").get(f"/certificates/{tampered}/").status_code == 404
    assert closed.client_for("mona").get(f"/certificates/{tampered}/pdf/").status_code == 404


def test_the_holder_downloads_their_certificate_from_their_home_page(closed: World) -> None:
    certificate = certificate_of(closed, "amina")
    client = closed.client_for("amina")
    home = client.get("/home/").content.decode()
    download = client.get(f"/certificates/{certificate.code}/pdf/")
    assert f"/certificates/{certificate.code}/pdf/" in home
    assert download["Content-Type"] == "application/pdf"
    assert "Amina" in _text(download.content)


def test_the_programme_page_offers_the_holder_their_certificate(closed: World) -> None:
    certificate = certificate_of(closed, "marc")
    page = closed.client_for("marc").get("/programmes/reloaded/").content.decode()
    assert f"/certificates/{certificate.code}/pdf/" in page


@pytest.mark.parametrize("role", ["marc", "karim", "olga", "carla"])
def test_nobody_else_downloads_a_participants_certificate(closed: World, role: str) -> None:
    closed.users["karim"] = closed.people["karim"].user  # type: ignore[assignment]
    code = certificate_of(closed, "amina").code
    assert closed.client_for(role).get(f"/certificates/{code}/pdf/").status_code == 404


def test_the_manager_issues_from_the_closing_page_after_the_close(closed: World) -> None:
    response = closed.client_for("mona").post("/programmes/reloaded/closing/certificates/")
    assert response.status_code == 302
    assert Certificate.objects.count() == 2


def test_a_manager_of_another_programme_cannot_issue_them(closed: World) -> None:
    response = closed.client_for("olga").post("/programmes/reloaded/closing/certificates/")
    assert response.status_code == 404
    assert Certificate.objects.count() == 0


def test_the_command_issues_the_missing_certificates(closed: World) -> None:
    out = io.StringIO()
    call_command("certificates", "reloaded", stdout=out)
    assert Certificate.objects.count() == 2
    assert "2 certificate(s) issued for reloaded." in out.getvalue()


def test_the_command_refuses_an_unknown_slug_with_exit_1(db: None) -> None:
    with pytest.raises(CommandError, match="No programme") as error:
        call_command("certificates", "nowhere")
    assert error.value.returncode == 1
