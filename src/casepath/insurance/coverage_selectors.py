"""Reads of coverages, benefits used and eligibility checks, always within one practice."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from casepath.core import benefits as core
from casepath.insurance.coverage_status import (
    RemainingBenefits,
    VerificationStatus,
    remaining_benefits,
    verification_status,
)
from casepath.insurance.estimate_inputs import (
    core_coverage,
    coverage_row,
    plan_for_core,
    use_row,
)
from casepath.insurance.models import BenefitUse, BenefitUseKind, Coverage, EligibilityCheck
from casepath.patients.models import FamilyLink, Patient, PatientStatus
from casepath.scheduling.selectors import day_start, next_visit_start, practice_zone
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import get_scoped_or_404, scoped

QUEUE_LIMIT = 200


def patient_coverages(patient: Patient) -> QuerySet[Coverage]:
    return (
        scoped(Coverage, patient.practice)
        .filter(patient=patient)
        .select_related("plan__carrier", "subscriber")
    )


def coverage_get(patient: Patient, coverage_id: object) -> Coverage:
    """One coverage of this patient (404 for another patient's or practice's)."""
    coverage = get_scoped_or_404(
        Coverage, patient.practice, coverage_id, related=("plan__carrier", "subscriber")
    )
    if coverage.patient_id != patient.pk:
        raise Http404("No such coverage")
    coverage.patient = patient
    return coverage


def benefit_use_get(coverage: Coverage, use_id: object) -> BenefitUse:
    use = get_scoped_or_404(BenefitUse, coverage.practice, use_id)
    if use.coverage_id != coverage.pk:
        raise Http404("No such benefit row")
    use.coverage = coverage
    return use


def benefits_used(coverage: Coverage) -> list[BenefitUse]:
    return list(scoped(BenefitUse, coverage.practice).filter(coverage=coverage))


def eligibility_checks(coverage: Coverage) -> list[EligibilityCheck]:
    return list(scoped(EligibilityCheck, coverage.practice).filter(coverage=coverage))


def subscriber_choices(patient: Patient) -> list[Patient]:
    """Who may hold the plan: the patient, the responsible party, linked family."""
    relatives = scoped(FamilyLink, patient.practice).filter(patient=patient).values("relative")
    others = scoped(Patient, patient.practice).filter(
        Q(pk__in=relatives) | Q(pk=patient.guarantor_id)
    )
    return [patient, *others.exclude(pk=patient.pk).order_by("last_name", "first_name")]


@dataclass(frozen=True)
class CoverageCard:
    """One coverage as the Insurance tab shows it."""

    coverage: Coverage
    active: bool
    status: VerificationStatus
    checks: list[EligibilityCheck]
    remaining: RemainingBenefits
    paid_count: int
    pending_count: int

    @property
    def latest_check(self) -> EligibilityCheck | None:
        return self.checks[0] if self.checks else None


def coverage_cards(patient: Patient, as_of: date) -> list[CoverageCard]:
    """The patient's coverages, active ones first, each with its checks and benefits left."""
    rows = patient_coverages(patient).prefetch_related(
        Prefetch(
            "eligibility_checks", queryset=EligibilityCheck.objects.order_by("-checked_on", "-pk")
        ),
        "benefits_used",
    )
    cards = [_card(c, as_of, patient.date_of_birth) for c in rows]
    return sorted(cards, key=lambda card: (not card.active, card.coverage.ordinal))


def _card(coverage: Coverage, as_of: date, birth_date: date) -> CoverageCard:
    checks = list(coverage.eligibility_checks.all())
    uses = list(coverage.benefits_used.all())
    return CoverageCard(
        coverage=coverage,
        active=coverage.is_active_on(as_of),
        status=verification_status(checks[0] if checks else None, as_of),
        checks=checks,
        remaining=coverage_remaining(coverage, uses, as_of, birth_date),
        paid_count=sum(1 for u in uses if u.kind == BenefitUseKind.PAID),
        pending_count=sum(1 for u in uses if u.kind == BenefitUseKind.PENDING),
    )


def insurance_tab(patient: Patient, *, as_of: date, can_edit: bool) -> dict[str, Any]:
    """What the patient page's Insurance tab shows."""
    return {"cards": coverage_cards(patient, as_of), "today": as_of, "can_edit": can_edit}


