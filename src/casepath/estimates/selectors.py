"""Reads for estimates: what is on file for a patient, saved estimates, runs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from casepath.estimates.models import Estimate, EstimateStatus, PayerAmount, ReestimateRun
from casepath.estimates.requests import AnswerRow, PracticeFiles, ProviderFees
from casepath.insurance.estimate_inputs import CoverageRow, UseRow
from casepath.insurance.models import (
    BenefitUse,
    Coverage,
    Fee,
    FeeSchedule,
    FeeScheduleKind,
    InsurancePlan,
)
from casepath.insurance.selectors import providers_for_fees
from casepath.patients.models import Patient
from casepath.tenancy.models import Practice, Provider
from casepath.tenancy.scoping import get_scoped_or_404, scoped


def practice_files(practice: Practice) -> PracticeFiles:
    """The office fees, each provider's own fees, and every plan of the practice with its
    allowed fees (3 queries)."""
    office_id, own = office_schedules(practice)
    plans = {plan.pk: plan for plan in scoped(InsurancePlan, practice)}
    ppo_ids = {p.allowed_fees_id for p in plans.values() if p.allowed_fees_id}
    office_ids = {*own.values(), *([office_id] if office_id else [])}
    fees = fees_of(practice, {*ppo_ids, *office_ids})
    providers = {pk: ProviderFees(mine, fees.get(mine, {})) for pk, mine in own.items()}
    office_fees = fees.get(office_id, {}) if office_id else {}
    return PracticeFiles(office_id, office_fees, plans, fees, providers)


def office_schedules(practice: Practice) -> tuple[int | None, dict[int, int]]:
    """The practice-wide office schedule and each provider's own (the first of each), by id."""
    rows = scoped(FeeSchedule, practice).filter(kind=FeeScheduleKind.OFFICE).order_by("-pk")
    office_id, own = None, {}
    for pk, provider_id in rows.values_list("pk", "provider_id"):  # the first one written last
        if provider_id is None:
            office_id = pk
        else:
            own[provider_id] = pk
    return office_id, own


def treating_providers(practice: Practice) -> list[Provider]:
    """The practice's active in-house providers, who may treat (and price) an estimate."""
    return list(providers_for_fees(practice).filter(is_active=True))


def coverages_of(
    practice: Practice, patient_ids: Iterable[int]
) -> dict[int, list[tuple[CoverageRow, list[UseRow]]]]:
    """Each patient's coverages with their benefits used (2 queries, no member IDs read)."""
    rows = scoped(Coverage, practice).filter(patient_id__in=list(patient_ids))
    fields = ("pk", "patient_id", *CoverageRow._fields[:4])
    fields += ("used_annual_max_adjustment", "used_deductible_adjustment")
    coverages: dict[int, tuple[int, CoverageRow, list[UseRow]]] = {}
    for pk, patient_id, *row in rows.values_list(*fields):
        coverages[pk] = (patient_id, CoverageRow._make((*row, pk)), [])
    uses = scoped(BenefitUse, practice).filter(coverage_id__in=list(coverages))
    use_fields = ("coverage_id", "kind", "code", "service_date", "tooth", "insurance_amount")
    for coverage_id, *use in uses.values_list(*use_fields, "deductible_applied", "family_member"):
        coverages[coverage_id][2].append(UseRow(*use))
    by_patient: dict[int, list[tuple[CoverageRow, list[UseRow]]]] = defaultdict(list)
    for patient_id, row, used in coverages.values():
        by_patient[patient_id].append((row, used))
    return by_patient


def answers_of(
    practice: Practice, patient_ids: Iterable[int], since: date = date.min
) -> dict[int, list[AnswerRow]]:
    """Each patient's payers' answers that have not expired before `since`, newest
    received first (1 query)."""
    rows = scoped(PayerAmount, practice).filter(
        patient_id__in=list(patient_ids), expires_on__gte=since
    )
    by_patient: dict[int, list[AnswerRow]] = defaultdict(list)
    fields = ("patient_id", "coverage_id", *AnswerRow._fields[1:])
    for patient_id, *answer in rows.order_by("-received_on", "-pk").values_list(*fields):
        by_patient[patient_id].append(AnswerRow(*answer))
    return by_patient


def fees_of(practice: Practice, schedule_ids: Iterable[int]) -> dict[int, dict[str, Decimal]]:
    """Fees by schedule, one query for all the schedules."""
    by_schedule: dict[int, dict[str, Decimal]] = {}
    rows = scoped(Fee, practice).filter(schedule_id__in=list(schedule_ids))
    for schedule_id, code, amount in rows.values_list("schedule_id", "code", "amount"):
        by_schedule.setdefault(schedule_id, {})[code] = amount
    return by_schedule


def fee_codes(practice: Practice, schedule_id: int) -> set[str]:
    return set(scoped(Fee, practice).filter(schedule_id=schedule_id).values_list("code", flat=True))


def estimates_of(patient: Patient) -> QuerySet[Estimate]:
    return scoped(Estimate, patient.practice).filter(patient=patient)


def estimate_get(patient: Patient, estimate_id: object) -> Estimate:
    estimate = get_scoped_or_404(Estimate, patient.practice, estimate_id, related=("provider",))
    if estimate.patient_id != patient.pk:
        raise Http404("No such estimate")
    return estimate


def open_estimates(practice: Practice) -> QuerySet[Estimate]:
    return scoped(Estimate, practice).filter(status=EstimateStatus.OPEN)


def runs_of(practice: Practice) -> QuerySet[ReestimateRun]:
    return scoped(ReestimateRun, practice)


def run_get(practice: Practice, run_id: object) -> ReestimateRun:
    return get_scoped_or_404(ReestimateRun, practice, run_id)
