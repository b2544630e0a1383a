"""The due dates of a payment series `{"count", "first_date", "every"}`.

Months are calendar months: a payment falls on the first date's day of the
month, or on the month's last day when the month is shorter (a series that
starts on January 31 is due February 28, March 31, April 30...). A semimonth
is half of a month counted as 30 days, as Appendix J counts it: a series falls
on two days fifteen days apart, the first date's day and its partner (1st and
16th, 5th and 20th, 15th and 30th; a 31st stands for the month's last day and
pairs with the 15th), each clamped to the month's end the same way. Appendix J's
semimonthly example is due on the 1st and the 16th.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

DAYS = {"week": 7, "2weeks": 14, "4weeks": 28}
MONTHS = {"month": 1, "2months": 2, "quarter": 3, "year": 12}
EVERY = (*DAYS, "semimonth", *MONTHS)


def series_dates(first: date, count: int, every: str) -> list[date]:
    """`count` due dates from `first`, one `every` apart (one of EVERY)."""
    if every in DAYS:
        return [first + timedelta(days=DAYS[every] * k) for k in range(count)]
    if every in MONTHS:
        return [_in_month(first, MONTHS[every] * k, first.day) for k in range(count)]
    return _semimonths(first, count)


def _semimonths(first: date, count: int) -> list[date]:
    day = min(first.day, 30)
    early, start = (day, 0) if day <= 15 else (day - 15, 1)  # start 1: first is the later day
    later = 31 if first.day == 31 else early + 15
    dates = []
    for k in range(start, start + count):
        months, second = divmod(k, 2)
        dates.append(_in_month(first, months, later if second else early))
    return dates


def _in_month(first: date, months: int, day: int) -> date:
    """`day` (or the month's last day) of the month `months` after `first`'s."""
    year, month = divmod(first.year * 12 + first.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day, last))
