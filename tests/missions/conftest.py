"""The real SMTP server on loopback of the calendar tests, for the mission e-mails."""

from tests.meetings.conftest import smtp

__all__ = ["smtp"]
