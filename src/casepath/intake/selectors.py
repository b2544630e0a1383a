"""Reads for new patients: one intake, possible duplicates of a caller's patient, the
practice's welcome package. The board, the arrival list and conversion read in
board.py, arrivals.py and conversion.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from casepath.core.intake import Person, match_reasons
from casepath.core.patient_search import name_key
from casepath.intake.defaults import default_welcome_package
from casepath.intake.models import Intake, IntakeMove, WelcomePackage
from casepath.messaging.models import Message
from casepath.patients.models import PHONE_FIELDS, Patient
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import get_scoped_or_404, scoped

MOST_DUPLICATES = 10


@dataclass(frozen=True)
class PossibleDuplicate:
    patient: Patient
    reasons: tuple[str, ...]


def intake_get(practice: Practice, intake_id: object) -> Intake:
    """One intake of `practice` (404 otherwise), with what its page shows."""
    return get_scoped_or_404(
        Intake,
        practice,
        intake_id,
        related=(
            "patient",
            "call",
            "first_visit__provider",
            "handed_off_to",
            "case",
            "coordinator",
        ),
    )


def intake_moves(intake: Intake) -> list[IntakeMove]:
    return list(scoped(IntakeMove, intake.practice).filter(intake=intake).select_related("by"))


def intakes_of_patient(patient: Patient) -> list[Intake]:
    return list(scoped(Intake, patient.practice).filter(patient=patient).order_by("-created_at"))


def person_of(data: Mapping[str, Any]) -> Person:
    """The facts of a new patient's form that duplicates are matched on."""
    born = data.get("date_of_birth")
    return Person(
        first_name=str(data.get("first_name") or ""),
        last_name=str(data.get("last_name") or ""),
        date_of_birth=born if isinstance(born, date) else None,
        phones=tuple(str(data.get(f) or "") for f in PHONE_FIELDS),
        email=str(data.get("email") or ""),
    )


def possible_duplicates(practice: Practice, data: Mapping[str, Any]) -> list[PossibleDuplicate]:
    """Patients on file who may be the new patient in `data`, with the reasons (in
    indexed lookups: names and birth date, phone keys, e-mail)."""
    person = person_of(data)
    condition = _condition(person)
    if condition is None:
        return []
    rows = scoped(Patient, practice).filter(condition).order_by("last_name", "first_name")
    found = []
    for patient in rows[: MOST_DUPLICATES * 3]:
        reasons = match_reasons(person, _person(patient))
        if reasons:
            found.append(PossibleDuplicate(patient, reasons))
    found.sort(key=lambda d: -len(d.reasons))
    return found[:MOST_DUPLICATES]


def _condition(person: Person) -> Q | None:
    first, last = name_key(person.first_name), name_key(person.last_name)
    parts: list[Q] = []
    if first and last:
        parts.append(Q(first_name_key=first, last_name_key=last))
    if person.date_of_birth is not None:
        if last:
            parts.append(Q(last_name_key=last, date_of_birth=person.date_of_birth))
        if first:
            parts.append(Q(first_name_key=first, date_of_birth=person.date_of_birth))
    for key in person.phone_keys():
        parts.extend(Q(**{f"{f}_key": key}) for f in PHONE_FIELDS)
    if person.email.strip():
        parts.append(Q(email__iexact=person.email.strip()))
    if not parts:
        return None
    condition = parts[0]
    for part in parts[1:]:
        condition |= part
    return condition


def _person(patient: Patient) -> Person:
    return Person(
        first_name=patient.first_name,
        last_name=patient.last_name,
        date_of_birth=patient.date_of_birth,
        phones=tuple(getattr(patient, f) for f in PHONE_FIELDS),
        email=patient.email,
    )


def welcome_package(practice: Practice) -> WelcomePackage:
    """The practice's welcome package, made from the defaults the first time."""
    package = (
        scoped(WelcomePackage, practice)
        .select_related("welcome_template", "reminder_template", "reminder_text_template")
        .first()
    )
    if package is not None:
        return package
    with transaction.atomic():
        return default_welcome_package(practice)


def intake_for_link(intake_id: int) -> Intake | None:
    """The intake a patient's confirmation link names (public: the signed link is the
    proof, so this read is not scoped to a signed-in practice)."""
    return (
        Intake.objects.select_related("practice", "patient", "first_visit__provider")
        .filter(pk=intake_id)
        .first()
    )


MESSAGE_LIMIT = 50  # a new patient gets a handful: the welcome and a reminder per visit


def intake_messages(intake: Intake) -> list[Message]:
    """The e-mails and texts about this new patient's visit (their keys start with
    `intake:<id>:`), newest first."""
    rows = (
        scoped(Message, intake.practice)
        .filter(patient_id=intake.patient_id, idempotency_key__startswith=f"intake:{intake.pk}:")
        .select_related("sent_by")
        .defer("body", "html_body")
        .order_by("-created_at", "-pk")
    )
    return list(rows[:MESSAGE_LIMIT])
