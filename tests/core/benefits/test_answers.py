"""Payers' answers as the estimate: hand-computed cases, then properties.

Unless a case says otherwise: as_of 2026-03-01, the crown D2740 on tooth 30 at
$1,200.00, a percentage plan that allows $1,000.00 for it at 50% with a $50.00
deductible and a $1,500.00 annual maximum (so its ordinary estimate is
(1000 - 50) x 50% = $475.00), answered "pre-determination of 2026-02-20".
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casepath.core.benefits import (
    EstimateRequest,
    PayerAnswer,
    estimate,
    estimate_with_answers,
)
from casepath.core.errors import CasepathError
from tests.core.benefits.spec import coverage, procedure, request
from tests.core.benefits.strategies import cents, requests

LABEL = "pre-determination of 2026-02-20"
APPROVED = f"From {LABEL}: $620.00 approved"
ELSEWHERE = f"Estimated: the {LABEL} came from another plan, not this one"
ZERO = Decimal("0.00")
PERCENTAGE: dict[str, Any] = {
    "type": "percentage",
    "allowed_fees": {"D2740": "1000.00"},
    "coverage": [
        {"category": "crowns", "percent": 50},
        {"category": "restorative", "percent": 80},
    ],
    "deductibles": [{"amount": "50.00"}],
    "maximums": [{"amount": "1500.00"}],
    "frequencies": [{"codes": "D2740-D2799", "count": 1, "period": {"years": 5}, "area": "tooth"}],
}
PPO: dict[str, Any] = {
    "type": "ppo",
    "allowed_fees": {"D2740": "850.00"},
    "coverage": [{"category": "crowns", "percent": 50}],
}
SECONDARY: dict[str, Any] = {"coverage": [{"category": "crowns", "percent": 50}]}


def crown(pid: str = "crown", **extra: Any) -> Any:
    return procedure("D2740", "1200.00", pid, tooth="30", **extra)


def answer(approved: str = "620.00", ordinal: int = 1, **extra: Any) -> PayerAnswer:
    fields: dict[str, Any] = {"allowed": None, "denied": False, "reason": "", "label": LABEL}
    fields.update(extra)
    return PayerAnswer(ordinal=ordinal, approved=Decimal(approved), **fields)


def amounts(line: Any) -> tuple[str, str, str]:
    return (str(line.insurance), str(line.write_off), str(line.deductible))


def test_the_approved_amount_replaces_the_estimate_and_the_patient_portion_follows() -> None:
    req = request([crown()], [coverage(PERCENTAGE)])
    assert estimate(req).procedures[0].patient == Decimal("725.00")  # 1200 - 475

    (got,) = estimate_with_answers(req, {0: [answer()]}).procedures
    (line,) = got.coverages
    assert amounts(line) == ("620.00", "0.00", "0.00")
    assert (line.allowed, line.copay, line.percent) == (Decimal("1000.00"), ZERO, 50)
    assert line.notes == (APPROVED,)
    assert (got.id, got.insurance, got.patient) == ("crown", Decimal("620.00"), Decimal("580.00"))


def test_a_nearly_used_maximum_neither_caps_the_answer_nor_counts_it() -> None:
    """$100 of the maximum is left. The filling (D2391, $200 at 80%) is estimated as if
    the crown were not there: (200 - 50) x 80% = 120, capped at the $100 left."""
    plan = coverage(PERCENTAGE, used={"annual_max": "1400.00"})
    req = request([crown(), procedure("D2391", "200.00", "filling", tooth="3")], [plan])
    ordinary = estimate(req)
    assert [p.insurance for p in ordinary.procedures] == [Decimal("100.00"), ZERO]

    result = estimate_with_answers(req, {0: [answer()]})
    crown_row, filling = result.procedures
    assert crown_row.insurance == Decimal("620.00")
    assert amounts(filling.coverages[0]) == ("100.00", "0.00", "50.00")
    assert filling.coverages[0].notes == (
        "Deductible $50.00 applied",
        "Annual maximum reached; $100.00 was left",
    )
    assert [(r.annual_max, r.deductible) for r in result.remaining] == [(ZERO, ZERO)]
    assert result.totals == (
        Decimal("1400.00"),
        Decimal("720.00"),
        ZERO,
        Decimal("680.00"),
    )


def test_the_answered_procedure_takes_no_deductible() -> None:
    """Ordinarily the crown takes the $50 deductible and the filling pays 200 x 80% = 160;
    with the crown answered the filling takes it: (200 - 50) x 80% = 120."""
    req = request(
        [crown(), procedure("D2391", "200.00", "filling", tooth="3")], [coverage(PERCENTAGE)]
    )
    assert estimate(req).procedures[1].insurance == Decimal("160.00")

    result = estimate_with_answers(req, {0: [answer()]})
    assert amounts(result.procedures[0].coverages[0]) == ("620.00", "0.00", "0.00")
    assert amounts(result.procedures[1].coverages[0]) == ("120.00", "0.00", "50.00")
    assert result.remaining[0].deductible == ZERO
    assert result.remaining[0].annual_max == Decimal("1380.00")  # 1500 - 120: not the 620


def test_the_answered_procedure_counts_toward_no_frequency() -> None:
    """One crown per tooth in five years: a second crown on tooth 30 is ordinarily $0."""
    later = crown("again", date="2026-06-01")
    req = request([crown(), later], [coverage(PERCENTAGE)])
    assert estimate(req).procedures[1].insurance == ZERO

    again = estimate_with_answers(req, {0: [answer()]}).procedures[1]
    assert amounts(again.coverages[0]) == ("475.00", "0.00", "50.00")


def test_a_denial_pays_nothing_and_says_why() -> None:
    req = request([crown()], [coverage(PERCENTAGE)])
    denied = answer("0.00", denied=True, reason="Tooth 30 crowned in 2024")

    (got,) = estimate_with_answers(req, {0: [denied]}).procedures
    (line,) = got.coverages
    assert amounts(line) == ("0.00", "0.00", "0.00")
    assert line.percent == 0
    assert line.notes == (f"Denied in {LABEL}: Tooth 30 crowned in 2024",)
    assert got.patient == Decimal("1200.00")


def test_a_secondary_that_did_not_answer_keeps_its_estimate_within_the_fee() -> None:
    """Ordinarily the primary pays 475 and the secondary 1200 x 50% = 600. With the
    primary's 620 approved, 620 + 600 = 1220 is above the fee: the estimated secondary
    gives way by 20."""
    req = request([crown()], [coverage(PERCENTAGE), coverage(SECONDARY)])
    assert [line.insurance for line in estimate(req).procedures[0].coverages] == [
        Decimal("475.00"),
        Decimal("600.00"),
    ]

    (got,) = estimate_with_answers(req, {0: [answer()]}).procedures
    primary, secondary = got.coverages
    assert primary.notes == (APPROVED,)
    assert amounts(secondary) == ("580.00", "0.00", "0.00")
    assert secondary.notes == (
        ELSEWHERE,
        "Benefit reduced by $20.00 so that the plans together do not pay more than the fee",
    )
    assert (got.insurance, got.patient) == (Decimal("1200.00"), ZERO)


def test_a_ppo_write_off_comes_from_the_payers_allowed_amount() -> None:
    """Two units: allowed $1,800.00 for both, $900.00 each; write-off 2400 - 1800."""
    req = request([crown(units=2)], [coverage(PPO)])
    ppo = answer("900.00", allowed=Decimal("1800.00"))

    (got,) = estimate_with_answers(req, {0: [ppo]}).procedures
    (line,) = got.coverages
    assert amounts(line) == ("900.00", "600.00", "0.00")
    assert line.allowed == Decimal("900.00")
    assert (got.write_off, got.patient) == (Decimal("600.00"), Decimal("900.00"))


def test_a_ppo_answer_without_an_allowed_amount_keeps_the_estimated_write_off() -> None:
    req = request([crown()], [coverage(PPO)])
    (got,) = estimate_with_answers(req, {0: [answer("400.00")]}).procedures
    assert amounts(got.coverages[0]) == ("400.00", "350.00", "0.00")  # 1200 - 850
    assert got.patient == Decimal("450.00")


@pytest.mark.parametrize(
    ("policy", "write_off", "patient"),
    [({}, "0.00", "225.00"), ({"secondary_ppo_writeoff": True}, "150.00", "75.00")],
)
def test_a_secondary_answer_takes_a_write_off_only_as_the_policy_says(
    policy: dict[str, bool], write_off: str, patient: str
) -> None:
    """The PPO primary estimates 850 x 50% = 425 and writes off 350; the PPO secondary
    answers 200 with $700.00 allowed: 1200 - 700 = 500 of its own, of which only what
    goes beyond the primary's 350 (150), and only when the policy lets later plans."""
    req = request([crown()], [coverage(PPO), coverage(PPO)], policy=policy)
    late = answer("200.00", ordinal=2, allowed=Decimal("700.00"))
    (got,) = estimate_with_answers(req, {0: [late]}).procedures
    primary, secondary = got.coverages
    assert amounts(primary) == ("425.00", "350.00", "0.00")
    assert primary.notes[-1] == ELSEWHERE
    assert amounts(secondary) == ("200.00", write_off, "0.00")
    assert got.patient == Decimal(patient)


