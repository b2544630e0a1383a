"""The core's estimate request for a patient's procedures, from what is on file.

Fees come from the treating provider's own schedule where it lists the code, else
the practice's office fee schedule (a fee the TC typed wins over both); the
coverages are the patient's coverages in force on the day of the estimate, each
with its plan (decoded once per plan: `PracticeFiles`), the benefits it used and
the usage its carrier reported. The same builder serves one preview and a
re-estimate of thousands, so both give the same figures. Payers' answers on file
(pre-determinations) are matched to the lines they answer (`answers_for`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from casepath.core import benefits as core
from casepath.core.errors import CasepathError
from casepath.core.fees import FeeLookup, fee_for
from casepath.insurance.estimate_inputs import (
    CoverageRow,
    UseRow,
    core_coverage,
    plan_for_core,
)
from casepath.insurance.models import InsurancePlan


@dataclass(frozen=True)
class ProcedureLine:
    """A procedure to estimate, as entered (the fee comes from the schedule unless given)."""

    code: str
    tooth: str = ""
    surfaces: str = ""
    units: int = 1
    planned_on: date | None = None
    priority: int | None = None
    fee_override: Decimal | None = None


class ProviderFees(NamedTuple):
    """A provider's own office schedule: its id and its fees by code."""

    schedule_id: int
    fees: Mapping[str, Decimal]


NO_PROVIDER_FEES = ProviderFees(0, {})


@dataclass
class PracticeFiles:
    """A practice's office fees, its providers' own fees and its plans as the core reads
    them, read once."""

    office_id: int | None
    office_fees: Mapping[str, Decimal]
    plan_rows: Mapping[int, InsurancePlan]
    allowed_fees: Mapping[int, Mapping[str, Decimal]]
    providers: Mapping[int, ProviderFees] = field(default_factory=dict)  # by provider id
    _plans: dict[int, core.Plan] = field(default_factory=dict)

    def plan(self, plan_id: int) -> core.Plan:
        if plan_id not in self._plans:
            self._plans[plan_id] = plan_for_core(self.plan_rows[plan_id], self.allowed_fees)
        return self._plans[plan_id]

    def provider_fees(self, provider_id: int | None) -> ProviderFees:
        """The provider's own schedule (an empty one when they have none, or no provider)."""
        return self.providers.get(provider_id or 0, NO_PROVIDER_FEES)

    def fee_lookup(self, provider_id: int | None) -> FeeLookup:
        return FeeLookup(office=self.office_fees, provider=self.provider_fees(provider_id).fees)


def core_request(
    files: PracticeFiles,
    birth_date: date,
    lines: Sequence[ProcedureLine],
    coverages: Sequence[tuple[CoverageRow, Sequence[UseRow]]],
    as_of: date,
    provider_id: int | None = None,
) -> core.EstimateRequest:
    """The request, priced with the treating provider's fees where they have their own;
    CasepathError naming `procedures[i].code` for a code without a fee."""
    return core.EstimateRequest(
        as_of=as_of,
        patient=core.Patient(birth_date=birth_date),
        procedures=_procedures(files.fee_lookup(provider_id), lines),
        coverages=tuple(
            core_coverage(files.plan(row.plan_id), row, uses)
            for row, uses in in_force(coverages, as_of)
        ),
    )


def in_force(
    coverages: Sequence[tuple[CoverageRow, Sequence[UseRow]]], as_of: date
) -> list[tuple[CoverageRow, Sequence[UseRow]]]:
    """The coverages in force on `as_of`, in the order they pay (the request's order)."""
    return sorted((c for c in coverages if _in_force(c[0], as_of)), key=lambda c: c[0].ordinal)


class AnswerRow(NamedTuple):
    """A payer's answer on file (estimates.PayerAmount): amounts for all units."""

    coverage_id: int
    code: str
    tooth: str
    surfaces: str
    approved: Decimal
    allowed: Decimal | None
    denied: bool
    reason: str
    received_on: date
    expires_on: date
    label: str


def answers_for(
    lines: Sequence[ProcedureLine],
    coverages: Sequence[tuple[CoverageRow, Sequence[UseRow]]],
    answers: Sequence[AnswerRow],
    as_of: date,
) -> dict[int, list[core.PayerAnswer]]:
    """The answers that hold on `as_of` for a coverage in force, by the index of the
    line they answer (same code, tooth and surfaces; the first such line only), the
    newest received first."""
    holding = sorted(
        (a for a in answers if a.received_on <= as_of <= a.expires_on),
        key=lambda a: a.received_on,
        reverse=True,
    )
    if not holding:
        return {}
    ordinals = {row.coverage_id: n for n, (row, _) in enumerate(in_force(coverages, as_of), 1)}
    by_place: dict[tuple[str, str, str], list[core.PayerAnswer]] = defaultdict(list)
    for a in holding:
        if a.coverage_id in ordinals:
            answer = core.PayerAnswer(
                ordinals[a.coverage_id], a.approved, a.allowed, a.denied, a.reason, a.label
            )
            by_place[_place(a.code, a.tooth, a.surfaces)].append(answer)
    found = {}
    for index, line in enumerate(lines):
        given = by_place.pop(_place(line.code, line.tooth, line.surfaces), None)
        if given:
            found[index] = given
    return found


def _place(code: str, tooth: str, surfaces: str) -> tuple[str, str, str]:
    return code, tooth, "".join(sorted(surfaces))


def plans_used(coverages: Sequence[CoverageRow], as_of: date) -> set[int]:
    return {c.plan_id for c in coverages if _in_force(c, as_of)}


def _in_force(row: CoverageRow, day: date) -> bool:
    return row.effective_date <= day and (row.end_date is None or day <= row.end_date)


def _procedures(lookup: FeeLookup, lines: Sequence[ProcedureLine]) -> tuple[core.Procedure, ...]:
    made, errors = [], []
    for index, line in enumerate(lines):
        try:
            fee = line.fee_override
            if fee is None:
                fee = fee_for(lookup, line.code, path=f"procedures[{index}].code")
        except CasepathError as error:
            errors += error.errors
            continue
        made.append(
            core.Procedure(
                id=str(index + 1),
                code=line.code,
                fee=fee,
                tooth=line.tooth,
                surfaces=line.surfaces,
                date=line.planned_on,
                units=line.units,
                priority=line.priority,
            )
        )
    if errors:
        raise CasepathError(*errors)
    return tuple(made)
