"""Writes to appointments: one transaction and one audit row each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_record, diff
from casepath.patients.models import Patient
from casepath.scheduling.models import Appointment, AppointmentStatus
from casepath.scheduling.selectors import practice_zone
from casepath.scheduling.signals import appointment_status_changed

APPOINTMENT_FIELDS = (
    "provider",
    "operatory",
    "starts_at",
    "duration_minutes",
    "status",
    "reason",
    "appointment_type",
)


@transaction.atomic
def appointment_create(
    *,
    patient: Patient,
    acting_user: Any,
    data: Mapping[str, Any],
    channel: Channel = Channel.WEB,
    ip_address: str | None = None,
) -> Appointment:
    """Book `patient`; raises ValidationError naming the fields."""
    appointment = Appointment(
        practice=patient.practice, organization_id=patient.organization_id, patient=patient
    )
    for name in APPOINTMENT_FIELDS:
        if name in data:
            setattr(appointment, name, data[name])
    appointment.full_clean()
    appointment.save()
    audit_record(
        practice=patient.practice,
        actor=acting_user,
        action=Action.CREATE,
        target=appointment,
        patient=patient,
        summary=f"Booked {_when(appointment)} with {appointment.provider}",
        changes=diff({}, _snapshot(appointment)),
        channel=channel,
        ip_address=ip_address,
    )
    return appointment


def _when(appointment: Appointment) -> str:
    local = timezone.localtime(appointment.starts_at, practice_zone(appointment.practice))
    return f"{local:%m/%d/%Y %H:%M} ({appointment.duration_minutes} min)"


def _snapshot(appointment: Appointment) -> dict[str, Any]:
    return {
        "provider": appointment.provider_id,
        "operatory": appointment.operatory_id,
        "starts_at": appointment.starts_at.isoformat(),
        "duration_minutes": appointment.duration_minutes,
        "status": appointment.status,
        "reason": appointment.reason,
        "appointment_type": appointment.appointment_type_id,
    }


@transaction.atomic
def appointment_set_status(
    *,
    appointment: Appointment,
    status: AppointmentStatus,
    acting_user: Any,
    channel: Channel = Channel.WEB,
    ip_address: str | None = None,
) -> Appointment:
    """Confirm, mark arrived, completed, cancelled or a no-show (audited with the change)."""
    before = appointment.status
    if before == status:
        return appointment
    appointment.status = status
    appointment.full_clean()
    appointment.save(update_fields=["status", "updated_at"])
    audit_record(
        practice=appointment.practice,
        actor=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        action=Action.UPDATE,
        target=appointment,
        patient=appointment.patient,
        summary=f"Visit of {_when(appointment)}: {appointment.get_status_display()}",
        changes=diff({"status": before}, {"status": status}),
        channel=channel,
        ip_address=ip_address,
    )
    appointment_status_changed.send(
        sender=Appointment,
        appointment=appointment,
        before=before,
        after=status,
        acting_user=acting_user,
    )
    return appointment
