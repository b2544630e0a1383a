from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.errors import CasepathError
from casepath.core.money import money, to_cents


def test_money_accepts_text_int_and_decimal() -> None:
    assert money("12.345") == Decimal("12.345")
    assert money(7) == Decimal(7)
    assert money(Decimal("0.10")) == Decimal("0.10")


@pytest.mark.parametrize("bad", [0.1, True, None, [1]])
def test_money_refuses_floats_and_other_types(bad: object) -> None:
    with pytest.raises(CasepathError) as caught:
        money(bad, field="fee")  # type: ignore[arg-type]
    assert caught.value.errors[0].path == "fee"


@pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity", ""])
def test_money_refuses_text_that_is_not_a_finite_number(bad: str) -> None:
    with pytest.raises(CasepathError, match="fee"):
        money(bad, field="fee")


@pytest.mark.parametrize(
    ("raw", "cents"),
    [("0.005", "0.01"), ("0.004", "0.00"), ("2.675", "2.68"), ("-0.005", "-0.01"), ("10", "10.00")],
)
def test_to_cents_rounds_half_up(raw: str, cents: str) -> None:
    assert to_cents(Decimal(raw)) == Decimal(cents)


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=6, min_value=-(10**9), max_value=10**9
    )
)
def test_to_cents_is_within_half_a_cent_and_idempotent(amount: Decimal) -> None:
    rounded = to_cents(amount)
    assert abs(rounded - amount) <= Decimal("0.005")
    assert to_cents(rounded) == rounded
    assert rounded.as_tuple().exponent == -2


def test_casepath_error_needs_a_field_error() -> None:
    with pytest.raises(TypeError):
        CasepathError()
