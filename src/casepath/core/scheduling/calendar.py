"""Free time on the providers' calendars, in the practice's zone, DST-correct.

`free_windows` turns working hours (per provider, per weekday, split days allowed),
days off (per provider, or the whole practice) and what is already booked into the
`Window`s the solver places visits in. Local wall-clock times are built with the zone
(zoneinfo) day by day, so "8:00 to 17:00" is 8:00 to 17:00 on the day the clocks change
too (a 10-hour or 8-hour real span at night is never a working span in a dental office).
Arithmetic between moments is done in UTC: Python subtracts two datetimes of the same
tzinfo by their wall clocks, which is wrong across a change.

The words helpers (`day_words`, `time_words`) are the calendar's words in messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from casepath.core.scheduling.plan import Window

Span = tuple[datetime, datetime]
Hours = Mapping[int, Mapping[int, Sequence[tuple[time, time]]]]
"""provider -> weekday (Monday is 0) -> [(starts, ends)] in local time."""
DaysOff = Mapping[int | None, Sequence[tuple[date, date]]]
"""provider (None: the whole practice) -> [(first day, last day)], both included."""
Busy = Mapping[int, Sequence[Span]]
"""provider -> [(start, end)] aware datetimes already booked."""

WEEKDAY_WORDS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def local_moment(day: date, at: time, zone: tzinfo) -> datetime:
    """The moment `at` o'clock on `day` in `zone`. A wall time the clocks skip (2:30 on
    the spring change) becomes the real moment an hour later; a repeated one is the
    first of the two."""
    naive = datetime.combine(day, at.replace(tzinfo=None))
    return naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)


def local_day(moment: datetime, zone: tzinfo) -> date:
    return moment.astimezone(zone).date()


def day_start(day: date, zone: tzinfo) -> datetime:
    return local_moment(day, time(0), zone)


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted, overlapping or touching spans joined, empty ones dropped."""
    joined: list[Span] = []
    for start, end in sorted(spans, key=lambda span: (_utc(span[0]), _utc(span[1]))):
        if _utc(end) <= _utc(start):
            continue
        if joined and _utc(start) <= _utc(joined[-1][1]):
            if _utc(end) > _utc(joined[-1][1]):
                joined[-1] = (joined[-1][0], end)
            continue
        joined.append((start, end))
    return joined


def subtract(spans: Iterable[Span], cuts: Iterable[Span]) -> list[Span]:
    """What is left of `spans` once every cut is taken out (both sorted by start). The
    cuts are walked once: a span starts from the first cut that can still reach it."""
    ordered = [(_utc(s), _utc(e), s, e) for s, e in merge(cuts)]
    left: list[Span] = []
    first = 0
    for start, end in merge(spans):
        cursor, at, stop = start, _utc(start), _utc(end)
        while first < len(ordered) and ordered[first][1] <= at:
            first += 1
        for cut_from, cut_to, cut_start, cut_end in ordered[first:]:
            if cut_to <= at:
                continue
            if cut_from >= stop:
                break
            if cut_from > at:
                left.append((cursor, cut_start))
            cursor, at = cut_end, cut_to
            if at >= stop:
                break
        if at < stop:
            left.append((cursor, end))
    return left


def free_windows(
    hours: Hours,
    days_off: DaysOff,
    busy: Busy,
    *,
    start_day: date,
    end_day: date,
    zone: tzinfo,
) -> tuple[Window, ...]:
    """Each provider's free time from `start_day` to `end_day` (both included): working
    hours on working days that are not days off (theirs or the practice's), minus what
    is booked. Sorted by provider, then start; returned in `zone`."""
    closed = _days(days_off.get(None, ()))
    windows: list[Window] = []
    for provider in sorted(hours):
        week = hours[provider]
        away = closed | _days(days_off.get(provider, ()))
        working: list[Span] = []
        day = start_day
        while day <= end_day:
            if day not in away:
                for starts, ends in week.get(day.weekday(), ()):
                    working.append((local_moment(day, starts, zone), _end_moment(day, ends, zone)))
            day += timedelta(days=1)
        for start, end in subtract(working, busy.get(provider, ())):
            windows.append(Window(provider, start.astimezone(zone), end.astimezone(zone)))
    return tuple(windows)


def split_by_day(start: datetime, end: datetime, zone: tzinfo) -> list[Span]:
    """A span cut at each local midnight (a window over midnight is two days' windows)."""
    parts: list[Span] = []
    cursor = start.astimezone(zone)
    finish = end.astimezone(zone)
    while _utc(cursor) < _utc(finish):
        midnight = day_start(cursor.date() + timedelta(days=1), zone)
        stop = midnight if _utc(midnight) < _utc(finish) else finish
        parts.append((cursor, stop))
        cursor = stop
    return parts


def day_words(day: date) -> str:
    """Jun 2."""
    return f"{day:%b} {day.day}"


def weekday_day_words(day: date) -> str:
    """Tue, Jun 2."""
    return f"{WEEKDAY_WORDS[day.weekday()]}, {day_words(day)}"


def time_words(at: time) -> str:
    """9:00 am, 12:30 pm."""
    return f"{at.hour % 12 or 12}:{at.minute:02d} {'am' if at.hour < 12 else 'pm'}"


def moment_words(moment: datetime, zone: tzinfo) -> str:
    """Jun 2 at 9:00 am (local)."""
    local = moment.astimezone(zone)
    return f"{day_words(local.date())} at {time_words(local.time())}"


def _end_moment(day: date, ends: time, zone: tzinfo) -> datetime:
    """A day that ends at midnight (00:00) ends at the next day's start."""
    if ends == time(0):
        return day_start(day + timedelta(days=1), zone)
    return local_moment(day, ends, zone)


def _days(ranges: Iterable[tuple[date, date]]) -> set[date]:
    days: set[date] = set()
    for first, last in ranges:
        day = first
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return days


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
