"""Discounts: the documented order, cents that always add up, nothing below zero."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.errors import CasepathError
from casepath.core.fees import (
    Discount,
    DiscountKind,
    DiscountScope,
    FeeLookup,
    PatientLine,
    apply_discounts,
    fee_for,
)

D = Decimal
PERCENT, AMOUNT = DiscountKind.PERCENT, DiscountKind.AMOUNT
PROCEDURE, CATEGORY, CASE = DiscountScope.PROCEDURE, DiscountScope.CATEGORY, DiscountScope.CASE
CROWN = PatientLine("a", "D2740", "crowns", D("800.00"))
FILLING = PatientLine("b", "D2391", "restorative", D("39.00"))
EXAM = PatientLine("c", "D0150", "diagnostic", D("0.00"))


def after(lines: list[PatientLine], *discounts: Discount) -> list[Decimal]:
    return [line.patient for line in apply_discounts(lines, discounts)]


def test_no_discount_changes_nothing() -> None:
    assert after([CROWN, FILLING]) == [D("800.00"), D("39.00")]


def test_percent_on_one_procedure() -> None:
    senior = Discount("Senior", PERCENT, PROCEDURE, D(10), "D2740")
    assert after([CROWN, FILLING], senior) == [D("720.00"), D("39.00")]


def test_percent_rounds_half_up_per_line() -> None:
    odd = PatientLine("x", "D2391", "restorative", D("0.25"))
    assert after([odd], Discount("Half", PERCENT, CATEGORY, D(50), "restorative")) == [D("0.12")]
    odd = PatientLine("x", "D2391", "restorative", D("0.05"))
    assert after([odd], Discount("Half", PERCENT, CATEGORY, D(50), "restorative")) == [D("0.02")]


def test_amount_never_goes_below_zero() -> None:
    courtesy = Discount("Courtesy", AMOUNT, CATEGORY, D("50.00"), "restorative")
    assert after([FILLING], courtesy) == [D("0.00")]


def test_procedure_then_category_then_case_whatever_the_list_order() -> None:
    case = Discount("Pay in full", PERCENT, CASE, D(5))
    category = Discount("Crown special", AMOUNT, CATEGORY, D("100.00"), "crowns")
    procedure = Discount("Senior", PERCENT, PROCEDURE, D(10), "D2740")
    # 800 -10% = 720; -100 = 620; -5% = 589.00
    assert after([CROWN], case, category, procedure) == [D("589.00")]


def test_case_amount_is_spread_in_proportion_and_adds_up() -> None:
    lines = [PatientLine(str(i), "D2391", "restorative", D("10.00")) for i in range(3)]
    result = apply_discounts(lines, [Discount("Courtesy", AMOUNT, CASE, D("10.00"))])
    assert [r.discount for r in result] == [D("3.34"), D("3.33"), D("3.33")]
    assert sum(r.discount for r in result) == D("10.00")


def test_case_amount_is_capped_at_what_the_patient_owes() -> None:
    result = apply_discounts([FILLING, EXAM], [Discount("Courtesy", AMOUNT, CASE, D("100"))])
    assert [r.patient for r in result] == [D("0.00"), D("0.00")]


def test_each_discount_leaves_a_note() -> None:
    (line,) = apply_discounts([CROWN], [Discount("Senior", PERCENT, PROCEDURE, D(10), "D2740")])
    assert line.notes == ("Senior: $80.00 off",)
    assert line.discount == D("80.00") and line.patient_before == D("800.00")


def test_lines_without_a_discount_have_no_note() -> None:
    lines = apply_discounts([CROWN, FILLING], [Discount("S", PERCENT, PROCEDURE, D(10), "D2740")])
    assert lines[1].notes == ()


@pytest.mark.parametrize(
    ("discount", "path"),
    [
        (Discount("x", PERCENT, CASE, D(101)), "discounts[0].value"),
        (Discount("x", AMOUNT, CASE, D(-1)), "discounts[0].value"),
        (Discount("x", AMOUNT, CATEGORY, D(1)), "discounts[0].target"),
    ],
)
def test_bad_discounts_name_the_field(discount: Discount, path: str) -> None:
    with pytest.raises(CasepathError) as caught:
        apply_discounts([CROWN], [discount])
    assert caught.value.errors[0].path == path


def test_provider_fee_wins_over_the_office_fee() -> None:
    lookup = FeeLookup(office={"D2740": D("1250.00")}, provider={"D2740": D("1400.00")})
    assert fee_for(lookup, "D2740") == D("1400.00")
    assert fee_for(FeeLookup(office={"D2740": D("1250.00")}), "D2740") == D("1250.00")


def test_a_code_without_a_fee_is_an_error() -> None:
    with pytest.raises(CasepathError, match="D9999 has no fee"):
        fee_for(FeeLookup(office={}), "D9999", path="procedures[2].code")


cents = st.decimals(min_value=0, max_value=10_000, places=2)
kinds = st.sampled_from(list(DiscountKind))
discounts = st.builds(
    Discount,
    name=st.just("d"),
    kind=kinds,
    scope=st.sampled_from(list(DiscountScope)),
    value=st.decimals(min_value=0, max_value=100, places=2),
    target=st.sampled_from(["D2740", "crowns", "restorative"]),
)
lines = st.lists(
    st.builds(
        PatientLine,
        id=st.text(max_size=3),
        code=st.sampled_from(["D2740", "D2391"]),
        category=st.sampled_from(["crowns", "restorative"]),
        patient=cents,
    ),
    max_size=8,
)


@given(lines, st.lists(discounts, max_size=5))
def test_discounts_never_go_negative_and_add_up(
    patient_lines: list[PatientLine], given_discounts: list[Discount]
) -> None:
    for line, result in zip(
        patient_lines, apply_discounts(patient_lines, given_discounts), strict=True
    ):
        assert D(0) <= result.patient <= line.patient
        assert result.discount + result.patient == line.patient
        assert result.patient == result.patient.quantize(D("0.01"))
