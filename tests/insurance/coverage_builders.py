"""Builders for carriers, plans, coverages and eligibility checks (coverage tests)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from casepath.insurance.models import (
    BenefitUse,
    Carrier,
    Coverage,
    EligibilityCheck,
    InsurancePlan,
)
from casepath.insurance.presets import preset
from casepath.patients.models import Patient
from casepath.tenancy.models import Practice

MEMBER_ID = "XKD9047715"


def build_carrier(practice: Practice, name: str = "Keystone Dental", **fields: Any) -> Carrier:
    return Carrier.objects.create(practice=practice, name=name, **fields)


def build_plan(
    practice: Practice,
    carrier: Carrier | None = None,
    design: str = "100-80-50-1500",
    **fields: Any,
) -> InsurancePlan:
    values: dict[str, Any] = {
        "employer": "Columbus City Schools",
        "group_number": "KDB-40112",
        "plan_type": "ppo",
        "benefits": preset(design),
    }
    values.update(fields)
    carrier = carrier or build_carrier(practice)
    return InsurancePlan.objects.create(practice=practice, carrier=carrier, **values)


def build_coverage(patient: Patient, plan: InsurancePlan, **fields: Any) -> Coverage:
    values: dict[str, Any] = {
        "subscriber": patient,
        "relationship": "self",
        "member_id": MEMBER_ID,
        "effective_date": date(2025, 1, 1),
        "ordinal": 1,
    }
    values.update(fields)
    return Coverage.objects.create(practice=patient.practice, patient=patient, plan=plan, **values)


def build_check(coverage: Coverage, checked_on: date, **fields: Any) -> EligibilityCheck:
    values: dict[str, Any] = {
        "checked_by_name": "Tess",
        "method": "phone",
        "is_active": True,
        "next_check_due": checked_on + timedelta(days=30),
    }
    values.update(fields)
    return EligibilityCheck.objects.create(
        practice=coverage.practice, coverage=coverage, checked_on=checked_on, **values
    )


def build_use(coverage: Coverage, **fields: Any) -> BenefitUse:
    values: dict[str, Any] = {
        "kind": "paid",
        "code": "D0120",
        "service_date": date(2026, 2, 1),
        "insurance_amount": "45.00",
        "deductible_applied": "0.00",
    }
    values.update(fields)
    return BenefitUse.objects.create(practice=coverage.practice, coverage=coverage, **values)
