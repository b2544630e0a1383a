"""Payers' answers (pre-determinations) as the estimate of the procedures they answer.

`estimate_with_answers(request, answers)`: `answers` maps a procedure's index in
`request.procedures` to what coverages answered for it. An answered amount is
what the payer said it will pay, so it is not worked out from the plan and never
counts toward maximums, deductibles or frequencies: the other procedures are
estimated as if the answered ones were not in the request. A coverage that did not
answer keeps its ordinary estimate. See docs.md ("Payers' answers").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from casepath.core.benefits.checks import a_flag, a_text, cents, whole
from casepath.core.benefits.estimator import dollars, estimate
from casepath.core.benefits.model import EstimateRequest, Policy, Procedure
from casepath.core.benefits.notes import usd, write_off_reduced
from casepath.core.benefits.result import (
    CoverageLine,
    EstimateResult,
    ProcedureEstimate,
    Totals,
)
from casepath.core.errors import CasepathError

NETWORK_TYPES = frozenset(("ppo", "flat_copay", "capitation"))


@dataclass(frozen=True)
class PayerAnswer:
    """What one coverage answered for one procedure."""

    ordinal: int  # the coverage's place in request.coverages, from 1
    approved: Decimal  # for all units; 0 when denied
    allowed: Decimal | None  # the fee the payer recognises, for all units, if given
    denied: bool
    reason: str  # the payer's reason for a denial ("" otherwise)
    label: str  # "pre-determination of 2026-11-20"


def approved_note(label: str, approved: int) -> str:
    return f"From {label}: {usd(approved)} approved"


def denied_note(label: str, reason: str) -> str:
    return f"Denied in {label}: {reason}" if reason else f"Denied in {label}"


def not_answered_note(label: str) -> str:
    return f"Estimated: the {label} came from another plan, not this one"


def insurance_reduced_note(cut: int) -> str:
    return f"Benefit reduced by {usd(cut)} so that the plans together do not pay more than the fee"


def estimate_with_answers(
    request: EstimateRequest, answers: Mapping[int, Sequence[PayerAnswer]]
) -> EstimateResult:
    """The estimate with the payers' answers in place of the estimated amounts.

    CasepathError names the field at fault (`answers[2][0].approved`). The first
    answer given for a coverage wins, so give the newest first.
    """
    if not any(answers.values()):
        return estimate(request)
    ordinary = estimate(request)  # checks the request before the answers
    chosen = _checked(answers, request)
    left = tuple(p for index, p in enumerate(request.procedures) if index not in chosen)
    others = estimate(replace(request, procedures=left))
    estimated = iter(others.procedures)
    procedures = tuple(
        _answered(ordinary.procedures[index], procedure, chosen[index], request)
        if index in chosen
        else next(estimated)
        for index, procedure in enumerate(request.procedures)
    )
    return EstimateResult(
        ordinary.as_of, procedures, _totals(procedures, request.procedures), others.remaining
    )


@dataclass(frozen=True)
class _Answer:
    """A checked answer, in cents."""

    approved: int
    allowed: int | None
    denied: bool
    reason: str
    label: str


def _checked(
    answers: Mapping[int, Sequence[PayerAnswer]], request: EstimateRequest
) -> dict[int, dict[int, _Answer]]:
    """The answers by procedure index and coverage ordinal (the first of an ordinal wins)."""
    chosen: dict[int, dict[int, _Answer]] = {}
    for index, given in answers.items():
        if not given:
            continue
        if type(index) is not int or not 0 <= index < len(request.procedures):
            raise CasepathError.at(f"answers[{index!r}]", "is not a procedure of the request")
        by_ordinal = chosen[index] = {}
        for position, answer in enumerate(given):
            path = f"answers[{index}][{position}]"
            ordinal, checked = _checked_one(answer, path, len(request.coverages))
            by_ordinal.setdefault(ordinal, checked)
    return chosen


def _checked_one(answer: PayerAnswer, path: str, coverages: int) -> tuple[int, _Answer]:
    if not isinstance(answer, PayerAnswer):
        raise CasepathError.at(path, "must be a payer's answer")
    if not coverages:
        raise CasepathError.at(f"{path}.ordinal", "there is no coverage to have answered")
    ordinal = whole(answer.ordinal, f"{path}.ordinal", 1, coverages)
    allowed = None if answer.allowed is None else cents(answer.allowed, f"{path}.allowed")
    checked = _Answer(
        cents(answer.approved, f"{path}.approved"),
        allowed,
        a_flag(answer.denied, f"{path}.denied"),
        a_text(answer.reason, f"{path}.reason"),
        a_text(answer.label, f"{path}.label"),
    )
    return ordinal, checked


class _Line:
    """One coverage line being settled, in cents."""

    __slots__ = (
        "allowed",
        "answered",
        "copay",
        "deductible",
        "insurance",
        "notes",
        "ordinal",
        "percent",
        "write_off",
    )

    def __init__(self, line: CoverageLine, answered: bool) -> None:
        self.ordinal, self.percent, self.answered = line.ordinal, line.percent, answered
        self.allowed, self.copay = _cents(line.allowed), _cents(line.copay)
        self.deductible, self.insurance = _cents(line.deductible), _cents(line.insurance)
        self.write_off, self.notes = _cents(line.write_off), list(line.notes)

    def coverage_line(self) -> CoverageLine:
        return CoverageLine(
            self.ordinal,
            dollars[self.allowed],
            dollars[self.copay],
            dollars[self.deductible],
            self.percent,
            dollars[self.insurance],
            dollars[self.write_off],
            tuple(self.notes),
        )


def _answered(
    ordinary: ProcedureEstimate,
    procedure: Procedure,
    answers: Mapping[int, _Answer],
    request: EstimateRequest,
) -> ProcedureEstimate:
    fee, units = _cents(ordinary.fee), procedure.units
    total = fee * units
    label = next(iter(answers.values())).label
    lines, earlier = [], 0  # earlier: the write-offs of earlier plans
    for line in ordinary.coverages:
        settled = _Line(line, line.ordinal in answers)
        if settled.answered:
            _apply(settled, answers[line.ordinal], fee, units)
            own = _own_write_off(answers[line.ordinal], request, line.ordinal, total)
            if own is not None:
                settled.write_off = _later_write_off(own, earlier, request.policy, line.ordinal)
        else:
            settled.notes.append(not_answered_note(label))
        earlier += settled.write_off
        lines.append(settled)
    _keep_within_fee(lines, total)
    insurance = sum(line.insurance for line in lines)
    write_off = sum(line.write_off for line in lines)
    return ordinary._replace(
        coverages=tuple(line.coverage_line() for line in lines),
        insurance=dollars[insurance],
        write_off=dollars[write_off],
        patient=dollars[total - insurance - write_off],
    )


def _apply(line: _Line, answer: _Answer, fee: int, units: int) -> None:
    """The answer in place of the line's estimate: no deductible, no copay."""
    line.insurance = 0 if answer.denied else answer.approved
    line.deductible = line.copay = 0
    if answer.allowed is not None:
        line.allowed = min((2 * answer.allowed + units) // (2 * units), fee)  # half-up
    if answer.denied:
        line.percent = 0
        line.notes = [denied_note(answer.label, answer.reason)]
    else:
        line.notes = [approved_note(answer.label, answer.approved)]


def _own_write_off(
    answer: _Answer, request: EstimateRequest, ordinal: int, total: int
) -> int | None:
    """The write-off the answer gives: none off a network plan, the fee less the payer's
    allowed amount on one, and None (keep the estimated one) when no allowed amount came."""
    if request.coverages[ordinal - 1].plan.type not in NETWORK_TYPES:
        return 0
    if answer.allowed is None:
        return None
    return max(total - answer.allowed, 0)


def _later_write_off(own: int, earlier: int, policy: Policy, ordinal: int) -> int:
    """As in coordination: only the first plan takes its write-off, unless the policy
    lets later plans take what goes beyond the earlier ones."""
    if ordinal == 1:
        return own
    return max(own - earlier, 0) if policy.secondary_ppo_writeoff else 0


def _keep_within_fee(lines: list[_Line], total: int) -> None:
    """Payments never above the fee (estimated lines give way first, the last plan's
    first), then write-offs give way, the primary's first."""
    over = sum(line.insurance for line in lines) - total
    if over > 0:
        givers = [line for line in reversed(lines) if not line.answered]
        for line in givers + [line for line in reversed(lines) if line.answered]:
            cut = min(line.insurance, over)
            if cut:
                line.insurance -= cut
                line.notes.append(insurance_reduced_note(cut))
                over -= cut
    over = sum(line.insurance + line.write_off for line in lines) - total
    for line in lines:
        cut = min(line.write_off, over)
        if cut > 0:
            line.write_off -= cut
            line.notes.append(write_off_reduced(cut))
            over -= cut


def _totals(procedures: tuple[ProcedureEstimate, ...], asked: tuple[Procedure, ...]) -> Totals:
    fee = insurance = write_off = 0
    for row, procedure in zip(procedures, asked, strict=True):
        fee += _cents(row.fee) * procedure.units
        insurance += _cents(row.insurance)
        write_off += _cents(row.write_off)
    return Totals(
        dollars[fee], dollars[insurance], dollars[write_off], dollars[fee - insurance - write_off]
    )


def _cents(amount: Decimal) -> int:
    return int(amount.scaleb(2))
