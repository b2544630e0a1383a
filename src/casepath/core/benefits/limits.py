"""Limits that deny a benefit outright: frequencies, ages, waiting periods."""

from __future__ import annotations

from datetime import date

from casepath.core.benefits.dates import add_months, age_on, months_later
from casepath.core.benefits.plan import CodeRules
from casepath.core.benefits.rules import BENEFIT_YEAR, CALENDAR_YEAR, WINDOW, Frequency
from casepath.core.benefits.usage import Service, Usage


def frequency_reached(
    usage: Usage, rules: CodeRules, day: date, year: int, area: tuple[str, str, str]
) -> Frequency | None:
    """The first frequency rule this service would go over, if any.

    Earlier services count within the rule's period and area; for a rolling
    window, a service exactly N months before (or after) does not count.
    """
    for rule in rules.frequencies:
        services = usage.services[rule.slot]
        if services and _count(rule, services, day, year, area) >= rule.times:
            return rule
    return None


def _count(
    rule: Frequency, services: list[Service], day: date, year: int, area: tuple[str, str, str]
) -> int:
    kind, place = rule.kind, rule.area
    mine = area[place - 1] if place else ""
    window_end = months_later[day, rule.months] if kind == WINDOW else day
    count = 0
    for service in services:
        if place and service[place + 2] != mine:
            continue
        if kind == BENEFIT_YEAR:
            count += service[2] == year
        elif kind == CALENDAR_YEAR:
            count += service[0].year == day.year
        elif service[0] <= day:
            count += service[1] > day
        else:
            count += window_end > service[0]
    return count


def over_age(max_age: int, birth_date: date, day: date) -> int | None:
    """The patient's age on `day` when it is above `max_age` (inclusive limit), else None."""
    age = age_on(birth_date, day)
    return age if age > max_age else None


def waiting_ends(months: int, effective_date: date | None) -> date | None:
    """The day a waiting period ends (None: no waiting, or no start date to count from)."""
    if effective_date is None or not months:
        return None
    return add_months(effective_date, months)
