"""New-patient tests: texting off, links on a made-up public host, a real SMTP server
when a test asks for `smtp_inbox`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from tests.smtp import Inbox, local_smtp

PUBLIC_URL = "https://casepath.example"


@pytest.fixture(autouse=True)
def intake_settings() -> Iterator[None]:
    with override_settings(SMS_MODE="off", CASEPATH_PUBLIC_URL=PUBLIC_URL):
        yield


@pytest.fixture
def smtp_inbox() -> Iterator[Inbox]:
    with local_smtp() as inbox:
        yield inbox
