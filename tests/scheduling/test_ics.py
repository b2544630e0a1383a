"""Calendar files of appointments: read back with icalendar, one event per visit, times in
UTC on both sides of a DST change, stable UIDs, the visit's type only, and the cancelling
variant."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from icalendar import Calendar

from casepath.scheduling.ics import calendar_file
from casepath.scheduling.models import Appointment, AppointmentStatus, AppointmentType
from casepath.tenancy.models import Practice
from tests.builders import build_patient, build_provider
from tests.conftest import World
from tests.scheduling.builders import build_appointment
from tests.scheduling.plan_builders import Calendar as Providers
from tests.scheduling.plan_builders import build_calendar

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # Monday, 10:00 in New York (EST)
BEFORE_DST = datetime(2026, 3, 5, 9, 0, tzinfo=NEW_YORK)  # Thursday, EST: 14:00 UTC
AFTER_DST = datetime(2026, 3, 10, 9, 0, tzinfo=NEW_YORK)  # Tuesday, EDT: 13:00 UTC
FROM = "Riverside Dental <hello@riverside.example>"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[Any]:
    with (
        override_settings(DEFAULT_FROM_EMAIL=FROM),
        time_machine.travel(NOW, tick=False) as traveller,
    ):
        yield traveller


@pytest.fixture
def providers(world: World) -> Providers:
    practice = world.practice_a
    practice.address = "12 Main Street\nSuite 200\nColumbus, OH 43215"
    practice.phone = "(614) 555-0100"
    practice.email = "front@riverside.example"
    practice.save()
    world.patient_a.email = "ana.lopez@example.com"
    world.patient_a.save()
    return build_calendar(world)


def type_named(practice: Practice, name: str) -> AppointmentType:
    return AppointmentType.objects.get(practice=practice, name=name)


def two_visits(world: World, providers: Providers) -> list[Appointment]:
    practice = world.practice_a
    extraction = build_appointment(
        world.patient_a,
        BEFORE_DST,
        provider=providers.surgeon,
        duration_minutes=60,
        appointment_type=type_named(practice, "Extraction"),
        reason="Hopeless tooth 19, fractured root",
    )
    implant = build_appointment(
        world.patient_a,
        AFTER_DST,
        provider=providers.surgeon,
        duration_minutes=90,
        appointment_type=type_named(practice, "Implant placement"),
    )
    return [extraction, implant]


def read(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def test_one_event_per_appointment_with_utc_times_either_side_of_dst(
    world: World, providers: Providers
) -> None:
    extraction, implant = two_visits(world, providers)
    content = calendar_file([extraction, implant], practice=world.practice_a)
    calendar = read(content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["PRODID"]) == "-//Casepath//Appointments//EN"
    events = calendar.events
    assert [str(e["UID"]) for e in events] == [
        f"appointment-{extraction.pk}@riverside.example",
        f"appointment-{implant.pk}@riverside.example",
    ]
    # 9:00 in New York is 14:00 UTC before DST starts (March 8) and 13:00 after.
    assert [(e.start, e.end) for e in events] == [
        (datetime(2026, 3, 5, 14, 0, tzinfo=UTC), datetime(2026, 3, 5, 15, 0, tzinfo=UTC)),
        (datetime(2026, 3, 10, 13, 0, tzinfo=UTC), datetime(2026, 3, 10, 14, 30, tzinfo=UTC)),
    ]
    assert [e.start.astimezone(NEW_YORK).hour for e in events] == [9, 9]
    assert b"DTSTART:20260305T140000Z" in content
    assert b"DTSTART:20260310T130000Z" in content
    assert [str(e["SUMMARY"]) for e in events] == [
        "Dental visit: Extraction",
        "Dental visit: Implant placement",
    ]
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CONFIRMED"]
    assert [int(e["SEQUENCE"]) for e in events] == [0, 0]
    assert events[0]["DTSTAMP"].dt == NOW


def test_location_description_and_organizer_are_the_practices(
    world: World, providers: Providers
) -> None:
    [extraction, _] = two_visits(world, providers)
    [event] = read(calendar_file([extraction], practice=world.practice_a)).events
    assert str(event["LOCATION"]) == (
        "Riverside Dental, 12 Main Street, Suite 200, Columbus, OH 43215"
    )
    assert str(event["DESCRIPTION"]) == (
        "With Alan Reyes, DDS at Riverside Dental.\n"
        "To change or cancel this visit, call Riverside Dental at (614) 555-0100."
    )
    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:front@riverside.example"
    assert organizer.params["CN"] == "Riverside Dental"
    assert "ATTENDEE" not in event  # a published event has no attendees (RFC 5546)


def test_no_diagnosis_or_reason_in_the_file(world: World, providers: Providers) -> None:
    [extraction, _] = two_visits(world, providers)
    untyped = build_appointment(world.patient_a, AFTER_DST + timedelta(days=1))
    content = calendar_file([extraction, untyped], practice=world.practice_a)
    text = content.decode()
    for secret in ("Hopeless", "tooth", "fractured", "Checkup"):
        assert secret not in text
    assert [str(e["SUMMARY"]) for e in read(content).events] == [
        "Dental visit: Extraction",
        "Dental visit",
    ]


def test_the_same_appointments_make_the_same_file(world: World, providers: Providers) -> None:
    visits = two_visits(world, providers)
    first = calendar_file(visits, practice=world.practice_a)
    with time_machine.travel(NOW + timedelta(hours=3), tick=False):
        later = calendar_file(visits, practice=world.practice_a, stamp=NOW)
    assert first == later


def test_cancel_variant_has_method_cancel_a_higher_sequence_and_the_patient(
    world: World, providers: Providers, frozen: Any
) -> None:
    [extraction, _] = two_visits(world, providers)
    [published] = read(calendar_file([extraction], practice=world.practice_a)).events
    frozen.move_to(NOW + timedelta(hours=2))
    extraction.status = AppointmentStatus.CANCELLED
    extraction.save()
    calendar = read(calendar_file([extraction], practice=world.practice_a, method="CANCEL"))
    assert str(calendar["METHOD"]) == "CANCEL"
    [event] = calendar.events
    assert str(event["UID"]) == str(published["UID"])
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2 * 60 * 60 + 1 > int(published["SEQUENCE"])
    assert str(event["ATTENDEE"]) == "mailto:ana.lopez@example.com"
    assert event["ATTENDEE"].params["CN"] == "Ana Lopez"
    assert str(event["DESCRIPTION"]) == (
        "This visit with Alan Reyes, DDS is cancelled.\n"
        "To book a new time, call Riverside Dental at (614) 555-0100."
    )
    assert "TRANSP" not in event


def test_a_moved_appointment_gets_a_higher_sequence(
    world: World, providers: Providers, frozen: Any
) -> None:
    [extraction, _] = two_visits(world, providers)
    frozen.move_to(NOW + timedelta(minutes=5))
    extraction.starts_at = BEFORE_DST + timedelta(hours=2)
    extraction.save()
    [event] = read(calendar_file([extraction], practice=world.practice_a)).events
    assert (int(event["SEQUENCE"]), event.start) == (300, datetime(2026, 3, 5, 16, tzinfo=UTC))


def test_an_outside_specialist_has_no_practice_address(world: World) -> None:
    outside = build_provider(
        world.practice_a, first_name="Omar", last_name="Haddad", is_external=True
    )
    visit = build_appointment(world.patient_a, BEFORE_DST, provider=outside)
    [event] = read(calendar_file([visit], practice=world.practice_a)).events
    assert "LOCATION" not in event
    assert str(event["DESCRIPTION"]).startswith(
        "With Omar Haddad, DDS at their office, not at Riverside Dental. "
        "Call us if you need the address."
    )
    assert str(event["DESCRIPTION"]).endswith("To change or cancel this visit, call us.")


def test_refuses_an_unknown_method_and_another_practices_appointment(world: World) -> None:
    visit = build_appointment(world.patient_a, BEFORE_DST)
    with pytest.raises(ValueError, match="method is one of PUBLISH, CANCEL"):
        calendar_file([visit], practice=world.practice_a, method="REQUEST")
    build_provider(world.practice_b)
    theirs = build_appointment(world.patient_b, BEFORE_DST)
    with pytest.raises(ValueError, match="another practice"):
        calendar_file([visit, theirs], practice=world.practice_a)


def test_uid_domain_falls_back_when_the_sender_has_none(world: World) -> None:
    visit = build_appointment(world.patient_a, BEFORE_DST)
    with override_settings(DEFAULT_FROM_EMAIL="Casepath"):
        [event] = read(calendar_file([visit], practice=world.practice_a)).events
    assert str(event["UID"]) == f"appointment-{visit.pk}@casepath.localhost"
    assert str(event["ORGANIZER"]) == "mailto:no-reply@casepath.localhost"


def test_a_patient_practice_without_phone_or_address(world: World) -> None:
    patient = build_patient(world.practice_a, first_name="Ben", last_name="Ortiz")
    visit = build_appointment(patient, AFTER_DST)
    [event] = read(calendar_file([visit], practice=world.practice_a)).events
    assert str(event["LOCATION"]) == "Riverside Dental"
    assert str(event["DESCRIPTION"]) == (
        "With Rita Nunez, DDS at Riverside Dental.\nTo change or cancel this visit, call us."
    )
