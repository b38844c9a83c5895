"""The real SMTP server on loopback of the calendar tests, for the e-mails consent tests."""

from tests.meetings.conftest import smtp

__all__ = ["smtp"]
