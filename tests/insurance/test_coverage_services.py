"""Coverage services: who may hold the plan, dates, primary/secondary order, and the audit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from casepath.audit.models import AuditEvent
from casepath.insurance.coverage_services import (
    benefit_use_add,
    benefit_use_remove,
    coverage_create,
    coverage_update,
    eligibility_check_record,
)
from casepath.insurance.models import Coverage, InsurancePlan
from tests.builders import build_family_link, build_patient
from tests.conftest import World
from tests.insurance.coverage_builders import MEMBER_ID, build_coverage, build_plan, build_use

NOW = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def plan(world: World) -> InsurancePlan:
    return build_plan(world.practice_a)


def coverage_data(plan: InsurancePlan, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "plan": plan,
        "ordinal": 1,
        "relationship": "self",
        "member_id": MEMBER_ID,
        "effective_date": date(2026, 1, 1),
    }
    return data | overrides


def field_errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def add(world: World, plan: InsurancePlan, **overrides: Any) -> Coverage:
    return coverage_create(
        patient=world.patient_a, acting_user=world.tess, data=coverage_data(plan, **overrides)
    )


def refused(world: World, plan: InsurancePlan, **overrides: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        add(world, plan, **overrides)
    return field_errors(excinfo)


def test_a_primary_coverage_for_the_patient_as_subscriber(
    world: World, plan: InsurancePlan
) -> None:
    coverage = add(world, plan)
    assert coverage.subscriber == world.patient_a
    assert coverage.subscriber_display == "The patient"
    assert coverage.group_number_in_use == "KDB-40112"
    event = AuditEvent.objects.get(object_type="coverage", object_id=str(coverage.pk))
    assert event.patient_id == world.patient_a.pk
    assert event.summary == f"Added primary coverage {plan}"
    assert event.changes["member_id"] == {"before": None, "after": "••••7715"}


def test_a_plan_of_another_practice_is_refused(world: World) -> None:
    other = build_plan(world.practice_b)
    assert refused(world, other) == {"plan": ["Choose a plan of this practice."]}


@pytest.mark.parametrize("end", [date(2025, 12, 31), date(2026, 1, 1)])
def test_the_end_date_must_come_after_the_effective_date(
    world: World, plan: InsurancePlan, end: date
) -> None:
    assert refused(world, plan, end_date=end) == {
        "end_date": ["The end date must be after the effective date."]
    }


@pytest.mark.parametrize("member_id", ["", "   ", "AB#123", "X" * 41])
def test_a_member_id_is_required_and_plain_letters_and_digits(
    world: World, plan: InsurancePlan, member_id: str
) -> None:
    assert "member_id" in refused(world, plan, member_id=member_id)


def test_a_second_primary_in_the_same_dates_is_refused(world: World, plan: InsurancePlan) -> None:
    add(world, plan)
    errors = refused(world, plan, effective_date=date(2026, 2, 1))
    assert errors == {
        "ordinal": [
            "Ana Lopez already has a primary coverage (Keystone Dental, from 01/01/2026). "
            "End it first or choose another order."
        ]
    }


def test_a_new_primary_after_the_old_one_ended_is_fine(world: World, plan: InsurancePlan) -> None:
    build_coverage(
        world.patient_a, plan, effective_date=date(2024, 1, 1), end_date=date(2025, 12, 31)
    )
    assert add(world, plan).ordinal == 1


def test_a_secondary_needs_an_active_primary(world: World, plan: InsurancePlan) -> None:
    errors = refused(world, plan, ordinal=2)
    assert errors == {
        "ordinal": [
            "A secondary coverage needs an active primary coverage in the same dates: "
            "add the primary coverage first."
        ]
    }
    build_coverage(world.patient_a, plan, effective_date=date(2025, 1, 1))
    assert add(world, plan, ordinal=2).get_ordinal_display() == "Secondary"


def test_an_ended_primary_does_not_carry_a_secondary(world: World, plan: InsurancePlan) -> None:
    build_coverage(
        world.patient_a, plan, effective_date=date(2024, 1, 1), end_date=date(2025, 6, 30)
    )
    assert "ordinal" in refused(world, plan, ordinal=2)


def test_a_tertiary_needs_a_secondary(world: World, plan: InsurancePlan) -> None:
    build_coverage(world.patient_a, plan)
    assert "needs an active secondary" in refused(world, plan, ordinal=3)["ordinal"][0]


def test_a_spouse_linked_as_family_may_be_the_subscriber(world: World, plan: InsurancePlan) -> None:
    spouse = build_patient(world.practice_a, first_name="Luis")
    build_family_link(world.patient_a, spouse, "spouse")
    coverage = add(world, plan, subscriber=spouse, relationship="spouse")
    assert coverage.subscriber_display == "Luis Lopez"


def test_the_responsible_party_may_be_the_subscriber(world: World, plan: InsurancePlan) -> None:
    parent = build_patient(world.practice_a, first_name="Rosa")
    child = build_patient(world.practice_a, first_name="Nico", guarantor=parent)
    coverage = coverage_create(
        patient=child,
        acting_user=world.fran,
        data=coverage_data(plan, subscriber=parent, relationship="child"),
    )
    assert coverage.subscriber == parent


def test_an_unrelated_patient_cannot_be_the_subscriber(world: World, plan: InsurancePlan) -> None:
    stranger = build_patient(world.practice_a, first_name="Zed", last_name="Young")
    errors = refused(world, plan, subscriber=stranger, relationship="spouse")
    assert list(errors) == ["subscriber"]
    assert "linked family member" in errors["subscriber"][0]


def test_self_only_when_the_patient_holds_the_plan(world: World, plan: InsurancePlan) -> None:
    spouse = build_patient(world.practice_a, first_name="Luis")
    build_family_link(world.patient_a, spouse, "spouse")
    assert refused(world, plan, subscriber=spouse, relationship="self") == {
        "relationship": ["Choose self only when the patient is the subscriber."]
    }
    assert refused(world, plan, subscriber=world.patient_a, relationship="child") == {
        "relationship": ["The patient is the subscriber: choose self."]
    }


def test_an_outside_subscriber_needs_a_name_and_birth_date(
    world: World, plan: InsurancePlan
) -> None:
    errors = refused(world, plan, relationship="child", subscriber_name="Maria Lopez")
    assert errors == {"subscriber_birth_date": ["Enter the subscriber's date of birth."]}
    coverage = add(
        world,
        plan,
        relationship="child",
        subscriber_name="Maria Lopez",
        subscriber_birth_date=date(1960, 5, 1),
    )
    assert coverage.subscriber is None
    assert coverage.subscriber_display == "Maria Lopez"


def test_an_outside_subscriber_cannot_be_self(world: World, plan: InsurancePlan) -> None:
    errors = refused(
        world, plan, subscriber_name="Maria Lopez", subscriber_birth_date=date(1960, 5, 1)
    )
    assert errors == {"relationship": ["Choose self only when the patient is the subscriber."]}


def test_changes_are_audited_with_the_member_id_masked(world: World, plan: InsurancePlan) -> None:
    coverage = add(world, plan)
    coverage_update(
        coverage=coverage,
        acting_user=world.fran,
        data={"member_id": "ZZ55501234", "end_date": date(2026, 12, 31)},
    )
    event = AuditEvent.objects.filter(action="update").get()
    assert event.changes == {
        "end_date": {"before": None, "after": "2026-12-31"},
        "member_id": {"before": "••••7715", "after": "••••1234"},
    }
    assert event.summary == f"Changed end_date, member_id of coverage {plan}"
    coverage.refresh_from_db()
    assert coverage.member_id == "ZZ55501234"


def test_an_update_that_changes_nothing_writes_no_audit_row(
    world: World, plan: InsurancePlan
) -> None:
    coverage = add(world, plan)
    coverage_update(coverage=coverage, acting_user=world.fran, data={"member_id": MEMBER_ID})
    assert not AuditEvent.objects.filter(action="update").exists()


def test_an_update_keeps_the_order_rules(world: World, plan: InsurancePlan) -> None:
    build_coverage(world.patient_a, plan)
    secondary = add(world, plan, ordinal=2)
    with pytest.raises(ValidationError) as excinfo:
        coverage_update(coverage=secondary, acting_user=world.tess, data={"ordinal": 1})
    assert "already has a primary" in field_errors(excinfo)["ordinal"][0]


def test_benefits_used_are_recorded_and_removed_with_an_audit_row(
    world: World, plan: InsurancePlan
) -> None:
    coverage = build_coverage(world.patient_a, plan)
    data = {
        "kind": "paid",
        "code": "d2740",
        "service_date": date(2026, 2, 3),
        "tooth": "30",
        "insurance_amount": Decimal("425.00"),
        "deductible_applied": Decimal("50.00"),
        "family_member": False,
    }
    use = benefit_use_add(coverage=coverage, acting_user=world.tess, data=data)
    assert use.code == "D2740"
    benefit_use_remove(use=use, acting_user=world.tess)
    assert not coverage.benefits_used.exists()
    summaries = list(AuditEvent.objects.order_by("pk").values_list("summary", flat=True))
    assert summaries[-2:] == [
        f"Recorded paid (benefits used) D2740 on {plan}",
        f"Removed paid (benefits used) D2740 from {plan}",
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [("code", "2740"), ("tooth", "33"), ("tooth", "U"), ("insurance_amount", Decimal("-1"))],
)
def test_a_benefit_row_with_a_bad_field_is_refused(
    world: World, plan: InsurancePlan, field: str, value: Any
) -> None:
    coverage = build_coverage(world.patient_a, plan)
    data = {"kind": "pending", "code": "D1110", "service_date": date(2026, 2, 3)}
    data |= {"insurance_amount": Decimal("90.00"), field: value}
    with pytest.raises(ValidationError) as excinfo:
        benefit_use_add(coverage=coverage, acting_user=world.tess, data=data)
    assert field in field_errors(excinfo)


def test_a_check_is_due_again_30_days_later_by_default(world: World, plan: InsurancePlan) -> None:
    coverage = build_coverage(world.patient_a, plan)
    check = eligibility_check_record(
        coverage=coverage,
        acting_user=world.tess,
        data={"checked_on": date(2026, 3, 10), "method": "phone", "is_active": True},
    )
    assert check.next_check_due == date(2026, 4, 9)
    assert check.checked_by == world.tess
    assert check.checked_by_name == "Tess"
    event = AuditEvent.objects.get(object_type="eligibilitycheck")
    assert event.summary == f"Verified coverage {plan} (phone call)"


def test_a_check_cannot_be_due_before_it_was_made(world: World, plan: InsurancePlan) -> None:
    coverage = build_coverage(world.patient_a, plan)
    with pytest.raises(ValidationError) as excinfo:
        eligibility_check_record(
            coverage=coverage,
            acting_user=world.tess,
            data={
                "checked_on": date(2026, 3, 10),
                "method": "portal",
                "next_check_due": date(2026, 3, 1),
            },
        )
    assert "next_check_due" in field_errors(excinfo)


def test_a_check_with_a_negative_remaining_maximum_is_refused(
    world: World, plan: InsurancePlan
) -> None:
    coverage = build_coverage(world.patient_a, plan)
    with pytest.raises(ValidationError) as excinfo:
        eligibility_check_record(
            coverage=coverage,
            acting_user=world.tess,
            data={
                "checked_on": date(2026, 3, 10),
                "method": "phone",
                "remaining_maximum": Decimal("-5"),
            },
        )
    assert "remaining_maximum" in field_errors(excinfo)


def test_removing_a_benefit_row_of_a_built_use(world: World, plan: InsurancePlan) -> None:
    use = build_use(build_coverage(world.patient_a, plan))
    benefit_use_remove(use=use, acting_user=world.fran)
    assert AuditEvent.objects.get().changes["code"] == {"before": "D0120", "after": None}
