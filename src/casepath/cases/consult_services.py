"""Consult preparation: book the consult, say who comes, tick the checklist.

The consult is a scheduling.Appointment (reason "Consult: <case title>") with its
attendees (the patient always among them; family members and decision makers beside)
and a checklist whose ticks keep who and when. Every write lands on the case's
timeline and the audit trail (events.case_event, kind CONSULT).

The reads at the end serve the consult section of the case page: the latest consult
and, for each checklist item, a hint of what the app already knows about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casepath.audit.models import Action
from casepath.cases.events import case_event
from casepath.cases.models import (
    CHECKLIST,
    Case,
    CaseDocument,
    CaseImage,
    CaseOption,
    Consult,
    ConsultAttendee,
    ConsultCheck,
    EventKind,
)
from casepath.core.cases import CLOSED, CaseStatus
from casepath.core.errors import CasepathError
from casepath.insurance.models import Coverage, EligibilityCheck
from casepath.patients.models import Patient
from casepath.scheduling.models import Appointment
from casepath.scheduling.selectors import practice_zone
from casepath.scheduling.services import appointment_create
from casepath.tenancy.models import Operatory, Provider
from casepath.tenancy.scoping import scoped

VERIFIED_WITHIN = timedelta(days=30)


class Attendee(NamedTuple):
    """Someone coming to the consult; `patient` when they are a patient here too."""

    name: str
    relationship: str
    decides: bool = False
    patient: Patient | None = None


@transaction.atomic
def consult_schedule(
    *,
    acting_user: Any,
    case: Case,
    provider: Provider,
    starts_at: datetime,
    duration_minutes: int,
    room: Operatory | None,
    attendees: list[Attendee] | list[tuple[str, str, bool, Patient | None]],
    now: datetime,
) -> Consult:
    """Book the consult of `case` and who comes; the patient always attends."""
    _check_booking(case, provider, room, starts_at, now)
    appointment = _book(acting_user, case, provider, starts_at, duration_minutes, room)
    consult = Consult(practice=case.practice, case=case, appointment=appointment, room=room)
    consult.full_clean()
    consult.save()
    for attendee in _with_patient(case, [Attendee(*a) for a in attendees]):
        _attendee_save(consult, attendee)
    where = f" in {room}" if room else ""
    case_event(
        case,
        kind=EventKind.CONSULT,
        actor=acting_user,
        summary=f"Booked the consult for {when_words(appointment)} with {provider}{where}",
        data={"consult": consult.pk, "appointment": appointment.pk},
        action=Action.CREATE,
    )
    return consult


@transaction.atomic
def attendee_add(
    *,
    acting_user: Any,
    consult: Consult,
    name: str,
    relationship: str,
    decides: bool = False,
    patient: Patient | None = None,
) -> ConsultAttendee:
    attendee = _attendee_save(consult, Attendee(name, relationship, decides, patient))
    role = ", decides" if attendee.decides else ""
    case_event(
        consult.case,
        kind=EventKind.CONSULT,
        actor=acting_user,
        summary=f"{attendee.name} ({attendee.relationship}{role}) comes to the consult",
        data={"consult": consult.pk, "attendee": attendee.pk},
    )
    return attendee


@transaction.atomic
def attendee_remove(*, acting_user: Any, attendee: ConsultAttendee) -> None:
    consult = attendee.consult
    if attendee.patient_id is not None and attendee.patient_id == consult.case.patient_id:
        raise CasepathError.at("attendee", "The patient always attends their own consult.")
    attendee.delete()
    case_event(
        consult.case,
        kind=EventKind.CONSULT,
        actor=acting_user,
        summary=f"{attendee.name} no longer comes to the consult",
        data={"consult": consult.pk},
    )


@transaction.atomic
def consult_check(
    *, acting_user: Any, consult: Consult, item: str, checked: bool
) -> ConsultCheck | None:
    """Tick (or untick) one checklist item; the tick keeps who and when."""
    if item not in CHECKLIST:
        raise CasepathError.at("item", f"“{item}” is not on the consult checklist.")
    found = consult.checks.filter(item=item).first()
    if checked == (found is not None):
        return found  # already so: nothing changes, nothing is recorded
    if found is not None:
        found.delete()
        _check_event(acting_user, consult, f"Unticked “{CHECKLIST[item]}”", item)
        return None
    tick = ConsultCheck(practice=consult.practice, consult=consult, item=item)
    tick.checked_by = acting_user
    tick.full_clean()
    tick.save()
    _check_event(acting_user, consult, f"Ticked “{CHECKLIST[item]}”", item)
    return tick


def _check_event(acting_user: Any, consult: Consult, summary: str, item: str) -> None:
    data = {"consult": consult.pk, "item": item}
    case_event(consult.case, kind=EventKind.CONSULT, actor=acting_user, summary=summary, data=data)


def _check_booking(
    case: Case, provider: Provider, room: Operatory | None, starts_at: datetime, now: datetime
) -> None:
    if case.status in CLOSED:
        label = case.get_status_display().lower()
        raise CasepathError.at("status", f"The case is {label}: it needs no consult.")
    if provider.practice_id != case.practice_id:
        raise CasepathError.at("provider", "Choose a provider of this practice.")
    if room is not None and room.practice_id != case.practice_id:
        raise CasepathError.at("room", "Choose a room of this practice.")
    if timezone.is_naive(starts_at):
        raise CasepathError.at("starts_at", "The start time needs a time zone.")
    if starts_at < now:
        raise CasepathError.at("starts_at", "Choose a time that has not passed yet.")


def _book(
    acting_user: Any,
    case: Case,
    provider: Provider,
    starts_at: datetime,
    duration_minutes: int,
    room: Operatory | None,
) -> Appointment:
    data = {
        "provider": provider,
        "operatory": room,
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "reason": f"Consult: {case.title}"[:120],
    }
    try:
        return appointment_create(patient=case.patient, acting_user=acting_user, data=data)
    except ValidationError as error:
        field, message = _first_error(error)
        raise CasepathError.at(field, message) from None


def _first_error(error: ValidationError) -> tuple[str, str]:
    """The appointment's first complaint, at the name the consult form uses."""
    if not hasattr(error, "error_dict"):
        return "starts_at", error.messages[0]
    field, messages = next(iter(error.message_dict.items()))
    names = {"operatory": "room", "__all__": "starts_at"}
    return names.get(field, field), messages[0]


