"""Properties of every disclosure, over generated payment schedules.

- the figures add up: finance charge = total of payments - amount financed;
- payments that add up to the amount financed have an APR of 0.00;
- paying more on the same dates never lowers the APR;
- the APR is the general equation's root rounded half-up: the payments are worth
  at least the amount financed at APR - 0.005 and at most at APR + 0.005
  (checked with exact fractions, apart from the Newton solver).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from casepath.core.financing import Payment, disclose
from casepath.core.financing.periods import (
    anchor,
    common_unit,
    month_end_day,
    months_back,
    span,
)

SETTINGS = settings(max_examples=80, deadline=None)
EVERY = {"week": (7, 0), "2weeks": (14, 0), "4weeks": (28, 0), "month": (0, 1)}
EVERY |= {"2months": (0, 2), "quarter": (0, 3), "year": (0, 12)}


@st.composite
def schedules(draw: st.DrawFn, *, at_least: int = 1) -> tuple[date, list[Payment]]:
    """An advance date and 1 to 60 payments on a regular schedule, perhaps with an
    odd first or final payment, from a first period of 1 day to two unit periods."""
    days, months = EVERY[draw(st.sampled_from(sorted(EVERY)))]
    count = draw(st.integers(at_least, 60 if months < 12 else 8))
    advance = date(2020, 1, 1) + timedelta(days=draw(st.integers(0, 3650)))
    first = advance + timedelta(days=draw(st.integers(1, 2 * (days or 30 * months))))
    amount = Decimal(draw(st.integers(10_00, 5000_00))) / 100
    if days:
        dues = [first + timedelta(days=days * k) for k in range(count)]
    else:
        dues = [months_back(first, -months * k, first.day) for k in range(count)]
    payments = [Payment(amount, due) for due in dues]
    odd = draw(st.sampled_from(["none", "first", "final"]))
    extra = Decimal(draw(st.integers(1, 500_00))) / 100
    if odd == "first":
        payments[0] = replace(payments[0], amount=amount + extra)
    elif odd == "final" and count > 1:
        payments[-1] = replace(payments[-1], amount=extra)
    return advance, payments


def total(payments: list[Payment]) -> Decimal:
    return sum((p.amount for p in payments), start=Decimal("0.00"))


@given(schedules(), st.integers(0, 10_000))
@SETTINGS
def test_figures_add_up(schedule: tuple[date, list[Payment]], share: int) -> None:
    advance, payments = schedule
    financed = max(Decimal("0.01"), (total(payments) * share / 10_000).quantize(Decimal("0.01")))
    disclosure = disclose(financed, advance, payments)
    assert disclosure.total_of_payments == total(payments)
    assert disclosure.finance_charge == disclosure.total_of_payments - disclosure.amount_financed
    assert disclosure.amount_financed == financed
    assert disclosure.apr_percent >= 0
    assert disclosure.apr_percent.as_tuple().exponent == -2


@given(schedules())
@SETTINGS
def test_no_finance_charge_means_zero_apr(schedule: tuple[date, list[Payment]]) -> None:
    advance, payments = schedule
    disclosure = disclose(total(payments), advance, payments)
    assert str(disclosure.apr_percent) == "0.00"
    assert disclosure.finance_charge == 0


@given(schedules(), st.integers(1, 5000), st.integers(0, 100_00))
@SETTINGS
def test_paying_more_never_lowers_the_apr(
    schedule: tuple[date, list[Payment]], discount: int, more: int
) -> None:
    advance, payments = schedule
    financed = total(payments) * (10_000 - discount) / 10_000
    financed = financed.quantize(Decimal("0.01"))
    richer = [replace(p, amount=p.amount + Decimal(more) / 100) for p in payments]
    before = disclose(financed, advance, payments).apr_percent
    assert disclose(financed, advance, richer).apr_percent >= before


def present_value(rate: Fraction, advance: date, payments: list[Payment]) -> Fraction:
    """App. J's general equation, right side, in exact fractions."""
    dues = [p.due for p in payments]
    unit, month_end = common_unit(advance, dues), month_end_day(dues)
    worth = Fraction(0)
    for payment in payments:
        t, f = span(advance, payment.due, unit, anchor(payment.due, month_end))
        worth += Fraction(payment.amount) / ((1 + f * rate) * (1 + rate) ** t)
    return worth


@given(schedules(at_least=2), st.integers(1, 4000))
@SETTINGS
def test_the_apr_is_the_rounded_root(schedule: tuple[date, list[Payment]], charge: int) -> None:
    advance, payments = schedule
    financed = (total(payments) * 10_000 / (10_000 + charge)).quantize(Decimal("0.01"))
    disclosure = disclose(financed, advance, payments)
    per_year = common_unit(advance, [p.due for p in payments]).per_year
    low = (Fraction(disclosure.apr_percent) - Fraction(1, 200)) / 100 / per_year
    high = (Fraction(disclosure.apr_percent) + Fraction(1, 200)) / 100 / per_year
    assert present_value(low, advance, payments) >= Fraction(financed)
    assert present_value(high, advance, payments) <= Fraction(financed)
