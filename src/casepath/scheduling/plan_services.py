"""Booking every appointment of an accepted case's plan in one step.

`plan_book` runs in one transaction: it reads the plan and the calendar again, checks the
TC's placed visits (a conflict that appeared since the proposal refuses everything and
nothing is written), then writes a PlanBooking, one appointment per visit (its type, the
case, the visit's key, its planned procedures), an audit row for each, moves the case to
scheduled and queues the patient's e-mail with the calendar file and the reminders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_record, diff
from casepath.cases.models import Case
from casepath.cases.services import case_move
from casepath.core.cases import CaseStatus
from casepath.core.errors import CasepathError, FieldError
from casepath.core.scheduling import Conflict, Placed, Preferences
from casepath.scheduling.checks import provider_name
from casepath.scheduling.models import Appointment, AppointmentProcedure, PlanBooking
from casepath.scheduling.notify import Notice, appointments_booked
from casepath.scheduling.plan_requests import PlanRequest, plan_conflicts, plan_request
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.models import Provider
from casepath.tenancy.scoping import scoped


class PlanRefused(CasepathError):
    """The plan cannot be booked as placed: `conflicts` say why (nothing was written)."""

    def __init__(self, conflicts: Sequence[Conflict], *extra: FieldError) -> None:
        self.conflicts = list(conflicts)
        super().__init__(*extra, *(FieldError(f"visits.{c.visit}", c.message) for c in conflicts))


@dataclass(frozen=True)
class Booked:
    """What one Book all wrote: the booking, its appointments in time order, and what
    was queued for the patient (the e-mail with the calendar file, the reminders)."""

    booking: PlanBooking
    appointments: list[Appointment]
    notice: Notice


@dataclass(frozen=True)
class PlanChoices:
    """What the TC chose on the form: the proposal is rebuilt from them at booking time."""

    start_on: date
    preferences: Preferences = field(default_factory=Preferences)
    months: int = 6
    split_phase: int | None = None


def plan_of(case: Case, choices: PlanChoices, *, now: datetime) -> PlanRequest:
    return plan_request(
        case,
        now=now,
        preferences=choices.preferences,
        start_on=choices.start_on,
        months=choices.months,
        split_phase=choices.split_phase,
    )


@transaction.atomic
def plan_book(
    *,
    case: Case,
    choices: PlanChoices,
    placed: Sequence[Placed],
    acting_user: Any,
    now: datetime,
    accept_warnings: bool = False,
    channel: Channel = Channel.WEB,
    ip_address: str | None = None,
) -> Booked:
    """Book every visit of `placed` for the accepted `case`, or nothing (PlanRefused)."""
    case = scoped(Case, case.practice).select_for_update().select_related("patient").get(pk=case.pk)
    if case.status != CaseStatus.ACCEPTED:
        raise CasepathError.at(
            "status",
            f"Only an accepted case is booked from its plan: this case is "
            f"{case.get_status_display().lower()}.",
        )
    plan = plan_of(case, choices, now=now)
    if not plan.visits:
        raise CasepathError.at("visits", "The accepted plan has no procedures to book.")
    _lock_providers(case, placed)
    found = plan_conflicts(plan, placed, now=now)
    blocking = [c for c in found if c.blocking]
    if blocking:
        raise PlanRefused(blocking)
    warnings = [c for c in found if not c.blocking]
    if warnings and not accept_warnings:
        raise PlanRefused(
            warnings,
            FieldError("accept_warnings", "Read the warnings, then tick “Book anyway”."),
        )
    booking = PlanBooking.objects.create(
        practice=case.practice,
        organization_id=case.organization_id,
        case=case,
        booked_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        booked_at=now,
        benefit_year_split=choices.split_phase,
        notes="\n".join([*plan.notes, *(c.message for c in warnings)]),
    )
    appointments = [
        _book_one(booking, plan, one, acting_user, channel, ip_address)
        for one in sorted(placed, key=lambda p: p.start)
    ]
    zone = practice_zone(case.practice)
    first = timezone.localtime(appointments[0].starts_at, zone)
    last = timezone.localtime(appointments[-1].starts_at, zone)
    summary = (
        f"Booked the plan of “{case.title}”: {len(appointments)} visit(s) from "
        f"{first:%m/%d/%Y} to {last:%m/%d/%Y}"
    )
    audit_record(
        practice=case.practice,
        actor=acting_user,
        action=Action.CREATE,
        target=booking,
        patient=case.patient,
        summary=summary,
        changes={
            "appointments": {"before": None, "after": [a.pk for a in appointments]},
            "benefit_year_split": {"before": None, "after": choices.split_phase},
        },
        channel=channel,
        ip_address=ip_address,
    )
    case_move(
        acting_user=acting_user,
        case=case,
        to=CaseStatus.SCHEDULED,
        note=f"{len(appointments)} visit(s) booked, the first on {first:%m/%d/%Y}.",
    )
    notice = appointments_booked(booking, acting_user=acting_user, now=now)
    return Booked(booking, appointments, notice)


def _lock_providers(case: Case, placed: Sequence[Placed]) -> None:
    """Two plans booked at once for the same providers wait for each other (PostgreSQL)."""
    ids = sorted({p.provider for p in placed})
    list(scoped(Provider, case.practice).filter(pk__in=ids).select_for_update().order_by("pk"))


def _book_one(
    booking: PlanBooking,
    plan: PlanRequest,
    one: Placed,
    acting_user: Any,
    channel: Channel,
    ip_address: str | None,
) -> Appointment:
    visit = plan.visit(one.visit)
    case = booking.case
    provider = plan.providers[one.provider]
    appointment = Appointment(
        practice=case.practice,
        organization_id=case.organization_id,
        patient=case.patient,
        provider=provider,
        starts_at=one.start,
        duration_minutes=visit.minutes,
        reason=visit.visit.label[:120],
        appointment_type=visit.appointment_type,
        case=case,
        booking=booking,
        plan_visit=visit.key,
    )
    appointment.full_clean()
    appointment.save()
    AppointmentProcedure.objects.bulk_create(
        AppointmentProcedure(
            practice=case.practice,
            organization_id=case.organization_id,
            appointment=appointment,
            procedure=procedure,
        )
        for procedure in visit.procedures
    )
    local = timezone.localtime(appointment.starts_at, plan.request.zone)
    audit_record(
        practice=case.practice,
        actor=acting_user,
        action=Action.CREATE,
        target=appointment,
        patient=case.patient,
        summary=(
            f"Booked {local:%m/%d/%Y %H:%M} ({appointment.duration_minutes} min) with "
            f"{provider_name(provider)}: {visit.visit.label}, plan of “{case.title}”"
        ),
        changes=diff(
            {},
            {
                "provider": provider.pk,
                "starts_at": appointment.starts_at.isoformat(),
                "duration_minutes": appointment.duration_minutes,
                "plan_visit": visit.key,
                "procedures": [p.pk for p in visit.procedures],
            },
        ),
        channel=channel,
        ip_address=ip_address,
    )
    return appointment
