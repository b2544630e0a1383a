"""Messages tests: a real SMTP server (aiosmtpd), a local fake text provider, a public
URL for unsubscribe links, the webhook secret, and a frozen clock at NOW."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message as Email
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.test import override_settings

from tests.messaging.builders import NOW, PUBLIC_URL, WEBHOOK_SECRET
from tests.messaging.fake_sms import TOKEN, FakeSms, start


@pytest.fixture(autouse=True)
def messaging_settings() -> Iterator[None]:
    """Texting off unless a test starts the fake provider; links on a made-up host."""
    with override_settings(
        SMS_MODE="off", CASEPATH_PUBLIC_URL=PUBLIC_URL, CASEPATH_SMS_WEBHOOK_SECRET=WEBHOOK_SECRET
    ):
        yield


@pytest.fixture
def at_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@dataclass
class Inbox:
    """What the SMTP server received: one (recipients, parsed e-mail) per delivery."""

    deliveries: list[tuple[list[str], Email]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.deliveries.append(
            (
                list(envelope.rcpt_tos),
                email.message_from_bytes(envelope.original_content, policy=email.policy.default),
            )
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox() -> Iterator[Inbox]:
    """A real SMTP server on a free local port, with Django's SMTP backend pointed at it."""
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


@pytest.fixture
def fake_sms() -> Iterator[FakeSms]:
    """The fake provider running, and Casepath's HTTP provider pointed at it."""
    fake = FakeSms()
    server = start(fake)
    try:
        with override_settings(
            SMS_MODE="http",
            CASEPATH_SMS_URL=fake.url,
            CASEPATH_SMS_TOKEN=TOKEN,
            CASEPATH_SMS_FROM="+16145550100",
        ):
            yield fake
    finally:
        server.shutdown()
        server.server_close()
