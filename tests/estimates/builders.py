"""A patient of practice A with office fees, a PPO primary and its allowed fees; a
provider's own fees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from casepath.insurance.models import Coverage, Fee, FeeSchedule, InsurancePlan
from casepath.patients.models import Patient
from casepath.tenancy.models import Provider
from tests.conftest import World
from tests.insurance.coverage_builders import build_coverage, build_plan

AS_OF = date(2026, 3, 10)
OFFICE = {"D0120": "65.00", "D2740": "1250.00", "D2391": "195.00", "D6010": "2400.00"}
ALLOWED = {"D0120": "47.00", "D2740": "900.00", "D2391": "140.00", "D6010": "1700.00"}


@dataclass
class Insured:
    patient: Patient
    office: FeeSchedule
    ppo: FeeSchedule
    plan: InsurancePlan
    coverage: Coverage


def schedule(practice: Any, name: str, kind: str, fees: dict[str, str]) -> FeeSchedule:
    made = FeeSchedule.objects.create(practice=practice, name=name, kind=kind)
    for code, amount in fees.items():
        Fee.objects.create(practice=practice, schedule=made, code=code, amount=Decimal(amount))
    return made


def insured(world: World) -> Insured:
    practice = world.practice_a
    office = schedule(practice, "Office fees", "office", OFFICE)
    ppo = schedule(practice, "Keystone PPO", "ppo", ALLOWED)
    plan = build_plan(practice, allowed_fees=ppo)
    coverage = build_coverage(world.patient_a, plan)
    return Insured(world.patient_a, office, ppo, plan, coverage)


# The treating provider's own fees: a dearer crown, and no exam (the office fee fills in).
PROVIDER_FEES = {"D2740": "1400.00"}


def own_fees(provider: Provider, fees: dict[str, str] = PROVIDER_FEES) -> FeeSchedule:
    """An office-kind schedule of the provider's own fees."""
    name = f"{provider.last_name}'s fees"
    made = schedule(provider.practice, name, "office", fees)
    made.provider = provider
    made.save()
    return made


def nunez(world: World) -> Provider:
    """Dr Rita Nunez, the in-house dentist of practice A (tests/conftest.py)."""
    return Provider.objects.get(practice=world.practice_a, last_name="Nunez")
