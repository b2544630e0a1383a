"""The terms of an in-house payment plan and the checks that they make a plan
(schedule.py amortizes them and re-exports `Frequency` and `Terms`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Final

from casepath.core.errors import CasepathError, FieldError
from casepath.core.financing.periods import MONTH, SEMIMONTH, Unit
from casepath.core.money import money, to_cents

MAX_PAYMENTS: Final = 600
MAX_INTEREST_FREE_DAYS: Final = 3660


class Frequency(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    SEMIMONTHLY = "semimonthly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


FREQUENCIES: Final = {frequency.value: frequency for frequency in Frequency}
UNITS: Final = {
    Frequency.WEEKLY: Unit("week"),
    Frequency.BIWEEKLY: Unit("week", 2),
    Frequency.SEMIMONTHLY: SEMIMONTH,
    Frequency.MONTHLY: MONTH,
    Frequency.QUARTERLY: Unit("month", 3),
}


@dataclass(frozen=True)
class Terms:
    total: Decimal  # what the patient owes for the treatment
    down_payment: Decimal
    apr_percent: Decimal  # nominal yearly rate of the plan (0 for interest-free)
    frequency: Frequency
    agreement_date: date
    first_payment_date: date
    number_of_payments: int | None = None  # exactly one of these two
    payment_amount: Decimal | None = None
    interest_free_days: int = 0  # interest starts this many days after the agreement


def checked_terms(terms: Terms, apr_cap: Decimal | None) -> tuple[Decimal, Frequency]:
    """The amount financed and the frequency, or CasepathError naming every bad field."""
    errors: list[FieldError] = []
    total = _cents(terms.total, "total", errors)
    down = _cents(terms.down_payment, "down_payment", errors, zero_allowed=True)
    if total is not None and down is not None and down >= total:
        errors.append(FieldError("down_payment", f"must be less than the total ({total})"))
    _check_rate(terms.apr_percent, apr_cap, errors)
    frequency = _frequency(terms.frequency, errors)
    _check_dates(terms, errors)
    _check_length(terms, errors)
    _check_whole(terms.interest_free_days, "interest_free_days", 0, MAX_INTEREST_FREE_DAYS, errors)
    if errors or total is None or down is None or frequency is None:
        raise CasepathError(*errors)
    return total - down, frequency


def _cents(
    value: Decimal, path: str, errors: list[FieldError], *, zero_allowed: bool = False
) -> Decimal | None:
    try:
        amount = money(value, field=path)
    except CasepathError as error:
        errors.extend(error.errors)
        return None
    if amount < 0 or (amount == 0 and not zero_allowed):
        errors.append(
            FieldError(path, "must be 0 or more" if zero_allowed else "must be more than 0")
        )
    elif to_cents(amount) != amount:
        errors.append(FieldError(path, "must be in whole cents"))
    else:
        return to_cents(amount)
    return None


def _check_rate(value: Decimal, cap: Decimal | None, errors: list[FieldError]) -> None:
    try:
        rate = money(value, field="apr_percent")
    except CasepathError as error:
        errors.extend(error.errors)
        return
    if rate < 0:
        errors.append(FieldError("apr_percent", "must be 0 or more"))
    elif cap is not None and rate > cap:
        errors.append(FieldError("apr_percent", f"must be at most {cap}%, the practice's cap"))


def _frequency(value: object, errors: list[FieldError]) -> Frequency | None:
    if isinstance(value, str) and value in FREQUENCIES:
        return FREQUENCIES[value]
    errors.append(FieldError("frequency", f"{value!r} is not one of {', '.join(FREQUENCIES)}"))
    return None


def _check_dates(terms: Terms, errors: list[FieldError]) -> None:
    agreement, first = terms.agreement_date, terms.first_payment_date
    for path, value in (("agreement_date", agreement), ("first_payment_date", first)):
        if not isinstance(value, date) or isinstance(value, datetime):
            errors.append(FieldError(path, "must be a date"))
            return
    if first <= agreement:
        errors.append(
            FieldError("first_payment_date", f"must be after the agreement date ({agreement})")
        )


def _check_length(terms: Terms, errors: list[FieldError]) -> None:
    """Exactly one of number_of_payments and payment_amount, each valid."""
    count, amount = terms.number_of_payments, terms.payment_amount
    if count is None and amount is None:
        errors.append(
            FieldError("number_of_payments", "give a number of payments or a payment amount")
        )
    elif count is not None and amount is not None:
        errors.append(
            FieldError("payment_amount", "give a payment amount or a number of payments, not both")
        )
    elif count is not None:
        _check_whole(count, "number_of_payments", 1, MAX_PAYMENTS, errors)
    elif amount is not None:
        _cents(amount, "payment_amount", errors)


def _check_whole(value: object, path: str, low: int, high: int, errors: list[FieldError]) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        errors.append(FieldError(path, "must be a whole number"))
    elif not low <= value <= high:
        errors.append(FieldError(path, f"must be from {low} to {high}"))
