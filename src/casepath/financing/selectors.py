"""Reads of the financing area: the practice's settings, a plan's standing on a day,
the payments due across the practice, membership renewals and a patient's financing.

Lists read a fixed number of queries whatever their length: the payments made by a
day are summed in SQL, the instalments fetched in one query for every plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from casepath.financing.models import (
    FinancialPolicy,
    FinancingApplication,
    LenderProduct,
    MembershipEnrolment,
    MembershipPlan,
    PaymentPlan,
    PlanInstalment,
    PlanPayment,
    PlanStatus,
)
from casepath.financing.standing import Owed, Scheduled, Standing, standing
from casepath.patients.models import Patient
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

DUE_DAYS = 14
RENEWAL_DAYS = 30
# Plans whose instalments are owed: signed, whatever the day makes of them.
RUNNING = (PlanStatus.SIGNED, PlanStatus.CURRENT, PlanStatus.LATE)


def financial_policy(practice: Practice) -> FinancialPolicy:
    """The practice's financial policy (made with the defaults the first time)."""
    found = scoped(FinancialPolicy, practice).first()
    if found is None:
        found = FinancialPolicy(practice=practice)
        found.save()
    return found


def lender_products(practice: Practice, *, offered_only: bool = False) -> QuerySet[LenderProduct]:
    rows = scoped(LenderProduct, practice)
    return rows.filter(is_enabled=True) if offered_only else rows


def membership_plans(practice: Practice, *, offered_only: bool = False) -> QuerySet[MembershipPlan]:
    rows = scoped(MembershipPlan, practice)
    return rows.filter(is_enabled=True) if offered_only else rows


# Payment plans


def _paid_by(as_of: date) -> Coalesce:
    """The sum of a plan's payments made on or before `as_of` (0 without any)."""
    paid = Sum("payments__amount", filter=Q(payments__paid_on__lte=as_of))
    return Coalesce(paid, Value(Decimal("0.00")), output_field=DecimalField())


def plans_with_paid(practice: Practice, as_of: date) -> QuerySet[PaymentPlan]:
    """Payment plans, each with `paid` (the payments made by `as_of`)."""
    return scoped(PaymentPlan, practice).annotate(paid=_paid_by(as_of))


def _schedules(practice: Practice, plan_ids: Iterable[int]) -> dict[int, list[Scheduled]]:
    """Every instalment of these plans in one query, by plan."""
    rows = (
        scoped(PlanInstalment, practice)
        .filter(plan_id__in=list(plan_ids))
        .order_by("plan_id", "number")
        .values_list("plan_id", "number", "due", "payment")
    )
    by_plan: dict[int, list[Scheduled]] = defaultdict(list)
    for plan_id, number, due, payment in rows:
        by_plan[plan_id].append(Scheduled(number, due, payment))
    return by_plan


def plan_standing(plan: PaymentPlan, as_of: date) -> Standing:
    """Where one plan stands on `as_of` (two queries)."""
    paid = scoped(PlanPayment, plan.practice).filter(plan=plan, paid_on__lte=as_of)
    total = paid.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    return standing(plan.status, _schedules(plan.practice, [plan.pk])[plan.pk], total, as_of)


@dataclass(frozen=True)
class PlanRow:
    plan: PaymentPlan
    standing: Standing
    instalments: int  # how many payments the schedule has


def plan_rows(plans: QuerySet[PaymentPlan], as_of: date) -> list[PlanRow]:
    """Plans (annotated with `paid`) and their standing: two queries for any number."""
    found = list(plans)
    if not found:
        return []
    schedules = _schedules(found[0].practice, [p.pk for p in found])
    return [
        PlanRow(p, standing(p.status, schedules[p.pk], p.paid, as_of), len(schedules[p.pk]))  # type: ignore[attr-defined]
        for p in found
    ]


def payment_plan_detail(plan: PaymentPlan, as_of: date) -> dict[str, Any]:
    """A plan's schedule (each line with what is unpaid), payments and standing."""
    practice = plan.practice
    instalments = list(scoped(PlanInstalment, practice).filter(plan=plan).order_by("number"))
    payments = list(scoped(PlanPayment, practice).filter(plan=plan).select_related("recorded_by"))
    paid = sum((p.amount for p in payments if p.paid_on <= as_of), Decimal("0.00"))
    schedule = [Scheduled(i.number, i.due, i.payment) for i in instalments]
    now = standing(plan.status, schedule, paid, as_of)
    owed = {o.number: o for o in now.owed}
    lines = [{"row": i, "owed": owed.get(i.number)} for i in instalments]
    return {"standing": now, "lines": lines, "payments": payments}


# Across the practice


@dataclass(frozen=True)
class DueRow:
    plan: PaymentPlan
    owed: Owed


def payments_due(practice: Practice, as_of: date, days: int = DUE_DAYS) -> dict[str, list[DueRow]]:
    """Instalments not covered: "late" (due before `as_of`) and "upcoming" (due in the next
    `days` days), across the practice's signed plans. Three queries whatever the size."""
    horizon = as_of + timedelta(days=days)
    plans = list(
        plans_with_paid(practice, as_of)
        .filter(status__in=RUNNING)
        .filter(
            Exists(scoped(PlanInstalment, practice).filter(plan=OuterRef("pk"), due__lte=horizon))
        )
        .select_related("patient")
    )
    schedules = _schedules(practice, [p.pk for p in plans])
    late: list[DueRow] = []
    upcoming: list[DueRow] = []
    for plan in plans:
        for owed in standing(plan.status, schedules[plan.pk], plan.paid, as_of).owed:  # type: ignore[attr-defined]
            if owed.is_late:
                late.append(DueRow(plan, owed))
            elif owed.due <= horizon:
                upcoming.append(DueRow(plan, owed))
    key = _due_order
    return {"late": sorted(late, key=key), "upcoming": sorted(upcoming, key=key)}


def _due_order(row: DueRow) -> tuple[date, str, int]:
    return (row.owed.due, row.plan.patient.last_name, row.owed.number)


def renewals_due(
    practice: Practice, as_of: date, days: int = RENEWAL_DAYS
) -> QuerySet[MembershipEnrolment]:
    """Enrolments that renew within `days` days (or should have), not yet renewed."""
    renewed = scoped(MembershipEnrolment, practice).filter(
        patient=OuterRef("patient"), plan=OuterRef("plan"), starts_on__gte=OuterRef("renews_on")
    )
    return (
        scoped(MembershipEnrolment, practice)
        .filter(renews_on__lte=as_of + timedelta(days=days))
        .exclude(Exists(renewed))
        .select_related("patient", "plan")
        .order_by("renews_on", "pk")
    )


# A patient's financing (the patient page's tab)


def financing_tab(patient: Patient, *, as_of: date) -> dict[str, Any]:
    """The patient's payment plans with their standing, applications and memberships."""
    practice = patient.practice
    plans = plans_with_paid(practice, as_of).filter(patient=patient).select_related("case")
    applications = (
        scoped(FinancingApplication, practice).filter(patient=patient).select_related("lender")
    )
    enrolments = (
        scoped(MembershipEnrolment, practice).filter(patient=patient).select_related("plan")
    )
    return {
        "plans": plan_rows(plans, as_of),
        "applications": list(applications),
        "enrolments": list(enrolments),
        "membership": next((e for e in enrolments if e.starts_on <= as_of < e.renews_on), None),
    }
