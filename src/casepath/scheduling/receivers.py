"""The case follows the visits booked from its plan (connected in SchedulingConfig.ready).

The first plan visit completed starts the treatment (scheduled -> in progress); when every
visit of the plan is done (each has a completed appointment and none is left scheduled,
confirmed or arrived) the case is completed; when no plan visit is left at all (every one
cancelled or a no-show, none completed) the case goes back to accepted, to be scheduled
again. Each step runs only from the status it expects, so the same change twice moves
the case once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from casepath.cases.models import Case
from casepath.cases.services import case_move
from casepath.core.cases import CaseStatus
from casepath.scheduling import notify
from casepath.scheduling.models import NOT_A_VISIT, Appointment, AppointmentStatus
from casepath.scheduling.signals import appointment_status_changed
from casepath.tenancy.scoping import scoped

OPEN = (AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED, AppointmentStatus.ARRIVED)


@receiver(appointment_status_changed, dispatch_uid="scheduling.case_follows_visits")
def case_follows_visits(
    sender: Any, *, appointment: Appointment, after: str, **kwargs: Any
) -> None:
    if appointment.case_id is None or appointment.booking_id is None:
        return
    case = scoped(Case, appointment.practice).filter(pk=appointment.case_id).first()
    if case is None:
        return
    actor = kwargs.get("acting_user")
    rows = list(
        scoped(Appointment, appointment.practice)
        .filter(case_id=case.pk, booking__isnull=False)
        .values_list("plan_visit", "status")
    )
    statuses = [status for _, status in rows]
    done = {key for key, status in rows if status == AppointmentStatus.COMPLETED}
    keys = {key for key, _ in rows}
    left_open = any(status in OPEN for status in statuses)
    if after == AppointmentStatus.COMPLETED and case.status == CaseStatus.SCHEDULED:
        case = case_move(
            acting_user=actor, case=case, to=CaseStatus.IN_PROGRESS, note=_first(appointment)
        )
    if case.status == CaseStatus.IN_PROGRESS and not left_open and keys <= done:
        case_move(
            acting_user=actor,
            case=case,
            to=CaseStatus.COMPLETED,
            note=f"Every visit of the plan is done ({len(keys)}).",
        )
    elif (
        after in NOT_A_VISIT
        and case.status == CaseStatus.SCHEDULED
        and all(status in NOT_A_VISIT for status in statuses)
    ):
        case_move(
            acting_user=actor,
            case=case,
            to=CaseStatus.ACCEPTED,
            note="Every visit of the plan was cancelled: schedule it again.",
        )


def _first(appointment: Appointment) -> str:
    return f"The first visit of the plan is done ({appointment.reason or 'a visit'})."


@receiver(appointment_status_changed, dispatch_uid="scheduling.tell_patient_of_cancel")
def tell_patient_of_cancel(
    sender: Any, *, appointment: Appointment, before: str, after: str, **kwargs: Any
) -> None:
    """A visit the patient got a calendar file for is cancelled: its reminders stop and
    the patient gets the cancelling calendar file (after the change is committed)."""
    if after != AppointmentStatus.CANCELLED or before == after or appointment.booking_id is None:
        return
    actor = kwargs.get("acting_user")
    transaction.on_commit(
        lambda: notify.appointment_cancelled(appointment, acting_user=actor, now=timezone.now())
    )
