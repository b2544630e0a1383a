"""Pure checks: a stored design's validation, its one-line summary, fee files, typed codes."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from casepath.insurance.design import design_errors, design_summary
from casepath.insurance.fee_csv import read_fee_csv
from casepath.insurance.forms.fields import parse_codes
from casepath.insurance.presets import PRESETS, preset


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_every_preset_is_a_valid_design(key: str) -> None:
    assert design_errors(preset(key)) == []


BAD_DESIGNS = [
    ({"coverage": [{"category": "crowns", "percent": 101}]}, "coverage[0].percent", "0 to 100"),
    ({"coverage": [{"category": "crowns", "percent": True}]}, "coverage[0].percent", "whole"),
    ({"coverage": [{"category": "crowns", "percent": 50.0}]}, "coverage[0].percent", "whole"),
    (
        {"coverage": [{"category": "crowns", "code": "D2740", "percent": 50}]},
        "coverage[0]",
        "only one of category, code",
    ),
    ({"coverage": [{"category": "crowns"}]}, "coverage[0].percent", "is required"),
    (
        {"coverage": [{"category": "crowns", "percent": 50, "note": "x"}]},
        "coverage[0].note",
        "not a key",
    ),
    ({"coverage": {}}, "coverage", "must be a list"),
    ({"deductibles": [{"amount": 50, "level": "individual"}]}, "deductibles[0].amount", "text"),
    ({"deductibles": [{"amount": 50.0}]}, "deductibles[0].amount", "two decimals"),
    ({"deductibles": [{"amount": "50.0"}]}, "deductibles[0].amount", "two decimals"),
    ({"maximums": [{"amount": "-5.00"}]}, "maximums[0].amount", "negative"),
    ({"maximums": [{"amount": "5.00", "level": "group"}]}, "maximums[0].level", "individual"),
    ({"maximums": [{"amount": "5.00", "period": "month"}]}, "maximums[0].period", "lifetime"),
    (
        {"frequencies": [{"codes": "D2740-D2799", "count": 0, "period": "benefit_year"}]},
        "frequencies[0].count",
        "1 or more",
    ),
    (
        {"frequencies": [{"codes": "D0120", "count": 1, "period": {"weeks": 2}}]},
        "frequencies[0].period",
        '{"months": N}',
    ),
    (
        {"frequencies": [{"codes": "D0120", "count": 1, "period": {"months": 0}}]},
        "frequencies[0].period",
        "1 or more",
    ),
    ({"frequencies": [{"count": 1, "period": "benefit_year"}]}, "frequencies[0]", "must name"),
    (
        {"frequencies": [{"codes": "D2799-D2740", "count": 1, "period": "benefit_year"}]},
        "frequencies[0].codes",
        "runs backwards",
    ),
    ({"exclusions": [{"codes": []}]}, "exclusions[0].codes", "at least one code"),
    ({"exclusions": [{"codes": "D0050"}]}, "exclusions[0].codes", "in no category"),
    ({"exclusions": [{"codes": ["D9972", "9973"]}]}, "exclusions[0].codes", "'9973'"),
    ({"exclusions": [{}]}, "exclusions[0]", "must name its codes"),
    ({"age_limits": [{"codes": ["D1206"], "max_age": -1}]}, "age_limits[0].max_age", "0 or"),
    (
        {"waiting_periods": [{"category": "braces", "months": 12}]},
        "waiting_periods[0].category",
        "not a category",
    ),
    (
        {"downgrades": [{"from": "D2391", "to": "D2140", "only_if": "sometimes"}]},
        "downgrades[0].only_if",
        "posterior",
    ),
    ({"downgrades": [{"from": "D2391"}]}, "downgrades[0].to", "is required"),
    (
        {"downgrades": [{"from": "D2391", "to": "D2140", "category": "x"}]},
        "downgrades[0].category",
        "not a key",
    ),
    ({"copays": {"D2740": "ten"}}, "copays.D2740", "two decimals"),
    ({"copays": {"2740": "10.00"}}, "copays.2740", "not a procedure code"),
    ({"copays": []}, "copays", "codes and amounts"),
    ({"cob": "best"}, "cob", "non_duplication"),
    ({"type": "ppo"}, "type", "unknown key"),
]


@pytest.mark.parametrize(("change", "path", "words"), BAD_DESIGNS)
def test_a_bad_design_is_refused_with_the_path_of_the_field(
    change: dict[str, Any], path: str, words: str
) -> None:
    design = preset("100-80-50-1500") | change
    errors = design_errors(design)
    assert [e.path for e in errors] == [path], errors
    assert words in errors[0].message


def test_a_design_that_is_not_an_object_is_refused() -> None:
    assert [e.path for e in design_errors(["coverage"])] == ["benefits"]


@pytest.mark.parametrize(
    ("key", "summary"),
    [
        ("100-80-50-1500", "100/80/50 · $50 ded · $1,500 max"),
        ("100-90-60-2000-ortho", "100/90/60 · $50 ded · $2,000 max · ortho 50% to $1,500"),
        ("80-60-50-1000-waiting", "80/60/50 · $75 ded · $1,000 max"),
    ],
)
def test_the_one_line_summary_of_a_preset(key: str, summary: str) -> None:
    assert design_summary(preset(key)) == summary


def test_the_summary_of_odd_designs() -> None:
    assert design_summary({}) == "No coverage entered · no ded · no max"
    design = copy.deepcopy(preset("100-80-50-1500"))
    design["coverage"] = [r for r in design["coverage"] if r.get("category") != "restorative"]
    design["maximums"] = [{"amount": "1512.50", "level": "individual"}]
    design["copays"] = {"D2740": "400.00", "D2750": "400.00"}
    assert design_summary(design) == "100/\u2013/50 · $50 ded · $1,512.50 max · copays on 2 codes"


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("d0120", "D0120"),
        ("D2740 - D2799", "D2740-D2799"),
        ("D2740\u2013D2799", "D2740-D2799"),
        ("D0120, d0150;D0274  D0210", ["D0120", "D0150", "D0274", "D0210"]),
    ],
)
def test_codes_as_a_tc_types_them(typed: str, codes: Any) -> None:
    assert parse_codes(typed) == codes


def test_a_fee_file_with_header_quotes_and_blank_lines() -> None:
    found = read_fee_csv('\ufeffCDT code,Fee\n\nD0120,65\n"D2740","$1,250.50"\n,\n')
    assert found.errors == ()
    assert [(x.line, x.code, x.amount) for x in found.lines] == [
        (3, "D0120", Decimal("65.00")),
        (4, "D2740", Decimal("1250.50")),
    ]


def test_a_header_counts_only_on_the_first_line() -> None:
    found = read_fee_csv("D0120,65\ncode,fee\n")
    assert found.errors == ("Line 2: 'code' is not a procedure code (D and four digits).",)


def test_an_empty_fee_file() -> None:
    assert read_fee_csv("code,fee\n").errors == (
        "The file has no fees: each line should be code,fee.",
    )


def test_huge_and_exotic_numbers_are_refused_not_crashed() -> None:
    found = read_fee_csv("D0120,1e30\nD0140,NaN\nD0150,Infinity\n")
    assert [e.split(":")[0] for e in found.errors] == ["Line 1", "Line 2", "Line 3"]
