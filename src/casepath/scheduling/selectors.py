"""Reads of appointments, always within one practice.

Days are the practice's days: "from Monday to Friday" runs from Monday's midnight to
Saturday's midnight in `Practice.time_zone`, whatever the server's time zone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, QuerySet, Subquery

from casepath.patients.models import Patient
from casepath.scheduling.models import NOT_A_VISIT, Appointment
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped


def practice_zone(practice: Practice) -> ZoneInfo:
    return ZoneInfo(practice.time_zone)


def day_start(day: date, tz: tzinfo) -> datetime:
    """Midnight at the start of `day` in `tz`, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=tz)


def visits(practice: Practice) -> QuerySet[Appointment]:
    """Appointments where the patient is or was seen: not cancelled, not a no-show."""
    return scoped(Appointment, practice).exclude(status__in=NOT_A_VISIT)


def visits_between(
    practice: Practice, start_day: date, end_day: date, tz: tzinfo
) -> QuerySet[Appointment]:
    """Visits from the start of `start_day` to the end of `end_day` (both days included)."""
    return (
        visits(practice)
        .filter(
            starts_at__gte=day_start(start_day, tz),
            starts_at__lt=day_start(end_day + timedelta(days=1), tz),
        )
        .select_related("patient", "provider", "operatory")
        .order_by("starts_at", "pk")
    )


def next_visit(patient: Patient, after: datetime) -> Appointment | None:
    """The patient's first visit starting at or after `after`, or None."""
    return (
        visits(patient.practice)
        .filter(patient=patient, starts_at__gte=after)
        .select_related("provider", "operatory")
        .order_by("starts_at", "pk")
        .first()
    )


def next_visit_start(practice: Practice, patient_ref: OuterRef, after: datetime) -> Subquery:
    """For annotations: when the patient `patient_ref` points at next comes in, or NULL."""
    first = (
        visits(practice)
        .filter(patient=patient_ref, starts_at__gte=after)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    return Subquery(first)
