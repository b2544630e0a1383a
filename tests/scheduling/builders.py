"""A builder for appointments (scheduling and insurance tests)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from casepath.patients.models import Patient
from casepath.scheduling.models import Appointment
from casepath.tenancy.models import Provider
from casepath.tenancy.scoping import scoped


def build_appointment(patient: Patient, starts_at: datetime, **fields: Any) -> Appointment:
    """A visit of `patient` with the practice's first provider (unless given)."""
    values: dict[str, Any] = {"duration_minutes": 60, "reason": "Checkup and cleaning"}
    values.update(fields)
    values.setdefault("provider", scoped(Provider, patient.practice).order_by("pk").first())
    return Appointment.objects.create(
        practice=patient.practice, patient=patient, starts_at=starts_at, **values
    )
