"""The demo seed: deterministic, realistic, and complete enough for every screen."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from casepath.demo.generator import demo_logins, demo_present, seed_database
from casepath.insurance.coverage_selectors import coverages_to_verify
from casepath.insurance.models import Carrier, Fee, FeeSchedule, InsurancePlan, PlanType
from casepath.patients.models import FamilyLink, Patient
from casepath.scheduling.models import Appointment
from casepath.scheduling.selectors import day_start, visits_between
from casepath.tenancy.models import Membership, Practice
from casepath.tenancy.roles import Role

AS_OF = date(2026, 11, 2)


def patient_rows() -> list[tuple[Any, ...]]:
    return list(
        Patient.objects.order_by("chart_number").values_list(
            "chart_number", "first_name", "last_name", "date_of_birth", "mobile_phone", "email"
        )
    )


@pytest.fixture
def seeded(db: Any) -> Any:
    return seed_database(patients_per_practice=40, seed=3, as_of=AS_OF, with_cases=False)


def test_summary_counts_what_was_made(seeded: Any) -> None:
    assert seeded.patients == 80 == Patient.objects.count()
    assert len(seeded.practices) == 2 == Practice.objects.count()
    assert "80 patients" in seeded.describe()
    assert "12 insurance plans" in seeded.describe()
    assert demo_present()


def rows_of_a_seed(seed: int) -> list[tuple[Any, ...]]:
    """Seed inside a savepoint, read the patients, and roll the seed back."""
    with transaction.atomic():
        seed_database(patients_per_practice=40, seed=seed, as_of=AS_OF, with_cases=False)
        rows = patient_rows()
        transaction.set_rollback(True)
    return rows


def test_same_seed_same_patients(db: Any) -> None:
    first = rows_of_a_seed(3)
    assert len(first) == 80
    assert rows_of_a_seed(3) == first


def test_another_seed_other_patients(db: Any) -> None:
    assert rows_of_a_seed(3) != rows_of_a_seed(4)


def test_seeding_twice_is_refused(seeded: Any) -> None:
    with pytest.raises(RuntimeError, match="already in this database"):
        seed_database(patients_per_practice=1, seed=3, as_of=AS_OF)


def test_one_login_per_role(seeded: Any) -> None:
    roles = {m.role for m in Membership.objects.all()}
    assert roles == set(Role)
    assert {username for _, username in demo_logins().users} >= {"tc", "admin", "manager"}


def test_households_have_a_responsible_adult(seeded: Any) -> None:
    children = Patient.objects.filter(guarantor__isnull=False).select_related("guarantor")
    assert children.exists()
    for child in children:
        assert child.guarantor.last_name == child.last_name
        assert child.guarantor.practice_id == child.practice_id
    assert FamilyLink.objects.count() == 2 * children.count()


def test_patients_arrived_over_the_past_year(seeded: Any) -> None:
    recent = Patient.objects.filter(first_visit_on__gt=date(2025, 11, 2))
    assert recent.exists()
    assert all(p.is_new_patient for p in recent)
    assert not Patient.objects.filter(first_visit_on__gt=AS_OF).exists()


def test_each_practice_has_office_fees_carriers_and_plans(seeded: Any) -> None:
    for practice in Practice.objects.all():
        office = FeeSchedule.objects.get(practice=practice, kind="office")
        crown = Fee.objects.get(schedule=office, code="D2740").amount
        assert crown == Decimal("1250.00")
        assert Carrier.objects.filter(practice=practice).count() == 4
        plans = InsurancePlan.objects.filter(practice=practice)
        assert {p.plan_type for p in plans} == {
            PlanType.PPO,
            PlanType.PERCENTAGE,
            PlanType.CAPITATION,
        }


def test_ppo_plans_allow_less_than_the_office_fee(seeded: Any) -> None:
    for plan in InsurancePlan.objects.filter(plan_type=PlanType.PPO):
        allowed = Fee.objects.get(schedule=plan.allowed_fees, code="D2740").amount
        assert Decimal("800") < allowed < Decimal("1250.00")
        assert allowed == allowed.to_integral_value()
        assert plan.allowed_fees.practice_id == plan.practice_id


def appointment_rows() -> list[tuple[Any, ...]]:
    return list(
        Appointment.objects.order_by("starts_at", "patient__chart_number").values_list(
            "patient__chart_number", "provider__last_name", "starts_at", "status", "reason"
        )
    )


def test_the_seed_books_visits_in_the_next_two_weeks_and_the_past_months(seeded: Any) -> None:
    zone = ZoneInfo("America/New_York")
    for practice in Practice.objects.all():
        upcoming = visits_between(practice, AS_OF, AS_OF + timedelta(days=14), zone)
        assert upcoming.count() >= 3
        assert {a.patient.status for a in upcoming} == {"active"}
        assert not {a.provider.is_external for a in upcoming} - {False}
        past = Appointment.objects.filter(practice=practice, starts_at__lt=day_start(AS_OF, zone))
        assert past.filter(status="completed").exists()
        assert not past.filter(status__in=("scheduled", "confirmed")).exists()
        to_verify = coverages_to_verify(practice, as_of=AS_OF, visits_within_days=7)
        assert to_verify and all(c.next_visit_at for c in to_verify)


def test_seeded_visits_are_weekday_office_hours_and_never_double_booked(seeded: Any) -> None:
    zone = ZoneInfo("America/New_York")
    busy: set[tuple[int, datetime]] = set()
    for appointment in Appointment.objects.all():
        local = appointment.starts_at.astimezone(zone)
        assert local.weekday() < 5 and 8 <= local.hour < 17
        assert AS_OF - timedelta(days=121) < local.date() <= AS_OF + timedelta(days=14)
        assert appointment.operatory.practice_id == appointment.practice_id
        halves = range(0, appointment.duration_minutes, 30)
        slots = {(appointment.provider_id, local + timedelta(minutes=m)) for m in halves}
        assert not slots & busy
        busy |= slots


def test_same_seed_same_appointments(db: Any) -> None:
    with transaction.atomic():
        seed_database(patients_per_practice=40, seed=3, as_of=AS_OF, with_cases=False)
        first = appointment_rows()
        transaction.set_rollback(True)
    seed_database(patients_per_practice=40, seed=3, as_of=AS_OF, with_cases=False)
    assert first and appointment_rows() == first
