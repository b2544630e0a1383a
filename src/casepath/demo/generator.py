"""Deterministic demo data: one organization, two practices, staff, providers, patients.

`seed_database(patients_per_practice=N, seed=S, as_of=D)` always builds the same
data for the same N, S and D. Patients are written with bulk inserts, so the same
generator builds benchmark databases of 100,000 patients in a few minutes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from casepath.demo import (
    appointments,
    cases,
    compensation,
    coverage,
    estimates,
    financing,
    huddle,
    insurance,
    intake,
    people,
    predeterminations,
    reports,
    schedule,
)
from casepath.estimates.bulk import recompute_batch
from casepath.estimates.models import Estimate, EstimateProcedure
from casepath.estimates.selectors import practice_files
from casepath.insurance.models import BenefitUse, Coverage, InsurancePlan
from casepath.patients.models import FamilyLink, Patient
from casepath.reports.case_figures import case_figures_rebuild
from casepath.scheduling.models import Appointment
from casepath.tenancy.models import Organization, Practice

ORGANIZATION_NAME = "Brightside Dental Group"
DEMO_PASSWORD = "casepath-demo"  # noqa: S105 (printed for the demo on purpose)
BATCH = 2000


@dataclass(frozen=True)
class DemoLogins:
    password: str
    users: tuple[tuple[str, str], ...]


@dataclass
class SeedSummary:
    organization: str
    practices: list[str] = field(default_factory=list)
    patients: int = 0
    users: int = 0
    plans: int = 0
    new_patients: int = 0

    def describe(self) -> str:
        calls = (
            f" and {self.new_patients} new patients from first calls" if self.new_patients else ""
        )
        return (
            f"Seeded {self.organization}: {len(self.practices)} practices "
            f"({', '.join(self.practices)}), {self.users} staff logins, {self.patients} patients"
            f"{calls}, office and PPO fee schedules, {self.plans} insurance plans."
        )


def demo_present() -> bool:
    return Organization.objects.filter(name=ORGANIZATION_NAME).exists()


def demo_logins() -> DemoLogins:
    return DemoLogins(
        password=DEMO_PASSWORD,
        users=tuple((role.label, username) for username, _, _, role, _ in people.STAFF),
    )


@transaction.atomic
def seed_database(
    *,
    patients_per_practice: int,
    seed: int,
    as_of: date | None = None,
    with_cases: bool = True,
    with_reports: bool = False,
) -> SeedSummary:
    """Create the demo organization; raise if it exists already (seed into an empty database).

    `with_cases=False` leaves out the cases (the slowest part), for tests that need none.
    `with_reports=True` adds a year of presented cases behind the reports (demo/reports.py);
    off by default: tests/demo/test_cases_demo.py counts the told stories only."""
    if demo_present():
        raise RuntimeError(f"{ORGANIZATION_NAME} is already in this database")
    as_of = as_of or timezone.localdate()
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    organization = Organization.objects.create(name=ORGANIZATION_NAME)
    practices = [people.create_practice(organization, spec) for spec in people.PRACTICES]
    users = people.create_staff(practices, DEMO_PASSWORD)
    plans = {}
    for practice in practices:
        people.create_providers_and_rooms(practice)
        financing.financing_for(practice, manager=None)
        plans[practice.pk] = insurance.create_fees_and_plans(practice)
        compensation.compensation_for(practice, as_of)
    total = sum(
        _create_patients(practice, patients_per_practice, rng, fake, as_of, plans[practice.pk])
        for practice in practices
    )
    for practice in practices:
        _estimate_all(practice, as_of)
        booked = appointments.appointments_for(
            practice, random.Random(f"{seed}-{practice.short_code}"), as_of
        )
        Appointment.objects.bulk_create(booked, batch_size=BATCH)
    new_patients = 0
    for practice in practices if with_cases else []:
        cases.cases_for(practice, random.Random(f"{seed}-cases-{practice.short_code}"), as_of)
        predeterminations.predeterminations_for(practice, as_of)
        huddle.huddle_for(practice, as_of)
        new_patients += intake.intakes_for(
            practice, random.Random(f"{seed}-intake-{practice.short_code}"), as_of
        )
        schedule.schedule_for(
            practice, random.Random(f"{seed}-schedule-{practice.short_code}"), as_of
        )
        if with_reports:
            reports.history_for(
                practice, random.Random(f"{seed}-reports-{practice.short_code}"), as_of
            )
    plan_count = sum(len(p) for p in plans.values())
    case_figures_rebuild(practices)  # cases were written in bulk: sum their figures once
    with connection.cursor() as cursor:  # planner statistics: SQLite has none otherwise
        cursor.execute("ANALYZE")
    return SeedSummary(
        organization.name, [p.name for p in practices], total, len(users), plan_count, new_patients
    )


def _create_patients(
    practice: Practice,
    count: int,
    rng: random.Random,
    fake: Faker,
    as_of: date,
    plans: list[InsurancePlan],
) -> int:
    """Households of one to five: the first member is the responsible party."""
    made = 0
    number = 1
    while made < count:
        households = []
        while made < count and len(households) * 3 < BATCH:
            size = min(rng.choice((1, 1, 1, 2, 2, 3, 4, 5)), count - made)
            households.append(people.household(practice, size, number, rng, fake, as_of))
            number += size
            made += size
        _insert_households(practice, households)
        _insert_insurance_and_estimates(households, plans, rng, as_of)
    return made


def _insert_households(practice: Practice, households: list[list[Patient]]) -> None:
    heads = [members[0] for members in households]
    for patient in (p for members in households for p in members):
        patient.refresh_search_keys()
    Patient.objects.bulk_create(heads, batch_size=BATCH)
    others = []
    for members in households:
        for member in members[1:]:
            member.guarantor = members[0]
            others.append(member)
    Patient.objects.bulk_create(others, batch_size=BATCH)
    links = [link for members in households for link in people.family_links(practice, members)]
    FamilyLink.objects.bulk_create(links, batch_size=BATCH)


def _insert_insurance_and_estimates(
    households: list[list[Patient]], plans: list[InsurancePlan], rng: random.Random, as_of: date
) -> None:
    covered = coverage.coverages_for(households, plans, rng, as_of)
    Coverage.objects.bulk_create(covered, batch_size=BATCH)
    BenefitUse.objects.bulk_create(
        coverage.benefits_used_for(covered, rng, as_of), batch_size=BATCH
    )
    patients = [p for members in households for p in members]
    made = estimates.estimates_for(patients, rng, as_of)
    Estimate.objects.bulk_create(made, batch_size=BATCH)
    EstimateProcedure.objects.bulk_create(estimates.procedures_for(made, rng), batch_size=BATCH)


def _estimate_all(practice: Practice, as_of: date) -> None:
    """Compute every demo estimate, and record which plans each one used."""
    ids = list(Estimate.objects.filter(practice=practice).values_list("pk", flat=True))
    files = practice_files(practice)
    for start in range(0, len(ids), BATCH):
        recompute_batch(practice, files, ids[start : start + BATCH], as_of)
    _link_plans(practice)


def _link_plans(practice: Practice) -> None:
    through = Estimate.plans.through
    pairs = Coverage.objects.filter(practice=practice).values_list("patient_id", "plan_id")
    plan_of = dict(pairs)
    links = [
        through(estimate_id=pk, insuranceplan_id=plan_of[patient_id])
        for pk, patient_id in Estimate.objects.filter(practice=practice).values_list(
            "pk", "patient_id"
        )
        if patient_id in plan_of
    ]
    through.objects.bulk_create(links, batch_size=BATCH)
