"""Lender products: the patient's monthly payment and what the practice keeps."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.errors import CasepathError
from casepath.core.financing.arrangements import ArrangementKind
from casepath.core.financing.lenders import (
    LenderKind,
    LenderProduct,
    lender_arrangement,
    lender_offer,
)

D = Decimal


def product(**changes: object) -> LenderProduct:
    fields: dict[str, object] = {
        "name": "CareCredit",
        "kind": "deferred",
        "months": 12,
        "apr_percent": D("26.99"),
        "min_amount": D("200"),
        "max_amount": D("25000"),
        "practice_fee_percent": D("9.5"),
        "application_url": "https://example.com/apply",
    }
    fields.update(changes)
    return LenderProduct(**fields)  # type: ignore[arg-type]


def test_a_deferred_promotion_splits_the_amount_rounding_up_and_warns() -> None:
    offer = lender_offer(product(), D("2000"))
    assert offer is not None
    assert offer.monthly == D("166.67")  # 2000 / 12 = 166.666..., rounded up
    assert offer.number_of_payments == 12
    assert offer.last_payment == D("166.63")  # 2000 - 11 x 166.67
    assert offer.total_cost == D("2000.00")
    assert offer.practice_fee == D("190.00")  # 9.5% of 2000
    assert offer.net_to_practice == D("1810.00")
    assert offer.apr_percent == 0
    assert offer.warning == (
        "There is no interest if you pay it all off in 12 months. If you do not, you pay "
        "interest at 26.99% a year from the first day."
    )
    assert offer.words == (
        "Borrow $2,000 from CareCredit. Pay $166.67 a month for 12 months. "
        f"The last payment is $166.63. You pay $2,000 in all. {offer.warning}"
    )


def test_a_fixed_rate_loan_is_an_annuity_rounded_up_to_the_cent() -> None:
    loan = product(name="Lending Club", kind="fixed", months=24, apr_percent=D("9.99"))
    offer = lender_offer(loan, D("3000"))
    assert offer is not None
    # 3000 x r / (1 - (1 + r)^-24), r = 0.0999 / 12: 138.4209..., up to 138.43
    assert offer.monthly == D("138.43")
    assert offer.number_of_payments == 24
    assert offer.last_payment == D("138.43")
    assert offer.total_cost == D("3322.32")  # 24 x 138.43
    assert offer.net_to_practice == D("2715.00")  # 3000 - 9.5%
    assert offer.apr_percent == D("9.99")
    assert offer.warning == ""
    assert offer.words == (
        "Borrow $3,000 from Lending Club. Pay $138.43 a month for 24 months. "
        "You pay $3,322.32 in all. The interest rate is 9.99% a year."
    )


def test_a_fixed_loan_at_zero_percent_is_split_evenly() -> None:
    offer = lender_offer(product(kind=LenderKind.FIXED, apr_percent=D(0)), D("1200"))
    assert offer is not None
    assert (offer.monthly, offer.number_of_payments, offer.total_cost) == (D(100), 12, D(1200))
    assert offer.warning == ""


def test_an_amount_outside_the_limits_has_no_offer() -> None:
    assert lender_offer(product(), D("199.99")) is None
    assert lender_offer(product(), D("25000.01")) is None
    assert lender_offer(product(), D("200")) is not None
    assert lender_offer(product(), D("25000")) is not None


def test_the_offer_as_an_arrangement_after_a_down_payment() -> None:
    offer = lender_offer(product(), D("1800"))
    assert offer is not None
    arrangement = lender_arrangement(offer, upfront=D("200"))
    assert arrangement.kind == ArrangementKind.LENDER
    assert arrangement.upfront == D("200")
    assert arrangement.monthly == D("150.00")
    assert arrangement.total_cost_to_patient == D("2000.00")
    assert arrangement.net_to_practice == D("200") + D("1629.00")  # 1800 - 171 fee
    assert arrangement.application_url == "https://example.com/apply"
    assert arrangement.words.startswith(
        "Apply with CareCredit. Pay $200 today and $150 a month for 12 months. "
        "You pay $2,000 in all."
    )


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"kind": "balloon"}, "kind"),
        ({"name": " "}, "name"),
        ({"months": 0}, "months"),
        ({"months": 12.0}, "months"),
        ({"apr_percent": D("-1")}, "apr_percent"),
        ({"apr_percent": 9.99}, "apr_percent"),
        ({"min_amount": D("-5")}, "min_amount"),
        ({"max_amount": D("0")}, "max_amount"),
        ({"max_amount": D("100")}, "max_amount"),  # below the minimum of 200
        ({"practice_fee_percent": D("100")}, "practice_fee_percent"),
        ({"practice_fee_percent": D("-0.5")}, "practice_fee_percent"),
    ],
)
def test_a_product_that_makes_no_sense_is_refused(changes: dict[str, object], path: str) -> None:
    with pytest.raises(CasepathError) as refused:
        product(**changes)
    assert [error.path for error in refused.value.errors] == [path]


def test_an_unknown_kind_says_which_kinds_exist() -> None:
    with pytest.raises(CasepathError, match="Unknown kind 'balloon': use deferred or fixed"):
        product(kind="balloon")


@pytest.mark.parametrize("amount", [D("0"), D("-100")])
def test_a_zero_or_negative_amount_is_refused(amount: Decimal) -> None:
    with pytest.raises(CasepathError) as refused:
        lender_offer(product(), amount)
    assert refused.value.errors[0].path == "amount"


cents = st.integers(min_value=1, max_value=5_000_000).map(lambda c: D(c) / 100)
products = st.builds(
    product,
    kind=st.sampled_from(["deferred", "fixed"]),
    months=st.integers(1, 84),
    apr_percent=st.integers(0, 3599).map(lambda c: D(c) / 100),
    min_amount=st.just(D(0)),
    max_amount=st.just(D(50_000)),
    practice_fee_percent=st.integers(0, 2000).map(lambda c: D(c) / 100),
)


@given(products, cents)
def test_the_practice_never_nets_more_than_the_patient_pays(
    loan: LenderProduct, amount: Decimal
) -> None:
    offer = lender_offer(loan, amount)
    assert offer is not None
    assert offer.net_to_practice <= offer.total_cost
    assert offer.total_cost >= amount
    paid = offer.monthly * (offer.number_of_payments - 1) + offer.last_payment
    assert paid == offer.total_cost
    assert 0 < offer.last_payment <= offer.monthly
    assert offer.number_of_payments <= loan.months
