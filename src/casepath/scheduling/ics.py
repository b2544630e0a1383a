"""Calendar files (RFC 5545, through icalendar) of a patient's appointments.

One VEVENT per appointment. Its UID names the appointment (`appointment-<pk>@<domain of
DEFAULT_FROM_EMAIL>`), so a later file (moved, cancelled) replaces the event the patient's
calendar already has; SEQUENCE grows with every change of the appointment (the seconds
between its creation and its last save), and a cancelling file adds one. Times are in
UTC: the patient's calendar shows them in its own time zone, DST included.

The summary says the kind of visit only ("Dental visit: Implant placement"): a calendar
is often shared or synced, so no diagnosis, tooth or reason goes in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parseaddr
from typing import Final

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from casepath.scheduling.models import Appointment, AppointmentStatus
from casepath.tenancy.models import Practice

PRODID: Final = "-//Casepath//Appointments//EN"
METHODS: Final = ("PUBLISH", "CANCEL")
VISIT: Final = "Dental visit"


def mail_domain() -> str:
    """The domain of DEFAULT_FROM_EMAIL (UIDs and the organizer's address use it)."""
    _, at, domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")
    return domain if at and domain else "casepath.localhost"


def appointment_uid(appointment: Appointment) -> str:
    return f"appointment-{appointment.pk}@{mail_domain()}"


def visit_type(appointment: Appointment) -> str:
    """What the visit is for, in the practice's words for its type ("Implant placement");
    "Dental visit" when it has no type. Never the reason typed on the appointment."""
    kind = appointment.appointment_type
    return kind.name if kind is not None else VISIT


def calendar_file(
    appointments: Iterable[Appointment],
    *,
    practice: Practice,
    method: str = "PUBLISH",
    stamp: datetime | None = None,
) -> bytes:
    """The .ics of `appointments` (of `practice`): PUBLISH to add or update them, CANCEL
    to take them off the patient's calendar (every event then STATUS:CANCELLED).
    `stamp` is the DTSTAMP (now when not given)."""
    if method not in METHODS:
        raise ValueError(f"method is one of {', '.join(METHODS)}, not {method!r}")
    stamp = (stamp or timezone.now()).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    for appointment in appointments:
        if appointment.practice_id != practice.pk:
            raise ValueError(f"Appointment {appointment.pk} belongs to another practice.")
        calendar.add_component(_event(appointment, practice, method, stamp))
    return bytes(calendar.to_ical())


def _event(appointment: Appointment, practice: Practice, method: str, stamp: datetime) -> Event:
    cancelled = method == "CANCEL" or appointment.status == AppointmentStatus.CANCELLED
    event = Event()
    event.add("uid", appointment_uid(appointment))
    event.add("dtstamp", stamp)
    event.add("dtstart", appointment.starts_at.astimezone(UTC))
    event.add("dtend", appointment.ends_at.astimezone(UTC))
    event.add("sequence", sequence_of(appointment, method))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("summary", f"{VISIT}: {visit_type(appointment)}" if _typed(appointment) else VISIT)
    location = _location(appointment, practice)
    if location:
        event.add("location", location)
    event.add("description", _description(appointment, practice, cancelled))
    event.add("organizer", _organizer(practice))
    if method == "CANCEL" and appointment.patient.email.strip():
        attendee = vCalAddress(f"mailto:{appointment.patient.email.strip().lower()}")
        attendee.params["CN"] = appointment.patient.display_name
        event.add("attendee", attendee)
    if not cancelled:
        event.add("transp", "OPAQUE")
    return event


def sequence_of(appointment: Appointment, method: str = "PUBLISH") -> int:
    """Grows with each change of the appointment; a cancelling file is one more."""
    changed = int((appointment.updated_at - appointment.created_at).total_seconds())
    return max(changed, 0) + (1 if method == "CANCEL" else 0)


def _typed(appointment: Appointment) -> bool:
    return appointment.appointment_type_id is not None


def _location(appointment: Appointment, practice: Practice) -> str:
    if appointment.provider.is_external:
        return ""  # at the specialist's office: the description says to ask
    lines = [line.strip() for line in practice.address.splitlines() if line.strip()]
    return ", ".join([practice.name, *lines])


def _description(appointment: Appointment, practice: Practice, cancelled: bool) -> str:
    provider = appointment.provider
    lines = []
    if cancelled:
        lines.append(f"This visit with {provider} is cancelled.")
    elif provider.is_external:
        lines.append(
            f"With {provider} at their office, not at {practice.name}. "
            "Call us if you need the address."
        )
    else:
        lines.append(f"With {provider} at {practice.name}.")
    phone = practice.phone.strip()
    what = "book a new time" if cancelled else "change or cancel this visit"
    lines.append(
        f"To {what}, call {practice.name} at {phone}." if phone else f"To {what}, call us."
    )
    return "\n".join(lines)


def _organizer(practice: Practice) -> vCalAddress:
    address = practice.email.strip() or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if "@" not in address:
        address = f"no-reply@{mail_domain()}"
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = practice.name
    return organizer
