"""Procedure code shape and categories, by the contract's spans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.catalog import (
    CATEGORIES,
    CATEGORY_SPANS,
    category_of,
    category_width,
    code_number,
    in_category,
    is_cdt_code,
)


@pytest.mark.parametrize("code", ["D0120", "D9999", "D0000"])
def test_cdt_shaped_codes(code: str) -> None:
    assert is_cdt_code(code)


@pytest.mark.parametrize(
    "code",
    ["d0120", "D012", "D01200", "DABCD", "X0120", "D\u0661\u0662\u0663\u0664", "", None, 120],
)
def test_not_cdt_shaped(code: object) -> None:
    assert not is_cdt_code(code)


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("D0100", "diagnostic"),
        ("D0199", "diagnostic"),
        ("D0200", "xray"),
        ("D0274", "xray"),
        ("D0399", "xray"),
        ("D0400", "diagnostic"),
        ("D0999", "diagnostic"),
        ("D1000", "preventive"),
        ("D1999", "preventive"),
        ("D2000", "restorative"),
        ("D2699", "restorative"),
        ("D2700", "crowns"),
        ("D2799", "crowns"),
        ("D2800", "restorative"),
        ("D2999", "restorative"),
        ("D3000", "endodontics"),
        ("D3999", "endodontics"),
        ("D4000", "periodontics"),
        ("D4999", "periodontics"),
        ("D5000", "prosthodontics"),
        ("D5899", "prosthodontics"),
        ("D5900", "maxillofacial"),
        ("D5999", "maxillofacial"),
        ("D6000", "implants"),
        ("D6199", "implants"),
        ("D6200", "prosthodontics"),
        ("D6999", "prosthodontics"),
        ("D7000", "oral_surgery"),
        ("D7999", "oral_surgery"),
        ("D8000", "orthodontics"),
        ("D8999", "orthodontics"),
        ("D9000", "adjunctive"),
        ("D9999", "adjunctive"),
    ],
)
def test_category_of_each_span_boundary(code: str, category: str) -> None:
    assert category_of(code) == category
    assert category_of(code) == category  # the second answer comes from the memo


@pytest.mark.parametrize("code", ["D0000", "D0099", "D01", "x", "", None, 2740, ["D2740"]])
def test_codes_outside_every_span_have_no_category(code: object) -> None:
    assert category_of(code) is None


def test_a_category_holds_the_codes_of_its_narrower_categories() -> None:
    assert in_category("D0274", "diagnostic")
    assert in_category("D0274", "xray")
    assert not in_category("D2740", "restorative"), "crowns do not nest inside restorative"
    assert category_width("xray") < category_width("diagnostic")
    assert category_width("restorative") == 700 + 200


def test_the_categories_are_the_contracts_thirteen() -> None:
    assert len(CATEGORIES) == 13
    assert set(CATEGORY_SPANS) == CATEGORIES


@given(st.integers(100, 9999))
def test_every_code_from_d0100_has_exactly_one_narrowest_category(number: int) -> None:
    code = f"D{number:04d}"
    category = category_of(code)
    assert category is not None
    assert in_category(code, category)
    assert code_number(code) == number
    holding = [c for c in CATEGORIES if in_category(code, c)]
    assert min(holding, key=category_width) == category
