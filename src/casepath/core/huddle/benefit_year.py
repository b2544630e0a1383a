"""Benefits that run out: patients with unscheduled treatment whose annual maximum has
money left when their benefit year ends soon.

A plan's benefit year starts on the first day of its `benefit_year_start_month` and
ends the day before the next one starts: a calendar-year plan ends on December 31, a
July plan on June 30. Whatever is left of the annual maximum then is lost, so the list
shows the soonest ends first and, among patients whose year ends the same day, the
most money left first (then the most treatment outstanding).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from casepath.core.benefits.dates import benefit_year
from casepath.core.errors import CasepathError
from casepath.core.money import ZERO

DEFAULT_WITHIN_DAYS: Final = 90
LONGEST_WITHIN_DAYS: Final = 366


def benefit_year_end(day: date, start_month: int) -> date:
    """The last day of the benefit year holding `day`."""
    if not 1 <= start_month <= 12:
        raise CasepathError.at("benefit_year_start_month", "Give a month from 1 to 12.")
    next_start = date(benefit_year(day, start_month) + 1, start_month, 1)
    return next_start - timedelta(days=1)


def days_left(day: date, start_month: int) -> int:
    """Days from `day` to the end of its benefit year (0 on the last day)."""
    return (benefit_year_end(day, start_month) - day).days


def months_ending_within(as_of: date, within_days: int) -> frozenset[int]:
    """The start months of the plans whose benefit year ends within `within_days` of
    `as_of` (to ask the database for those patients only)."""
    within = check_within_days(within_days)
    return frozenset(month for month in range(1, 13) if days_left(as_of, month) <= within)


def check_within_days(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CasepathError.at("within_days", "Give a whole number of days.")
    if not 1 <= value <= LONGEST_WITHIN_DAYS:
        raise CasepathError.at("within_days", f"Give 1 to {LONGEST_WITHIN_DAYS} days.")
    return value


@dataclass(frozen=True)
class Candidate:
    """A patient with unscheduled treatment and the plan of their primary coverage."""

    patient_id: int
    start_month: int
    remaining: Decimal | None  # the annual maximum left; None: the plan has none
    outstanding: Decimal


@dataclass(frozen=True)
class Expiring:
    patient_id: int
    year_ends: date
    days_left: int
    remaining: Decimal
    outstanding: Decimal


def benefits_expiring(
    candidates: Iterable[Candidate], *, as_of: date, within_days: int
) -> list[Expiring]:
    """Patients whose benefit year ends within `within_days` of `as_of` with some annual
    maximum left and some treatment outstanding: the soonest end first, then the most
    left, then the most outstanding."""
    within = check_within_days(within_days)
    found = []
    for c in candidates:
        left = days_left(as_of, c.start_month)
        if left <= within and c.remaining is not None and c.remaining > ZERO < c.outstanding:
            found.append(
                Expiring(
                    c.patient_id, as_of + timedelta(days=left), left, c.remaining, c.outstanding
                )
            )
    return sorted(found, key=lambda e: (e.days_left, -e.remaining, -e.outstanding, e.patient_id))
