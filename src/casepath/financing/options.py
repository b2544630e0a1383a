"""The core's inputs for the ways to pay, from what the practice has on file.

The practice's policy, the lender products and membership plans it offers become the
core's `Policy`, `LenderProduct` and `MembershipPlan`; a case option's money becomes an
`OptionCost`: from its saved estimate on the case page, from the presentation snapshot
on the patient's page (what the patient was shown). Then `ways_for` asks the core for
the comparison and the slider, and `arrangement_for` rebuilds the one way to pay a
form named, so that a choice is always computed here, never taken from the browser.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from casepath.cases.models import Case, CaseOption
from casepath.cases.selectors import case_plan
from casepath.core.errors import CasepathError
from casepath.core.financing.arrangements import (
    Arrangement,
    ArrangementKind,
    Line,
    OptionCost,
    Policy,
    dollars,
)
from casepath.core.financing.budget import Budget, SliderPoint, fit_budget, slider_points
from casepath.core.financing.compare import compare, in_house_plan
from casepath.core.financing.lenders import LenderProduct, lender_arrangement, lender_offer
from casepath.core.financing.membership import MembershipPlan
from casepath.core.money import to_cents
from casepath.estimates.models import Estimate
from casepath.financing import models
from casepath.financing.selectors import financial_policy, lender_products, membership_plans
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

NOT_ESTIMATED = "Not estimated yet: estimate the options in the plan section first."
NOTHING_OWED = "The fees of this option are zero: there is nothing to pay."


@dataclass(frozen=True)
class PracticeOffer:
    """What the practice offers: its policy, lender products and membership plans."""

    policy: Policy
    lenders: tuple[LenderProduct, ...]
    memberships: tuple[MembershipPlan, ...]


@dataclass(frozen=True)
class OptionMoney:
    """One option's cost, and whether the patient has insurance for it."""

    cost: OptionCost
    insured: bool


@dataclass(frozen=True)
class OptionWays:
    """The ways to pay for one option; `problem` says why there are none."""

    option_id: int
    name: str
    money: OptionMoney | None
    arrangements: tuple[Arrangement, ...] = ()
    slider: tuple[SliderPoint, ...] = ()
    problem: str = ""

    @property
    def owed(self) -> Decimal:
        return to_cents(self.money.cost.patient_total) if self.money else Decimal("0.00")


# The practice's settings, as the core takes them


def practice_offer(practice: Practice) -> PracticeOffer:
    return PracticeOffer(
        policy=core_policy(financial_policy(practice)),
        lenders=tuple(core_lender(row) for row in lender_products(practice, offered_only=True)),
        memberships=tuple(
            core_membership(row) for row in membership_plans(practice, offered_only=True)
        ),
    )


def core_policy(row: models.FinancialPolicy) -> Policy:
    return Policy(
        longest_term_months=row.longest_term_months,
        min_down_percent=row.min_down_percent,
        apr_percent=row.apr_percent,
        apr_cap=row.apr_cap_percent,
        pay_in_full_percent=row.pay_in_full_percent,
    )


def core_lender(row: models.LenderProduct) -> LenderProduct:
    return LenderProduct(
        name=row.name,
        kind=row.kind,
        months=row.months,
        apr_percent=row.apr_percent,
        min_amount=row.min_amount,
        max_amount=row.max_amount,
        practice_fee_percent=row.practice_fee_percent,
        application_url=row.application_url,
    )


def core_membership(row: models.MembershipPlan) -> MembershipPlan:
    discounts = {category: Decimal(str(rate)) for category, rate in (row.discounts or {}).items()}
    return MembershipPlan(
        name=row.name,
        yearly_fee=row.yearly_fee,
        monthly_fee=row.monthly_fee,
        included_codes=frozenset(row.included_codes or ()),
        discount_percent=discounts,
    )


# An option's money


def estimate_money(estimate: Estimate | None) -> OptionMoney | None:
    """The option's cost from its saved estimate (None when it has none)."""
    if estimate is None:
        return None
    response = estimate.response or {}
    return _money(
        estimate.fee_total,
        estimate.insurance_total,
        estimate.patient_total,
        ((p["code"], p["fee"]) for p in response.get("procedures", [])),
        _has_coverage(response),
    )


def snapshot_money(option: Mapping[str, Any]) -> OptionMoney | None:
    """The option's cost as a presentation snapshot froze it (what the patient saw)."""
    figures = option.get("figures") or {}
    if option.get("estimate") is None or not figures.get("fee_total"):
        return None
    procedures = (p for phase in option.get("phases", []) for p in phase.get("procedures", []))
    return _money(
        Decimal(figures["fee_total"]),
        Decimal(figures.get("insurance_total") or "0"),
        Decimal(figures.get("patient_total") or "0"),
        ((p["code"], p["net_fee"]) for p in procedures),
        _has_coverage(option["estimate"]),
    )


def _money(
    fees: Decimal,
    insurance: Decimal,
    patient: Decimal,
    lines: Iterable[tuple[str, Any]],
    insured: bool,
) -> OptionMoney | None:
    if fees <= 0:
        return None
    priced = tuple(Line(code, Decimal(str(fee))) for code, fee in lines)
    return OptionMoney(OptionCost(fees, insurance, patient, priced), insured)


