from __future__ import annotations

from typing import Any

from django import template

from clusterbridge.certificates import selectors
from clusterbridge.programmes.models import Programme

register = template.Library()


@register.inclusion_tag("certificates/programme_certificate.html", takes_context=True)
def my_certificate(context: template.Context, programme: Programme) -> dict[str, Any]:
    """The viewer's own certificate of this programme, to download from its page."""
    certificate = (
        selectors.certificates_of(context["request"].user)
        .filter(participation__programme=programme)
        .first()
    )
    return {"certificate": certificate, "programme": programme}
