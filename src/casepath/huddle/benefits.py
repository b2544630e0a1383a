"""What each patient's primary coverage has left of its annual maximum this benefit year.

Worked out by the estimator itself, on an estimate of no procedures for the primary
coverage alone (as the Insurance tab does: `insurance.coverage_selectors
.coverage_remaining`), from plain rows: three queries for any number of patients, and
each plan decoded once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from casepath.core import benefits as core
from casepath.core.errors import CasepathError
from casepath.core.huddle import benefit_year_end
from casepath.estimates.requests import in_force
from casepath.estimates.selectors import coverages_of
from casepath.insurance.estimate_inputs import CoverageRow, UseRow, core_coverage, plan_for_core
from casepath.insurance.models import InsurancePlan
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
    primaries = {}
    for patient_id, coverages in coverages_of(practice, birth_dates).items():
        paying = in_force(coverages, as_of)
        if paying:
            primaries[patient_id] = paying[0]
    plan_ids = {row.plan_id for row, _ in primaries.values()}
    plans = scoped(InsurancePlan, practice).filter(pk__in=plan_ids).select_related("carrier")
    by_id = {plan.pk: plan for plan in plans}
    compiled: dict[int, core.Plan] = {}
    found = {}
    for patient_id, (row, uses) in primaries.items():
        plan = by_id[row.plan_id]
        if plan.pk not in compiled:
            compiled[plan.pk] = plan_for_core(plan, {})
        left = _annual_left(compiled[plan.pk], row, uses, birth_dates[patient_id], as_of)
        start = plan.benefit_year_start_month
        found[patient_id] = PrimaryBenefits(plan, start, benefit_year_end(as_of, start), left)
    return found


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
