"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives: the `smtp` fixture of
every mail test (registered by tests/conftest.py)."""

from __future__ import annotations

import email
import socket
import threading
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """Everything the SMTP server accepted, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        # The server runs in its own thread; tests read while transactional tests may still send.
        self.lock = threading.Lock()
        self.controller: Controller | None = None
        self.running = False

    def stop(self) -> None:
        """Take the server down: connections to its port are refused until `start`."""
        if self.controller is not None and self.running:
            self.controller.stop()
            self.running = False

    def start(self) -> None:
        """Bring the server (back) up on the same port, keeping what it received."""
        if self.controller is not None and not self.running:
            # A stopped controller's event loop is closed: a new one takes the port.
            port = self.controller.port
            self.controller = Controller(self, hostname="127.0.0.1", port=port)
            self.controller.start()
            self.running = True

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def calendar_part(message: EmailMessage) -> tuple[str, str]:
        """(method parameter, text) of the message's text/calendar attachment."""
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                return str(part.get_param("method")), part.get_content()
        raise AssertionError("no text/calendar part")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp(settings) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.controller, inbox.running = controller, True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        inbox.stop()
