"""The demo households' dental coverage and the benefits they used this year.

Two households in three have a plan through the head's employer; the children
are on it as dependents. Half of the covered patients had checkups this year.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from casepath.insurance.models import BenefitUse, Coverage, InsurancePlan
from casepath.patients.models import Patient

CHECKUP = (("D0120", "45.00"), ("D1110", "92.00"), ("D0274", "68.00"))


def coverages_for(
    households: list[list[Patient]], plans: list[InsurancePlan], rng: random.Random, as_of: date
) -> list[Coverage]:
    made = []
    for members in households:
        if rng.random() < 0.34:
            continue
        plan, since = rng.choice(plans), as_of - timedelta(days=rng.randint(60, 2400))
        member_id = f"{plan.carrier.payer_id[:3]}{rng.randint(10**8, 10**9 - 1)}"
        for index, member in enumerate(members):
            made.append(_coverage(member, members[0], plan, since, member_id, index))
    return made


def _coverage(
    member: Patient, head: Patient, plan: InsurancePlan, since: date, member_id: str, index: int
) -> Coverage:
    relationship = "self" if index == 0 else ("spouse" if index == 1 else "child")
    return Coverage(
        practice_id=member.practice_id,
        organization_id=member.organization_id,
        patient=member,
        plan=plan,
        subscriber=head,
        relationship=relationship,
        member_id=member_id,
        effective_date=since,
        ordinal=1,
    )


def benefits_used_for(
    coverages: list[Coverage], rng: random.Random, as_of: date
) -> list[BenefitUse]:
    """A spring checkup this benefit year for about half of the covered patients."""
    uses = []
    year_start = date(as_of.year, 1, 1)
    for coverage in coverages:
        if rng.random() < 0.5 or as_of <= year_start + timedelta(days=30):
            continue
        day = year_start + timedelta(days=rng.randint(10, (as_of - year_start).days - 5))
        uses += [
            _use(coverage, code, paid, max(day, coverage.effective_date)) for code, paid in CHECKUP
        ]
    return uses


def _use(coverage: Coverage, code: str, paid: str, day: date) -> BenefitUse:
    return BenefitUse(
        practice_id=coverage.practice_id,
        organization_id=coverage.organization_id,
        coverage=coverage,
        kind="paid",
        code=code,
        service_date=day,
        insurance_amount=Decimal(paid),
        source="entered",
    )