def test_a_percentage_plan_takes_no_write_off_even_with_an_allowed_amount() -> None:
    req = request([crown()], [coverage(PERCENTAGE)])
    (got,) = estimate_with_answers(req, {0: [answer(allowed=Decimal("900.00"))]}).procedures
    assert amounts(got.coverages[0]) == ("620.00", "0.00", "0.00")
    assert got.coverages[0].allowed == Decimal("900.00")
    assert got.patient == Decimal("580.00")


def test_an_answer_above_the_fee_is_held_to_it_and_the_write_off_gives_way() -> None:
    req = request([crown()], [coverage(PPO)])
    (got,) = estimate_with_answers(req, {0: [answer("1000.00")]}).procedures
    assert amounts(got.coverages[0]) == ("1000.00", "200.00", "0.00")  # 350 cut by 150
    assert got.coverages[0].notes[-1] == (
        "Network discount reduced by $150.00 so that payments do not exceed the fee"
    )
    assert got.patient == ZERO


def test_the_first_answer_of_a_coverage_wins() -> None:
    req = request([crown()], [coverage(PERCENTAGE)])
    newest, older = answer("700.00"), answer("500.00", label="pre-determination of 2025-01-01")
    (got,) = estimate_with_answers(req, {0: [newest, older]}).procedures
    assert got.insurance == Decimal("700.00")


