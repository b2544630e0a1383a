"""The Truth-in-Lending figures of a payment schedule, with the annual percentage rate
by the actuarial method of Regulation Z Appendix J (12 CFR 1026), from the dates.

`disclose(amount_financed, advance_date, payments)` finds the unit period and,
for each payment, the whole unit periods `t` and the fraction `f` of one from the
advance date (periods.py), then solves App. J's general equation

    amount financed = sum of P / ((1 + f i) (1 + i)^t)

for the unit-period rate `i` (Newton's method, kept inside a bracket by
bisection, in Decimal arithmetic), and gives APR = i x unit periods a year,
rounded half-up to two decimals. See docs.md beside this file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Final, NamedTuple

from casepath.core.errors import CasepathError, FieldError
from casepath.core.financing.periods import (
    NAMED,
    YEAR,
    Unit,
    anchor,
    common_unit,
    month_end_day,
    nearest,
    span_parts,
    whole_months,
)
from casepath.core.money import CENT, money, to_cents

PRECISION: Final = 34  # significant digits while solving
TOLERANCE: Final = Decimal("1e-15")  # the last Newton step; the rate is then ~1e-28 off
MAX_STEPS: Final = 400
SLOW_STEPS: Final = 25


@dataclass(frozen=True)
class Payment:
    amount: Decimal
    due: date


@dataclass(frozen=True)
class Disclosure:
    """The Truth-in-Lending box: APR, finance charge, amount financed, total of payments."""

    apr_percent: Decimal  # two decimals
    unit_period: str  # one of the names in periods.NAMED
    unit_periods_per_year: int
    amount_financed: Decimal
    finance_charge: Decimal  # total_of_payments - amount_financed
    total_of_payments: Decimal


class Timing(NamedTuple):
    """The unit period and each payment's (t, f) from the advance date."""

    unit: Unit  # what the contract names (see `_named`)
    per_year: Fraction  # App. J's unit periods a year, which the APR uses
    times: list[tuple[int, int, int]]  # t, and f as a numerator and a denominator


def disclose(
    amount_financed: Decimal, advance_date: date, payments: Sequence[Payment]
) -> Disclosure:
    """The Truth-in-Lending figures of one advance repaid by `payments` (in date order)."""
    financed, amounts, dues = _checked(amount_financed, advance_date, payments)
    total = sum(amounts, start=Decimal("0.00"))
    if total < financed:
        raise CasepathError.at(
            "payments",
            f"the payments add up to {total}, less than the amount financed ({financed})",
        )
    timing = _timing(advance_date, dues)
    flows = [(amount, *time) for amount, time in zip(amounts, timing.times, strict=True)]
    with localcontext() as context:
        context.prec = PRECISION
        rate = unit_rate(financed, flows) if total > financed else Decimal(0)
        yearly = rate * timing.per_year.numerator / timing.per_year.denominator * 100
    return Disclosure(
        apr_percent=yearly.quantize(CENT, rounding=ROUND_HALF_UP),
        unit_period=NAMED[timing.unit],
        unit_periods_per_year=int(timing.unit.per_year),
        amount_financed=financed,
        finance_charge=total - financed,
        total_of_payments=total,
    )


def _timing(advance: date, dues: list[date]) -> Timing:
    if len(dues) > 1:
        unit = common_unit(advance, dues)
        month_end = month_end_day(dues)
        times = [span_parts(advance, due, unit, anchor(due, month_end)) for due in dues]
        named = unit if unit in NAMED else _named(unit.nominal_days)
        return Timing(named, unit.per_year, times)
    return _single_payment(advance, dues[0])


def _single_payment(advance: date, due: date) -> Timing:
    """App. J (b)(4)(ii), (b)(5)(vi)-(vii): up to a year, the term is the unit period;
    a year has 12 / its months of them, or 365 / its days when it is not whole months."""
    months, reached = whole_months(advance, due, due.day)
    if months > 12 or (months == 12 and reached != advance):
        return Timing(YEAR, Fraction(1), [span_parts(advance, due, YEAR, due.day)])
    if reached == advance:
        return Timing(_named(Fraction(365 * months, 12)), Fraction(12, months), [(1, 0, 1)])
    days = (due - advance).days
    return Timing(_named(Fraction(days)), Fraction(365, days), [(1, 0, 1)])


def _named(days: Fraction) -> Unit:
    """The unit the contract names nearest `days` long (itself when it has a name).

    The APR always uses App. J's own unit; the contract names only eight, so a
    schedule every 6 months, or a single payment in 5 months, reports the
    nearest one for information.
    """
    return nearest(days, list(NAMED))


Flow = tuple[Decimal, int, int, int]  # amount, t, and f as numerator and denominator
Group = tuple[Decimal, list[tuple[int, Decimal]]]  # f, [(t, amount)]


