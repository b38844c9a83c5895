"""The certificate as a document. Like every exporter: ``render(...) -> (filename,
content_type, bytes)``.

WeasyPrint lays it out with the system's Noto fonts, as the portfolio and the impact report do;
an Arabic certificate is a right-to-left document set in Noto Sans Arabic.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from clusterbridge.certificates.models import Certificate

Rendered = tuple[str, str, bytes]


def verification_url(certificate: Certificate) -> str:
    return f"{settings.BASE_URL}{certificate.get_absolute_url()}"


def document_html(certificate: Certificate) -> str:
    """The certificate in its holder's language, as a standalone document."""
    language = certificate.language
    with translation.override(language):
        return render_to_string(
            "certificates/certificate_pdf.html",
            {
                "certificate": certificate,
                "participation": certificate.participation,
                "programme": certificate.participation.programme,
                "language": language,
                "rtl": translation.get_language_bidi(),
                "verification_url": verification_url(certificate),
            },
        )


def render_pdf(certificate: Certificate) -> Rendered:
    # Imported here: WeasyPrint loads Pango at import, which only the PDF needs.
    from weasyprint import HTML  # noqa: PLC0415

    pdf = HTML(string=document_html(certificate)).write_pdf()
    assert pdf is not None  # write_pdf returns bytes when no target is given
    programme = certificate.participation.programme
    filename = f"certificate-{programme.slug}-{certificate.code[:8]}.pdf"
    return filename, "application/pdf", pdf