def _with_patient(case: Case, attendees: list[Attendee]) -> list[Attendee]:
    if any(a.patient is not None and a.patient.pk == case.patient_id for a in attendees):
        return attendees
    patient = case.patient
    return [Attendee(patient.display_name, "Patient", True, patient), *attendees]


def _attendee_save(consult: Consult, attendee: Attendee) -> ConsultAttendee:
    name, relationship = attendee.name.strip(), attendee.relationship.strip()
    if not name:
        raise CasepathError.at("name", "Write who is coming.")
    if not relationship:
        raise CasepathError.at("relationship", "Say who they are to the patient, e.g. spouse.")
    patient = attendee.patient
    if patient is not None and patient.practice_id != consult.practice_id:
        raise CasepathError.at("patient", "Choose a patient of this practice.")
    if patient is not None and consult.attendees.filter(patient=patient).exists():
        raise CasepathError.at("name", f"{name} already comes to this consult.")
    row = ConsultAttendee(
        practice=consult.practice,
        consult=consult,
        name=name,
        relationship=relationship,
        decides=attendee.decides,
        patient=patient,
    )
    row.full_clean()
    row.save()
    return row


def when_words(appointment: Appointment) -> str:
    """ "Friday, March 20, 2026 at 10:00 AM" in the practice's time zone."""
    local = timezone.localtime(appointment.starts_at, practice_zone(appointment.practice))
    hour = local.strftime("%I:%M %p").lstrip("0")
    return f"{local:%A, %B} {local.day}, {local.year} at {hour}"


