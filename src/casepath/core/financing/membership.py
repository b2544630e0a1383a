"""In-office membership plans, for patients without insurance.

A plan has a yearly fee or a monthly fee (exactly one), codes it includes at
no charge (exams, cleanings, x-rays) and a discount in percent per category of
the catalog ({"restorative": 20, "crowns": 15}).

The patient's cost of a case under the plan, in this order:

1. each line on its own, its fee in cents: an included code costs 0; otherwise
   its discount is the percent of the narrowest listed category that holds the
   code (a plan listing "diagnostic" and "xray" gives an x-ray the "xray"
   percent; a plan listing only "diagnostic" gives it the "diagnostic" one)
   times the fee, rounded half-up to the cent, and the line costs the fee less
   that;
2. the lines are added up (the care);
3. the year's fee is added last: the yearly fee, or 12 times the monthly fee.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from casepath.core.catalog import CATEGORIES, category_width, in_category, is_cdt_code
from casepath.core.errors import CasepathError
from casepath.core.financing.arrangements import (
    HUNDRED,
    MONTHS_IN_A_YEAR,
    Arrangement,
    ArrangementKind,
    Line,
    dollars,
    more_than_zero,
    payment_words,
    percent,
    sentences,
)
from casepath.core.money import ZERO, to_cents


@dataclass(frozen=True)
class MembershipPlan:
    name: str
    yearly_fee: Decimal | None = None
    monthly_fee: Decimal | None = None
    included_codes: frozenset[str] = frozenset()
    discount_percent: Mapping[str, Decimal] = field(default_factory=dict)
    # (category, percent), narrowest category first: the order a code is matched in
    _discounts: tuple[tuple[str, Decimal], ...] = field(
        init=False, repr=False, compare=False, default=()
    )

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise CasepathError.at("name", "A membership plan needs a name.")
        self._check_fees()
        codes = frozenset(self.included_codes)
        for code in sorted(codes, key=str):
            if not is_cdt_code(code):
                raise CasepathError.at("included_codes", f"{code!r} is not a code like D0120.")
        object.__setattr__(self, "included_codes", codes)
        discounts = {}
        for category, value in self.discount_percent.items():
            if category not in CATEGORIES:
                raise CasepathError.at(
                    f"discount_percent.{category}", f"Unknown category {category!r}."
                )
            discounts[category] = percent(value, f"discount_percent.{category}")
        object.__setattr__(self, "discount_percent", discounts)
        ordered = sorted(discounts.items(), key=lambda item: category_width(item[0]))
        object.__setattr__(self, "_discounts", tuple(ordered))

    def _check_fees(self) -> None:
        if (self.yearly_fee is None) == (self.monthly_fee is None):
            raise CasepathError.at("yearly_fee", "Give a yearly fee or a monthly fee, not both.")
        for name in ("yearly_fee", "monthly_fee"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, to_cents(more_than_zero(value, name)))

    @property
    def fee_for_the_year(self) -> Decimal:
        if self.monthly_fee is not None:
            return self.monthly_fee * MONTHS_IN_A_YEAR
        return self.yearly_fee or ZERO

    def discount_for(self, code: str) -> Decimal:
        """The percent off this code (0 when no listed category holds it)."""
        for category, rate in self._discounts:
            if in_category(code, category):
                return rate
        return ZERO


@dataclass(frozen=True)
class QuotedLine:
    code: str
    fee: Decimal
    included: bool
    discount_percent: Decimal
    price: Decimal


@dataclass(frozen=True)
class MembershipQuote:
    """A case under one plan. `savings` is the fees less `total` (negative when
    the plan costs more than it saves)."""

    plan: MembershipPlan
    lines: tuple[QuotedLine, ...]
    fees: Decimal
    care: Decimal
    plan_fee: Decimal
    total: Decimal
    savings: Decimal
    words: str


def membership_cost(plan: MembershipPlan, lines: Sequence[Line]) -> MembershipQuote:
    """What the case costs the patient under `plan`, the year's fee included."""
    quoted = tuple(_quote(plan, line) for line in lines)
    fees = sum((line.fee for line in quoted), ZERO)
    care = sum((line.price for line in quoted), ZERO)
    total = care + plan.fee_for_the_year
    return MembershipQuote(
        plan=plan,
        lines=quoted,
        fees=fees,
        care=care,
        plan_fee=plan.fee_for_the_year,
        total=total,
        savings=fees - total,
        words=sentences(_join_words(plan), f"Your care then costs {dollars(care)}."),
    )


def membership_arrangement(quote: MembershipQuote) -> Arrangement:
    """Joining the plan as one way to pay: the care and a yearly fee today, or the
    care today and the monthly fee each month for the year."""
    plan = quote.plan
    monthly = plan.monthly_fee or ZERO
    count = MONTHS_IN_A_YEAR if plan.monthly_fee is not None else 0
    upfront = quote.total - monthly * count
    return Arrangement(
        kind=ArrangementKind.MEMBERSHIP,
        name=plan.name,
        upfront=upfront,
        monthly=monthly,
        number_of_payments=count,
        total_cost_to_patient=quote.total,
        net_to_practice=quote.total,
        apr_percent=ZERO,
        words=sentences(quote.words, payment_words(upfront, monthly, count, quote.total, monthly)),
        last_payment=monthly,
    )


def _quote(plan: MembershipPlan, line: Line) -> QuotedLine:
    fee = to_cents(line.fee)
    if line.code in plan.included_codes:
        return QuotedLine(line.code, fee, True, HUNDRED, ZERO)
    rate = plan.discount_for(line.code)
    return QuotedLine(line.code, fee, False, rate, fee - to_cents(fee * rate / HUNDRED))


def _join_words(plan: MembershipPlan) -> str:
    if plan.monthly_fee is not None:
        return f"Join {plan.name} for {dollars(plan.monthly_fee)} a month."
    return f"Join {plan.name} for {dollars(plan.fee_for_the_year)} a year."
