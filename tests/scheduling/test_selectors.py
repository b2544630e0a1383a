"""Visits by the practice's days, and each patient's next visit."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from casepath.scheduling.selectors import next_visit, practice_zone, visits_between
from tests.builders import build_patient, build_provider
from tests.conftest import World
from tests.scheduling.builders import build_appointment

NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def at(day: int, hour: int, minute: int = 0, tz: Any = NEW_YORK) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=tz)


def test_visits_between_runs_from_midnight_to_midnight_of_the_practice(world: World) -> None:
    patient = world.patient_a
    build_appointment(patient, at(9, 23, 59))  # the evening before
    first = build_appointment(patient, at(10, 0, 0))
    last = build_appointment(patient, at(12, 23, 30))
    build_appointment(patient, at(13, 0, 0))  # the morning after
    build_appointment(patient, at(11, 9), status="cancelled")
    build_appointment(patient, at(11, 10), status="no_show")
    middle = build_appointment(patient, at(11, 11), status="completed")
    build_provider(world.practice_b)
    build_appointment(world.patient_b, at(11, 9))  # another practice
    rows = visits_between(world.practice_a, date(2026, 3, 10), date(2026, 3, 12), NEW_YORK)
    assert list(rows) == [first, middle, last]


def test_the_practice_time_zone_decides_the_day(world: World) -> None:
    late = build_appointment(world.patient_a, datetime(2026, 3, 13, 4, 30, tzinfo=UTC))
    day = date(2026, 3, 12)
    assert list(visits_between(world.practice_a, day, day, NEW_YORK)) == []  # 00:30 on the 13th
    assert list(visits_between(world.practice_a, day, day, LOS_ANGELES)) == [late]  # 9:30 pm
    world.practice_a.time_zone = "America/Los_Angeles"
    assert practice_zone(world.practice_a) == LOS_ANGELES


def test_a_day_across_the_clock_change_is_whole(world: World) -> None:
    """March 8, 2026 has 23 hours in New York; its visits are all found, none of the 9th."""
    early = build_appointment(world.patient_a, at(8, 1, 30))
    late = build_appointment(world.patient_a, at(8, 23, 30))
    build_appointment(world.patient_a, at(9, 0, 15))
    day = date(2026, 3, 8)
    assert list(visits_between(world.practice_a, day, day, NEW_YORK)) == [early, late]


def test_next_visit_skips_cancelled_missed_and_other_patients(world: World) -> None:
    patient = world.patient_a
    sister = build_patient(world.practice_a, first_name="Eva")
    build_appointment(patient, at(9, 9))  # before
    build_appointment(patient, at(10, 9), status="cancelled")
    build_appointment(patient, at(10, 10), status="no_show")
    build_appointment(sister, at(10, 11))
    later = build_appointment(patient, at(20, 8))
    build_appointment(patient, at(24, 8))
    assert next_visit(patient, at(10, 8)) == later
    assert next_visit(patient, at(20, 8)) == later  # starting right then counts
    assert next_visit(patient, at(24, 8, 1)) is None