def unit_rate(financed: Decimal, flows: Sequence[Flow]) -> Decimal:
    """The rate `i` per unit period solving App. J's general equation (call with a
    Decimal context of PRECISION digits; the payments must add up to more than
    `financed`).

    The present value of the payments falls as `i` rises and is convex, so Newton's
    steps from i = 0 climb to the root; bisection between the last rate known too
    low and the last known too high takes over if a step ever leaves that bracket.
    Steps climb slowly towards a huge rate (pennies financed, dollars repaid), so
    after SLOW_STEPS a step at least doubles the rate until one goes past the root.
    """
    groups = _by_fraction(flows)
    exponents = sorted({t for _, t, _, _ in flows})
    rate, low, high = Decimal(0), Decimal(0), None
    for step in range(MAX_STEPS):
        value, slope = _equation(rate, financed, groups, exponents)
        if value == 0:
            return rate
        if value > 0:
            low = rate
        else:
            high = rate
        following = rate - value / slope
        if high is None and step >= SLOW_STEPS:
            following = max(following, 2 * rate + 1)
        elif high is not None and not low < following < high:
            following = (low + high) / 2
        if abs(following - rate) <= TOLERANCE:
            return following
        rate = following
    return rate


def _by_fraction(flows: Sequence[Flow]) -> list[Group]:
    """The payments grouped by their fraction f."""
    groups: dict[tuple[int, int], list[tuple[int, Decimal]]] = {}
    for amount, t, rest, length in flows:
        groups.setdefault((rest, length), []).append((t, amount))
    return [(Decimal(rest) / length, items) for (rest, length), items in groups.items()]


def _equation(
    rate: Decimal, financed: Decimal, groups: list[Group], exponents: list[int]
) -> tuple[Decimal, Decimal]:
    """The present value of the payments minus `financed`, and its slope in `rate`.

    With v = 1 / (1 + i), a group with fraction f is worth S / (1 + f i) where
    S = sum of P v^t, and dS/di = -v x sum of t P v^t.
    """
    v = 1 / (1 + rate)
    powers = _powers(v, exponents)
    value, slope = -financed, Decimal(0)
    for f, items in groups:
        worth = weighted = Decimal(0)
        for t, amount in items:
            term = amount * powers[t]
            worth += term
            weighted += t * term
        if f:
            odd = 1 + f * rate
            value += worth / odd
            slope -= (v * weighted + f * worth / odd) / odd
        else:
            value += worth
            slope -= v * weighted
    return value, slope


def _powers(v: Decimal, exponents: list[int]) -> dict[int, Decimal]:
    """v^t for each t in `exponents` (ascending)."""
    powers, last, power = {}, 0, Decimal(1)
    for t in exponents:
        power *= v if t - last == 1 else v ** (t - last)
        powers[t], last = power, t
    return powers


def _checked(
    amount_financed: Decimal, advance_date: date, payments: Sequence[Payment]
) -> tuple[Decimal, list[Decimal], list[date]]:
    """The amount financed and each payment's amount (in whole cents) and due date,
    or CasepathError naming every bad field."""
    errors: list[FieldError] = []
    financed = _amount(amount_financed, "amount_financed", errors)
    previous = advance_date if _is_date(advance_date) else None
    if previous is None:
        errors.append(FieldError("advance_date", "must be a date"))
    if not payments:
        errors.append(FieldError("payments", "must list at least one payment"))
    amounts, dues = [], []
    for index, payment in enumerate(payments):
        amounts.append(_amount(payment.amount, f"payments[{index}].amount", errors))
        due = payment.due
        if not _is_date(due):
            errors.append(FieldError(f"payments[{index}].date", "must be a date"))
        elif previous is not None and due <= previous:
            after = f"payments[{index - 1}].date" if index else "advance_date"
            message = f"must be after {after} ({previous})"
            errors.append(FieldError(f"payments[{index}].date", message))
        previous = due if _is_date(due) else None
        dues.append(due)
    if errors or financed is None:
        raise CasepathError(*errors)
    return financed, [a for a in amounts if a is not None], dues


def _amount(value: Decimal, path: str, errors: list[FieldError]) -> Decimal | None:
    """`value` in whole cents (2 decimal places), if it is an amount of them above 0."""
    try:
        amount = value if type(value) is Decimal and value.is_finite() else money(value, field=path)
    except CasepathError as error:
        errors.extend(error.errors)
        return None
    cents = to_cents(amount)
    if amount <= 0:
        errors.append(FieldError(path, "must be more than 0"))
    elif cents != amount:
        errors.append(FieldError(path, "must be in whole cents"))
    else:
        return cents
    return None


def _is_date(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)
