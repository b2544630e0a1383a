"""What the Insurance tab says: verification status, benefits left, and who to verify next."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from casepath.insurance.coverage_selectors import (
    coverage_benefits_for_estimate,
    coverage_cards,
    coverages_to_verify,
)
from casepath.insurance.coverage_status import benefit_year, verification_status
from casepath.insurance.models import InsurancePlan
from tests.builders import build_patient
from tests.conftest import World
from tests.insurance.coverage_builders import build_check, build_coverage, build_plan, build_use
from tests.scheduling.builders import build_appointment

TODAY = date(2026, 3, 10)


@pytest.fixture
def plan(world: World) -> InsurancePlan:
    return build_plan(world.practice_a)


@pytest.mark.parametrize(
    ("checked_on", "label"),
    [
        (date(2026, 3, 10), "Verified today by Tess"),
        (date(2026, 3, 9), "Verified yesterday by Tess"),
        (date(2026, 2, 26), "Verified 12 days ago by Tess"),
        (date(2026, 2, 8), "Verified 30 days ago by Tess"),
        (date(2026, 2, 7), "Out of date (over 30 days; verified 31 days ago by Tess)"),
    ],
)
def test_verification_status_by_age(
    world: World, plan: InsurancePlan, checked_on: date, label: str
) -> None:
    check = build_check(build_coverage(world.patient_a, plan), checked_on)
    assert verification_status(check, TODAY).label == label


def test_not_verified_and_not_active(world: World, plan: InsurancePlan) -> None:
    assert verification_status(None, TODAY).label == "Not verified"
    check = build_check(build_coverage(world.patient_a, plan), date(2026, 3, 1), is_active=False)
    status = verification_status(check, TODAY)
    assert (status.kind, status.needs_check) == ("inactive", True)
    assert status.label == "Not active (verified 9 days ago by Tess)"


def test_an_earlier_due_date_makes_a_check_out_of_date_sooner(
    world: World, plan: InsurancePlan
) -> None:
    coverage = build_coverage(world.patient_a, plan)
    check = build_check(coverage, date(2026, 3, 1), next_check_due=date(2026, 3, 5))
    assert verification_status(check, TODAY).label == (
        "Out of date (was due 03/05/2026; verified 9 days ago by Tess)"
    )


@pytest.mark.parametrize(
    ("as_of", "start_month", "start", "end"),
    [
        (date(2026, 3, 10), 1, date(2026, 1, 1), date(2026, 12, 31)),
        (date(2026, 3, 10), 7, date(2025, 7, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), 7, date(2026, 7, 1), date(2027, 6, 30)),
    ],
)
def test_benefit_year(as_of: date, start_month: int, start: date, end: date) -> None:
    year = benefit_year(as_of, start_month)
    assert (year.start, year.end) == (start, end)


def test_remaining_benefits_count_paid_pending_and_reported_amounts(
    world: World, plan: InsurancePlan
) -> None:
    coverage = build_coverage(
        world.patient_a,
        plan,
        used_annual_max_adjustment=Decimal("100.00"),
        used_deductible_adjustment=Decimal("10.00"),
    )
    build_use(coverage, insurance_amount="200.00", deductible_applied="25.00")
    build_use(coverage, kind="pending", code="D1110", insurance_amount="90.00")
    build_use(coverage, insurance_amount="500.00", family_member=True)  # family figures only
    build_use(coverage, insurance_amount="700.00", service_date=date(2025, 12, 30))  # last year
    [card] = coverage_cards(world.patient_a, TODAY)
    assert card.remaining.annual_max is not None and card.remaining.deductible is not None
    assert card.remaining.annual_max.limit == Decimal("1500.00")
    assert card.remaining.annual_max.remaining == Decimal("1110.00")
    assert card.remaining.deductible.remaining == Decimal("15.00")
    assert (card.paid_count, card.pending_count) == (3, 1)


def test_orthodontic_payments_leave_the_annual_maximum_alone(world: World) -> None:
    """The orthodontic lifetime maximum governs braces alone, as the estimator counts it."""
    ortho = build_plan(world.practice_a, design="100-90-60-2000-ortho", group_number="ORTHO-1")
    coverage = build_coverage(world.patient_a, ortho)
    build_use(coverage, code="D8080", insurance_amount="1000.00", deductible_applied="50.00")
    build_use(coverage, code="D2740", tooth="3", insurance_amount="300.00")
    [card] = coverage_cards(world.patient_a, TODAY)
    assert card.remaining.annual_max is not None
    assert card.remaining.annual_max.remaining == Decimal("1700.00")  # 2,000 less the crown


def test_remaining_never_goes_below_zero(world: World, plan: InsurancePlan) -> None:
    coverage = build_coverage(world.patient_a, plan, used_annual_max_adjustment=Decimal("2000"))
    [card] = coverage_cards(world.patient_a, TODAY)
    assert card.remaining.annual_max is not None
    assert card.remaining.annual_max.remaining == Decimal("0.00")
    assert card.coverage == coverage


def test_cards_put_active_coverages_first_with_checks_newest_first(
    world: World, plan: InsurancePlan
) -> None:
    old = build_coverage(
        world.patient_a, plan, effective_date=date(2023, 1, 1), end_date=date(2024, 12, 31)
    )
    current = build_coverage(world.patient_a, plan)
    build_check(current, date(2026, 1, 5))
    build_check(current, date(2026, 3, 2))
    cards = coverage_cards(world.patient_a, TODAY)
    assert [c.coverage for c in cards] == [current, old]
    assert [c.checked_on for c in cards[0].checks] == [date(2026, 3, 2), date(2026, 1, 5)]
    assert cards[0].status.label == "Verified 8 days ago by Tess"
    assert not cards[1].active


def coverage_for(world: World, plan: InsurancePlan, last_name: str, **fields: Any) -> Any:
    patient = build_patient(world.practice_a, last_name=last_name)
    return build_coverage(patient, plan, **fields)


def test_the_queue_holds_unverified_and_out_of_date_coverages_oldest_first(
    world: World, plan: InsurancePlan, django_assert_num_queries: Any
) -> None:
    unverified = coverage_for(world, plan, "Adams")
    stale = coverage_for(world, plan, "Baker")
    build_check(stale, date(2026, 1, 2))
    older = coverage_for(world, plan, "Cruz")
    build_check(older, date(2025, 11, 20))
    build_check(coverage_for(world, plan, "Diaz"), date(2026, 2, 20))  # fresh
    build_check(coverage_for(world, plan, "Evans"), date(2026, 2, 8))  # exactly 30 days: fresh
    coverage_for(world, plan, "Ford", end_date=date(2026, 2, 28))  # ended
    coverage_for(world, plan, "Gray", effective_date=date(2026, 4, 1))  # not started
    inactive_patient = build_patient(world.practice_a, last_name="Hale", status="inactive")
    build_coverage(inactive_patient, plan)
    other_practice = build_plan(world.practice_b)
    build_coverage(world.patient_b, other_practice)
    with django_assert_num_queries(1):
        rows = coverages_to_verify(world.practice_a, as_of=TODAY)
        names = [(c.patient.last_name, c.plan.carrier.name, c.last_checked_by) for c in rows]
    assert [c.pk for c in rows] == [unverified.pk, older.pk, stale.pk]
    assert names[1] == ("Cruz", "Keystone Dental", "Tess")
    assert rows[2].last_checked_on == date(2026, 1, 2)


def test_a_newer_check_takes_a_coverage_off_the_queue(world: World, plan: InsurancePlan) -> None:
    coverage = build_coverage(world.patient_a, plan)
    build_check(coverage, date(2025, 12, 1))
    assert coverages_to_verify(world.practice_a, as_of=TODAY) == [coverage]
    build_check(coverage, date(2026, 3, 1))
    assert coverages_to_verify(world.practice_a, as_of=TODAY) == []


def test_benefits_used_in_the_estimate_format(world: World, plan: InsurancePlan) -> None:
    coverage = build_coverage(world.patient_a, plan, used_annual_max_adjustment=Decimal("12.5"))
    build_use(coverage, kind="pending", code="D1110", service_date=date(2026, 3, 1))
    build_use(coverage, tooth="30", deductible_applied="50.00", family_member=True)
    assert coverage_benefits_for_estimate(coverage) == {
        "effective_date": "2025-01-01",
        "history": [
            {
                "code": "D0120",
                "date": "2026-02-01",
                "tooth": "30",
                "insurance_paid": "45.00",
                "deductible_applied": "50.00",
                "family_member": True,
            }
        ],
        "pending": [
            {
                "code": "D1110",
                "date": "2026-03-01",
                "insurance_estimate": "45.00",
                "deductible_applied": "0.00",
            }
        ],
        "used_adjustments": {"annual_max": "12.50", "deductible": "0.00"},
    }


def test_the_queue_can_keep_patients_with_a_visit_in_the_next_days(
    world: World, plan: InsurancePlan, django_assert_num_queries: Any
) -> None:
    """Days are the practice's (New York): "the next 2 days" runs to midnight of 3/12."""
    ny = ZoneInfo("America/New_York")
    soon = coverage_for(world, plan, "Adams")
    build_appointment(soon.patient, datetime(2026, 3, 12, 23, 30, tzinfo=ny))
    build_appointment(soon.patient, datetime(2026, 3, 20, 9, tzinfo=ny))
    stale = coverage_for(world, plan, "Baker")
    build_check(stale, date(2026, 1, 2))
    build_appointment(stale.patient, datetime(2026, 3, 10, 0, 30, tzinfo=ny))  # early today
    later = coverage_for(world, plan, "Cruz")
    build_appointment(later.patient, datetime(2026, 3, 13, 0, 0, tzinfo=ny))
    cancelled = coverage_for(world, plan, "Diaz")
    build_appointment(cancelled.patient, datetime(2026, 3, 11, 9, tzinfo=ny), status="cancelled")
    past = coverage_for(world, plan, "Evans")
    build_appointment(past.patient, datetime(2026, 3, 9, 23, 59, tzinfo=ny))
    fresh = coverage_for(world, plan, "Ford")
    build_check(fresh, date(2026, 3, 1))
    build_appointment(fresh.patient, datetime(2026, 3, 11, 9, tzinfo=ny))

    with django_assert_num_queries(1):
        within_two = coverages_to_verify(world.practice_a, as_of=TODAY, visits_within_days=2)
    assert [c.pk for c in within_two] == [stale.pk, soon.pk]  # soonest visit first
    assert within_two[1].next_visit_at == datetime(2026, 3, 12, 23, 30, tzinfo=ny)
    within_three = coverages_to_verify(world.practice_a, as_of=TODAY, visits_within_days=3)
    assert [c.pk for c in within_three] == [stale.pk, soon.pk, later.pk]
    everyone = coverages_to_verify(world.practice_a, as_of=TODAY)
    next_visits = {c.patient.last_name: c.next_visit_at for c in everyone}
    assert [c.pk for c in everyone] == [soon.pk, later.pk, cancelled.pk, past.pk, stale.pk]
    assert next_visits["Cruz"] == datetime(2026, 3, 13, 0, 0, tzinfo=ny)
    assert next_visits["Diaz"] is None and next_visits["Evans"] is None
