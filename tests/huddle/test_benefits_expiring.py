"""The benefits-expiring list on hand-made dates: October 15, 2026."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casepath.huddle.selectors import benefits_expiring_list
from tests.builders import build_patient
from tests.conftest import World
from tests.huddle.builders import build_case_with, insure

AS_OF = date(2026, 10, 15)


def patient(world: World, name: str, **fields: object) -> object:
    return build_patient(world.practice_a, first_name=name, last_name="Expiring", **fields)


def test_the_soonest_end_first_then_the_most_left(world: World) -> None:
    a = world.practice_a
    calendar = patient(world, "Cal")  # Dec 31: 77 days, $1,100 left, accepted $2,000
    insure(calendar, used="400.00")
    build_case_with(world, calendar, status="accepted", fees=("2000.00",))
    november = patient(world, "Nov")  # Oct 31: 16 days, $1,500 left, presented $1,200
    insure(november, start_month=11)
    build_case_with(world, november, status="presented", fees=("1200.00",), title="Crowns")
    more_left = patient(world, "Max")  # Dec 31, all $1,500 left, a small case
    insure(more_left)
    build_case_with(world, more_left, status="ready", fees=("300.00",))
    july = patient(world, "Jul")  # June 30, 2027: too far
    insure(july, start_month=7)
    build_case_with(world, july, status="presented", fees=("3000.00",))
    scheduled = patient(world, "Sched")
    insure(scheduled)
    build_case_with(world, scheduled, status="scheduled", fees=("3000.00",))
    spent = patient(world, "Spent")  # nothing left
    insure(spent, used="1500.00")
    build_case_with(world, spent, status="presented", fees=("3000.00",))
    gone = patient(world, "Gone", status="inactive")
    insure(gone)
    build_case_with(world, gone, status="presented", fees=("3000.00",))
    uninsured = patient(world, "Cash")
    build_case_with(world, uninsured, status="presented", fees=("3000.00",))
    ended = patient(world, "Ended")  # the coverage ended in the summer
    insure(ended, end_date=date(2026, 8, 31))
    build_case_with(world, ended, status="presented", fees=("3000.00",))
    other = build_patient(world.practice_b, first_name="Bea", last_name="Other")
    insure(other)
    build_case_with(world, other, status="presented", fees=("3000.00",))

    listed = benefits_expiring_list(a, as_of=AS_OF, within_days=90)
    assert [row.patient for row in listed.rows] == [november, more_left, calendar]
    assert [
        (r.expiring.year_ends, r.expiring.days_left, r.expiring.remaining, r.expiring.outstanding)
        for r in listed.rows
    ] == [
        (date(2026, 10, 31), 16, Decimal("1500.00"), Decimal("1200.00")),
        (date(2026, 12, 31), 77, Decimal("1500.00"), Decimal("300.00")),
        (date(2026, 12, 31), 77, Decimal("1100.00"), Decimal("2000.00")),
    ]
    assert [line.case.title for line in listed.rows[0].cases] == ["Crowns"]
    assert not listed.truncated

    soon = benefits_expiring_list(a, as_of=AS_OF, within_days=30)
    assert [row.patient for row in soon.rows] == [november]
    first = benefits_expiring_list(a, as_of=AS_OF, within_days=90, limit=1)
    assert ([row.patient for row in first.rows], first.truncated) == ([november], True)


def _many(world: World, count: int, first: int = 0) -> None:
    for n in range(first, first + count):
        someone = patient(world, f"P{n}")
        insure(someone, used="100.00")
        build_case_with(world, someone, status="presented", fees=("1000.00",), portion="200.00")


def _queries(world: World) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        listed = benefits_expiring_list(world.practice_a, as_of=AS_OF, within_days=90)
    return len(queries), len(listed.rows)


@pytest.mark.parametrize("count", [3, 15])
def test_queries_stay_the_same_as_rows_grow(world: World, count: int) -> None:
    # cases (with the coverage subquery), options with their planned fees, coverages with
    # their plans, benefits used
    _many(world, count)
    assert _queries(world) == (4, count)
