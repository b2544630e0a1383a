"""Membership plans: a case's cost under a plan, the year's fee included."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.errors import CasepathError
from casepath.core.financing.arrangements import ArrangementKind, Line
from casepath.core.financing.membership import (
    MembershipPlan,
    membership_arrangement,
    membership_cost,
)

D = Decimal

SMILE_CLUB = MembershipPlan(
    name="Smile Club",
    yearly_fee=D("299"),
    included_codes=frozenset({"D0120", "D1110", "D0274"}),
    discount_percent={"restorative": D(20), "crowns": D(15)},
)
CASE = (
    Line("D0120", D("65.00")),  # exam: included
    Line("D1110", D("110.00")),  # cleaning: included
    Line("D0274", D("75.00")),  # x-rays: included
    Line("D2391", D("185.50")),  # filling, restorative 20%: 37.10 off
    Line("D2740", D("1233.50")),  # crown 15%: 185.025 -> 185.03 off (half-up)
    Line("D7140", D("220.00")),  # extraction: no discount
)


def test_a_case_under_a_yearly_plan() -> None:
    quote = membership_cost(SMILE_CLUB, CASE)
    assert [line.price for line in quote.lines] == [
        D(0),
        D(0),
        D(0),
        D("148.40"),
        D("1048.47"),
        D("220.00"),
    ]
    assert [line.included for line in quote.lines] == [True, True, True, False, False, False]
    assert quote.fees == D("1889.00")
    assert quote.care == D("1416.87")
    assert quote.plan_fee == D("299.00")
    assert quote.total == D("1715.87")
    assert quote.savings == D("173.13")
    assert quote.words == "Join Smile Club for $299 a year. Your care then costs $1,416.87."


def test_a_monthly_fee_counts_twelve_months() -> None:
    monthly = MembershipPlan(name="Smile Monthly", monthly_fee=D("25"))
    quote = membership_cost(monthly, [Line("D2391", D("185.50"))])
    assert quote.plan_fee == D("300.00")
    assert quote.total == D("485.50")
    assert quote.savings == D("-300.00")  # no discount: the plan only costs


def test_the_narrowest_listed_category_gives_the_discount() -> None:
    both = MembershipPlan(
        name="Both", yearly_fee=D(1), discount_percent={"diagnostic": D(10), "xray": D(50)}
    )
    wide = MembershipPlan(name="Wide", yearly_fee=D(1), discount_percent={"diagnostic": D(10)})
    assert both.discount_for("D0274") == 50  # an x-ray
    assert both.discount_for("D0150") == 10  # an exam
    assert wide.discount_for("D0274") == 10  # x-rays are diagnostic too
    assert wide.discount_for("D2740") == 0


def test_joining_as_a_way_to_pay() -> None:
    yearly = membership_arrangement(membership_cost(SMILE_CLUB, CASE))
    assert yearly.kind == ArrangementKind.MEMBERSHIP
    assert (yearly.upfront, yearly.monthly, yearly.number_of_payments) == (D("1715.87"), 0, 0)
    assert yearly.total_cost_to_patient == yearly.net_to_practice == D("1715.87")
    monthly = MembershipPlan(name="Smile Monthly", monthly_fee=D("25"), included_codes={"D0120"})  # type: ignore[arg-type]
    plan = membership_arrangement(membership_cost(monthly, CASE[:2]))
    assert (plan.upfront, plan.monthly, plan.number_of_payments) == (D("110.00"), D(25), 12)
    assert plan.total_cost_to_patient == D("410.00")
    assert plan.words == (
        "Join Smile Monthly for $25 a month. Your care then costs $110. "
        "Pay $110 today and $25 a month for 12 months. You pay $410 in all."
    )


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({}, "yearly_fee"),  # no fee at all
        ({"yearly_fee": D(300), "monthly_fee": D(25)}, "yearly_fee"),
        ({"yearly_fee": D(0)}, "yearly_fee"),
        ({"monthly_fee": D(-1)}, "monthly_fee"),
        ({"yearly_fee": D(1), "included_codes": frozenset({"cleaning"})}, "included_codes"),
        ({"yearly_fee": D(1), "discount_percent": {"veneers": D(5)}}, "discount_percent.veneers"),
        ({"yearly_fee": D(1), "discount_percent": {"crowns": D(101)}}, "discount_percent.crowns"),
        ({"yearly_fee": D(1), "name": ""}, "name"),
    ],
)
def test_a_plan_that_makes_no_sense_is_refused(fields: dict[str, object], path: str) -> None:
    with pytest.raises(CasepathError) as refused:
        MembershipPlan(**{"name": "Club", **fields})  # type: ignore[arg-type]
    assert [error.path for error in refused.value.errors] == [path]


@pytest.mark.parametrize(("code", "fee", "path"), [("2740", D(1), "code"), ("D2740", D(-1), "fee")])
def test_a_line_needs_a_code_and_a_fee_of_zero_or_more(code: str, fee: Decimal, path: str) -> None:
    with pytest.raises(CasepathError) as refused:
        Line(code, fee)
    assert refused.value.errors[0].path == path


lines = st.lists(
    st.builds(
        Line,
        code=st.integers(100, 9999).map(lambda n: f"D{n:04d}"),
        fee=st.integers(0, 500_000).map(lambda c: D(c) / 100),
    ),
    max_size=20,
)
rates = st.integers(0, 100).map(D)


@given(lines, rates, rates)
def test_the_plan_never_charges_a_line_more_than_its_fee(
    case: list[Line], restorative: Decimal, crowns: Decimal
) -> None:
    plan = MembershipPlan(
        name="Club",
        monthly_fee=D("19.99"),
        included_codes=frozenset({"D0120"}),
        discount_percent={"restorative": restorative, "crowns": crowns},
    )
    quote = membership_cost(plan, case)
    assert all(0 <= line.price <= line.fee for line in quote.lines)
    assert quote.total == quote.care + D("239.88")
    assert quote.care == sum((line.price for line in quote.lines), D(0))
    assert quote.savings == quote.fees - quote.total
