"""A real SMTP server on loopback (aiosmtpd) for the mail tests."""

from __future__ import annotations
