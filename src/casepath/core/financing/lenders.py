"""Third-party financing: a lender's products, as a practice sets them up.

Two kinds of product:

- deferred: a promotion of `months` months with no interest. The patient pays
  `amount / months`, rounded up to the cent so the payments cover the amount
  (the last one is smaller when that rounding leaves less). If anything is
  left when the promotion ends, the lender charges interest at `apr_percent`
  from the first day: the words warn about it in plain terms.
- fixed: a fixed `apr_percent` over `months` months. The payment is the
  annuity `amount * r / (1 - (1 + r) ** -months)` with `r = apr / 1200`,
  rounded up to the cent (so the payments always pay the loan off; the lender's
  own last payment may be a few cents less). At 0% it is paid like a deferred
  promotion, without the warning.

The practice is paid the amount less its fee (the merchant discount,
`practice_fee_percent` of the amount, rounded half-up to cents).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from casepath.core.errors import CasepathError
from casepath.core.financing.arrangements import (
    HUNDRED,
    MONTHS_IN_A_YEAR,
    Arrangement,
    ArrangementKind,
    at_least_zero,
    dollars,
    months,
    more_than_zero,
    payment_words,
    percent,
    percent_words,
    sentences,
    whole_months,
)
from casepath.core.money import CENT, ZERO, to_cents


class LenderKind(StrEnum):
    DEFERRED = "deferred"
    FIXED = "fixed"


@dataclass(frozen=True)
class LenderProduct:
    """One product of a lender. `kind` is "deferred" or "fixed" (`LenderKind`);
    for a deferred promotion `apr_percent` is the rate after it ends."""

    name: str
    kind: str
    months: int
    apr_percent: Decimal
    min_amount: Decimal
    max_amount: Decimal
    practice_fee_percent: Decimal
    application_url: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise CasepathError.at("name", "A lender product needs a name.")
        if self.kind not in tuple(LenderKind):
            raise CasepathError.at("kind", f"Unknown kind {self.kind!r}: use deferred or fixed.")
        object.__setattr__(self, "kind", LenderKind(self.kind))
        whole_months(self.months, "months")
        object.__setattr__(self, "apr_percent", percent(self.apr_percent, "apr_percent"))
        low = at_least_zero(self.min_amount, "min_amount")
        high = more_than_zero(self.max_amount, "max_amount")
        if high < low:
            raise CasepathError.at(
                "max_amount",
                f"The largest amount ({dollars(high)}) is below the smallest ({dollars(low)}).",
            )
        object.__setattr__(self, "min_amount", low)
        object.__setattr__(self, "max_amount", high)
        fee = percent(self.practice_fee_percent, "practice_fee_percent")
        if fee == HUNDRED:
            raise CasepathError.at("practice_fee_percent", "A fee is less than 100%.")
        object.__setattr__(self, "practice_fee_percent", fee)

    @property
    def is_deferred(self) -> bool:
        return self.kind == LenderKind.DEFERRED


@dataclass(frozen=True)
class LenderOffer:
    """What one product gives for one amount. `apr_percent` is the rate the
    patient pays when paying as planned (0 during a deferred promotion)."""

    product: LenderProduct
    amount: Decimal
    monthly: Decimal
    number_of_payments: int
    last_payment: Decimal
    total_cost: Decimal
    practice_fee: Decimal
    net_to_practice: Decimal
    apr_percent: Decimal
    words: str
    warning: str = ""


def lender_offer(product: LenderProduct, amount: Decimal) -> LenderOffer | None:
    """The product's offer for `amount`; None when the amount is outside its limits."""
    amount = to_cents(more_than_zero(amount, "amount"))
    if not product.min_amount <= amount <= product.max_amount:
        return None
    if product.is_deferred or not product.apr_percent:
        monthly = cents_up(amount / product.months)
        count = int((amount / monthly).to_integral_value(rounding=ROUND_CEILING))
        last, total, rate = amount - monthly * (count - 1), amount, ZERO
    else:
        monthly = cents_up(annuity(amount, product.apr_percent, product.months))
        count, rate = product.months, product.apr_percent
        last, total = monthly, monthly * count
    fee = to_cents(amount * product.practice_fee_percent / HUNDRED)
    warning = deferred_warning(product) if product.is_deferred else ""
    return LenderOffer(
        product=product,
        amount=amount,
        monthly=monthly,
        number_of_payments=count,
        last_payment=last,
        total_cost=total,
        practice_fee=fee,
        net_to_practice=amount - fee,
        apr_percent=rate,
        words=sentences(
            f"Borrow {dollars(amount)} from {product.name}.",
            payment_words(ZERO, monthly, count, total, last),
            warning or rate_words(rate),
        ),
        warning=warning,
    )


def lender_arrangement(offer: LenderOffer, *, upfront: Decimal = ZERO) -> Arrangement:
    """The offer as one way to pay, after `upfront` paid today to the practice."""
    product = offer.product
    total = upfront + offer.total_cost
    return Arrangement(
        kind=ArrangementKind.LENDER,
        name=product.name,
        upfront=upfront,
        monthly=offer.monthly,
        number_of_payments=offer.number_of_payments,
        total_cost_to_patient=total,
        net_to_practice=upfront + offer.net_to_practice,
        apr_percent=offer.apr_percent,
        words=sentences(
            f"Apply with {product.name}.",
            payment_words(
                upfront, offer.monthly, offer.number_of_payments, total, offer.last_payment
            ),
            offer.warning or rate_words(offer.apr_percent),
        ),
        last_payment=offer.last_payment,
        warning=offer.warning,
        application_url=product.application_url,
    )


def annuity(amount: Decimal, apr_percent: Decimal, count: int) -> Decimal:
    """The exact level monthly payment that pays `amount` off in `count` months."""
    rate = apr_percent / HUNDRED / MONTHS_IN_A_YEAR
    return amount * rate / (1 - (1 + rate) ** -count)


def cents_up(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_CEILING)


def rate_words(apr_percent: Decimal) -> str:
    if not apr_percent:
        return "There is no interest."
    return f"The interest rate is {percent_words(apr_percent)} a year."


def deferred_warning(product: LenderProduct) -> str:
    term = months(product.months)
    return (
        f"There is no interest if you pay it all off in {term}. If you do not, you pay "
        f"interest at {percent_words(product.apr_percent)} a year from the first day."
    )
