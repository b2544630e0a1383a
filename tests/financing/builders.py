"""Financing records for tests: lender products, membership plans, payment plans
(prepared through the service, then marked signed as the agreement helper will),
applications and enrolments; `financing_objects` maps every financing path parameter
for tests/isolation/test_outsider.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from casepath.financing import plan_services
from casepath.financing.models import (
    FinancingApplication,
    LenderProduct,
    MembershipEnrolment,
    MembershipPlan,
    PaymentPlan,
    PlanStatus,
)
from casepath.patients.models import Patient
from casepath.tenancy.models import Practice
from tests.conftest import World

AGREED = date(2026, 3, 10)


def build_lender(practice: Practice, **fields: Any) -> LenderProduct:
    values: dict[str, Any] = {
        "name": "CareCredit 12 months",
        "kind": "deferred",
        "months": 12,
        "apr_percent": Decimal("26.99"),
        "min_amount": Decimal("200.00"),
        "max_amount": Decimal("25000.00"),
        "practice_fee_percent": Decimal("9.50"),
        "application_url": "https://example.com/apply",
    }
    values.update(fields)
    return LenderProduct.objects.create(practice=practice, **values)


def build_membership_plan(practice: Practice, **fields: Any) -> MembershipPlan:
    values: dict[str, Any] = {
        "name": "Healthy smile club",
        "yearly_fee": Decimal("349.00"),
        "included_codes": ["D0120", "D1110"],
        "discounts": {"crowns": "15"},
    }
    values.update(fields)
    return MembershipPlan.objects.create(practice=practice, **values)


def build_payment_plan(
    user: Any, patient: Patient, *, signed: bool = True, **terms: Any
) -> PaymentPlan:
    """$1,200 owed, $240 down, 0 % APR, 6 monthly payments of $160 from April 10, 2026."""
    values: dict[str, Any] = {
        "total": Decimal("1200.00"),
        "down_payment": Decimal("240.00"),
        "apr_percent": Decimal("0"),
        "frequency": "monthly",
        "agreement_date": AGREED,
        "first_payment_date": date(2026, 4, 10),
        "number_of_payments": 6,
    }
    values.update(terms)
    plan = plan_services.payment_plan_create(acting_user=user, patient=patient, **values)
    if signed:
        mark_signed(plan)
    return plan


def mark_signed(plan: PaymentPlan) -> None:
    """What signing the agreement does to the row (the agreement helper's service)."""
    PaymentPlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.SIGNED, signed_at=timezone.now(), signer_name="Ana Lopez"
    )
    plan.refresh_from_db()


def build_application(
    patient: Patient, lender: LenderProduct, **fields: Any
) -> FinancingApplication:
    values: dict[str, Any] = {"amount": Decimal("3000.00"), "submitted_on": AGREED}
    values.update(fields)
    return FinancingApplication.objects.create(
        practice=patient.practice, patient=patient, lender=lender, **values
    )


def build_enrolment(patient: Patient, plan: MembershipPlan, **fields: Any) -> MembershipEnrolment:
    values: dict[str, Any] = {
        "starts_on": date(2025, 4, 1),
        "renews_on": date(2026, 4, 1),
        "fee_paid": Decimal("349.00"),
    }
    values.update(fields)
    return MembershipEnrolment.objects.create(
        practice=patient.practice, patient=patient, plan=plan, **values
    )


def financing_objects(world: World) -> dict[str, object]:
    """One record of practice A for each path parameter of the financing area."""
    practice, patient = world.practice_a, world.patient_a
    lender = build_lender(practice)
    membership = build_membership_plan(practice)
    return {
        "lender_id": lender.pk,
        "membership_plan_id": membership.pk,
        "payment_plan_id": build_payment_plan(world.tess, patient).pk,
        "application_id": build_application(patient, lender).pk,
        "enrolment_id": build_enrolment(patient, membership).pk,
    }
