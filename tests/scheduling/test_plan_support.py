"""Shared set-up of the plan-scheduling tests (no tests here): the builders' calendar and
accepted implant case, with time frozen at acceptance (10:00 in New York, Monday March
16, 2026)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casepath.cases.models import Case
from casepath.core.scheduling import Preferences
from casepath.scheduling.plan_requests import PlanRequest, plan_request
from tests.conftest import World
from tests.scheduling.plan_builders import (
    ACCEPTED_AT,
    ACCEPTED_ON,
    Calendar,
    accepted_implant_case,
    build_calendar,
)

NEW_YORK = ZoneInfo("America/New_York")


@dataclass
class Setup:
    world: World
    calendar: Calendar
    case: Case


@pytest.fixture(name="setup")
def setup_fixture(world: World) -> Iterator[Setup]:
    """Import `setup_fixture` to use the `setup` fixture."""
    with time_machine.travel(ACCEPTED_AT, tick=False):
        calendar = build_calendar(world)
        yield Setup(world, calendar, accepted_implant_case(world, calendar))


def request_of(case: Case, **options: object) -> PlanRequest:
    values: dict[str, object] = {
        "now": ACCEPTED_AT,
        "preferences": Preferences(),
        "start_on": ACCEPTED_ON,
    }
    values.update(options)
    return plan_request(case, **values)  # type: ignore[arg-type]


def local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=NEW_YORK)


def keys_of(plan: PlanRequest) -> list[str]:
    return [v.key for v in plan.visits]
