"""Free windows from working hours, days off and bookings, in the practice's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from casepath.core.scheduling import Window
from casepath.core.scheduling.calendar import (
    free_windows,
    local_moment,
    merge,
    moment_words,
    subtract,
    time_words,
)
from tests.core.scheduling.calendars import DENTIST, HOURS, NY, SURGEON, at


def spans(windows: tuple[Window, ...], provider: int) -> list[tuple[str, str]]:
    return [
        (f"{w.start:%a %m-%d %H:%M}", f"{w.end:%H:%M}") for w in windows if w.provider == provider
    ]


def test_working_hours_with_lunch_and_a_surgeon_on_tuesdays_and_thursdays() -> None:
    windows = free_windows(
        HOURS, {}, {}, start_day=date(2026, 3, 16), end_day=date(2026, 3, 18), zone=NY
    )
    assert spans(windows, DENTIST) == [
        ("Mon 03-16 08:00", "12:00"),
        ("Mon 03-16 13:00", "17:00"),
        ("Tue 03-17 08:00", "12:00"),
        ("Tue 03-17 13:00", "17:00"),
        ("Wed 03-18 08:00", "12:00"),
        ("Wed 03-18 13:00", "17:00"),
    ]
    assert spans(windows, SURGEON) == [("Tue 03-17 08:00", "16:00")]
    assert all(w.start.tzinfo is NY and w.end.tzinfo is NY for w in windows)


def test_days_off_of_the_provider_and_of_the_practice() -> None:
    windows = free_windows(
        HOURS,
        {
            None: [(date(2026, 3, 19), date(2026, 3, 19))],
            DENTIST: [(date(2026, 3, 16), date(2026, 3, 17))],
        },
        {},
        start_day=date(2026, 3, 16),
        end_day=date(2026, 3, 20),
        zone=NY,
    )
    assert [s for s, _ in spans(windows, DENTIST)] == [
        "Wed 03-18 08:00",
        "Wed 03-18 13:00",
        "Fri 03-20 08:00",
        "Fri 03-20 13:00",
    ]
    assert spans(windows, SURGEON) == [("Tue 03-17 08:00", "16:00")]


def test_bookings_are_taken_out() -> None:
    busy = {
        SURGEON: [(at(date(2026, 3, 17), 9), at(date(2026, 3, 17), 10, 30))],
        DENTIST: [(at(date(2026, 3, 16), 7), at(date(2026, 3, 16), 9))],
    }
    windows = free_windows(
        HOURS, {}, busy, start_day=date(2026, 3, 16), end_day=date(2026, 3, 17), zone=NY
    )
    assert spans(windows, SURGEON) == [
        ("Tue 03-17 08:00", "09:00"),
        ("Tue 03-17 10:30", "16:00"),
    ]
    assert spans(windows, DENTIST)[0] == ("Mon 03-16 09:00", "12:00")


def test_the_same_wall_clock_hours_on_both_sides_of_the_clock_change() -> None:
    windows = free_windows(
        HOURS, {}, {}, start_day=date(2026, 3, 6), end_day=date(2026, 3, 9), zone=NY
    )
    friday, monday = windows[0], windows[2]
    assert (friday.start.hour, monday.start.hour) == (8, 8)
    assert friday.start.utcoffset() == timedelta(hours=-5)
    assert monday.start.utcoffset() == timedelta(hours=-4)
    assert monday.start.astimezone(UTC) == datetime(2026, 3, 9, 12, tzinfo=UTC)


def test_a_night_shift_over_the_spring_change_is_an_hour_shorter() -> None:
    hours = {DENTIST: {6: [(time(0), time(6))]}}
    windows = free_windows(
        hours, {}, {}, start_day=date(2026, 3, 8), end_day=date(2026, 3, 8), zone=NY
    )
    (window,) = windows
    assert window.end - window.start == timedelta(hours=6)  # same tzinfo: wall clock
    assert window.end.astimezone(UTC) - window.start.astimezone(UTC) == timedelta(hours=5)


def test_a_day_that_ends_at_midnight() -> None:
    hours = {DENTIST: {0: [(time(18), time(0))]}}
    (window,) = free_windows(
        hours, {}, {}, start_day=date(2026, 3, 16), end_day=date(2026, 3, 16), zone=NY
    )
    assert window.end == at(date(2026, 3, 17), 0)


def test_a_wall_time_the_clocks_skip_is_the_real_moment_after() -> None:
    moment = local_moment(date(2026, 3, 8), time(2, 30), NY)
    assert (moment.hour, moment.minute, moment.utcoffset()) == (3, 30, timedelta(hours=-4))


def test_merge_and_subtract() -> None:
    day = date(2026, 3, 16)
    assert merge(
        [(at(day, 9), at(day, 10)), (at(day, 8), at(day, 9)), (at(day, 11), at(day, 11))]
    ) == [(at(day, 8), at(day, 10))]
    assert subtract(
        [(at(day, 8), at(day, 12))], [(at(day, 9), at(day, 10)), (at(day, 11), at(day, 13))]
    ) == [(at(day, 8), at(day, 9)), (at(day, 10), at(day, 11))]


def test_words() -> None:
    assert time_words(time(0, 5)) == "12:05 am"
    assert time_words(time(12, 30)) == "12:30 pm"
    assert time_words(time(16)) == "4:00 pm"
    assert moment_words(datetime(2026, 6, 2, 13, tzinfo=UTC), NY) == "Jun 2 at 9:00 am"
