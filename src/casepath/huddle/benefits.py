"""What each patient's primary coverage has left of its annual maximum this benefit year.

Worked out by the estimator itself, on an estimate of no procedures for the primary
coverage alone (as the Insurance tab does: `insurance.coverage_selectors
.coverage_remaining`): two queries for any number of patients (the coverages with their
plans and carriers, the benefits used), and each plan decoded once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from casepath.core import benefits as core
from casepath.core.errors import CasepathError
from casepath.core.huddle import benefit_year_end
from casepath.estimates.requests import in_force
from casepath.insurance.estimate_inputs import (
    CoverageRow,
    UseRow,
    core_coverage,
    coverage_row,
    plan_for_core,
)
from casepath.insurance.models import BenefitUse, Coverage, InsurancePlan
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped


@dataclass(frozen=True)
class PrimaryBenefits:
    plan: InsurancePlan
    start_month: int
    year_ends: date
    remaining: Decimal | None  # None: the plan has no annual maximum, or it cannot be read

    @property
    def plan_name(self) -> str:
        return str(self.plan)


def primary_benefits(
    practice: Practice, birth_dates: Mapping[int, date], as_of: date
) -> dict[int, PrimaryBenefits]:
    """By patient id: their primary coverage in force on `as_of` (patients without one are
    left out) with the annual maximum it has left."""
    coverages, plans = _coverages_of(practice, birth_dates)
    primaries = {}
    for patient_id, theirs in coverages.items():
        paying = in_force(theirs, as_of)
        if paying:
            primaries[patient_id] = paying[0]
    compiled: dict[int, core.Plan] = {}
    found = {}
    for patient_id, (row, uses) in primaries.items():
        plan = plans[row.plan_id]
        if plan.pk not in compiled:
            compiled[plan.pk] = plan_for_core(plan, {})
        left = _annual_left(compiled[plan.pk], row, uses, birth_dates[patient_id], as_of)
        start = plan.benefit_year_start_month
        found[patient_id] = PrimaryBenefits(plan, start, benefit_year_end(as_of, start), left)
    return found


def _coverages_of(
    practice: Practice, patient_ids: Iterable[int]
) -> tuple[dict[int, list[tuple[CoverageRow, list[UseRow]]]], dict[int, InsurancePlan]]:
    """Each patient's coverages with their benefits used, and their plans by id (with
    the carriers): 2 queries, no member IDs read."""
    rows = scoped(Coverage, practice).filter(patient_id__in=list(patient_ids))
    coverages = list(rows.select_related("plan__carrier").defer("member_id"))
    used: dict[int, list[UseRow]] = defaultdict(list)
    uses = scoped(BenefitUse, practice).filter(coverage_id__in=[c.pk for c in coverages])
    use_fields = ("coverage_id", "kind", "code", "service_date", "tooth", "insurance_amount")
    for coverage_id, *use in uses.values_list(*use_fields, "deductible_applied", "family_member"):
        used[coverage_id].append(UseRow(*use))
    by_patient: dict[int, list[tuple[CoverageRow, list[UseRow]]]] = defaultdict(list)
    for coverage in coverages:
        by_patient[coverage.patient_id].append((coverage_row(coverage), used[coverage.pk]))
    return by_patient, {coverage.plan_id: coverage.plan for coverage in coverages}


def _annual_left(
    plan: core.Plan, row: CoverageRow, uses: Sequence[UseRow], born: date, as_of: date
) -> Decimal | None:
    request = core.EstimateRequest(
        as_of=as_of,
        patient=core.Patient(birth_date=born),
        coverages=(core_coverage(plan, row, uses),),
    )
    try:
        (left,) = core.estimate(request).remaining
    except CasepathError:  # history the estimator refuses: say "unknown", keep the list
        return None
    return left.annual_max