def _has_coverage(response: Mapping[str, Any]) -> bool:
    """Insured when a coverage took part in the estimate (even one that paid nothing)."""
    procedures = response.get("procedures", [])
    return bool(response.get("remaining")) or any(p.get("coverages") for p in procedures)


# The ways to pay


def ways_for(
    option_id: int, name: str, money: OptionMoney | None, offer: PracticeOffer, today: date
) -> OptionWays:
    """Every way to pay for one option, and the slider's points for the in-house plan."""
    if money is None:
        return OptionWays(option_id, name, None, problem=NOT_ESTIMATED)
    found = compare(
        money.cost,
        offer.policy,
        offer.lenders,
        offer.memberships,
        today=today,
        insured=money.insured,
    )
    points = slider_points(money.cost, offer.policy, today)
    return OptionWays(
        option_id,
        name,
        money,
        arrangements=tuple(found),
        slider=tuple(p for p in points if p.months),
    )


def case_ways(case: Case, offer: PracticeOffer, today: date) -> list[OptionWays]:
    """Each option of the case (only the accepted one once the patient said yes)."""
    options = case_options(case)
    ids = [o.estimate_id for o in options if o.estimate_id is not None]
    estimates = scoped(Estimate, case.practice).in_bulk(ids)
    return [
        ways_for(
            option.pk, option.name, estimate_money(estimates.get(option.estimate_id)), offer, today
        )
        for option in options
    ]


def case_options(case: Case) -> list[CaseOption]:
    options = list(case_plan(case))
    if case.accepted_option_id is not None:
        return [o for o in options if o.pk == case.accepted_option_id]
    return options


def budget_for(
    ways: OptionWays,
    offer: PracticeOffer,
    today: date,
    *,
    monthly_budget: Decimal | None,
    down_payment: Decimal | None,
) -> Budget:
    """Budget mode for one option: what fits a monthly budget and/or a down payment."""
    if ways.money is None:
        raise CasepathError.at("option", ways.problem or NOT_ESTIMATED)
    return fit_budget(
        ways.money.cost,
        offer.policy,
        offer.lenders,
        offer.memberships,
        today=today,
        monthly_budget=monthly_budget,
        down_payment=down_payment,
    )


def arrangement_for(
    ways: OptionWays,
    offer: PracticeOffer,
    today: date,
    *,
    kind: str,
    name: str = "",
    down_payment: Decimal | None = None,
    months: int | None = None,
) -> Arrangement:
    """The way to pay a form named, computed again. The in-house plan and a lender take
    a down payment (and the plan a term) from the slider or the budget mode."""
    if ways.money is None:
        raise CasepathError.at("option", ways.problem or NOT_ESTIMATED)
    if kind == ArrangementKind.IN_HOUSE and (down_payment is not None or months is not None):
        return _in_house(ways.owed, offer.policy, today, down_payment, months)
    if kind == ArrangementKind.LENDER and down_payment:
        return _lender_after_down(ways.owed, offer.lenders, name, down_payment)
    for arrangement in ways.arrangements:
        if arrangement.kind == kind and (
            kind == ArrangementKind.IN_HOUSE or arrangement.name == name
        ):
            return arrangement
    raise CasepathError.at("arrangement", "That way to pay is not offered for this option.")


def _in_house(
    owed: Decimal, policy: Policy, today: date, down: Decimal | None, months: int | None
) -> Arrangement:
    down = policy.min_down_payment(owed) if down is None else to_cents(down)
    least = policy.min_down_payment(owed)
    if down < least:
        raise CasepathError.at(
            "down_payment",
            f"The down payment is at least {dollars(least)} by the practice's policy.",
        )
    if months is not None and not 1 <= months <= policy.longest_term_months:
        raise CasepathError.at(
            "months",
            f"The term is 1 to {policy.longest_term_months} months by the practice's policy.",
        )
    plan = in_house_plan(owed, policy, today=today, down_payment=down, months=months)
    if plan is None:
        raise CasepathError.at(
            "down_payment", "Too little is left to pay over time: choose pay in full instead."
        )
    return plan


def _lender_after_down(
    owed: Decimal, lenders: Sequence[LenderProduct], name: str, down: Decimal
) -> Arrangement:
    down = to_cents(down)
    product = next((p for p in lenders if p.name == name), None)
    if product is None or not 0 < down < owed:
        raise CasepathError.at("arrangement", "That way to pay is not offered for this option.")
    offer = lender_offer(product, owed - down)
    if offer is None:
        raise CasepathError.at(
            "arrangement", f"{product.name} does not lend {dollars(owed - down)}."
        )
    return lender_arrangement(offer, upfront=down)


def slider_point(ways: OptionWays, step: int) -> SliderPoint:
    """The slider's point number `step` (the form sends the position, not the figures)."""
    if not ways.slider or not 0 <= step < len(ways.slider):
        raise CasepathError.at("step", "Move the slider to a down payment.")
    return ways.slider[step]
