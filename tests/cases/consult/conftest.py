"""Shared fixtures of the consult tests: the clock, a ready two-option case, a booked consult."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casepath.cases import consult_services
from casepath.cases.models import Consult
from casepath.tenancy.models import Operatory, Provider
from tests.cases.builders import TwoOptions, two_option_case
from tests.conftest import World

NOW = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)  # 2:30 pm in New York
TODAY = date(2026, 3, 10)
NEW_YORK = ZoneInfo("America/New_York")
CONSULT_AT = datetime(2026, 3, 20, 10, 0, tzinfo=NEW_YORK)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def two(world: World) -> TwoOptions:
    """Implant (recommended, two phases) or a bridge, estimated and ready."""
    return two_option_case(world)


def room_a(world: World) -> Operatory:
    return Operatory.objects.get(practice=world.practice_a)


def dentist_a(world: World) -> Provider:
    return Provider.objects.filter(practice=world.practice_a, is_external=False).first()  # type: ignore[return-value]


def book(world: World, two: TwoOptions, **overrides: Any) -> Consult:
    values: dict[str, Any] = {
        "acting_user": world.tess,
        "case": two.case,
        "provider": dentist_a(world),
        "starts_at": CONSULT_AT,
        "duration_minutes": 45,
        "room": room_a(world),
        "attendees": [("Luis Lopez", "Spouse", True, None)],
        "now": NOW,
    }
    return consult_services.consult_schedule(**(values | overrides))


def url(name: str, *args: object) -> str:
    return reverse(f"cases:{name}", args=args)
