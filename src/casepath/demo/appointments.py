"""The demo practices' appointments: visits of the past four months and the next two weeks.

About one active patient in four has a visit booked in the next 14 days, and about half
were seen in the past four months. Visits start on weekday half hours from 8 am to
4:30 pm in the practice's time zone. A provider is never double-booked: a visit that
would overlap another of the same provider is left out (a large seed fills the book).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from casepath.patients.models import Patient, PatientStatus
from casepath.scheduling.models import Appointment, AppointmentStatus
from casepath.tenancy.models import Operatory, Practice, Provider, ProviderKind

UPCOMING_DAYS = 14
PAST_DAYS = 120
SLOTS = tuple(time(hour, minute) for hour in range(8, 17) for minute in (0, 30))
# reason, who sees the patient, minutes
VISITS = (
    ("Checkup and cleaning", ProviderKind.HYGIENIST, 60),
    ("Checkup and cleaning", ProviderKind.HYGIENIST, 60),
    ("Periodontal maintenance", ProviderKind.HYGIENIST, 60),
    ("Scaling and root planing", ProviderKind.HYGIENIST, 90),
    ("Periodic exam", ProviderKind.DENTIST, 30),
    ("Filling", ProviderKind.DENTIST, 60),
    ("Crown preparation", ProviderKind.DENTIST, 90),
    ("Crown delivery", ProviderKind.DENTIST, 30),
    ("Treatment consultation", ProviderKind.DENTIST, 45),
)
CONSULTATION = "Treatment consultation"


@dataclass
class Book:
    """What the practice's book needs: who sees patients, rooms, and times taken."""

    practice: Practice
    zone: ZoneInfo
    providers: dict[str, list[Provider]]
    rooms: list[Operatory]
    consult_room: Operatory | None
    taken: set[tuple[int, datetime]]


def appointments_for(practice: Practice, rng: random.Random, as_of: date) -> list[Appointment]:
    """Unsaved appointments for the practice's active patients (bulk insert them)."""
    book = _open_book(practice)
    if not book.providers.get(ProviderKind.DENTIST) or not book.rooms:
        return []
    upcoming = _weekdays(as_of, range(0, UPCOMING_DAYS + 1))
    past = _weekdays(as_of, range(-PAST_DAYS, 0))
    made = []
    for patient_id in _active_patient_ids(practice):
        if rng.random() < 0.5:
            made.append(_book(book, patient_id, rng.choice(past), _past_status(rng), rng))
        if rng.random() < 0.25:
            day = rng.choice(upcoming)
            made.append(_book(book, patient_id, day, _upcoming_status(day, as_of, rng), rng))
    return [appointment for appointment in made if appointment is not None]


def _open_book(practice: Practice) -> Book:
    in_house = Provider.objects.filter(practice=practice, is_external=False, is_active=True)
    providers: dict[str, list[Provider]] = {}
    for provider in in_house.order_by("pk"):
        providers.setdefault(provider.kind, []).append(provider)
    rooms = list(Operatory.objects.filter(practice=practice, is_active=True).order_by("name"))
    consult = [room for room in rooms if "consult" in room.name.lower()]
    chairs = [room for room in rooms if room not in consult]
    return Book(
        practice, ZoneInfo(practice.time_zone), providers, chairs, next(iter(consult), None), set()
    )


def _weekdays(as_of: date, offsets: range) -> list[date]:
    days = (as_of + timedelta(days=offset) for offset in offsets)
    return [day for day in days if day.weekday() < 5]


def _active_patient_ids(practice: Practice) -> list[int]:
    patients = Patient.objects.filter(practice=practice, status=PatientStatus.ACTIVE)
    return list(patients.order_by("pk").values_list("pk", flat=True))


def _past_status(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.06:
        return AppointmentStatus.NO_SHOW
    return AppointmentStatus.CANCELLED if roll < 0.12 else AppointmentStatus.COMPLETED


def _upcoming_status(day: date, as_of: date, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.05:
        return AppointmentStatus.CANCELLED
    soon = (day - as_of).days <= 2
    return AppointmentStatus.CONFIRMED if soon and roll < 0.6 else AppointmentStatus.SCHEDULED


def _book(
    book: Book, patient_id: int, day: date, status: str, rng: random.Random
) -> Appointment | None:
    reason, kind, minutes = rng.choice(VISITS)
    provider = rng.choice(book.providers.get(kind) or book.providers[ProviderKind.DENTIST])
    starts_at = datetime.combine(day, rng.choice(SLOTS), tzinfo=book.zone)
    room = rng.choice(book.rooms)
    if reason == CONSULTATION and book.consult_room is not None:
        room = book.consult_room
    half_hours = {(provider.pk, starts_at + timedelta(minutes=m)) for m in range(0, minutes, 30)}
    if half_hours & book.taken:
        return None
    book.taken |= half_hours
    return Appointment(
        practice=book.practice,
        organization_id=book.practice.organization_id,
        patient_id=patient_id,
        provider=provider,
        operatory=room,
        starts_at=starts_at,
        duration_minutes=minutes,
        status=status,
        reason=reason,
    )
