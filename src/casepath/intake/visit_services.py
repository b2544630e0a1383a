"""The first visit: book it (or move it), and what the day brings: confirmed, arrived,
a no-show (followed up), cancelled. Each also moves the intake on the pipeline and
keeps the appointment's status in step."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from casepath.core.errors import CasepathError, FieldError
from casepath.core.intake import BEFORE_THE_VISIT, Stage, check_move
from casepath.followups.models import Priority, TaskReason
from casepath.followups.services import task_open
from casepath.intake.models import Intake
from casepath.intake.services import appointment_status_set, intake_move
from casepath.intake.welcome_services import reminder_cancel, visit_messages_queue
from casepath.scheduling.checks import appointment_conflicts
from casepath.scheduling.models import AppointmentStatus
from casepath.scheduling.services import appointment_create
from casepath.tenancy.models import Operatory, Provider

NO_SHOW_CALL_WITHIN = timedelta(hours=4)


@transaction.atomic
def visit_book(
    *,
    intake: Intake,
    acting_user: Any,
    provider: Provider,
    starts_at: datetime,
    duration_minutes: int,
    now: datetime,
    operatory: Operatory | None = None,
) -> Intake:
    """Book the first visit (or move it): the welcome package and the reminder follow
    when the practice sends them automatically."""
    if starts_at <= now:
        raise CasepathError.at("starts_at", "Book the first visit at a time still to come.")
    moving = intake.first_visit is not None and intake.stage != Stage.NO_SHOW
    target = Stage.BOOKED
    if intake.stage != Stage.INQUIRY:  # refused before anything is written
        target = Stage.WELCOME_SENT if intake.welcome_sent_at else Stage.BOOKED
        check_move(Stage(intake.stage), target)
    _check_free(intake, provider, starts_at, duration_minutes, operatory, moving)
    if moving and intake.first_visit is not None:
        appointment_status_set(
            appointment=intake.first_visit,
            status=AppointmentStatus.CANCELLED,
            acting_user=acting_user,
        )
        reminder_cancel(intake, why="the visit was moved")
    intake.first_visit = _appointment(
        intake, acting_user, provider, starts_at, duration_minutes, operatory
    )
    intake.booked_at, intake.confirmed_at = now, None
    intake.save(update_fields=["first_visit", "booked_at", "confirmed_at", "updated_at"])
    note = "visit moved" if moving else "first visit booked"
    intake_move(intake=intake, to_stage=target, acting_user=acting_user, now=now, note=note)
    visit_messages_queue(intake, acting_user=acting_user, now=now)
    return intake


def _check_free(
    intake: Intake,
    provider: Provider,
    starts_at: datetime,
    minutes: int,
    operatory: Operatory | None,
    moving: bool,
) -> None:
    """A provider, room or patient already booked then refuses the booking, in words
    (the calendar's own check)."""
    blocking = [
        c
        for c in appointment_conflicts(
            intake.practice,
            patient=intake.patient,
            provider=provider,
            starts_at=starts_at,
            minutes=minutes,
            operatory=operatory,
            ignore_ids=[intake.first_visit_id] if moving and intake.first_visit_id else [],
        )
        if c.blocking
    ]
    if blocking:
        raise CasepathError(*(FieldError(c.visit, c.message) for c in blocking))


def _appointment(
    intake: Intake,
    acting_user: Any,
    provider: Provider,
    starts_at: datetime,
    duration_minutes: int,
    operatory: Operatory | None,
) -> Any:
    data = {
        "provider": provider,
        "operatory": operatory,
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "reason": "New patient: first visit",
    }
    try:
        return appointment_create(patient=intake.patient, acting_user=acting_user, data=data)
    except ValidationError as error:
        raise CasepathError(
            *(FieldError(name, " ".join(m)) for name, m in error.message_dict.items())
        ) from None


@transaction.atomic
def visit_confirm(*, intake: Intake, acting_user: Any, now: datetime, how: str) -> Intake:
    """The patient confirmed (on the link, or on the phone): `how` says which."""
    if intake.stage == Stage.CONFIRMED:
        return intake
    _check_visit(intake)
    intake.confirmed_at = now
    intake.save(update_fields=["confirmed_at", "updated_at"])
    appointment_status_set(
        appointment=intake.first_visit,  # type: ignore[arg-type]
        status=AppointmentStatus.CONFIRMED,
        acting_user=acting_user,
    )
    return intake_move(
        intake=intake, to_stage=Stage.CONFIRMED, acting_user=acting_user, now=now, note=how
    )


@transaction.atomic
def visit_arrived(*, intake: Intake, acting_user: Any, now: datetime) -> Intake:
    _check_visit(intake)
    intake.arrived_at = now
    intake.save(update_fields=["arrived_at", "updated_at"])
    appointment_status_set(
        appointment=intake.first_visit,  # type: ignore[arg-type]
        status=AppointmentStatus.ARRIVED,
        acting_user=acting_user,
    )
    return intake_move(intake=intake, to_stage=Stage.ARRIVED, acting_user=acting_user, now=now)


@transaction.atomic
def visit_no_show(*, intake: Intake, acting_user: Any, now: datetime) -> Intake:
    """Not here: the visit is a no-show, and the TC gets a call to rebook it."""
    _check_visit(intake)
    visit = intake.first_visit
    assert visit is not None
    intake.no_shows += 1
    intake.save(update_fields=["no_shows", "updated_at"])
    appointment_status_set(
        appointment=visit, status=AppointmentStatus.NO_SHOW, acting_user=acting_user
    )
    reminder_cancel(intake, why="the patient did not come")
    intake_move(intake=intake, to_stage=Stage.NO_SHOW, acting_user=acting_user, now=now)
    task_open(
        practice=intake.practice,
        key=f"intake:{intake.pk}:no-show:{visit.pk}",
        reason=TaskReason.NO_SHOW,
        title=f"Missed first visit: call {intake.patient.display_name} to rebook",
        patient=intake.patient,
        due_at=now + NO_SHOW_CALL_WITHIN,
        owner=intake.coordinator,
        priority=Priority.HIGH,
    )
    return intake


@transaction.atomic
def visit_cancel(*, intake: Intake, acting_user: Any, now: datetime, reason: str) -> Intake:
    """The visit is off but the patient may still come: back to inquiry."""
    _check_visit(intake)
    if not reason.strip():
        raise CasepathError.at("reason", "Say why the visit is cancelled.")
    appointment_status_set(
        appointment=intake.first_visit,  # type: ignore[arg-type]
        status=AppointmentStatus.CANCELLED,
        acting_user=acting_user,
    )
    reminder_cancel(intake, why="the visit was cancelled")
    intake.first_visit, intake.confirmed_at = None, None
    intake.save(update_fields=["first_visit", "confirmed_at", "updated_at"])
    return intake_move(
        intake=intake, to_stage=Stage.INQUIRY, acting_user=acting_user, now=now, note=reason
    )


def _check_visit(intake: Intake) -> None:
    if intake.first_visit is None or intake.stage not in BEFORE_THE_VISIT:
        raise CasepathError.at("stage", "There is no first visit waiting: book one first.")
