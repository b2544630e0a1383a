"""The ways a patient can pay for a case option, as the TC shows them side by side.

An `Arrangement` is one way to pay: what the patient pays today (`upfront`),
then `number_of_payments` payments of `monthly` (the last one `last_payment`),
what it costs the patient in all, and what the practice keeps. Insurance pays
its part whatever the patient chooses, so every figure here is the patient's
side only. This module holds the shared values, the practice's `Policy` and the
two simplest arrangements (pay in full, insurance pays it all); lenders.py,
membership.py, compare.py and budget.py build on it.

Words for the patient are short sentences at a 6th-grade reading level:
"Pay $2,000 today and $150 a month for 12 months. You pay $3,800 in all."
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from casepath.core.catalog import is_cdt_code
from casepath.core.errors import CasepathError
from casepath.core.money import ZERO, money, to_cents

if TYPE_CHECKING:
    from casepath.core.financing.schedule import Schedule

HUNDRED: Final = Decimal(100)
LONGEST_TERM_MONTHS: Final = 120
MONTHS_IN_A_YEAR: Final = 12


class ArrangementKind(StrEnum):
    PAY_IN_FULL = "pay_in_full"
    IN_HOUSE = "in_house"
    LENDER = "lender"
    MEMBERSHIP = "membership"
    INSURANCE_ONLY = "insurance_only"


@dataclass(frozen=True)
class Arrangement:
    """One way to pay. `monthly` is the regular payment (0 when nothing is paid later)."""

    kind: ArrangementKind
    name: str
    upfront: Decimal
    monthly: Decimal
    number_of_payments: int
    total_cost_to_patient: Decimal
    net_to_practice: Decimal
    apr_percent: Decimal
    words: str
    last_payment: Decimal = ZERO
    warning: str = ""  # also at the end of `words`; apart so a page can stress it
    application_url: str = ""
    schedule: Schedule | None = None  # the in-house plan's schedule, for its agreement

    @property
    def largest_payment(self) -> Decimal:
        """The most the patient pays in any one month after today."""
        return max(self.monthly, self.last_payment)


@dataclass(frozen=True)
class Line:
    """A planned procedure and its net fee (after the office's own discounts)."""

    code: str
    fee: Decimal

    def __post_init__(self) -> None:
        if not is_cdt_code(self.code):
            raise CasepathError.at("code", f"{self.code!r} is not a code like D0120.")
        object.__setattr__(self, "fee", at_least_zero(self.fee, "fee"))


@dataclass(frozen=True)
class OptionCost:
    """The money of one case option, from its estimate: what the patient owes is
    `patient_total`; `lines` price the option under a membership plan."""

    fee_total: Decimal
    insurance_total: Decimal
    patient_total: Decimal
    lines: tuple[Line, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "fee_total", more_than_zero(self.fee_total, "fee_total"))
        for name in ("insurance_total", "patient_total"):
            object.__setattr__(self, name, at_least_zero(getattr(self, name), name))
        if self.patient_total > self.fee_total:
            raise CasepathError.at(
                "patient_total",
                f"The patient's portion ({dollars(self.patient_total)}) is more than "
                f"the fees ({dollars(self.fee_total)}).",
            )
        object.__setattr__(self, "lines", tuple(self.lines))


@dataclass(frozen=True)
class Policy:
    """The practice's financial policy for in-house plans and paying in full.

    `longest_term_months` 0 means the practice offers no in-house plan. Which
    lenders and membership plans are on is the list the shell passes in.
    """

    longest_term_months: int = 12
    min_down_percent: Decimal = ZERO
    apr_percent: Decimal = ZERO
    apr_cap: Decimal | None = None
    pay_in_full_percent: Decimal = ZERO

    def __post_init__(self) -> None:
        months = self.longest_term_months
        if isinstance(months, bool) or not isinstance(months, int):
            raise CasepathError.at("longest_term_months", "The term is a whole number of months.")
        if not 0 <= months <= LONGEST_TERM_MONTHS:
            raise CasepathError.at(
                "longest_term_months",
                f"The longest term is 0 to {LONGEST_TERM_MONTHS} months (0: no in-house plan).",
            )
        object.__setattr__(
            self, "min_down_percent", percent(self.min_down_percent, "min_down_percent")
        )
        rate = at_least_zero(self.apr_percent, "apr_percent")
        object.__setattr__(self, "apr_percent", rate)
        if self.apr_cap is not None:
            cap = at_least_zero(self.apr_cap, "apr_cap")
            object.__setattr__(self, "apr_cap", cap)
            if rate > cap:
                raise CasepathError.at(
                    "apr_percent",
                    f"The rate {percent_words(rate)} is above the practice's cap "
                    f"of {percent_words(cap)}.",
                )
        discount = percent(self.pay_in_full_percent, "pay_in_full_percent")
        if discount == HUNDRED:
            raise CasepathError.at("pay_in_full_percent", "A discount is less than 100%.")
        object.__setattr__(self, "pay_in_full_percent", discount)

    def min_down_payment(self, patient_total: Decimal) -> Decimal:
        """The smallest down payment on an in-house plan, rounded half-up to cents."""
        return to_cents(patient_total * self.min_down_percent / HUNDRED)


def pay_in_full(patient_portion: Decimal, percent_off: Decimal) -> Arrangement:
    """Pay the whole portion today, less the practice's pay-in-full discount
    (`percent_off` of the portion, rounded half-up to cents)."""
    portion = to_cents(more_than_zero(patient_portion, "patient_portion"))
    rate = percent(percent_off, "pay_in_full_percent")
    if rate == HUNDRED:
        raise CasepathError.at("pay_in_full_percent", "A discount is less than 100%.")
    saved = to_cents(portion * rate / HUNDRED)
    price = portion - saved
    words = f"Pay {dollars(price)} today. "
    words += f"You save {dollars(saved)}." if saved else "That is all you pay."
    return Arrangement(
        kind=ArrangementKind.PAY_IN_FULL,
        name="Pay in full",
        upfront=price,
        monthly=ZERO,
        number_of_payments=0,
        total_cost_to_patient=price,
        net_to_practice=price,
        apr_percent=ZERO,
        words=words,
    )


def insurance_only() -> Arrangement:
    """Insurance pays the whole option: nothing for the patient to arrange."""
    return Arrangement(
        kind=ArrangementKind.INSURANCE_ONLY,
        name="Insurance pays",
        upfront=ZERO,
        monthly=ZERO,
        number_of_payments=0,
        total_cost_to_patient=ZERO,
        net_to_practice=ZERO,
        apr_percent=ZERO,
        words="Your insurance pays for all of it. You pay nothing.",
    )


def payment_words(
    upfront: Decimal, monthly: Decimal, count: int, total: Decimal, last: Decimal
) -> str:
    """ "Pay $2,000 today and $150 a month for 12 months. You pay $3,800 in all." """
    if not count:
        text = f"Pay {dollars(upfront)} today."
    elif count == 1:
        later = f"{dollars(monthly)} in a month"
        text = f"Pay {dollars(upfront)} today and {later}." if upfront else f"Pay {later}."
    elif upfront:
        text = f"Pay {dollars(upfront)} today and {dollars(monthly)} a month for {months(count)}."
    else:
        text = f"Pay {dollars(monthly)} a month for {months(count)}."
    if count > 1 and last != monthly:
        text += f" The last payment is {dollars(last)}."
    return f"{text} You pay {dollars(total)} in all."


def sentences(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def months(count: int) -> str:
    return "1 month" if count == 1 else f"{count} months"


def dollars(amount: Decimal) -> str:
    """$2,000 for whole dollars, $133.34 otherwise (half-up to cents)."""
    cents = to_cents(amount)
    if cents == cents.to_integral_value():
        return f"${cents:,.0f}"
    return f"${cents:,.2f}"


def percent_words(rate: Decimal) -> str:
    """9.9% for 9.90, 20% for 20.00."""
    text = f"{rate.normalize():f}"
    return f"{text}%"


def a_number(value: object, field: str) -> Decimal:
    if not isinstance(value, Decimal | int | str):
        raise CasepathError.at(field, f"must be a decimal number, not {type(value).__name__}")
    return money(value, field=field)


def at_least_zero(value: object, field: str) -> Decimal:
    number = a_number(value, field)
    if number < 0:
        raise CasepathError.at(field, f"{number} is negative; it must be 0 or more.")
    return number


def more_than_zero(value: object, field: str) -> Decimal:
    number = a_number(value, field)
    if number <= 0:
        raise CasepathError.at(field, f"{number} must be more than zero.")
    return number


def percent(value: object, field: str) -> Decimal:
    number = at_least_zero(value, field)
    if number > HUNDRED:
        raise CasepathError.at(field, f"{number}% is more than 100%.")
    return number


def whole_months(value: object, field: str, *, most: int = LONGEST_TERM_MONTHS) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        raise CasepathError.at(field, f"The term is a whole number of months, 1 to {most}.")
    return value


def by_cost(arrangements: Sequence[Arrangement]) -> list[Arrangement]:
    """Cheapest for the patient first; ties: less today first, then kind and name."""
    order = list(ArrangementKind)
    return sorted(
        arrangements,
        key=lambda a: (a.total_cost_to_patient, a.upfront, order.index(a.kind), a.name),
    )
