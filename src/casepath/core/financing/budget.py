"""Budget mode: the patient says what they can pay, and sees what fits.

The patient gives a monthly budget, a down payment, or both:

- the in-house plan with that down payment (the policy's minimum when none is
  given) and the shortest term whose largest payment is within the budget (the
  longest term when there is no budget);
- when no plan fits, what it would take (`needed`): the plan at the longest
  term with the smallest down payment, to the cent, that fits the budget (and
  is at least the policy's minimum);
- the lender offers for what is left after the down payment, whose monthly
  payments are within the budget;
- paying in full, when the down payment covers its discounted price.

`slider_points` feeds the slider between down payment and monthly payment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Final, NamedTuple

from casepath.core.errors import CasepathError
from casepath.core.financing.arrangements import (
    HUNDRED,
    MONTHS_IN_A_YEAR,
    Arrangement,
    OptionCost,
    Policy,
    at_least_zero,
    dollars,
    months,
    more_than_zero,
    pay_in_full,
)
from casepath.core.financing.compare import in_house_plan
from casepath.core.financing.lenders import LenderProduct, lender_arrangement, lender_offer
from casepath.core.financing.membership import MembershipPlan
from casepath.core.money import CENT, ZERO, to_cents

SLIDER_STEPS: Final = 20
MAX_CENT_STEPS: Final = 100  # how far rounding may move the needed down payment


@dataclass(frozen=True)
class Budget:
    monthly_budget: Decimal | None
    down_payment: Decimal
    in_house: Arrangement | None
    needed: Arrangement | None
    lenders: tuple[Arrangement, ...]
    pay_in_full: Arrangement | None
    words: str

    @property
    def fits(self) -> bool:
        return bool(self.in_house or self.lenders or self.pay_in_full)


class SliderPoint(NamedTuple):
    down_payment: Decimal
    monthly: Decimal
    months: int


def fit_budget(
    option: OptionCost,
    policy: Policy,
    lenders: Sequence[LenderProduct],
    memberships: Sequence[MembershipPlan],
    *,
    today: date,
    monthly_budget: Decimal | None,
    down_payment: Decimal | None,
) -> Budget:
    """What fits the patient's budget (see the module's docstring).

    `memberships` are taken for the same call shape as `compare`; a membership
    plan changes the price, not how it is paid, so none is budgeted here.
    """
    del memberships
    owed = to_cents(option.patient_total)
    budget, down = _check_budget(owed, policy, monthly_budget, down_payment)
    full = pay_in_full(owed, policy.pay_in_full_percent) if owed else None
    plan = _shortest_plan(owed, policy, today, down, budget)
    needed = None
    if (
        plan is None
        and down < owed
        and (budget is not None or down < policy.min_down_payment(owed))
    ):
        needed = _smallest_down_plan(owed, policy, today, budget)
    offers = _lenders_within(lenders, owed, down, budget)
    return Budget(
        monthly_budget=budget,
        down_payment=down,
        in_house=plan,
        needed=needed,
        lenders=offers,
        pay_in_full=full if full and down >= full.upfront else None,
        words=_words(owed, budget, down, plan, needed, offers),
    )


def slider_points(
    option: OptionCost, policy: Policy, today: date, *, steps: int = SLIDER_STEPS
) -> list[SliderPoint]:
    """(down payment, monthly payment, months) from the policy's minimum down payment
    to the whole portion, at the longest term. Steps between the ends are whole
    dollars (patients move a slider in dollars); a bigger down payment never gives
    a bigger payment."""
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise CasepathError.at("steps", "The slider has 1 step or more.")
    owed = to_cents(option.patient_total)
    if not owed:
        return []
    lowest = policy.min_down_payment(owed)
    downs = [lowest + (owed - lowest) * step / steps for step in range(steps + 1)]
    rounded = [
        lowest,
        *(to_cents(d.quantize(Decimal(1), ROUND_HALF_UP)) for d in downs[1:-1]),
        owed,
    ]
    points = []
    for down in sorted({min(max(d, lowest), owed) for d in rounded}):
        plan = in_house_plan(owed, policy, today=today, down_payment=down)
        if plan is not None:
            points.append(SliderPoint(down, plan.monthly, plan.number_of_payments))
        elif down == owed or not policy.longest_term_months:
            points.append(SliderPoint(down, ZERO, 0))
    return points


def _check_budget(
    owed: Decimal, policy: Policy, budget: Decimal | None, down: Decimal | None
) -> tuple[Decimal | None, Decimal]:
    if budget is None and down is None:
        raise CasepathError.at("monthly_budget", "Give a monthly budget, a down payment, or both.")
    if budget is not None:
        budget = to_cents(more_than_zero(budget, "monthly_budget"))
        if not budget:
            raise CasepathError.at("monthly_budget", "A monthly budget is at least one cent.")
    if down is None:
        return budget, policy.min_down_payment(owed)
    down = to_cents(at_least_zero(down, "down_payment"))
    if down > owed:
        raise CasepathError.at(
            "down_payment",
            f"The down payment ({dollars(down)}) is more than the patient owes ({dollars(owed)}).",
        )
    return budget, down


def _shortest_plan(
    owed: Decimal, policy: Policy, today: date, down: Decimal, budget: Decimal | None
) -> Arrangement | None:
    """The plan with the fewest payments that fit the budget (the most payments when
    there is no budget). Fewer payments always give a bigger payment."""
    most = policy.longest_term_months
    if down < policy.min_down_payment(owed) or down >= owed or not most:
        return None

    def plan(count: int) -> Arrangement | None:
        return in_house_plan(owed, policy, today=today, down_payment=down, months=count)

    longest = plan(most)
    while longest is None and most > 1:  # so little is left that fewer payments pay it all
        most -= 1
        longest = plan(most)
    if longest is None or budget is None:
        return longest
    if longest.largest_payment > budget:
        return None
    return plan(_first(lambda count: _within(plan(count), budget), 1, most))


def _smallest_down_plan(
    owed: Decimal, policy: Policy, today: date, budget: Decimal | None
) -> Arrangement | None:
    """The plan at the longest term with the smallest down payment (at least the
    policy's) whose payments fit the budget. The annuity formula gives the most
    that can be financed; the schedule, rounded to cents, then settles the cent."""
    count = policy.longest_term_months
    lowest = policy.min_down_payment(owed)
    if not count:
        return None

    def plan(down: Decimal) -> Arrangement | None:
        return in_house_plan(owed, policy, today=today, down_payment=down)

    if budget is None:
        return plan(lowest)
    down = max(lowest, owed - _most_financed(budget, policy.apr_percent, count))
    found = plan(down)
    for _ in range(MAX_CENT_STEPS):
        if _within(found, budget) or down >= owed - CENT:
            break
        down += CENT
        found = plan(down)
    if not _within(found, budget):
        return None
    while down > lowest and _within(smaller := plan(down - CENT), budget):
        down, found = down - CENT, smaller
    return found


def _most_financed(budget: Decimal, apr_percent: Decimal, count: int) -> Decimal:
    """The most `count` monthly payments of `budget` pay off: budget x count at 0%,
    else budget x (1 - (1 + r)^-count) / r with r the monthly rate; down to the cent."""
    rate = apr_percent / HUNDRED / MONTHS_IN_A_YEAR
    most = budget * count if not rate else budget * (1 - (1 + rate) ** -count) / rate
    return most.quantize(CENT, rounding=ROUND_FLOOR)


def _lenders_within(
    lenders: Sequence[LenderProduct], owed: Decimal, down: Decimal, budget: Decimal | None
) -> tuple[Arrangement, ...]:
    if down >= owed:
        return ()
    offers = (lender_offer(product, owed - down) for product in lenders)
    return tuple(
        lender_arrangement(offer, upfront=down)
        for offer in offers
        if offer is not None
        and (budget is None or max(offer.monthly, offer.last_payment) <= budget)
    )


def _within(plan: Arrangement | None, budget: Decimal) -> bool:
    return plan is not None and plan.largest_payment <= budget


def _first(holds: Callable[[int], bool], low: int, high: int) -> int:
    """The smallest n in [low, high] for which `holds` is true, given that it holds
    at `high` and, once true, stays true for every larger n (a binary search)."""
    while low < high:
        middle = (low + high) // 2
        if holds(middle):
            high = middle
        else:
            low = middle + 1
    while not holds(low):  # in case rounding made `holds` flicker near the edge
        low += 1
    return low


def _words(
    owed: Decimal,
    budget: Decimal | None,
    down: Decimal,
    plan: Arrangement | None,
    needed: Arrangement | None,
    offers: tuple[Arrangement, ...],
) -> str:
    if not owed:
        return "There is nothing to pay."
    if plan is not None:
        term = months(plan.number_of_payments)
        return f"With {dollars(down)} down, you can pay {dollars(plan.monthly)} a month for {term}."
    if needed is not None and budget is not None:
        return (
            f"To pay {dollars(budget)} a month or less, put {dollars(needed.upfront)} down. "
            f"Then pay {dollars(needed.monthly)} a month for {months(needed.number_of_payments)}."
        )
    if needed is not None:
        return f"The smallest down payment is {dollars(needed.upfront)}."
    if offers:
        return "A loan from one of our partners fits your budget."
    return "Our plans do not fit this budget. Let us talk about other ways."
