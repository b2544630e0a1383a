"""Properties: any proposal returned keeps every constraint, checked by conflicts().

Random calendars (night hours included), in zones with and without clock changes (Lord
Howe's is half an hour), starting near a change; random bookings, plans, rules, phase
healing, the patient's own appointments and preferences.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from casepath.core.scheduling import (
    Placed,
    Preferences,
    Request,
    Rule,
    Unschedulable,
    Visit,
    VisitKind,
)
from casepath.core.scheduling.calendar import free_windows, local_moment
from casepath.core.scheduling.conflicts import conflicts
from casepath.core.scheduling.sequence import gaps_for
from casepath.core.scheduling.solver import propose

ZONES = ("America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata")
FIRST_DAYS = (date(2026, 3, 4), date(2026, 3, 25), date(2026, 4, 1), date(2026, 10, 22))
KINDS = (VisitKind.EXTRACTION, VisitKind.IMPLANT, VisitKind.CROWN, VisitKind.ROOT_CANAL)
PROVIDERS = (1, 2, 3)
quarter = st.integers(0, 96)


@dataclass
class Case:
    request: Request
    busy: dict[int, list[tuple[datetime, datetime]]]


@st.composite
def spans(draw: st.DrawFn) -> list[tuple[time, time]]:
    first, second = sorted(draw(st.lists(quarter, min_size=2, max_size=2, unique=True)))
    return [(_time(first), _time(second))]


def _time(quarters: int) -> time:
    return time(0) if quarters == 96 else time(quarters // 4, 15 * (quarters % 4))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    first = draw(st.sampled_from(FIRST_DAYS)) + timedelta(days=draw(st.integers(0, 6)))
    days = draw(st.integers(10, 45))
    hours = {
        provider: {
            weekday: draw(spans())
            for weekday in draw(st.sets(st.integers(0, 6), min_size=3, max_size=7))
        }
        for provider in PROVIDERS
    }
    busy: dict[int, list[tuple[datetime, datetime]]] = {}
    for provider in PROVIDERS:
        busy[provider] = []
        for _ in range(draw(st.integers(0, 12))):
            day = first + timedelta(days=draw(st.integers(0, days)))
            start = local_moment(day, _time(draw(st.integers(0, 95))), zone)
            busy[provider].append((start, start + timedelta(minutes=15 * draw(st.integers(1, 16)))))
    count = draw(st.integers(1, 5))
    visits = tuple(
        Visit(
            f"v{n}",
            f"Visit {n}",
            draw(st.sampled_from((15, 30, 45, 50, 60, 90, 120))),
            tuple(draw(st.sets(st.sampled_from(PROVIDERS), min_size=1, max_size=2))),
            draw(st.integers(1, 3)),
            draw(st.sampled_from(KINDS)),
            frozenset(draw(st.sets(st.sampled_from(("3", "19", "30")), max_size=1))),
        )
        for n in range(count)
    )
    rules = [
        Rule(before, after, low, "a rule", low + extra if draw(st.booleans()) else None)
        for before, after, low, extra in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(KINDS),
                    st.sampled_from(KINDS),
                    st.integers(0, 7),
                    st.integers(0, 10),
                ),
                max_size=3,
            )
        )
    ]
    healing = {phase: draw(st.integers(0, 5)) for phase in (1, 2)}
    not_before = local_moment(first, _time(draw(st.integers(0, 95))), zone)
    patient_busy = tuple(
        (start, start + timedelta(hours=1))
        for start in (
            local_moment(first + timedelta(days=d), time(h), zone)
            for d, h in draw(
                st.lists(st.tuples(st.integers(0, 10), st.integers(0, 23)), max_size=3)
            )
        )
    )
    preferences = draw(
        st.one_of(
            st.just(Preferences()),
            st.builds(
                Preferences,
                st.frozensets(st.integers(0, 6), min_size=1),
                st.one_of(st.none(), st.sampled_from((time(8), time(12)))),
                st.one_of(st.none(), st.sampled_from((time(14), time(20)))),
            ),
        )
    )
    request = Request(
        visits=visits,
        gaps=gaps_for(visits, rules, healing),
        free=free_windows(
            hours, {}, busy, start_day=first, end_day=first + timedelta(days=days), zone=zone
        ),
        zone=zone,
        not_before=not_before,
        until=local_moment(first + timedelta(days=days), time(0), zone),
        preferences=preferences,
        patient_busy=patient_busy,
        grid_minutes=draw(st.sampled_from((15, 30))),
    )
    return Case(request, busy)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_every_proposal_keeps_every_constraint(case: Case) -> None:
    request = case.request
    try:
        proposal = propose(request, seconds=1)
    except Unschedulable as error:
        event("unschedulable")
        assert error.reasons and all(reason.endswith(".") for reason in error.reasons)
        return
    event("proposal with a note" if proposal.notes else "proposal")
    check(request, proposal.placed)
    found = conflicts(request, proposal.placed, case.busy)
    assert [c.message for c in found if c.blocking] == []
    warned = [c.message for c in found if not c.blocking]
    assert all("patient's" in message for message in warned), warned
    assert bool(warned) <= bool(proposal.notes), (warned, proposal.notes)
    if not proposal.notes:
        assert warned == []


def check(request: Request, placed: tuple[Placed, ...]) -> None:
    """What conflicts() trusts: one placement per visit, its length, on the grid."""
    assert sorted(p.visit for p in placed) == sorted(v.key for v in request.visits)
    minutes = {v.key: v.minutes for v in request.visits}
    for p in placed:
        real = p.end.astimezone(UTC) - p.start.astimezone(UTC)
        assert real == timedelta(minutes=minutes[p.visit])
        local = p.start.astimezone(request.zone)
        assert (local.hour * 60 + local.minute) % request.grid_minutes == 0
        assert local.second == 0
        assert p.provider in next(v.providers for v in request.visits if v.key == p.visit)
