"""An in-house payment plan: its terms, the schedule of instalments, and its
Truth-in-Lending disclosure.

`amortize(terms)` finances `total - down_payment`, lays the due dates out from
`first_payment_date` by `frequency`, charges interest on the balance each period,
and makes the last payment whatever pays the balance to exactly 0.00. Rates and
interest are exact fractions until each instalment's interest is rounded half-up
to the cent; the regular payment is rounded up to the cent. See docs.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import groupby

from casepath.core.errors import CasepathError
from casepath.core.financing.apr import Disclosure, Payment, disclose
from casepath.core.financing.periods import months_back, span
from casepath.core.financing.terms import (
    MAX_PAYMENTS,
    UNITS,
    Frequency,
    Terms,
    checked_terms,
)
from casepath.core.money import CENT, ZERO, to_cents

__all__ = ["Frequency", "Instalment", "Schedule", "Terms", "amortize", "due_dates"]


@dataclass(frozen=True)
class Instalment:
    number: int  # 1 for the first payment
    due: date
    payment: Decimal
    interest: Decimal
    principal: Decimal  # payment - interest
    balance: Decimal  # what is still owed after this payment


@dataclass(frozen=True)
class Schedule:
    terms: Terms
    amount_financed: Decimal
    instalments: tuple[Instalment, ...]
    finance_charge: Decimal  # the sum of the interest
    total_of_payments: Decimal
    disclosure: Disclosure
    is_consumer_credit: bool  # Truth in Lending: a finance charge, or more than four instalments

    @property
    def payment(self) -> Decimal:
        """The regular payment (every instalment's but perhaps the last one's)."""
        return self.instalments[0].payment


def amortize(terms: Terms, *, apr_cap: Decimal | None = None) -> Schedule:
    """The schedule of a plan; CasepathError naming every field that makes no plan."""
    financed, frequency = checked_terms(terms, apr_cap)
    plan = _Plan(terms, frequency)
    if terms.number_of_payments is not None:
        instalments = plan.in_payments(financed, terms.number_of_payments)
    else:
        assert terms.payment_amount is not None  # checked_terms saw one of the two
        instalments = plan.paid_by(financed, to_cents(terms.payment_amount))
    charge = sum((i.interest for i in instalments), start=ZERO)
    payments = [Payment(i.payment, i.due) for i in instalments]
    return Schedule(
        terms=terms,
        amount_financed=financed,
        instalments=tuple(instalments),
        finance_charge=charge,
        total_of_payments=sum((i.payment for i in instalments), start=ZERO),
        disclosure=disclose(financed, terms.agreement_date, payments),
        is_consumer_credit=charge > 0 or len(instalments) > 4,
    )


Pay = Callable[[int, Decimal, Decimal], Decimal]  # (number, interest, owed) -> payment


class _Plan:
    """Due dates and each period's interest for one set of terms."""

    def __init__(self, terms: Terms, frequency: Frequency) -> None:
        self.agreement, self.frequency = terms.agreement_date, frequency
        self.unit = UNITS[frequency]
        self.rate = Fraction(terms.apr_percent) / 100 / self.unit.per_year
        self.interest_starts = self.agreement + timedelta(days=terms.interest_free_days)
        self.due = due_dates(terms.first_payment_date, frequency)
        self.day = terms.first_payment_date.day
        self.factors: dict[int, Fraction] = {}

    def factor(self, number: int) -> Fraction:
        """The interest on 1.00 of balance for the period ending with payment `number`."""
        if number not in self.factors:
            self.factors[number] = self._factor(number)
        return self.factors[number]

    def _factor(self, number: int) -> Fraction:
        """The periodic rate for a regular period. For the first period, or the part
        of a period after interest starts: (1 + f r)(1 + r)^t - 1, with t whole periods
        and f of one counted back from the due date as App. J counts them."""
        end = self.due(number)
        begins = self.agreement if number == 1 else self.due(number - 1)
        start = max(begins, self.interest_starts)
        if start >= end:
            return Fraction(0)
        if self.regular(number):
            return self.rate
        t, f = span(start, end, self.unit, _month_day(end, self.day, self.frequency))
        return (1 + f * self.rate) * (1 + self.rate) ** t - 1

    def regular(self, number: int) -> bool:
        """Whether period `number` is a whole period between two payments, all of it
        bearing interest."""
        return number > 1 and self.interest_starts <= self.due(number - 1)

    def in_payments(self, financed: Decimal, count: int) -> list[Instalment]:
        """`count` payments: equal ones, then the last pays what is left."""
        factors = [self.factor(number) for number in range(1, count + 1)]
        payment = _cents_up(level_payment(Fraction(financed), factors))

        def pay(number: int, interest: Decimal, owed: Decimal) -> Decimal:
            return owed if number == count or owed <= payment else payment

        instalments = self.run(financed, pay)
        if len(instalments) < count:
            raise CasepathError.at(
                "number_of_payments",
                f"{count} payments are too many for {financed}: "
                f"{len(instalments)} of {payment} pay it all",
            )
        return instalments

    def paid_by(self, financed: Decimal, payment: Decimal) -> list[Instalment]:
        """Payments of `payment` until the balance is paid; the last one is what is left."""

        def pay(number: int, interest: Decimal, owed: Decimal) -> Decimal:
            if number > MAX_PAYMENTS:
                raise CasepathError.at(
                    "payment_amount",
                    f"{payment} is too small: it would take more than {MAX_PAYMENTS} payments",
                )
            if self.regular(number) and interest >= payment:
                raise CasepathError.at(
                    "payment_amount",
                    f"{payment} does not cover a period's interest ({interest}): "
                    "the balance would never be paid off",
                )
            return min(payment, owed)

        return self.run(financed, pay)

    def run(self, financed: Decimal, pay: Pay) -> list[Instalment]:
        """Instalments until the balance is 0.00; each period's interest is rounded
        half-up to the cent."""
        instalments: list[Instalment] = []
        balance, number = financed, 0
        while balance > 0:
            number += 1
            interest = _cents(Fraction(balance) * self.factor(number))
            payment = pay(number, interest, balance + interest)
            balance -= payment - interest
            instalments.append(
                Instalment(number, self.due(number), payment, interest, payment - interest, balance)
            )
        return instalments


