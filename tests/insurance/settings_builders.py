"""Builders for the insurance settings tests: carriers, plans, fee schedules with fees."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from casepath.insurance.models import Carrier, Fee, FeeSchedule, InsurancePlan
from casepath.insurance.presets import preset
from casepath.tenancy.models import Practice


def build_carrier(practice: Practice, name: str = "Keystone Dental", **fields: Any) -> Carrier:
    values: dict[str, Any] = {"payer_id": "KDB01", "phone": "(800) 555-0110"}
    values.update(fields)
    return Carrier.objects.create(practice=practice, name=name, **values)


def build_plan(
    practice: Practice,
    carrier: Carrier | None = None,
    design: str = "100-80-50-1500",
    **fields: Any,
) -> InsurancePlan:
    values: dict[str, Any] = {
        "employer": "Columbus City Schools",
        "group_number": "KDB-40112",
        "plan_type": "percentage",
        "benefits": preset(design),
    }
    values.update(fields)
    carrier = carrier or build_carrier(practice)
    return InsurancePlan.objects.create(practice=practice, carrier=carrier, **values)


def build_fee_schedule(
    practice: Practice,
    name: str = "Office fees",
    kind: str = "office",
    fees: dict[str, str] | None = None,
    **fields: Any,
) -> FeeSchedule:
    schedule = FeeSchedule.objects.create(practice=practice, name=name, kind=kind, **fields)
    for code, amount in (fees or {}).items():
        Fee.objects.create(practice=practice, schedule=schedule, code=code, amount=Decimal(amount))
    return schedule
