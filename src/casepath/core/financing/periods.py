"""Unit periods of Regulation Z Appendix J (12 CFR 1026): which one a schedule has,
and how many of them lie between two dates.

A unit period is a day, a number of weeks (1 to 52), a semimonth or a number of
months (1 to 12) (App. J (b)(3)(iii)). Between two dates there are `t` whole
unit periods and a fraction `f` of one, counted as App. J (b)(5) says:

- days and weeks: the days between the dates over the days of the unit;
- a month: whole months counted back from the later date, then the remaining
  days over 30 (all months are equal);
- a semimonth or 2 to 11 months: 30 days for each whole month counted back,
  plus the remaining days, over 15 or over 30 x the months;
- a year: whole years counted back, then the remaining months over 12 when what
  is left is whole months, else the remaining days over 365.

Counting back keeps the later date's day of the month, or the month's last day
when the month is shorter. A payment on the last day of a month counts back from
`month_end_day` (31, 30 or 29) instead of its own day when the schedule falls on
that day, so that a schedule on the 31st (or the 30th) counts 28 February back to
31 January (App. J (b)(3)(iv)).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cached_property
from typing import Final, Literal

Kind = Literal["day", "week", "semimonth", "month"]
DAYS_IN_MONTH: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class Unit:
    """`count` days, weeks or months (a semimonth has count 1)."""

    kind: Kind
    count: int = 1

    @cached_property
    def nominal_days(self) -> Fraction:
        """Its length in days (months are a twelfth of 365), to compare units."""
        if self.kind == "day":
            return Fraction(self.count)
        if self.kind == "week":
            return Fraction(7 * self.count)
        if self.kind == "semimonth":
            return Fraction(365, 24)
        return Fraction(365 * self.count, 12)

    @cached_property
    def per_year(self) -> Fraction:
        """Unit periods in a year: 365 days, 52 weeks, 24 semimonths, 12 months."""
        yearly = {"day": 365, "week": 52, "semimonth": 24, "month": 12}[self.kind]
        return Fraction(yearly, self.count)


DAY: Final = Unit("day")
WEEKS: Final = {n: Unit("week", n) for n in range(1, 53)}
SEMIMONTH: Final = Unit("semimonth")
MONTHS: Final = {n: Unit("month", n) for n in range(1, 13)}
MONTH: Final = MONTHS[1]
YEAR: Final = MONTHS[12]
STANDARD: Final = (DAY, *WEEKS.values(), SEMIMONTH, *MONTHS.values())
# The units the apr-v1 contract can name, shortest first.
NAMED: Final = {
    WEEKS[1]: "week",
    WEEKS[2]: "2weeks",
    SEMIMONTH: "semimonth",
    WEEKS[4]: "4weeks",
    MONTH: "month",
    MONTHS[2]: "2months",
    MONTHS[3]: "quarter",
    YEAR: "year",
}


def days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return DAYS_IN_MONTH[month - 1]


def is_month_end(day: date) -> bool:
    return day.day == days_in_month(day.year, day.month)


def month_end_day(dues: Sequence[date]) -> int | None:
    """The schedule's day when it falls on the 29th, 30th or 31st (or None).

    That day is the latest of them that two payments fall on, or the first
    payment's day: a month-end payment of a shorter month stands for it.
    """
    counts = Counter(due.day for due in dues if due.day >= 29)
    days = [day for day, n in counts.items() if n >= 2 or (dues and dues[0].day == day)]
    return max(days, default=None)


def anchor(due: date, month_end: int | None) -> int:
    """The day of the month to count whole months back from `due`."""
    if month_end is not None and due.day < month_end and is_month_end(due):
        return month_end
    return due.day


def months_back(later: date, months: int, day: int) -> date:
    """`day` (or the month's last day) of the month `months` before `later`'s."""
    year, month = divmod(later.year * 12 + later.month - 1 - months, 12)
    return date(year, month + 1, min(day, days_in_month(year, month + 1)))


def whole_months(start: date, end: date, day: int) -> tuple[int, date]:
    """Whole months counted back from `end` (by `day`) without passing `start`,
    and the date reached."""
    months = (end.year - start.year) * 12 + end.month - start.month
    reached = months_back(end, months, day)
    if reached < start:
        months -= 1
        reached = months_back(end, months, day)
    return months, reached


def span(start: date, end: date, unit: Unit, day: int | None = None) -> tuple[int, Fraction]:
    """Whole unit periods `t` and the fraction `f` of one from `start` to `end`.

    `day` is the day of the month to count months back from (`end`'s by default).
    """
    whole, rest, length = span_parts(start, end, unit, end.day if day is None else day)
    return whole, Fraction(rest, length)


def span_parts(start: date, end: date, unit: Unit, day: int) -> tuple[int, int, int]:
    """`span` as (t, numerator, denominator) of f, unreduced."""
    if unit.kind == "day" or unit.kind == "week":
        length = unit.count * (7 if unit.kind == "week" else 1)
        whole, rest = divmod((end - start).days, length)
        return whole, rest, length
    months, reached = whole_months(start, end, day)
    if unit == YEAR:
        years, months_left = divmod(months, 12)
        if reached == start:
            return years, months_left, 12
        return years, (months_back(end, 12 * years, day) - start).days, 365
    if unit == MONTH:  # (b)(5)(ii); f can be 30/30 (1 to 31 January is not a whole month)
        return months, (reached - start).days, 30
    length = 15 if unit.kind == "semimonth" else 30 * unit.count
    whole, rest = divmod(30 * months + (reached - start).days, length)
    return whole, rest, length


def common_unit(advance: date, dues: Sequence[date]) -> Unit:
    """App. J (b)(4)(i): the common period that occurs most often (the shorter on a
    tie); with none, the average period rounded to the nearest standard interval."""
    month_end = month_end_day(dues)
    days = [anchor(due, month_end) for due in dues]
    counts: Counter[Unit] = Counter()
    for start, start_day, end, end_day in zip(
        [advance, *dues[:-1]], [advance.day, *days[:-1]], dues, days, strict=True
    ):
        counts.update(units_between(start, start_day, end, end_day))
    common = [(n, unit) for unit, n in counts.items() if n >= 2]
    if common:
        return min(common, key=lambda item: (-item[0], item[1].nominal_days))[1]
    return nearest(Fraction((dues[-1] - advance).days, len(dues)), STANDARD)


def units_between(start: date, start_day: int, end: date, end_day: int) -> list[Unit]:
    """The standard intervals the period from `start` to `end` is exactly one of.

    The `_day`s are the days of the month each date stands for (see `anchor`).
    A semimonth goes from one day to the day 15 later, or from a day after the
    15th to the day 15 earlier in the next month (the 1st and the 16th, the 15th
    and the 30th, each kept to the month's last day).
    """
    found = []
    days = (end - start).days
    if days == 1:
        found.append(DAY)
    if days % 7 == 0 and days <= 364:
        found.append(WEEKS[days // 7])
    months = (end.year - start.year) * 12 + end.month - start.month
    if 1 <= months <= 12 and min(end_day, days_in_month(start.year, start.month)) == start.day:
        found.append(MONTHS[months])
    if months <= 1 and end == half_a_month_after(start, start_day):
        found.append(SEMIMONTH)
    return found


def half_a_month_after(start: date, day: int) -> date:
    if day <= 15:
        return months_back(start, 0, day + 15)
    return months_back(start, -1, day - 15)


def nearest(days: Fraction, units: Sequence[Unit]) -> Unit:
    """The unit nearest `days` long; halfway between two, the shorter (App. J (b)(4)(i)(B))."""
    return min(units, key=lambda unit: (abs(unit.nominal_days - days), unit.nominal_days))