@pytest.mark.parametrize("answers", [{}, {0: []}])
def test_no_answers_is_the_ordinary_estimate(answers: dict[int, list[PayerAnswer]]) -> None:
    req = request([crown()], [coverage(PERCENTAGE)])
    assert estimate_with_answers(req, answers) == estimate(req)


@pytest.mark.parametrize(
    ("answers", "path"),
    [
        ({1: [answer()]}, "answers[1]"),
        ({0: [answer(ordinal=2)]}, "answers[0][0].ordinal"),
        ({0: [answer("620.005")]}, "answers[0][0].approved"),
        ({0: [answer(allowed=Decimal("-1"))]}, "answers[0][0].allowed"),
        ({0: [answer(denied="no")]}, "answers[0][0].denied"),
    ],
)
def test_a_bad_answer_names_its_field(answers: dict[int, list[PayerAnswer]], path: str) -> None:
    req = request([crown()], [coverage(PERCENTAGE)])
    with pytest.raises(CasepathError) as raised:
        estimate_with_answers(req, answers)
    assert [e.path for e in raised.value.errors] == [path]


def test_an_answer_needs_a_coverage() -> None:
    with pytest.raises(CasepathError) as raised:
        estimate_with_answers(request([crown()], []), {0: [answer()]})
    assert raised.value.errors[0].path == "answers[0][0].ordinal"


SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def answered(draw: Any) -> tuple[EstimateRequest, dict[int, list[PayerAnswer]]]:
    req = draw(requests(max_procedures=5).filter(lambda r: bool(r.procedures and r.coverages)))
    indexes = st.integers(0, len(req.procedures) - 1)
    one = st.builds(
        lambda ordinal, approved, allowed, denied: PayerAnswer(
            ordinal, approved, allowed, denied, "", LABEL
        ),
        st.integers(1, len(req.coverages)),
        cents(0, 400_000),
        st.one_of(st.none(), cents(0, 400_000)),
        st.booleans(),
    )
    return req, draw(st.dictionaries(indexes, st.lists(one, max_size=3), max_size=3))


@SETTINGS
@given(answered())
def test_amounts_add_up_and_are_never_negative(
    case: tuple[EstimateRequest, dict[int, list[PayerAnswer]]],
) -> None:
    req, answers = case
    result = estimate_with_answers(req, answers)
    assert [p.id for p in result.procedures] == [p.id for p in req.procedures]
    for got, asked in zip(result.procedures, req.procedures, strict=True):
        assert got.insurance + got.write_off + got.patient == asked.fee * asked.units
        assert min(got.insurance, got.write_off, got.patient) >= 0
        assert got.insurance == sum((line.insurance for line in got.coverages), ZERO)
        assert got.write_off == sum((line.write_off for line in got.coverages), ZERO)
        for line in got.coverages:
            assert min(line.insurance, line.write_off, line.deductible, line.allowed) >= 0
    totals = result.totals
    assert totals.fee == sum((p.fee * p.units for p in req.procedures), ZERO)
    assert totals.insurance == sum((p.insurance for p in result.procedures), ZERO)
    assert totals.write_off == sum((p.write_off for p in result.procedures), ZERO)
    assert totals.patient == sum((p.patient for p in result.procedures), ZERO)


@SETTINGS
@given(answered())
def test_the_others_are_estimated_as_if_the_answered_were_not_there(
    case: tuple[EstimateRequest, dict[int, list[PayerAnswer]]],
) -> None:
    req, answers = case
    result = estimate_with_answers(req, answers)
    taken = {index for index, given in answers.items() if given}
    left = tuple(p for index, p in enumerate(req.procedures) if index not in taken)
    alone = estimate(replace(req, procedures=left))
    others = [p for index, p in enumerate(result.procedures) if index not in taken]
    assert others == list(alone.procedures)
    assert result.remaining == alone.remaining
