"""Personal data in the certificates: the holder's name as printed."""

from __future__ import annotations

from clusterbridge.certificates.models import Certificate
from clusterbridge.common import privacy

privacy.register(
    Certificate,
    rows=privacy.rows_of(Certificate, "participation__person"),
    anonymise=privacy.delete_rows,
)
