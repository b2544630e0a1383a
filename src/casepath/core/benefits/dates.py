"""Calendar arithmetic the benefit rules need: months, benefit years, ages."""

from __future__ import annotations

from datetime import date

from casepath.core.benefits.memo import Memo

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); the 31st becomes the month's last day."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    if day.day <= 28:
        return date(year, month0 + 1, day.day)
    last = _DAYS_IN_MONTH[month0]
    if month0 == 1 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        last = 29
    return date(year, month0 + 1, min(day.day, last))


def _months_later(key: tuple[date, int]) -> date:
    return add_months(*key)


# add_months for the windows of frequencies, which see the same dates again and again
months_later: Memo[tuple[date, int], date] = Memo(_months_later)


def benefit_year(day: date, start_month: int) -> int:
    """The calendar year in which the benefit year holding `day` begins."""
    return day.year if day.month >= start_month else day.year - 1


def age_on(birth_date: date, day: date) -> int:
    """Whole years of age on `day` (a 29 February birthday counts from 1 March)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday
