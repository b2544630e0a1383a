"""The patient hears about their appointments: one e-mail listing the visits booked with
a calendar file (.ics), a reminder before each visit, and a cancelling calendar file when
a visit is cancelled.

Keys (messaging's idempotency keys, so asking twice sends once):
- `scheduling:booking:<booking>:booked` for a plan booked in one step (or
  `scheduling:appointments:<hash of the visits and their times>:booked` for appointments
  given one by one); `…:<n>` when an e-mail that could not go (no address) is asked for
  again once the reason is gone;
- `appointment:<pk>:reminder:<start>` (and `appointment:<pk>:reminder-text:<start>`):
  the start time is in the key, so a moved visit gets its own reminder;
  `messages_cancel(key_prefix="appointment:<pk>:reminder")` stops them all;
- `appointment:<pk>:cancelled:<start>`.

All these messages are automated: what cannot go (no e-mail address, unsubscribed) is
kept as "not sent" with the reason on the patient's timeline. A reminder is only queued
on a channel that can be used now, so a patient without an address gets one "not sent"
(the booking e-mail), not one per visit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casepath.core.errors import CasepathError
from casepath.messaging.models import Channel, Message, MessageStatus, MessageTemplate
from casepath.messaging.rules import problem_of
from casepath.messaging.services import Attachment, message_queue, messages_cancel
from casepath.patients.models import Patient
from casepath.scheduling.ics import calendar_file, visit_type
from casepath.scheduling.models import Appointment, AppointmentStatus, PlanBooking
from casepath.scheduling.notify_defaults import NotifyTemplates, notify_templates
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.scoping import scoped

REMINDER_BEFORE: Final = timedelta(hours=48)
REMINDER_AT_LEAST: Final = timedelta(hours=1)
"""A reminder that would go less than this from now is not queued (the visit is close)."""
CALENDAR: Final = "text/calendar"


@dataclass(frozen=True)
class Notice:
    """What was queued: the e-mail (None when the practice does not send it) and the
    reminders."""

    email: Message | None
    reminders: list[Message] = field(default_factory=list)


def reminder_prefix(appointment: Appointment) -> str:
    return f"appointment:{appointment.pk}:reminder"


def reminder_key(appointment: Appointment, channel: str = Channel.EMAIL) -> str:
    name = "reminder" if channel == Channel.EMAIL else "reminder-text"
    return f"appointment:{appointment.pk}:{name}:{_stamp(appointment.starts_at)}"


def booked_key(booking_or_appointments: PlanBooking | Sequence[Appointment]) -> str:
    if isinstance(booking_or_appointments, PlanBooking):
        return f"scheduling:booking:{booking_or_appointments.pk}:booked"
    visits = sorted((a.pk, _stamp(a.starts_at)) for a in booking_or_appointments)
    digest = hashlib.sha256(repr(visits).encode()).hexdigest()[:24]
    return f"scheduling:appointments:{digest}:booked"


@transaction.atomic
def appointments_booked(
    booking_or_appointments: PlanBooking | Iterable[Appointment],
    *,
    acting_user: Any,
    now: datetime,
) -> Notice:
    """E-mail the patient the visits still to come (one e-mail, the .ics attached), and
    queue a reminder REMINDER_BEFORE each (an e-mail; a text too when the patient agreed
    to texts). Cancelled visits and past ones are left out."""
    if isinstance(booking_or_appointments, PlanBooking):
        source: PlanBooking | list[Appointment] = booking_or_appointments
        appointments = _of_booking(booking_or_appointments)
    else:
        source = appointments = _reread(list(booking_or_appointments))
    upcoming = [a for a in appointments if a.is_visit and a.starts_at > now]
    if not upcoming:
        return Notice(None)
    patient = _one_patient(upcoming)
    templates = notify_templates(patient.practice)
    email = _booked_email(source, upcoming, patient, templates, acting_user=acting_user, now=now)
    signer = _name(acting_user)
    reminders = [
        message
        for appointment in upcoming
        for message in _reminders(appointment, templates, signer=signer, now=now)
    ]
    return Notice(email, reminders)


@transaction.atomic
def appointment_cancelled(
    appointment: Appointment, *, acting_user: Any, now: datetime
) -> Message | None:
    """After the visit is cancelled (appointment_set_status): its reminders are stopped
    and the patient gets the cancelling .ics (METHOD:CANCEL), unless the visit is past."""
    if appointment.status != AppointmentStatus.CANCELLED:
        raise CasepathError.at("status", "Cancel the visit first, then tell the patient.")
    messages_cancel(
        practice=appointment.practice,
        key_prefix=reminder_prefix(appointment),
        why="The visit was cancelled.",
    )
    if appointment.starts_at <= now:
        return None
    template = notify_templates(appointment.practice).cancelled
    if template is None:
        return None
    ics = calendar_file([appointment], practice=appointment.practice, method="CANCEL", stamp=now)
    values = visit_values(appointment) | _signed(_name(acting_user))
    return message_queue(
        acting_user=acting_user,
        patient=appointment.patient,
        template=template,
        idempotency_key=f"appointment:{appointment.pk}:cancelled:{_stamp(appointment.starts_at)}",
        now=now,
        case=appointment.case,
        automated=True,
        values=values,
        attachments=[Attachment("cancelled-visit.ics", ics, CALENDAR)],
    )


def visit_values(appointment: Appointment) -> dict[str, str]:
    """The visit's merge fields (messaging.fields: visit.*)."""
    local = timezone.localtime(appointment.starts_at, practice_zone(appointment.practice))
    return {
        "visit.date": f"{local:%A, %B} {local.day}",
        "visit.time": _hour(local),
        "visit.provider": str(appointment.provider),
        "visit.type": visit_type(appointment),
    }


def appointments_list(appointments: Sequence[Appointment]) -> str:
    """The visits in words, one a line: "Tuesday, March 17, 2026 at 9:00 am: Extraction,
    with Alan Reyes, DDS (1 hour)"."""
    lines = []
    for appointment in sorted(appointments, key=lambda a: (a.starts_at, a.pk)):
        local = timezone.localtime(appointment.starts_at, practice_zone(appointment.practice))
        lines.append(
            f"{local:%A, %B} {local.day}, {local.year} at {_hour(local)}: "
            f"{visit_type(appointment)}, with {appointment.provider} "
            f"({_length(appointment.duration_minutes)})"
        )
    return "\n".join(lines)


def _booked_email(
    source: PlanBooking | list[Appointment],
    upcoming: list[Appointment],
    patient: Patient,
    templates: NotifyTemplates,
    *,
    acting_user: Any,
    now: datetime,
) -> Message | None:
    if templates.booked is None:
        return None
    key = booked_key(source)
    earlier = list(
        scoped(Message, patient.practice)
        .filter(Q(idempotency_key=key) | Q(idempotency_key__startswith=f"{key}:"))
        .order_by("pk")
    )
    if earlier:
        last = earlier[-1]
        if last.status != MessageStatus.BLOCKED or problem_of(patient, Channel.EMAIL) is not None:
            return last  # it went (or waits, or failed: a person decides), or still cannot go
        key = f"{key}:{len(earlier) + 1}"
    case = source.case if isinstance(source, PlanBooking) else upcoming[0].case
    ics = calendar_file(upcoming, practice=patient.practice, stamp=now)
    return message_queue(
        acting_user=acting_user,
        patient=patient,
        template=templates.booked,
        idempotency_key=key,
        now=now,
        case=case,
        automated=True,
        values={"appointments.list": appointments_list(upcoming)} | _signed(_name(acting_user)),
        attachments=[Attachment("visits.ics", ics, CALENDAR)],
    )


def _reminders(
    appointment: Appointment, templates: NotifyTemplates, *, signer: str, now: datetime
) -> list[Message]:
    send_after = appointment.starts_at - REMINDER_BEFORE
    if send_after < now + REMINDER_AT_LEAST:
        return []
    patient = appointment.patient
    wanted: list[tuple[str, MessageTemplate | None]] = [(Channel.EMAIL, templates.reminder)]
    if patient.sms_consent:
        wanted.append((Channel.SMS, templates.reminder_text))
    values = visit_values(appointment) | _signed(signer)
    return [
        message_queue(
            acting_user=None,
            patient=patient,
            template=template,
            idempotency_key=reminder_key(appointment, channel),
            now=now,
            case=appointment.case,
            send_after=send_after,
            automated=True,
            values=values,
        )
        for channel, template in wanted
        if template is not None and problem_of(patient, channel) is None
    ]


def _of_booking(booking: PlanBooking) -> list[Appointment]:
    return list(
        scoped(Appointment, booking.practice)
        .filter(booking=booking)
        .select_related("patient__practice", "provider", "appointment_type", "case", "practice")
        .order_by("starts_at", "pk")
    )


def _reread(appointments: list[Appointment]) -> list[Appointment]:
    """The appointments as saved, with what the e-mail and the .ics need in one query."""
    if not appointments:
        return []
    practice = appointments[0].practice
    if any(a.practice_id != practice.pk for a in appointments):
        raise CasepathError.at("appointments", "Choose appointments of one practice.")
    return list(
        scoped(Appointment, practice)
        .filter(pk__in=[a.pk for a in appointments])
        .select_related("patient__practice", "provider", "appointment_type", "case", "practice")
        .order_by("starts_at", "pk")
    )


def _one_patient(appointments: list[Appointment]) -> Patient:
    patients = {a.patient_id for a in appointments}
    if len(patients) != 1:
        raise CasepathError.at("appointments", "Choose the appointments of one patient.")
    return appointments[0].patient


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%MZ")


def _hour(local: datetime) -> str:
    return local.strftime("%I:%M %p").lstrip("0").lower()


def _length(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append("1 hour" if hours == 1 else f"{hours} hours")
    if rest or not hours:
        parts.append(f"{rest} minutes")
    return " ".join(parts)


def _name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(user.get_full_name() or user.get_username())


def _signed(name: str) -> dict[str, str]:
    return {"coordinator.name": name} if name else {}