def level_payment(financed: Fraction, factors: list[Fraction]) -> Fraction:
    """The equal payment that leaves nothing owed after the last period, when period k
    adds `factors[k]` of the balance as interest. With every factor the periodic rate
    r this is the annuity formula A r / (1 - (1 + r)^-n); in general it is
    A x prod(1 + g) / (sum over k of the product of (1 + g) over the periods after k).
    Runs of equal periods are summed as geometric series (exact, and fast)."""
    growth, weights = Fraction(1), Fraction(0)
    for factor, run in groupby(reversed(factors)):
        periods = sum(1 for _ in run)
        compound = (1 + factor) ** periods
        weights += growth * ((compound - 1) / factor if factor else periods)
        growth *= compound
    return financed * growth / weights


def due_dates(first: date, frequency: Frequency) -> Callable[[int], date]:
    """The due date of payment `number` (1 for the first).

    Weekly and biweekly: every 7 or 14 days. Monthly and quarterly: the first
    payment's day of the month, or the month's last day when the month is
    shorter (31 January, 28 February, 31 March). Semimonthly: two days 15 apart
    each month, the first payment's day and the other of the pair (1st and 16th,
    15th and 30th, 16th and 31st), each kept to the month's last day the same way.
    """
    if frequency in (Frequency.WEEKLY, Frequency.BIWEEKLY):
        days = 7 if frequency is Frequency.WEEKLY else 14
        return lambda number: first + timedelta(days=days * (number - 1))
    if frequency is not Frequency.SEMIMONTHLY:
        months = 1 if frequency is Frequency.MONTHLY else 3
        return lambda number: months_back(first, -months * (number - 1), first.day)
    early = first.day if first.day <= 15 else first.day - 15
    start = 0 if first.day <= 15 else 1  # the first payment is on the later day of its pair

    def semimonthly(number: int) -> date:
        months, later = divmod(start + number - 1, 2)
        return months_back(first, -months, early + 15 * later)

    return semimonthly


def _month_day(due: date, first_day: int, frequency: Frequency) -> int:
    """The schedule's day of the month that `due` stands for (see periods.anchor)."""
    if frequency is Frequency.SEMIMONTHLY:
        early = first_day if first_day <= 15 else first_day - 15
        return early + 15 if due.day > early else early
    return first_day if frequency in (Frequency.MONTHLY, Frequency.QUARTERLY) else due.day


def _cents_up(amount: Fraction) -> Decimal:
    return math.ceil(amount * 100) * CENT


def _cents(amount: Fraction) -> Decimal:
    """Half-up to the cent, exactly (interest is never negative)."""
    return math.floor(amount * 100 + Fraction(1, 2)) * CENT
