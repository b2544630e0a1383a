"""The checks of one appointment: who is already booked then (blocking), and the
provider's hours and days off (warnings), in the practice's time zone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casepath.core.scheduling import Conflict, Window
from casepath.scheduling.checks import appointment_conflicts, working_windows
from casepath.scheduling.models import AppointmentStatus, TimeOff, WorkingHours
from casepath.tenancy.models import Operatory, Provider, ProviderKind
from tests.builders import build_operatory, build_patient, build_provider
from tests.conftest import World
from tests.estimates.builders import nunez
from tests.scheduling.builders import build_appointment

NEW_YORK = ZoneInfo("America/New_York")
TUESDAY = date(2026, 3, 17)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=NEW_YORK)


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(datetime(2026, 3, 10, 15, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def dentist(world: World) -> Provider:
    """Dr Nunez works Monday to Friday, 8:00 to 12:00 and 13:00 to 17:00."""
    provider = nunez(world)
    for weekday in range(5):
        for starts, ends in ((time(8), time(12)), (time(13), time(17))):
            WorkingHours.objects.create(
                practice=world.practice_a,
                provider=provider,
                weekday=weekday,
                starts=starts,
                ends=ends,
            )
    return provider


@pytest.fixture
def hygienist(world: World) -> Provider:
    return build_provider(
        world.practice_a,
        kind=ProviderKind.HYGIENIST,
        first_name="Jo",
        last_name="Smith",
        credentials="RDH",
    )


@pytest.fixture
def room(world: World) -> Operatory:
    return Operatory.objects.get(practice=world.practice_a, name="Op 1")


def check(world: World, provider: Provider, start: datetime, minutes: int = 60, **more: Any) -> Any:
    more.setdefault("patient", build_patient(world.practice_a, first_name="Ben", last_name="Ortiz"))
    return appointment_conflicts(
        world.practice_a, provider=provider, starts_at=start, minutes=minutes, **more
    )


def test_a_provider_already_seeing_someone_blocks(world: World, dentist: Provider) -> None:
    build_appointment(world.patient_a, at(TUESDAY, 10), provider=dentist)
    assert check(world, dentist, at(TUESDAY, 10, 30)) == [
        Conflict("provider", "Dr Nunez already sees Ana Lopez from 10:00 to 11:00.")
    ]


def test_back_to_back_visits_do_not_clash(world: World, dentist: Provider) -> None:
    build_appointment(world.patient_a, at(TUESDAY, 10), provider=dentist)
    assert check(world, dentist, at(TUESDAY, 11)) == []
    assert check(world, dentist, at(TUESDAY, 9), minutes=60) == []
    assert check(world, dentist, at(TUESDAY, 9), minutes=61) != []


def test_a_taken_room_blocks(
    world: World, dentist: Provider, hygienist: Provider, room: Operatory
) -> None:
    build_appointment(world.patient_a, at(TUESDAY, 10), provider=hygienist, operatory=room)
    other_room = build_operatory(world.practice_a, "Op 2")
    assert check(world, dentist, at(TUESDAY, 10), operatory=room) == [
        Conflict("operatory", "Op 1 is taken by Ana Lopez with Jo Smith from 10:00 to 11:00.")
    ]
    assert check(world, dentist, at(TUESDAY, 10), operatory=other_room) == []


def test_a_patient_seen_by_someone_else_then_blocks(
    world: World, dentist: Provider, hygienist: Provider
) -> None:
    build_appointment(world.patient_a, at(TUESDAY, 10), provider=hygienist, duration_minutes=45)
    assert check(world, dentist, at(TUESDAY, 10, 30), patient=world.patient_a) == [
        Conflict("patient", "Ana Lopez already has a visit with Jo Smith from 10:00 to 10:45.")
    ]


def test_the_same_patient_with_the_same_provider_is_said_once(
    world: World, dentist: Provider, room: Operatory
) -> None:
    build_appointment(world.patient_a, at(TUESDAY, 10), provider=dentist, operatory=room)
    found = check(world, dentist, at(TUESDAY, 10), patient=world.patient_a, operatory=room)
    assert [c.visit for c in found] == ["provider", "operatory"]
    assert all(c.blocking for c in found)


@pytest.mark.parametrize("status", [AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW])
def test_cancelled_and_no_show_visits_do_not_count(
    world: World, dentist: Provider, room: Operatory, status: str
) -> None:
    build_appointment(
        world.patient_a, at(TUESDAY, 10), provider=dentist, operatory=room, status=status
    )
    assert check(world, dentist, at(TUESDAY, 10), patient=world.patient_a, operatory=room) == []


def test_the_appointment_being_moved_is_ignored(world: World, dentist: Provider) -> None:
    moved = build_appointment(world.patient_a, at(TUESDAY, 10), provider=dentist)
    assert check(world, dentist, at(TUESDAY, 10, 30), ignore_ids=[moved.pk]) == []


def test_other_practices_appointments_do_not_count(world: World, dentist: Provider) -> None:
    theirs = build_provider(world.practice_b, first_name="Rita", last_name="Nunez")
    build_appointment(world.patient_b, at(TUESDAY, 10), provider=theirs)
    assert check(world, dentist, at(TUESDAY, 10)) == []


def test_outside_working_hours_warns(world: World, dentist: Provider) -> None:
    assert check(world, dentist, at(TUESDAY, 12, 30)) == [
        Conflict(
            "starts_at",
            "Dr Nunez works 8:00\u201312:00 and 13:00\u201317:00 on Tuesdays: "
            "12:30 to 13:30 is outside those hours.",
            blocking=False,
        )
    ]
    assert check(world, dentist, at(TUESDAY, 16, 30)) != []  # runs past 17:00
    assert check(world, dentist, at(TUESDAY, 13)) == []


def test_a_day_the_provider_does_not_work_warns(world: World, dentist: Provider) -> None:
    saturday = date(2026, 3, 21)
    assert check(world, dentist, at(saturday, 9)) == [
        Conflict("starts_at", "Dr Nunez does not work on Saturdays.", blocking=False)
    ]


def test_a_provider_without_hours_is_never_outside_them(world: World, hygienist: Provider) -> None:
    assert check(world, hygienist, at(date(2026, 3, 22), 22)) == []


def test_working_hours_are_the_practice_wall_clock_across_daylight_saving(
    world: World, dentist: Provider
) -> None:
    # New York moves its clocks on Sunday March 8, 2026: 8:00 is 13:00 UTC before, 12:00 after.
    before = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    after = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
    assert check(world, dentist, before) == []
    assert check(world, dentist, after) == []
    assert check(world, dentist, datetime(2026, 3, 9, 11, 0, tzinfo=UTC)) != []  # 7:00


def test_days_off_warn(world: World, dentist: Provider) -> None:
    TimeOff.objects.create(
        practice=world.practice_a,
        provider=dentist,
        starts_on=date(2026, 3, 16),
        ends_on=date(2026, 3, 18),
        reason="Vacation",
    )
    TimeOff.objects.create(
        practice=world.practice_a,
        starts_on=TUESDAY,
        ends_on=TUESDAY,
        reason="Staff training",
    )
    found = check(world, dentist, at(TUESDAY, 9))
    assert found == [
        Conflict("starts_at", "Dr Nunez is off from 03/16/2026 to 03/18/2026 (Vacation).", False),
        Conflict("starts_at", "The practice is closed on 03/17/2026 (Staff training).", False),
    ]
    assert check(world, dentist, at(date(2026, 3, 19), 9)) == []


def test_another_providers_day_off_is_not_a_warning(
    world: World, dentist: Provider, hygienist: Provider
) -> None:
    TimeOff.objects.create(
        practice=world.practice_a, provider=hygienist, starts_on=TUESDAY, ends_on=TUESDAY
    )
    assert check(world, dentist, at(TUESDAY, 9)) == []


def test_blocking_conflicts_come_before_warnings(world: World, dentist: Provider) -> None:
    build_appointment(world.patient_a, at(TUESDAY, 12), provider=dentist)
    found = check(world, dentist, at(TUESDAY, 11, 30))
    assert [(c.visit, c.blocking) for c in found] == [("provider", True), ("starts_at", False)]


def test_the_checks_read_in_three_queries(
    world: World, dentist: Provider, room: Operatory, django_assert_max_num_queries: Any
) -> None:
    patients = [build_patient(world.practice_a, first_name=f"P{n}") for n in range(8)]
    for n, patient in enumerate(patients):
        build_appointment(
            patient,
            at(TUESDAY, 8, 0) + n * (at(TUESDAY, 8, 30) - at(TUESDAY, 8)),
            provider=dentist,
            operatory=room,
            duration_minutes=240,
        )
    ben = build_patient(world.practice_a, first_name="Ben")
    with django_assert_max_num_queries(3):
        found = appointment_conflicts(
            world.practice_a,
            patient=ben,
            provider=dentist,
            starts_at=at(TUESDAY, 11),
            minutes=60,
            operatory=room,
        )
    assert len([c for c in found if c.visit == "provider"]) == 8
    assert len([c for c in found if c.visit == "operatory"]) == 8


def test_working_windows_are_the_hours_minus_days_off(world: World, dentist: Provider) -> None:
    TimeOff.objects.create(
        practice=world.practice_a, provider=dentist, starts_on=TUESDAY, ends_on=TUESDAY
    )
    TimeOff.objects.create(
        practice=world.practice_a, starts_on=date(2026, 3, 19), ends_on=date(2026, 3, 19)
    )
    windows = working_windows(world.practice_a, [dentist], date(2026, 3, 16), date(2026, 3, 22))
    assert sorted(windows, key=lambda w: w.start) == [
        Window(dentist.pk, at(day, a), at(day, b))
        for day in (date(2026, 3, 16), date(2026, 3, 18), date(2026, 3, 20))
        for a, b in ((8, 12), (13, 17))
    ]


def test_working_windows_leave_out_busy_time(world: World, dentist: Provider) -> None:
    busy = {dentist.pk: [(at(TUESDAY, 9), at(TUESDAY, 10))]}
    windows = working_windows(world.practice_a, [dentist.pk], TUESDAY, TUESDAY, busy=busy)
    assert sorted(windows, key=lambda w: w.start) == [
        Window(dentist.pk, at(TUESDAY, 8), at(TUESDAY, 9)),
        Window(dentist.pk, at(TUESDAY, 10), at(TUESDAY, 12)),
        Window(dentist.pk, at(TUESDAY, 13), at(TUESDAY, 17)),
    ]