def coverage_remaining(
    coverage: Coverage, uses: list[BenefitUse], as_of: date, birth_date: date
) -> RemainingBenefits:
    """What is left this benefit year, worked out by the estimator itself (an estimate of
    no procedures), so the tab and every estimate always agree."""
    plan = coverage.plan
    alone = core_coverage(plan_for_core(plan, {}), coverage_row(coverage), map(use_row, uses))
    request = core.EstimateRequest(
        as_of=as_of, patient=core.Patient(birth_date=birth_date), coverages=(alone,)
    )
    (left,) = core.estimate(request).remaining
    return remaining_benefits(
        plan.benefits, start_month=plan.benefit_year_start_month, left=left, as_of=as_of
    )


def coverages_to_verify(
    practice: Practice,
    *,
    as_of: date,
    visits_within_days: int | None = None,
    limit: int = QUEUE_LIMIT,
) -> list[Coverage]:
    """Active coverages never verified, or whose last check is out of date (over 30 days
    by default), oldest first. One query.

    Each row carries `next_visit_at`: the patient's first visit from the start of `as_of`
    on (days are the practice's). With `visits_within_days=N`, only patients with a visit
    from `as_of` to the end of `as_of + N` days are listed, the soonest visit first.
    """
    latest = (
        scoped(EligibilityCheck, practice)
        .filter(coverage=OuterRef("pk"))
        .order_by("-checked_on", "-pk")
    )
    zone = practice_zone(practice)
    rows = (
        scoped(Coverage, practice)
        .filter(effective_date__lte=as_of, patient__status=PatientStatus.ACTIVE)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of))
        .annotate(
            last_checked_on=Subquery(latest.values("checked_on")[:1]),
            last_checked_by=Subquery(latest.values("checked_by_name")[:1]),
            last_check_due=Subquery(latest.values("next_check_due")[:1]),
            next_visit_at=next_visit_start(practice, OuterRef("patient"), day_start(as_of, zone)),
        )
        .filter(Q(last_checked_on__isnull=True) | Q(last_check_due__lt=as_of))
        .select_related("patient", "plan__carrier")
    )
    if visits_within_days is None:
        order = [F("last_checked_on").asc(nulls_first=True), "patient__last_name_key", "pk"]
    else:
        window_end = day_start(as_of + timedelta(days=visits_within_days + 1), zone)
        rows = rows.filter(next_visit_at__lt=window_end)
        order = ["next_visit_at", "patient__last_name_key", "pk"]
    return list(rows.order_by(*order)[:limit])


def coverage_benefits_for_estimate(
    coverage: Coverage, uses: Iterable[BenefitUse] | None = None
) -> dict[str, Any]:
    """The coverage's `history`, `pending` and `used_adjustments` as in estimate v1.

    `uses` are the coverage's benefit rows when the caller has them already (bulk work).
    """
    rows = benefits_used(coverage) if uses is None else uses
    uses = sorted(rows, key=lambda use: (use.service_date, use.pk))
    return {
        "effective_date": coverage.effective_date.isoformat(),
        "history": [_history_row(u) for u in uses if u.kind == BenefitUseKind.PAID],
        "pending": [_pending_row(u) for u in uses if u.kind == BenefitUseKind.PENDING],
        "used_adjustments": {
            "annual_max": f"{coverage.used_annual_max_adjustment:.2f}",
            "deductible": f"{coverage.used_deductible_adjustment:.2f}",
        },
    }


def _history_row(use: BenefitUse) -> dict[str, Any]:
    return {
        "code": use.code,
        "date": use.service_date.isoformat(),
        "tooth": use.tooth,
        "insurance_paid": f"{use.insurance_amount:.2f}",
        "deductible_applied": f"{use.deductible_applied:.2f}",
        "family_member": use.family_member,
    }


def _pending_row(use: BenefitUse) -> dict[str, Any]:
    return {
        "code": use.code,
        "date": use.service_date.isoformat(),
        "insurance_estimate": f"{use.insurance_amount:.2f}",
        "deductible_applied": f"{use.deductible_applied:.2f}",
    }
