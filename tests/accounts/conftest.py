"""Sign-in tests: a frozen clock to move, and a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.builders import PASSWORD
from tests.smtp import Inbox, local_smtp

NOW = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)  # 2:30 pm in New York (EDT)


@pytest.fixture
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def smtp_inbox() -> Iterator[Inbox]:
    """A real SMTP server on a free local port, with Django's SMTP backend pointed at it."""
    with local_smtp() as inbox:
        yield inbox


def log_in(client: Client, username: str, password: str = PASSWORD, **extra: str) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session
