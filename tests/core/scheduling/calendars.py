"""Hand-made calendars for the scheduling core's tests (no database).

The practice is in New York. Dr. Nunez (1) works Monday to Friday, 8:00-12:00 and
13:00-17:00; Dr. Reyes (2), the oral surgeon, Tuesdays and Thursdays 8:00-16:00.
Mar 16, 2026 is a Monday; the clocks go forward on Sunday Mar 8 and back on Sunday Nov 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from casepath.core.scheduling import (
    DEFAULT_RULES,
    Preferences,
    Request,
    Visit,
    VisitKind,
)
from casepath.core.scheduling.calendar import free_windows
from casepath.core.scheduling.sequence import gaps_for

NY = ZoneInfo("America/New_York")
DENTIST, SURGEON = 1, 2
NAMES = {DENTIST: "Dr. Nunez", SURGEON: "Dr. Reyes"}
HOURS: dict[int, dict[int, list[tuple[time, time]]]] = {
    DENTIST: {day: [(time(8), time(12)), (time(13), time(17))] for day in range(5)},
    SURGEON: {1: [(time(8), time(16))], 3: [(time(8), time(16))]},
}
START = date(2026, 3, 16)

GRAFT = Visit("graft", "Bone graft", 90, (SURGEON,), 1, VisitKind.GRAFT, frozenset({"19"}))
IMPLANT = Visit("implant", "Implant placement", 90, (SURGEON,), 2, VisitKind.IMPLANT,
                frozenset({"19"}))  # fmt: skip
CROWN = Visit("crown", "Implant crown", 60, (DENTIST,), 3, VisitKind.IMPLANT_RESTORATION,
              frozenset({"19"}))  # fmt: skip
CHAIN = (GRAFT, IMPLANT, CROWN)
CHAIN_HEALING = {1: 90, 2: 90}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=NY)


def request_for(
    visits: Sequence[Visit] = CHAIN,
    *,
    healing: Mapping[int, int] | None = None,
    start: datetime | None = None,
    days: int = 300,
    hours: Mapping[int, Mapping[int, Sequence[tuple[time, time]]]] = HOURS,
    days_off: Mapping[int | None, Sequence[tuple[date, date]]] | None = None,
    busy: Mapping[int, Sequence[tuple[datetime, datetime]]] | None = None,
    preferences: Preferences | None = None,
    rules: bool = True,
    **extra: object,
) -> Request:
    """The request the app would build: free windows from the hours, gaps from the plan."""
    start = start or at(START, 10)
    first = start.astimezone(NY).date()
    free = free_windows(
        hours,
        days_off or {},
        busy or {},
        start_day=first,
        end_day=first + timedelta(days=days),
        zone=NY,
    )
    request = Request(
        visits=tuple(visits),
        gaps=gaps_for(visits, DEFAULT_RULES if rules else (), healing or {}),
        free=free,
        zone=NY,
        not_before=start,
        until=datetime.combine(first + timedelta(days=days), time(0), tzinfo=NY),
        preferences=preferences or Preferences(),
        provider_names=dict(NAMES),
    )
    return replace(request, **extra)  # type: ignore[arg-type]
