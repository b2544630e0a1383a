"""A real SMTP server on 127.0.0.1 for the e-mail tests (aiosmtpd), with Django's SMTP
backend pointed at it; its own log is kept quiet (its thread may log after a test's
output is closed)."""

from __future__ import annotations

import email
import email.policy
import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from django.test import override_settings


@dataclass
class Inbox:
    """What the SMTP server received: one (recipients, parsed e-mail) per delivery."""

    deliveries: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.deliveries.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


@contextmanager
def local_smtp() -> Iterator[Inbox]:
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    smtp = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=5,
    )
    try:
        with smtp:
            yield inbox
    finally:
        controller.stop()
