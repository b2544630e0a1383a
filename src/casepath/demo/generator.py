"""Deterministic demo data: one organization, two practices, staff, providers, patients.

`seed_database(patients_per_practice=N, seed=S, as_of=D)` always builds the same
data for the same N, S and D. Patients are written with bulk inserts, so the same
generator builds benchmark databases of 100,000 patients in a few minutes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from faker import Faker

from casepath.demo import people
from casepath.patients.models import FamilyLink, Patient
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

    def describe(self) -> str:
        return (
            f"Seeded {self.organization}: {len(self.practices)} practices "
            f"({', '.join(self.practices)}), {self.users} staff logins, {self.patients} patients."
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
    *, patients_per_practice: int, seed: int, as_of: date | None = None
) -> SeedSummary:
    """Create the demo organization; raise if it exists already (seed into an empty database)."""
    if demo_present():
        raise RuntimeError(f"{ORGANIZATION_NAME} is already in this database")
    as_of = as_of or timezone.localdate()
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    organization = Organization.objects.create(name=ORGANIZATION_NAME)
    practices = [people.create_practice(organization, spec) for spec in people.PRACTICES]
    users = people.create_staff(practices, DEMO_PASSWORD)
    for practice in practices:
        people.create_providers_and_rooms(practice)
    total = sum(
        _create_patients(practice, patients_per_practice, rng, fake, as_of)
        for practice in practices
    )
    return SeedSummary(organization.name, [p.name for p in practices], total, len(users))


def _create_patients(
    practice: Practice, count: int, rng: random.Random, fake: Faker, as_of: date
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