# Reads for the consult section


@dataclass(frozen=True)
class Hint:
    """What the app knows about a checklist item: ok True/False, or None (just words)."""

    ok: bool | None
    words: str


@dataclass(frozen=True)
class ChecklistRow:
    item: str
    label: str
    check: ConsultCheck | None
    hint: Hint


def consult_latest(case: Case) -> Consult | None:
    return (
        scoped(Consult, case.practice)
        .filter(case=case)
        .select_related("appointment__provider", "room")
        .order_by("-pk")
        .first()
    )


def consult_attendees(consult: Consult) -> list[ConsultAttendee]:
    return list(scoped(ConsultAttendee, consult.practice).filter(consult=consult))


def consult_checklist(case: Case, consult: Consult, today: date) -> list[ChecklistRow]:
    ticks = {
        c.item: c
        for c in scoped(ConsultCheck, case.practice)
        .filter(consult=consult)
        .select_related("checked_by")
    }
    hints = checklist_hints(case, consult, today)
    return [
        ChecklistRow(item, label, ticks.get(item), hints[item]) for item, label in CHECKLIST.items()
    ]


def checklist_hints(case: Case, consult: Consult | None, today: date) -> dict[str, Hint]:
    return {
        "plan_final": _plan_hint(case),
        "estimate_verified": _estimate_hint(case, today),
        "predetermination": Hint(None, "No pre-determination yet."),
        "financing_ready": Hint(None, "Financing arrives with a later release."),
        "letters_printed": _documents_hint(case),
        "visuals_loaded": _images_hint(case),
        "room_ready": _room_hint(consult),
    }


def _plan_hint(case: Case) -> Hint:
    if case.status == CaseStatus.DRAFT:
        return Hint(False, "Still a draft: mark the case ready when the plan is final.")
    return Hint(True, f"Plan version {case.plan_version}; the case is {_status(case)}.")


def _estimate_hint(case: Case, today: date) -> Hint:
    options = list(scoped(CaseOption, case.practice).filter(case=case))
    if not options:
        return Hint(False, "No options yet.")
    if any(option.estimate_id is None for option in options):
        return Hint(False, "Not every option is estimated: estimate the case.")
    in_force = list(
        scoped(Coverage, case.practice)
        .filter(patient_id=case.patient_id, effective_date__lte=today)
        .filter(Q(end_date=None) | Q(end_date__gte=today))
    )
    if not in_force:
        return Hint(True, "Every option is estimated; no insurance on file.")
    checks = scoped(EligibilityCheck, case.practice).filter(
        coverage__in=in_force, checked_on__gt=today - VERIFIED_WITHIN, checked_on__lte=today
    )
    verified = {check.coverage_id: check.checked_on for check in checks}
    if len(verified) < len(in_force):
        return Hint(False, "Every option is estimated, but insurance is not verified in 30 days.")
    last = min(verified.values())
    return Hint(True, f"Every option is estimated; insurance verified {last:%m/%d/%Y}.")


def _documents_hint(case: Case) -> Hint:
    count = scoped(CaseDocument, case.practice).filter(case=case).count()
    if not count:
        return Hint(False, "No documents made yet.")
    return Hint(True, f"{count} document{'' if count == 1 else 's'} made.")


def _images_hint(case: Case) -> Hint:
    count = scoped(CaseImage, case.practice).filter(case=case).count()
    if not count:
        return Hint(False, "No images on the case yet.")
    return Hint(True, f"{count} image{'' if count == 1 else 's'} on the case.")


def _room_hint(consult: Consult | None) -> Hint:
    if consult is None or consult.room is None:
        return Hint(False, "No room chosen for the consult.")
    return Hint(True, f"Room: {consult.room}.")


def _status(case: Case) -> str:
    return str(case.get_status_display()).lower()
