"""Booking an appointment: what the model refuses, and the audit row a booking leaves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from casepath.audit.models import AuditEvent
from casepath.scheduling.models import Appointment
from casepath.scheduling.services import appointment_create
from casepath.tenancy.models import Operatory, Provider
from tests.builders import build_operatory, build_provider
from tests.conftest import World

NEW_YORK = ZoneInfo("America/New_York")
NINE_AM = datetime(2026, 3, 12, 9, 0, tzinfo=NEW_YORK)


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(datetime(2026, 3, 10, 15, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def booking(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "provider": Provider.objects.get(practice=world.practice_a),
        "operatory": Operatory.objects.get(practice=world.practice_a),
        "starts_at": NINE_AM,
        "duration_minutes": 90,
        "reason": "Crown preparation",
    }
    return data | overrides


def book(world: World, **overrides: Any) -> Appointment:
    return appointment_create(
        patient=world.patient_a, acting_user=world.fran, data=booking(world, **overrides)
    )


def refusal(world: World, **overrides: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        book(world, **overrides)
    assert not Appointment.objects.exists()
    return caught.value.message_dict


def test_a_booking_is_saved_with_its_audit_row(world: World) -> None:
    appointment = book(world)
    assert appointment.practice == world.practice_a
    assert appointment.organization_id == world.practice_a.organization_id
    assert appointment.status == "scheduled"
    assert appointment.ends_at == datetime(2026, 3, 12, 10, 30, tzinfo=NEW_YORK)
    event = AuditEvent.objects.get(object_type="appointment")
    assert event.patient == world.patient_a
    assert event.actor == world.fran
    assert event.summary == "Booked 03/12/2026 09:00 (90 min) with Rita Nunez, DDS"
    assert event.changes["reason"] == {"before": None, "after": "Crown preparation"}


def test_the_provider_and_room_must_be_of_the_practice(world: World) -> None:
    elsewhere = {
        "provider": build_provider(world.practice_b),
        "operatory": build_operatory(world.practice_b),
    }
    assert refusal(world, **elsewhere) == {
        "provider": ["Choose a provider of this practice."],
        "operatory": ["Choose a room of this practice."],
    }


def test_the_room_is_optional(world: World) -> None:
    assert book(world, operatory=None).operatory is None


def test_a_start_without_a_time_zone_is_refused(world: World) -> None:
    naive = datetime(2026, 3, 12, 9, 0)  # noqa: DTZ001 (the mistake under test)
    assert refusal(world, starts_at=naive) == {"starts_at": ["The start time needs a time zone."]}


@pytest.mark.parametrize("minutes", [0, 721])
def test_the_length_is_from_1_to_720_minutes(world: World, minutes: int) -> None:
    assert list(refusal(world, duration_minutes=minutes)) == ["duration_minutes"]


def test_an_unknown_status_is_refused(world: World) -> None:
    assert "status" in refusal(world, status="postponed")


@pytest.mark.parametrize(("field", "value"), [("duration_minutes", 0), ("status", "postponed")])
def test_the_database_refuses_what_validation_would(world: World, field: str, value: Any) -> None:
    row = Appointment(
        practice=world.practice_a, patient=world.patient_a, **(booking(world) | {field: value})
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
