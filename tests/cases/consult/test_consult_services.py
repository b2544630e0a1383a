"""Booking the consult, who comes, and the checklist with who ticked what and when."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from casepath.audit.models import AuditEvent
from casepath.cases import consult_services
from casepath.cases.models import CaseEvent, ConsultCheck, EventKind
from casepath.core.errors import CasepathError
from casepath.scheduling.models import Appointment
from tests.builders import build_operatory, build_provider
from tests.cases.builders import TwoOptions
from tests.cases.consult.conftest import CONSULT_AT, NOW, book, dentist_a, room_a
from tests.conftest import World


def consult_events(two: TwoOptions) -> list[str]:
    return list(
        CaseEvent.objects.filter(case=two.case, kind=EventKind.CONSULT)
        .order_by("pk")
        .values_list("summary", flat=True)
    )


def test_booking_makes_the_appointment_and_the_patient_attends(
    world: World, two: TwoOptions
) -> None:
    consult = book(world, two)

    appointment = Appointment.objects.get(pk=consult.appointment_id)
    assert appointment.patient == world.patient_a
    assert appointment.provider == dentist_a(world)
    assert appointment.operatory == room_a(world)
    assert appointment.starts_at == CONSULT_AT
    assert appointment.duration_minutes == 45
    assert appointment.reason == "Consult: Missing lower left molar"
    people = [(a.name, a.relationship, a.decides, a.patient) for a in consult.attendees.all()]
    assert people == [
        ("Ana Lopez", "Patient", True, world.patient_a),
        ("Luis Lopez", "Spouse", True, None),
    ]
    assert consult_events(two) == [
        "Booked the consult for Friday, March 20, 2026 at 10:00 AM with Rita Nunez, DDS in Op 1"
    ]
    assert AuditEvent.objects.filter(
        object_type="appointment", object_id=str(appointment.pk)
    ).exists()


def test_the_patient_listed_by_the_tc_is_not_added_twice(world: World, two: TwoOptions) -> None:
    consult = book(world, two, attendees=[("Ana", "Patient", False, world.patient_a)], room=None)

    assert [(a.name, a.decides) for a in consult.attendees.all()] == [("Ana", False)]
    assert consult.room is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_at": NOW - timedelta(minutes=1)}, "starts_at"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"attendees": [("  ", "Spouse", False, None)]}, "name"),
        ({"attendees": [("Luis", "", False, None)]}, "relationship"),
    ],
)
def test_refused_bookings_name_the_field_and_save_nothing(
    world: World, two: TwoOptions, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(CasepathError) as refused:
        book(world, two, **overrides)

    assert [e.path for e in refused.value.errors] == [field]
    assert not Appointment.objects.exists()
    assert consult_events(two) == []


def test_a_room_or_provider_of_another_practice_is_refused(world: World, two: TwoOptions) -> None:
    with pytest.raises(CasepathError) as room:
        book(world, two, room=build_operatory(world.practice_b, "Their op"))
    with pytest.raises(CasepathError) as provider:
        book(world, two, provider=build_provider(world.practice_b))

    assert room.value.errors[0].path == "room"
    assert room.value.errors[0].message == "Choose a room of this practice."
    assert provider.value.errors[0].path == "provider"
    assert not Appointment.objects.exists()


def test_a_closed_case_needs_no_consult(world: World, two: TwoOptions) -> None:
    two.case.status = "declined"
    two.case.save()

    with pytest.raises(CasepathError, match="declined"):
        book(world, two)


def test_attendees_come_and_go_but_the_patient_stays(world: World, two: TwoOptions) -> None:
    consult = book(world, two, attendees=[])
    mother = consult_services.attendee_add(
        acting_user=world.tess, consult=consult, name="Rosa Lopez", relationship="Mother"
    )
    patient = consult.attendees.get(patient=world.patient_a)

    with pytest.raises(CasepathError) as refused:
        consult_services.attendee_remove(acting_user=world.tess, attendee=patient)
    consult_services.attendee_remove(acting_user=world.tess, attendee=mother)

    assert refused.value.errors[0].path == "attendee"
    assert list(consult.attendees.values_list("name", flat=True)) == ["Ana Lopez"]
    assert consult_events(two)[1:] == [
        "Rosa Lopez (Mother) comes to the consult",
        "Rosa Lopez no longer comes to the consult",
    ]


def test_ticking_keeps_who_and_when_and_unticking_removes_it(
    world: World, two: TwoOptions, frozen_now: Any
) -> None:
    consult = book(world, two)
    tick = consult_services.consult_check(
        acting_user=world.tess, consult=consult, item="plan_final", checked=True
    )
    frozen_now.shift(timedelta(minutes=5))
    again = consult_services.consult_check(
        acting_user=world.doc, consult=consult, item="plan_final", checked=True
    )

    assert tick is not None and again == tick
    assert (tick.checked_by, tick.created_at) == (world.tess, NOW)

    gone = consult_services.consult_check(
        acting_user=world.doc, consult=consult, item="plan_final", checked=False
    )

    assert gone is None
    assert not ConsultCheck.objects.filter(consult=consult).exists()
    assert consult_events(two)[1:] == ["Ticked “Plan final”", "Unticked “Plan final”"]
    unticked = CaseEvent.objects.filter(case=two.case, kind=EventKind.CONSULT).last()
    assert unticked is not None and unticked.actor == world.doc


def test_an_unknown_checklist_item_is_refused(world: World, two: TwoOptions) -> None:
    consult = book(world, two)

    with pytest.raises(CasepathError) as refused:
        consult_services.consult_check(
            acting_user=world.tess, consult=consult, item="coffee_made", checked=True
        )

    assert refused.value.errors[0].path == "item"
    assert "coffee_made" in refused.value.errors[0].message
