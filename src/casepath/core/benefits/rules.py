"""A plan's rules, checked and compiled into the shapes the estimator reads.

Each `compile_*` function checks one list of the plan and names the path of the
first bad field. Amounts become whole cents, scopes become `Scope`s, periods
and areas become small numbers, and each rule gets the words its notes use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple, TypeVar

from casepath.core.benefits.checks import cents, choice, known_code, whole
from casepath.core.benefits.model import (
    AgeLimit,
    CoverageRule,
    DeductibleRule,
    Downgrade,
    Exclusion,
    FrequencyRule,
    MaximumRule,
    Months,
    Scoped,
    WaitingPeriod,
    Years,
)
from casepath.core.benefits.scope import Scope, scope_of
from casepath.core.errors import CasepathError

R = TypeVar("R", bound=Scoped)
C = TypeVar("C")

LEVELS = ("individual", "family")
LIMIT_PERIODS = ("benefit_year", "lifetime")
AREAS = ("mouth", "tooth", "arch", "quadrant")
BENEFIT_YEAR, CALENDAR_YEAR, WINDOW = 0, 1, 2
_AREA_WORDS = ("", " on this tooth", " on this jaw", " in this quarter of the mouth")


class Percent(NamedTuple):
    scope: Scope
    percent: int
    order: int


class Limit(NamedTuple):
    """A deductible or a maximum; `slot` numbers it within its list."""

    slot: int
    scope: Scope
    amount: int
    family: bool
    lifetime: bool
    words: str


class Frequency(NamedTuple):
    slot: int
    scope: Scope
    times: int
    kind: int  # BENEFIT_YEAR, CALENDAR_YEAR or WINDOW
    months: int  # the window's length; 0 otherwise
    area: int  # index into AREAS
    words: str  # "1 per 5 years on this tooth"


class ScopedNumber(NamedTuple):
    """An age limit or a waiting period: a scope and one number."""

    scope: Scope
    number: int


class DowngradeRule(NamedTuple):
    to: str
    only_if: str


def compile_list(
    rules: Sequence[R], path: str, compile_one: Callable[[int, R, str], C]
) -> tuple[C, ...]:
    return tuple(compile_one(i, rule, f"{path}[{i}]") for i, rule in enumerate(rules))


def percent_rule(index: int, rule: CoverageRule, path: str) -> Percent:
    percent = whole(rule.percent, f"{path}.percent", 0, 100)
    return Percent(scope_of(rule, path), percent, index)


def deductible_rule(index: int, rule: DeductibleRule, path: str) -> Limit:
    return _limit(index, rule, path, "deductible")


def maximum_rule(index: int, rule: MaximumRule, path: str) -> Limit:
    return _limit(index, rule, path, "maximum")


def _limit(index: int, rule: DeductibleRule | MaximumRule, path: str, kind: str) -> Limit:
    scope = scope_of(rule, path)
    family = choice(rule.level, LEVELS, f"{path}.level") == "family"
    lifetime = choice(rule.period, LIMIT_PERIODS, f"{path}.period") == "lifetime"
    words = f"{'lifetime' if lifetime else 'annual'} {kind}"
    words = f"family {words}" if family else words
    words = words if scope.general else f"{words} for {scope.words}"
    return Limit(index, scope, cents(rule.amount, f"{path}.amount"), family, lifetime, words)


def frequency_rule(index: int, rule: FrequencyRule, path: str) -> Frequency:
    count = whole(rule.count, f"{path}.count", 1)
    kind, months, period_words = _frequency_period(rule.period, f"{path}.period")
    area = AREAS.index(choice(rule.area, AREAS, f"{path}.area"))
    words = f"{count} per {period_words}{_AREA_WORDS[area]}"
    return Frequency(index, scope_of(rule, path), count, kind, months, area, words)


def _frequency_period(period: object, path: str) -> tuple[int, int, str]:
    if period == "benefit_year":
        return BENEFIT_YEAR, 0, "benefit year"
    if period == "calendar_year":
        return CALENDAR_YEAR, 0, "calendar year"
    if isinstance(period, Months):
        months = whole(period.months, f"{path}.months", 1)
        return WINDOW, months, "month" if months == 1 else f"{months} months"
    if isinstance(period, Years):
        years = whole(period.years, f"{path}.years", 1)
        return WINDOW, 12 * years, "year" if years == 1 else f"{years} years"
    raise CasepathError.at(
        path, f"{period!r} is not 'benefit_year', 'calendar_year', months or years"
    )


def age_limit(index: int, rule: AgeLimit, path: str) -> ScopedNumber:
    return ScopedNumber(scope_of(rule, path), whole(rule.max_age, f"{path}.max_age", 0, 150))


def waiting_period(index: int, rule: WaitingPeriod, path: str) -> ScopedNumber:
    return ScopedNumber(scope_of(rule, path), whole(rule.months, f"{path}.months", 0, 1200))


def exclusion(index: int, rule: Exclusion, path: str) -> Scope:
    return scope_of(rule, path)


def downgrades(rules: Iterable[Downgrade], path: str) -> dict[str, DowngradeRule]:
    compiled: dict[str, DowngradeRule] = {}
    for index, rule in enumerate(rules):
        here = f"{path}[{index}]"
        source = known_code(rule.from_, f"{here}.from")
        target = known_code(rule.to, f"{here}.to")
        if source == target or source in compiled:
            why = "downgrades to itself" if source == target else "is downgraded twice"
            raise CasepathError.at(f"{here}.from", f"{source} {why}")
        only_if = choice(rule.only_if, ("always", "posterior", "molar"), f"{here}.only_if")
        compiled[source] = DowngradeRule(target, only_if)
    return compiled


def refuse_duplicates(keys: Sequence[object], path: str, what: str) -> None:
    """Two rules with the same scope (and level and period) would contradict."""
    first_seen: dict[object, int] = {}
    for index, key in enumerate(keys):
        if key in first_seen:
            raise CasepathError.at(
                f"{path}[{index}]", f"repeats {what}[{first_seen[key]}] for the same codes"
            )
        first_seen[key] = index
