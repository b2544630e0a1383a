"""Invalid input to the estimator raises CasepathError naming the field's path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from casepath.core.benefits import (
    CoverageRule,
    EstimateRequest,
    Months,
    Procedure,
    Years,
    estimate,
)
from casepath.core.errors import CasepathError
from tests.core.benefits.spec import coverage, day, procedure, request

PLAN: dict[str, Any] = {
    "type": "ppo",
    "allowed_fees": {"D2391": "150"},
    "copays": {"D2391": "10"},
    "coverage": [{"category": "restorative", "percent": 80}, {"percent": 50}],
    "deductibles": [{"amount": "50"}],
    "maximums": [{"amount": "1000"}],
    "frequencies": [{"codes": ["D1110"], "count": 1, "period": "benefit_year"}],
    "age_limits": [{"codes": ["D1208"], "max_age": 14}],
    "waiting_periods": [{"category": "crowns", "months": 12}],
    "exclusions": [{"codes": "D9972"}],
    "downgrades": [{"from": "D2391", "to": "D2140"}],
}
HISTORY = [{"code": "D1110", "date": "2025-06-01", "insurance_paid": "80"}]
PENDING = [{"code": "D1110", "date": "2026-02-01", "insurance_estimate": "80"}]


def valid(plan: dict[str, Any] | None = None, **changes: Any) -> EstimateRequest:
    return request(
        [procedure("D2391", "200", "a", tooth="14"), procedure("D1110", "100", "b")],
        [coverage(plan or PLAN, history=HISTORY, pending=PENDING)],
        **changes,
    )


def with_plan(**changes: Any) -> EstimateRequest:
    return valid({**PLAN, **changes})


def with_procedure(**changes: Any) -> EstimateRequest:
    req = valid()
    first = replace(req.procedures[0], **changes)
    return replace(req, procedures=(first, *req.procedures[1:]))


def with_coverage(**changes: Any) -> EstimateRequest:
    req = valid()
    return replace(req, coverages=(replace(req.coverages[0], **changes),))


def with_history(**changes: Any) -> EstimateRequest:
    req = valid()
    entry = replace(req.coverages[0].history[0], **changes)
    return replace(req, coverages=(replace(req.coverages[0], history=(entry,)),))


def with_rule(kind: str, index: int = 0, **changes: Any) -> EstimateRequest:
    rules = list(PLAN[kind])
    rules[index] = {**rules[index], **changes}
    return with_plan(**{kind: rules})


PLAN_PATH = "coverages[0].plan"
CASES: list[tuple[str, Callable[[], Any]]] = [
    ("as_of", lambda: replace(valid(), as_of="2026-03-01")),
    ("patient.birth_date", lambda: valid(born="2027-01-01")),
    ("policy.blank_allowed_fee", lambda: valid(policy={"blank_allowed_fee": "free"})),
    ("policy.secondary_ppo_writeoff", lambda: valid(policy={"secondary_ppo_writeoff": 1})),
    ("procedures[0].fee", lambda: with_procedure(fee=Decimal("-1"))),
    ("procedures[0].fee", lambda: with_procedure(fee=Decimal("1.005"))),
    ("procedures[0].fee", lambda: with_procedure(fee=Decimal("sNaN"))),
    ("procedures[0].fee", lambda: with_procedure(fee=Decimal("Infinity"))),
    ("procedures[0].fee", lambda: with_procedure(fee=12.5)),
    ("procedures[0].code", lambda: with_procedure(code="X1234")),
    ("procedures[0].code", lambda: with_procedure(code="D0050")),
    ("procedures[0].code", lambda: with_procedure(code="d2391")),
    ("procedures[0].code", lambda: with_procedure(code="D\uff12\uff13\uff19\uff11")),  # wide digits
    ("procedures[0].units", lambda: with_procedure(units=0)),
    ("procedures[0].units", lambda: with_procedure(units=True)),
    (
        "procedures[1].units",
        lambda: replace(
            valid(), procedures=(valid().procedures[0], procedure("D1110", "1", units=0))
        ),
    ),
    ("procedures[0].tooth", lambda: with_procedure(tooth="33")),
    ("procedures[0].tooth", lambda: with_procedure(tooth="a")),
    ("procedures[0].tooth", lambda: with_procedure(tooth="03")),
    ("procedures[0].surfaces", lambda: with_procedure(surfaces="MOX")),
    ("procedures[0].surfaces", lambda: with_procedure(surfaces=None)),
    ("procedures[0].surfaces", lambda: with_procedure(surfaces="Z", date=day("2026-05-01"))),
    ("procedures[0].priority", lambda: with_procedure(priority="1")),
    ("procedures[0].date", lambda: with_procedure(date=day("1970-01-01"))),
    ("procedures[0].date", lambda: with_procedure(date="2026-03-01")),
    ("procedures[0].id", lambda: with_procedure(id=7)),
    ("procedures[1].id", lambda: with_procedure(id="b")),
    ("procedures[0]", lambda: replace(valid(), procedures=("D2391",))),
    (f"{PLAN_PATH}.type", lambda: with_plan(type="hmo")),
    (f"{PLAN_PATH}.benefit_year_start_month", lambda: with_plan(benefit_year_start_month=13)),
    (f"{PLAN_PATH}.cob", lambda: with_plan(cob="carve")),
    (f"{PLAN_PATH}.allowed_fees.D9", lambda: with_plan(allowed_fees={"D9": "1"})),
    (
        f"{PLAN_PATH}.allowed_fees",
        lambda: with_coverage(plan=replace(valid().coverages[0].plan, allowed_fees=[("D2391", 1)])),
    ),
    (f"{PLAN_PATH}.allowed_fees.D2391", lambda: with_plan(allowed_fees={"D2391": "-1"})),
    (f"{PLAN_PATH}.copays.D2391", lambda: with_plan(copays={"D2391": "1.001"})),
    (f"{PLAN_PATH}.coverage[1].percent", lambda: with_rule("coverage", 1, percent=101)),
    (f"{PLAN_PATH}.coverage[0].percent", lambda: with_rule("coverage", percent=-1)),
    (f"{PLAN_PATH}.coverage[0].percent", lambda: with_rule("coverage", percent=Decimal(80))),
    (f"{PLAN_PATH}.coverage[0].category", lambda: with_rule("coverage", category="ortho")),
    (f"{PLAN_PATH}.coverage[0]", lambda: with_rule("coverage", codes="D2950")),
    (f"{PLAN_PATH}.coverage[1].codes", lambda: with_rule("coverage", 1, codes="D2954-D2950")),
    (f"{PLAN_PATH}.coverage[1].codes", lambda: with_rule("coverage", 1, codes="D29-D30")),
    (f"{PLAN_PATH}.coverage[1].codes", lambda: with_rule("coverage", 1, codes=[])),
    (f"{PLAN_PATH}.coverage[1].codes[1]", lambda: with_rule("coverage", 1, codes=["D2950", "X"])),
    (f"{PLAN_PATH}.coverage[1].codes[0]", lambda: with_rule("coverage", 1, codes=[5])),
    (f"{PLAN_PATH}.coverage[1].code", lambda: with_rule("coverage", 1, code="D0001")),
    (f"{PLAN_PATH}.coverage[1]", lambda: with_rule("coverage", 1, category="restorative")),
    (f"{PLAN_PATH}.deductibles[0].amount", lambda: with_rule("deductibles", amount="-5")),
    (f"{PLAN_PATH}.deductibles[0].level", lambda: with_rule("deductibles", level="couple")),
    (f"{PLAN_PATH}.deductibles[0].period", lambda: with_rule("deductibles", period="month")),
    (
        f"{PLAN_PATH}.deductibles[1]",
        lambda: with_plan(deductibles=[{"amount": "50"}, {"amount": "75"}]),
    ),
    (
        f"{PLAN_PATH}.maximums[1]",
        lambda: with_plan(
            maximums=[
                {"amount": "1000", "category": "orthodontics"},
                {"amount": "2000", "category": "orthodontics"},
            ]
        ),
    ),
    (f"{PLAN_PATH}.frequencies[0].count", lambda: with_rule("frequencies", count=0)),
    (f"{PLAN_PATH}.frequencies[0].period", lambda: with_rule("frequencies", period="weekly")),
    (
        f"{PLAN_PATH}.frequencies[0].period.months",
        lambda: with_rule("frequencies", period=Months(0)),
    ),
    (f"{PLAN_PATH}.frequencies[0].period.years", lambda: with_rule("frequencies", period=Years(0))),
    (f"{PLAN_PATH}.frequencies[0].area", lambda: with_rule("frequencies", area="side")),
    (f"{PLAN_PATH}.age_limits[0].max_age", lambda: with_rule("age_limits", max_age=-1)),
    (f"{PLAN_PATH}.waiting_periods[0].months", lambda: with_rule("waiting_periods", months=-1)),
    (f"{PLAN_PATH}.exclusions[0].codes", lambda: with_rule("exclusions", codes="D99")),
    (f"{PLAN_PATH}.downgrades[0].from", lambda: with_rule("downgrades", to="D2391")),
    (f"{PLAN_PATH}.downgrades[0].to", lambda: with_rule("downgrades", to="D21400")),
    (f"{PLAN_PATH}.downgrades[0].from", lambda: with_rule("downgrades", **{"from": "DXXXX"})),
    (f"{PLAN_PATH}.downgrades[0].only_if", lambda: with_rule("downgrades", only_if="front")),
    (
        f"{PLAN_PATH}.downgrades[1].from",
        lambda: with_plan(downgrades=[PLAN["downgrades"][0], {"from": "D2391", "to": "D2150"}]),
    ),
    ("coverages[0].history[0].code", lambda: with_history(code="D2")),
    ("coverages[0].history[0].date", lambda: with_history(date="2025-06-01")),
    ("coverages[0].history[0].tooth", lambda: with_history(tooth="99")),
    ("coverages[0].history[0].insurance_paid", lambda: with_history(insurance_paid=Decimal(-1))),
    ("coverages[0].history[0].deductible_applied", lambda: with_history(deductible_applied="5")),
    ("coverages[0].history[0].family_member", lambda: with_history(family_member="no")),
    (
        "coverages[0].pending[0].insurance_estimate",
        lambda: with_coverage(
            pending=(replace(valid().coverages[0].pending[0], insurance_estimate=Decimal(-1)),)
        ),
    ),
    (
        "coverages[0].used_adjustments.annual_max",
        lambda: with_coverage(
            used_adjustments=replace(valid().coverages[0].used_adjustments, annual_max=-1)
        ),
    ),
    ("coverages[0].effective_date", lambda: with_coverage(effective_date=None)),
    ("coverages[0].effective_date", lambda: with_coverage(effective_date="2020-01-01")),
    ("coverages[0].plan", lambda: with_coverage(plan={"type": "ppo"})),
    ("coverages[3]", lambda: replace(valid(), coverages=valid().coverages * 4)),
    ("patient", lambda: replace(valid(), patient=None)),
    ("policy", lambda: replace(valid(), policy={})),
    ("", lambda: {"as_of": "2026-03-01"}),
]


def test_the_valid_request_is_valid() -> None:
    assert len(estimate(valid()).procedures) == 2


@pytest.mark.parametrize(("path", "make"), CASES, ids=[f"{i}:{c[0]}" for i, c in enumerate(CASES)])
def test_invalid_input_names_its_field(path: str, make: Callable[[], Any]) -> None:
    with pytest.raises(CasepathError) as caught:
        estimate(make())
    assert [error.path for error in caught.value.errors] == [path]
    assert caught.value.errors[0].message


def test_a_plan_needs_no_effective_date_without_waiting_periods() -> None:
    plan = {key: value for key, value in PLAN.items() if key != "waiting_periods"}
    req = valid(plan)
    req = replace(req, coverages=(replace(req.coverages[0], effective_date=None),))
    assert estimate(req).procedures[0].coverages[0].insurance > 0


def test_a_rule_may_name_a_code_and_a_general_rule_may_coexist() -> None:
    rule = CoverageRule(code="D2391", percent=70)
    req = valid()
    plan = replace(req.coverages[0].plan, coverage=(rule, *req.coverages[0].plan.coverage))
    req = replace(req, coverages=(replace(req.coverages[0], plan=plan),))
    assert estimate(req).procedures[0].coverages[0].percent == 70


def test_fees_may_be_whole_numbers_and_ids_may_repeat_when_empty() -> None:
    req = request(
        [Procedure(code="D2391", fee=200), Procedure(code="D2391", fee=Decimal("100.0"))],
        [coverage({"coverage": [{"percent": 50}]})],
    )
    result = estimate(req)
    assert [p.insurance for p in result.procedures] == [Decimal("100.00"), Decimal("50.00")]
