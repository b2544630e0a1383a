"""Writes for the first call and the pipeline: capture a call (new patients made only
after possible duplicates were seen), and `intake_move`, the one way an intake changes
stage (a timestamped IntakeMove and an audit row, together). Visits: visit_services.py;
the welcome package: welcome_services.py; the day of the visit: arrival_services.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casepath.audit.models import Action
from casepath.audit.services import audit_record
from casepath.cases.events import current_channel
from casepath.core.errors import CasepathError, FieldError
from casepath.core.intake import BEFORE_THE_VISIT, LABELS, Stage, check_move
from casepath.intake.models import Call, Intake, IntakeMove
from casepath.intake.selectors import PossibleDuplicate, possible_duplicates
from casepath.patients.models import Patient, is_phone_number
from casepath.patients.services import patient_create
from casepath.scheduling.models import AppointmentStatus
from casepath.scheduling.selectors import practice_zone
from casepath.scheduling.services import appointment_set_status
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

CALL_FIELDS = (
    "caller_name",
    "caller_relation",
    "caller_phone",
    "caller_email",
    "source",
    "source_detail",
    "reason",
    "preferred_times",
    "may_call",
    "may_text",
    "may_email",
    "notes",
)
INTAKE_FIELDS = (
    "chief_concern",
    "urgency",
    "goals",
    "fears",
    "insurance_carrier",
    "insurance_subscriber",
    "insurance_member_id",
    "insurance_group",
)


@dataclass(frozen=True)
class CallPatient:
    """One patient the call is about: `existing` (a patient on file), or `new` (the
    fields of a new patient record). `not_a_duplicate` says the TC saw the possible
    duplicates and this is someone else. `about` holds INTAKE_FIELDS."""

    existing: Patient | None = None
    new: Mapping[str, Any] = field(default_factory=dict)
    not_a_duplicate: bool = False
    about: Mapping[str, Any] = field(default_factory=dict)


class DuplicatesFound(CasepathError):
    """A new patient looks like one on file: nothing was written; the TC chooses."""

    def __init__(self, found: Mapping[int, Sequence[PossibleDuplicate]]) -> None:
        self.found = dict(found)
        errors = [
            FieldError(
                f"patients[{index}]",
                "This may be a patient already on file: "
                + "; ".join(f"{d.patient} ({', '.join(d.reasons)})" for d in candidates)
                + ". Choose the patient on file, or say it is someone else.",
            )
            for index, candidates in self.found.items()
        ]
        super().__init__(*errors)


def check_reachable(data: Mapping[str, Any]) -> None:
    """A call must leave a way to reach the caller (a phone number that can be dialled)."""
    phone = str(data.get("caller_phone") or "").strip()
    if not phone and not str(data.get("caller_email") or "").strip():
        raise CasepathError.at(
            "caller_phone", "Give a phone number or an e-mail address to reach the caller."
        )
    if phone and not is_phone_number(phone):
        raise CasepathError.at(
            "caller_phone", "Enter the phone number as 10 digits, for example (614) 555-0101."
        )


@transaction.atomic
def call_capture(
    *,
    practice: Practice,
    acting_user: Any,
    call: Mapping[str, Any],
    patients: Sequence[CallPatient],
    started_at: datetime,
    now: datetime,
) -> tuple[Call, list[Intake]]:
    """Record a first call and put each patient it is about on the pipeline (inquiry).

    Refuses (writing nothing) a call without a phone or e-mail, a call about nobody,
    and a new patient that may be on file already (DuplicatesFound) unless the TC said
    it is someone else."""
    check_reachable(call)
    if not patients:
        raise CasepathError.at("patients", "Say who the call is about.")
    _check_duplicates(practice, patients)
    _check_not_on_board(practice, patients)
    record = _save_call(practice, acting_user, call, started_at, now)
    intakes = [_open_intake(record, acting_user, entry, now) for entry in patients]
    return record, intakes


def _check_duplicates(practice: Practice, patients: Sequence[CallPatient]) -> None:
    found = {
        index: candidates
        for index, entry in enumerate(patients)
        if entry.existing is None and not entry.not_a_duplicate
        if (candidates := possible_duplicates(practice, entry.new))
    }
    if found:
        raise DuplicatesFound(found)


def _check_not_on_board(practice: Practice, patients: Sequence[CallPatient]) -> None:
    """A patient already on the board is not put on it twice: the TC opens that intake."""
    existing = {entry.existing.pk: i for i, entry in enumerate(patients) if entry.existing}
    if not existing:
        return
    open_ones = (
        scoped(Intake, practice)
        .filter(patient_id__in=existing)
        .exclude(stage__in=(Stage.CLOSED, Stage.CASE_CREATED))
    )
    errors = [
        FieldError(
            f"patients[{existing[intake.patient_id]}]",
            f"{intake.patient.display_name} is already on the new-patient board "
            f"(“{intake.stage_label}”): open that page instead.",
        )
        for intake in open_ones.select_related("patient")
    ]
    if errors:
        raise CasepathError(*errors)


def _valid(model: Any) -> None:
    try:
        model.full_clean()
    except ValidationError as error:
        raise CasepathError(
            *(FieldError(name, " ".join(m)) for name, m in error.message_dict.items())
        ) from None


def _save_call(
    practice: Practice,
    acting_user: Any,
    data: Mapping[str, Any],
    started_at: datetime,
    now: datetime,
) -> Call:
    call = Call(practice=practice, taken_by=_staff(acting_user), started_at=started_at)
    call.ended_at = max(now, started_at)
    for name in CALL_FIELDS:
        if name in data:
            setattr(call, name, data[name])
    _valid(call)
    call.save()
    return call


def _open_intake(call: Call, acting_user: Any, entry: CallPatient, now: datetime) -> Intake:
    patient = entry.existing or _new_patient(call, acting_user, entry.new)
    if patient.practice_id != call.practice_id:
        raise CasepathError.at("patients", "Choose a patient of this practice.")
    intake = Intake(
        practice=call.practice,
        call=call,
        patient=patient,
        coordinator=_staff(acting_user),
        stage=Stage.INQUIRY,
        stage_entered_at=now,
    )
    for name in INTAKE_FIELDS:
        if name in entry.about:
            setattr(intake, name, entry.about[name])
    _valid(intake)
    intake.save()
    _record_move(intake, "", Stage.INQUIRY, acting_user, now, f"First call: {call.reason}")
    return intake


def _new_patient(call: Call, acting_user: Any, data: Mapping[str, Any]) -> Patient:
    fields = dict(data)
    fields.setdefault("referral_source", call.source)
    fields.setdefault("referral_detail", call.source_detail)
    fields.setdefault("preferred_contact_times", call.preferred_times)
    if call.caller_relation == "self":
        fields.setdefault("mobile_phone", call.caller_phone)
        fields.setdefault("email", call.caller_email)
        fields.setdefault("sms_consent", call.may_text and bool(call.caller_phone))
        if fields.get("sms_consent"):
            local = timezone.localtime(call.started_at, practice_zone(call.practice))
            fields.setdefault("sms_consent_on", local.date())  # the practice's day
    try:
        channel, ip_address = current_channel()
        return patient_create(
            practice=call.practice,
            acting_user=acting_user,
            data=fields,
            channel=channel,
            ip_address=ip_address,
        )
    except ValidationError as error:
        raise CasepathError(
            *(FieldError(f"patient.{name}", " ".join(m)) for name, m in error.message_dict.items())
        ) from None


@transaction.atomic
def intake_move(
    *, intake: Intake, to_stage: Stage, acting_user: Any, now: datetime, note: str = ""
) -> Intake:
    """Move `intake` to `to_stage` (refused in words when the pipeline does not allow it)."""
    from_stage = Stage(intake.stage)
    check_move(from_stage, to_stage)
    intake.stage, intake.stage_entered_at = to_stage, now
    intake.save(update_fields=["stage", "stage_entered_at", "updated_at"])
    _record_move(intake, from_stage, to_stage, acting_user, now, note)
    return intake


def _record_move(
    intake: Intake, from_stage: str, to_stage: Stage, acting_user: Any, now: datetime, note: str
) -> None:
    IntakeMove.objects.create(
        practice=intake.practice,
        intake=intake,
        from_stage=from_stage,
        to_stage=to_stage,
        at=now,
        by=_staff(acting_user),
        note=note[:300],
    )
    summary = f"New patient: {LABELS[to_stage]}" + (f" ({note})" if note else "")
    channel, ip_address = current_channel()
    audit_record(
        channel=channel,
        ip_address=ip_address,
        practice=intake.practice,
        actor=acting_user,
        action=Action.CREATE if not from_stage else Action.UPDATE,
        target=intake,
        patient=intake.patient,
        summary=summary[:300],
        changes={"stage": to_stage.value},
    )


@transaction.atomic
def intake_close(*, intake: Intake, reason: str, acting_user: Any, now: datetime) -> Intake:
    """The patient is not coming: the reason is required. A first visit still to come
    is cancelled, with its reminder."""
    reason = reason.strip()
    if not reason:
        raise CasepathError.at("reason", "Say why the patient is not coming.")
    check_move(Stage(intake.stage), Stage.CLOSED)  # refused before anything is written
    if intake.first_visit is not None and intake.stage in BEFORE_THE_VISIT:
        _visit_call_off(intake, acting_user, why="the patient is not coming")
    intake.closed_reason = reason[:200]
    intake.save(update_fields=["closed_reason", "updated_at"])
    return intake_move(
        intake=intake, to_stage=Stage.CLOSED, acting_user=acting_user, now=now, note=reason
    )


def _visit_call_off(intake: Intake, acting_user: Any, *, why: str) -> None:
    from casepath.intake.welcome_services import reminder_cancel  # it imports this module

    appointment_status_set(
        appointment=intake.first_visit,
        status=AppointmentStatus.CANCELLED,
        acting_user=acting_user,
    )
    reminder_cancel(intake, why=why)
    intake.first_visit, intake.confirmed_at = None, None
    intake.save(update_fields=["first_visit", "confirmed_at", "updated_at"])


def intake_reopen(*, intake: Intake, acting_user: Any, now: datetime) -> Intake:
    return intake_move(intake=intake, to_stage=Stage.INQUIRY, acting_user=acting_user, now=now)


def _staff(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def appointment_status_set(*, appointment: Any, status: AppointmentStatus, acting_user: Any) -> Any:
    """The appointment's status, audited through the channel of this request."""
    channel, ip_address = current_channel()
    return appointment_set_status(
        appointment=appointment,
        status=status,
        acting_user=acting_user,
        channel=channel,
        ip_address=ip_address,
    )
