"""Benefit years that end soon with annual maximum left."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.errors import CasepathError
from casepath.core.huddle import (
    Candidate,
    benefit_year_end,
    benefits_expiring,
    check_within_days,
    days_left,
    months_ending_within,
)


@pytest.mark.parametrize(
    ("day", "start_month", "end"),
    [
        (date(2026, 10, 15), 1, date(2026, 12, 31)),
        (date(2026, 12, 31), 1, date(2026, 12, 31)),
        (date(2026, 1, 1), 1, date(2026, 12, 31)),
        (date(2026, 4, 2), 7, date(2026, 6, 30)),
        (date(2026, 7, 1), 7, date(2027, 6, 30)),
        (date(2027, 2, 10), 3, date(2027, 2, 28)),
        (date(2028, 2, 10), 3, date(2028, 2, 29)),  # a leap year
    ],
)
def test_benefit_year_end(day: date, start_month: int, end: date) -> None:
    assert benefit_year_end(day, start_month) == end


def test_days_left_is_zero_on_the_last_day() -> None:
    assert days_left(date(2026, 12, 31), 1) == 0
    assert days_left(date(2026, 10, 2), 1) == 90


def test_a_month_out_of_range_is_refused() -> None:
    with pytest.raises(CasepathError) as refused:
        benefit_year_end(date(2026, 1, 1), 13)
    assert refused.value.errors[0].path == "benefit_year_start_month"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(1, 12))
def test_the_year_ends_within_a_year_on_the_eve_of_its_start_month(
    day: date, start_month: int
) -> None:
    end = benefit_year_end(day, start_month)
    assert day <= end < day + timedelta(days=366)
    assert (end + timedelta(days=1)).month == start_month
    assert (end + timedelta(days=1)).day == 1


AS_OF = date(2026, 10, 15)  # calendar-year plans: 77 days left


def candidate(patient_id: int, month: int, remaining: str | None, owed: str) -> Candidate:
    left = None if remaining is None else Decimal(remaining)
    return Candidate(patient_id, month, left, Decimal(owed))


def test_the_soonest_end_first_then_the_most_left_then_the_most_owed() -> None:
    found = benefits_expiring(
        [
            candidate(1, 1, "400.00", "2000.00"),  # Dec 31, 77 days
            candidate(2, 11, "900.00", "1500.00"),  # Oct 31, 16 days
            candidate(3, 1, "1200.00", "800.00"),  # Dec 31, more left than 1
            candidate(4, 1, "400.00", "3000.00"),  # Dec 31, as much left as 1, more owed
            candidate(5, 7, "1500.00", "5000.00"),  # Jun 30 2027: too far
            candidate(6, 1, "0.00", "5000.00"),  # nothing left
            candidate(7, 1, None, "5000.00"),  # no annual maximum
            candidate(8, 1, "900.00", "0.00"),  # nothing outstanding
        ],
        as_of=AS_OF,
        within_days=90,
    )
    assert [(e.patient_id, e.days_left) for e in found] == [(2, 16), (3, 77), (4, 77), (1, 77)]
    assert found[0].year_ends == date(2026, 10, 31)
    assert found[1].remaining == Decimal("1200.00")
    assert found[1].outstanding == Decimal("800.00")


def test_within_days_is_inclusive() -> None:
    found = benefits_expiring([candidate(1, 1, "10.00", "10.00")], as_of=AS_OF, within_days=77)
    assert [e.patient_id for e in found] == [1]
    assert benefits_expiring([candidate(1, 1, "10.00", "10.00")], as_of=AS_OF, within_days=76) == []


@pytest.mark.parametrize("bad", [0, 367, -5])
def test_within_days_out_of_range(bad: int) -> None:
    with pytest.raises(CasepathError) as refused:
        check_within_days(bad)
    assert refused.value.errors[0].path == "within_days"


def test_months_ending_within() -> None:
    # on October 15: December-31 ends (January plans) in 77 days, October-31 (November
    # plans) in 16, November-30 (December plans) in 46; January-31 (February plans) in 108
    assert months_ending_within(AS_OF, 90) == frozenset({11, 12, 1})
    assert months_ending_within(AS_OF, 16) == frozenset({11})
    assert months_ending_within(AS_OF, 15) == frozenset()


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(1, 366))
def test_months_ending_within_agrees_with_days_left(day: date, within: int) -> None:
    months = months_ending_within(day, within)
    assert months == {m for m in range(1, 13) if days_left(day, m) <= within}
