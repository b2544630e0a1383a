"""Messages tests: a real SMTP server (aiosmtpd), a local fake text provider, a public
URL for unsubscribe links, the webhook secret, and a frozen clock at NOW."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import override_settings

from tests.messaging.builders import NOW, PUBLIC_URL, WEBHOOK_SECRET
from tests.messaging.fake_sms import TOKEN, FakeSms, start
from tests.smtp import Inbox, local_smtp


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


@pytest.fixture
def smtp_inbox() -> Iterator[Inbox]:
    """A real SMTP server on a free local port, with Django's SMTP backend pointed at it."""
    with local_smtp() as inbox:
        yield inbox


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
