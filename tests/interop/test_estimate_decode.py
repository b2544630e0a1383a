"""Estimate request JSON: strict reading, every error with the path of its field."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from casepath.core.benefits.model import Months, Years
from casepath.core.errors import CasepathError
from casepath.interop.estimate_v1 import decode_request, parse_json

CONTRACT = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "estimate-v1.md"


def contract_request() -> dict[str, Any]:
    """The request example of the contract, read from the contract itself."""
    text = CONTRACT.read_text() if CONTRACT.exists() else ""
    block = text.split("```json", 2)[1].split("```")[0] if text else ""
    return parse_json(block) if block else copy.deepcopy(FALLBACK)


FALLBACK: dict[str, Any] = {
    "format": "casepath.estimate/1",
    "as_of": "2026-11-22",
    "patient": {"birth_date": "2012-04-30"},
    "procedures": [{"id": "a", "code": "D2740", "fee": "1200.00", "tooth": "30"}],
    "coverages": [
        {
            "effective_date": "2025-01-01",
            "plan": {"type": "percentage", "coverage": [{"category": "crowns", "percent": 50}]},
        }
    ],
}


def errors_of(data: Any) -> dict[str, str]:
    with pytest.raises(CasepathError) as caught:
        decode_request(data)
    return {e.path: e.message for e in caught.value.errors}


def with_change(path: list[Any], value: Any) -> dict[str, Any]:
    data = contract_request()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def test_the_contract_example_reads_whole() -> None:
    request = decode_request(contract_request())
    assert request.as_of == date(2026, 11, 22)
    (procedure,) = request.procedures
    assert (procedure.id, procedure.code, procedure.fee, procedure.tooth) == (
        "a",
        "D2740",
        Decimal("1200.00"),
        "30",
    )
    plan = request.coverages[0].plan
    assert plan.type == "percentage"
    assert plan.allowed_fees == {"D2740": Decimal("850.00")}
    periods = [f.period for f in plan.frequencies]
    assert periods == ["benefit_year", Months(12), Years(5), Years(5)]
    assert plan.frequencies[3].area == "tooth"
    assert plan.downgrades[0].from_ == "D2391" and plan.downgrades[0].only_if == "posterior"
    assert plan.exclusions[0].codes == "D9972"
    assert plan.maximums[1].period == "lifetime"
    assert request.coverages[0].history[0].insurance_paid == Decimal("45.00")
    assert request.coverages[0].pending[0].insurance_estimate == Decimal("90.00")


def test_numbers_and_short_strings_are_amounts() -> None:
    data = with_change(["procedures", 0, "fee"], parse_json("1200.5"))
    assert decode_request(data).procedures[0].fee == Decimal("1200.50")
    data = with_change(["procedures", 0, "fee"], "99")
    assert decode_request(data).procedures[0].fee == Decimal("99.00")


def test_defaults_fill_what_is_left_out() -> None:
    data = contract_request()
    del data["policy"]
    data["procedures"] = [{"code": "D0120", "fee": "65"}, {"code": "D0274", "fee": "85"}]
    request = decode_request(data)
    assert [p.id for p in request.procedures] == ["1", "2"]
    assert request.procedures[0].units == 1 and request.procedures[0].date is None
    assert request.policy.blank_allowed_fee == "use_fee"


@pytest.mark.parametrize(
    ("path", "value", "field", "words"),
    [
        (["procedures", 0, "fee"], "-5.00", "procedures[0].fee", "zero or more"),
        (["procedures", 0, "fee"], "12.345", "procedures[0].fee", "two decimals"),
        (["procedures", 0, "fee"], True, "procedures[0].fee", "amount"),
        (["procedures", 0, "fee"], "abc", "procedures[0].fee", "not an amount"),
        (["procedures", 0, "code"], "D99", "procedures[0].code", "not a known procedure code"),
        (["procedures", 0, "code"], "D0001", "procedures[0].code", "not a known procedure code"),
        (["procedures", 0, "tooth"], "33", "procedures[0].tooth", "Universal"),
        (["procedures", 0, "date"], "2027-02-30", "procedures[0].date", "not a real date"),
        (["procedures", 0, "units"], 0, "procedures[0].units", "at least 1"),
        (["procedures", 0, "surfaces"], "MOX", "procedures[0].surfaces", "surfaces"),
        (["as_of"], "22/11/2026", "as_of", "YYYY-MM-DD"),
        (["format"], "casepath.estimate/2", "format", "casepath.estimate/1"),
        (["policy", "blank_allowed_fee"], "zero", "policy.blank_allowed_fee", "one of"),
        (["coverages", 0, "plan", "type"], "hmo", "coverages[0].plan.type", "one of"),
        (
            ["coverages", 0, "plan", "coverage", 2, "percent"],
            101,
            "coverages[0].plan.coverage[2].percent",
            "at most 100",
        ),
        (
            ["coverages", 0, "plan", "frequencies", 1, "period"],
            {"weeks": 2},
            "coverages[0].plan.frequencies[1].period",
            "months",
        ),
        (
            ["coverages", 0, "plan", "frequencies", 3, "codes"],
            "D2799-D2740",
            "coverages[0].plan.frequencies[3].codes",
            "ends before it starts",
        ),
        (
            ["coverages", 0, "plan", "benefit_year_start_month"],
            13,
            "coverages[0].plan.benefit_year_start_month",
            "at most 12",
        ),
        (
            ["coverages", 0, "history", 0, "date"],
            "soon",
            "coverages[0].history[0].date",
            "YYYY-MM-DD",
        ),
        (
            ["coverages", 0, "plan", "allowed_fees"],
            {"D2740": "-1"},
            "coverages[0].plan.allowed_fees.D2740",
            "zero or more",
        ),
    ],
)
def test_bad_values_name_their_field(path: list[Any], value: Any, field: str, words: str) -> None:
    errors = errors_of(with_change(path, value))
    assert field in errors, errors
    assert words in errors[field]


def test_unknown_keys_are_errors_with_their_path() -> None:
    data = with_change(["coverages", 0, "plan", "coverage", 0, "pct"], 100)
    data["extra"] = 1
    errors = errors_of(data)
    assert "unknown key 'pct'" in errors["coverages[0].plan.coverage[0].pct"]
    assert "unknown key 'extra'" in errors["extra"]


def test_missing_required_fields() -> None:
    errors = errors_of({"format": "casepath.estimate/1"})
    assert set(errors) == {"as_of", "patient", "procedures"}
    assert errors_of(with_change(["procedures", 0], {"code": "D2740"})) == {
        "procedures[0].fee": "is required"
    }


def test_every_error_is_reported_at_once() -> None:
    data = with_change(["procedures", 0, "fee"], "-1")
    data["procedures"].append({"code": "X", "fee": "1"})
    data["as_of"] = "never"
    assert set(errors_of(data)) == {"procedures[0].fee", "procedures[1].code", "as_of"}


def test_a_rule_gives_one_scope_only() -> None:
    data = with_change(["coverages", 0, "plan", "coverage", 0, "code"], "D0120")
    errors = errors_of(data)
    assert "not category and code" in errors["coverages[0].plan.coverage[0]"] or (
        "not code and category" in errors["coverages[0].plan.coverage[0]"]
    )


def test_birth_after_as_of_is_refused() -> None:
    assert errors_of(with_change(["patient", "birth_date"], "2027-01-01")) == {
        "patient.birth_date": "is after as_of"
    }


def test_at_most_three_coverages() -> None:
    data = contract_request()
    data["coverages"] = data["coverages"] * 4
    assert "at most 3" in errors_of(data)["coverages"]


def test_not_an_object() -> None:
    assert errors_of([1, 2]) == {"": "must be an object"}


def test_malformed_json_names_line_and_column() -> None:
    with pytest.raises(CasepathError, match="line 1, column 2"):
        parse_json("{,}")


def test_the_contract_example_is_the_documented_example() -> None:
    ours = Path(__file__).resolve().parents[2] / "docs" / "formats" / "examples"
    request = ours / "crown-with-history.request.json"
    if request.exists():
        assert decode_request(json.loads(request.read_text(), parse_float=Decimal))
