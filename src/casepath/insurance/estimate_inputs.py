"""A coverage as the estimator reads it: its plan, its benefits used, reported usage.

The one conversion from what insurance keeps to the core's `Coverage`, shared by
the Insurance tab (what is left this benefit year) and by estimates (a preview,
or a re-estimate of thousands read as plain rows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from casepath.core import benefits as core
from casepath.insurance.models import BenefitUse, Coverage, InsurancePlan
from casepath.interop.estimate_v1.plan import plan_from_design


class UseRow(NamedTuple):
    """A benefits-used row: `paid` history or a `pending` claim."""

    kind: str
    code: str
    service_date: date
    tooth: str
    amount: Decimal
    deductible_applied: Decimal
    family_member: bool


class CoverageRow(NamedTuple):
    plan_id: int
    effective_date: date
    end_date: date | None
    ordinal: int
    used_annual_max: Decimal
    used_deductible: Decimal
    coverage_id: int = 0  # the Coverage row, to match payers' answers to it


def plan_for_core(
    plan: InsurancePlan, allowed_fees: Mapping[int, Mapping[str, Decimal]]
) -> core.Plan:
    """The stored plan as the core's Plan (its design was checked when it was saved)."""
    return plan_from_design(
        plan.benefits,
        plan_type=plan.plan_type,
        benefit_year_start_month=plan.benefit_year_start_month,
        allowed_fees=allowed_fees.get(plan.allowed_fees_id or 0, {}),
    )


def coverage_row(coverage: Coverage) -> CoverageRow:
    return CoverageRow(
        coverage.plan_id,
        coverage.effective_date,
        coverage.end_date,
        coverage.ordinal,
        coverage.used_annual_max_adjustment,
        coverage.used_deductible_adjustment,
        coverage.pk,
    )


def use_row(use: BenefitUse) -> UseRow:
    return UseRow(
        use.kind,
        use.code,
        use.service_date,
        use.tooth,
        use.insurance_amount,
        use.deductible_applied,
        use.family_member,
    )


def core_coverage(plan: core.Plan, row: CoverageRow, uses: Sequence[UseRow]) -> core.Coverage:
    ordered = sorted(uses, key=lambda u: u.service_date)
    return core.Coverage(
        plan=plan,
        effective_date=row.effective_date,
        history=tuple(_history(u) for u in ordered if u.kind == "paid"),
        pending=tuple(_pending(u) for u in ordered if u.kind == "pending"),
        used_adjustments=core.UsedAdjustments(
            annual_max=row.used_annual_max, deductible=row.used_deductible
        ),
    )


def _history(use: UseRow) -> core.HistoryEntry:
    return core.HistoryEntry(
        code=use.code,
        date=use.service_date,
        tooth=use.tooth,
        insurance_paid=use.amount,
        deductible_applied=use.deductible_applied,
        family_member=use.family_member,
    )


def _pending(use: UseRow) -> core.PendingEntry:
    return core.PendingEntry(
        code=use.code,
        date=use.service_date,
        tooth=use.tooth,
        insurance_estimate=use.amount,
        deductible_applied=use.deductible_applied,
        family_member=use.family_member,
    )
