"""Budget mode: what fits the patient's monthly budget and down payment; the slider."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.errors import CasepathError
from casepath.core.financing.arrangements import OptionCost, Policy
from casepath.core.financing.budget import Budget, SliderPoint, fit_budget, slider_points
from casepath.core.financing.compare import in_house_plan
from casepath.core.financing.lenders import LenderProduct

D = Decimal
TODAY = date(2026, 11, 24)
OWED = OptionCost(fee_total=D(3000), insurance_total=D(1000), patient_total=D(2000))
POLICY = Policy(
    longest_term_months=24,
    min_down_percent=D(10),
    apr_percent=D("6.9"),
    pay_in_full_percent=D(5),
)
CARE_CREDIT = LenderProduct("CareCredit", "deferred", 12, D("26.99"), D(200), D(25000), D("9.5"))
CHERRY = LenderProduct("Cherry", "fixed", 24, D("9.99"), D(500), D(35000), D(6))
LENDERS = (CARE_CREDIT, CHERRY)


def fit(monthly: Decimal | None, down: Decimal | None, policy: Policy = POLICY) -> Budget:
    return fit_budget(
        OWED, policy, LENDERS, [], today=TODAY, monthly_budget=monthly, down_payment=down
    )


def test_the_shortest_plan_within_the_budget() -> None:
    budget = fit(D(100), None)
    assert budget.down_payment == D(200)  # the policy's 10%
    assert budget.in_house is not None
    # 1800 at 6.9% a year: 19 months would be 100.28 a month, 20 months 95.5324... -> 95.54
    assert (budget.in_house.monthly, budget.in_house.number_of_payments) == (D("95.54"), 20)
    assert budget.needed is None
    assert [a.name for a in budget.lenders] == ["Cherry"]  # CareCredit asks 150.00 on 1800
    assert budget.pay_in_full is None
    assert budget.words == "With $200 down, you can pay $95.54 a month for 20 months."


def test_a_bigger_down_payment_shortens_the_plan() -> None:
    budget = fit(D(100), D(500))
    assert budget.in_house is not None
    # 1500: 15 months would be 104.8..., 16 months 98.3977... -> 98.40
    assert (budget.in_house.monthly, budget.in_house.number_of_payments) == (D("98.40"), 16)
    lenders = {a.name: (a.upfront, a.monthly, a.total_cost_to_patient) for a in budget.lenders}
    # CareCredit asks 125.00 (1500 over 12 months); Cherry 1500 x r / (1 - (1 + r)^-24), up
    assert lenders == {"Cherry": (D(500), D("69.22"), D("2161.28"))}


def test_when_nothing_fits_it_says_what_down_payment_would() -> None:
    budget = fit(D(50), None)
    assert budget.in_house is None
    assert budget.needed is not None
    # 24 payments of 50 at 6.9% pay off 1117.8865...: 1117.88 financed, 882.12 down
    assert (budget.needed.upfront, budget.needed.monthly) == (D("882.12"), D("50.00"))
    assert budget.needed.number_of_payments == 24
    a_cent_less = in_house_plan(D(2000), POLICY, today=TODAY, down_payment=D("882.11"))
    assert a_cent_less is not None and a_cent_less.monthly == D("50.01")
    assert budget.lenders == ()
    assert not budget.fits
    assert budget.words == (
        "To pay $50 a month or less, put $882.12 down. Then pay $50 a month for 24 months."
    )


def test_a_down_payment_below_the_policys_minimum_shows_the_minimum() -> None:
    budget = fit(None, D(100))
    assert budget.in_house is None
    assert budget.needed is not None and budget.needed.upfront == D(200)
    assert budget.needed.number_of_payments == 24
    assert budget.words == "The smallest down payment is $200."
    assert [a.upfront for a in budget.lenders] == [D(100), D(100)]  # lenders take any down


def test_a_down_payment_alone_gives_the_longest_plan() -> None:
    budget = fit(None, D(1000))
    assert budget.in_house is not None
    assert budget.in_house.number_of_payments == 24
    assert budget.in_house.upfront == D(1000)


def test_enough_down_to_pay_in_full() -> None:
    budget = fit(None, D(1900))
    assert budget.pay_in_full is not None and budget.pay_in_full.upfront == D(1900)
    assert budget.fits


def test_so_little_left_that_fewer_payments_are_needed() -> None:
    # 1.00 left over 24 months rounds up to 0.05 a month: 20 payments would pay it all.
    # One payment would be 1.01 with a month's interest, so two of 0.51 and 0.50.
    budget = fit(D(1), D(1999))
    assert budget.in_house is not None
    assert budget.in_house.number_of_payments == 2
    assert (budget.in_house.monthly, budget.in_house.last_payment) == (D("0.51"), D("0.50"))


def test_a_practice_without_in_house_plans_still_shows_lenders() -> None:
    budget = fit(D(200), None, Policy(longest_term_months=0))
    assert budget.in_house is None and budget.needed is None
    assert [a.name for a in budget.lenders] == ["CareCredit", "Cherry"]
    assert budget.words == "A loan from one of our partners fits your budget."


@pytest.mark.parametrize(
    ("monthly", "down", "path"),
    [
        (None, None, "monthly_budget"),
        (D(0), None, "monthly_budget"),
        (D("0.004"), None, "monthly_budget"),
        (D(-50), None, "monthly_budget"),
        (None, D(-1), "down_payment"),
        (D(100), D("2000.01"), "down_payment"),
    ],
)
def test_a_budget_that_makes_no_sense_is_refused(
    monthly: Decimal | None, down: Decimal | None, path: str
) -> None:
    with pytest.raises(CasepathError) as refused:
        fit(monthly, down)
    assert refused.value.errors[0].path == path


def test_the_slider_runs_from_the_minimum_down_to_the_whole_portion() -> None:
    points = slider_points(OWED, POLICY, TODAY)
    assert len(points) == 21
    assert points[0] == SliderPoint(D(200), D("80.51"), 24)
    assert points[1].down_payment == D(290)  # 200 + 1800 / 20
    assert points[-1] == SliderPoint(D(2000), D(0), 0)
    assert all(point.down_payment == point.down_payment.to_integral() for point in points)


def test_the_slider_refuses_no_steps() -> None:
    with pytest.raises(CasepathError) as refused:
        slider_points(OWED, POLICY, TODAY, steps=0)
    assert refused.value.errors[0].path == "steps"


owed_amounts = st.integers(min_value=100, max_value=3_000_000).map(lambda c: D(c) / 100)
policies = st.builds(
    Policy,
    longest_term_months=st.integers(0, 36),
    min_down_percent=st.integers(0, 50).map(D),
    apr_percent=st.integers(0, 1800).map(lambda c: D(c) / 100),
)
budgets = st.none() | st.integers(min_value=1, max_value=300_000).map(lambda c: D(c) / 100)
shares = st.none() | st.integers(0, 100)


@given(owed_amounts, policies, budgets, shares)
def test_nothing_offered_is_above_the_budget(
    owed: Decimal, policy: Policy, monthly: Decimal | None, share: int | None
) -> None:
    option = OptionCost(fee_total=owed, insurance_total=D(0), patient_total=owed)
    down = None if share is None else (owed * share / 100).quantize(D("0.01"))
    if monthly is None and down is None:
        monthly = D(100)
    budget = fit_budget(
        option, policy, LENDERS, [], today=TODAY, monthly_budget=monthly, down_payment=down
    )
    offered = [budget.in_house, budget.needed, *budget.lenders]
    if monthly is not None:
        assert all(a.largest_payment <= monthly for a in offered if a is not None)
    plan = budget.in_house
    if monthly is not None and plan is not None and plan.number_of_payments > 1:
        shorter = in_house_plan(
            owed, policy, today=TODAY, down_payment=plan.upfront, months=plan.number_of_payments - 1
        )
        assert shorter is None or shorter.largest_payment > monthly
    needed = budget.needed
    if (
        monthly is not None
        and needed is not None
        and needed.upfront > policy.min_down_payment(owed)
    ):
        less = in_house_plan(owed, policy, today=TODAY, down_payment=needed.upfront - D("0.01"))
        assert less is None or less.largest_payment > monthly


@given(owed_amounts, policies)
def test_moving_the_slider_up_never_raises_the_payment(owed: Decimal, policy: Policy) -> None:
    option = OptionCost(fee_total=owed, insurance_total=D(0), patient_total=owed)
    points = slider_points(option, policy, TODAY)
    downs = [point.down_payment for point in points]
    assert downs == sorted(set(downs))
    assert downs[-1] == owed
    monthly = [point.monthly for point in points]
    assert monthly == sorted(monthly, reverse=True)


def test_nothing_to_budget_when_insurance_pays_it_all() -> None:
    covered = OptionCost(fee_total=D(200), insurance_total=D(200), patient_total=D(0))
    budget = fit_budget(
        covered, POLICY, LENDERS, [], today=TODAY, monthly_budget=D(50), down_payment=None
    )
    assert (budget.in_house, budget.needed, budget.lenders, budget.pay_in_full) == (
        None,
        None,
        (),
        None,
    )
    assert budget.words == "There is nothing to pay."
    assert slider_points(covered, POLICY, TODAY) == []
