"""Reads of the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from casepath.audit.models import Action, AuditEvent
from casepath.patients.models import Patient
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped


@dataclass(frozen=True)
class AuditFilter:
    actor_id: int | None = None
    patient_id: int | None = None
    action: str = ""
    on_or_after: date | None = None
    on_or_before: date | None = None


def audit_events(practice: Practice, where: AuditFilter) -> QuerySet[AuditEvent]:
    """The practice's audit rows, newest first, narrowed by the manager's filter."""
    rows = AuditEvent.objects.filter(practice=practice).select_related("patient")
    if where.actor_id:
        rows = rows.filter(actor_id=where.actor_id)
    if where.patient_id:
        rows = rows.filter(patient_id=where.patient_id)
    if where.action:
        rows = rows.filter(action=where.action)
    if where.on_or_after:
        rows = rows.filter(at__date__gte=where.on_or_after)
    if where.on_or_before:
        rows = rows.filter(at__date__lte=where.on_or_before)
    return rows.order_by("-at", "-id")


def patient_timeline(practice: Practice, patient: Patient, *, limit: int = 200) -> list[AuditEvent]:
    """Who viewed or changed this patient's records, newest first."""
    rows = AuditEvent.objects.filter(practice=practice, patient=patient)
    return list(rows.order_by("-at", "-id")[:limit])


def patients_recently_viewed_by(practice: Practice, user: Any, *, limit: int = 8) -> list[Patient]:
    """The last distinct patients this user opened in this practice."""
    ids: list[int] = []
    recent = (
        AuditEvent.objects.filter(practice=practice, actor=user, action=Action.VIEW)
        .exclude(patient=None)
        .order_by("-at", "-id")
        .values_list("patient_id", flat=True)[:200]
    )
    for patient_id in recent:
        if patient_id not in ids:
            ids.append(patient_id)
        if len(ids) == limit:
            break
    by_id = scoped(Patient, practice).in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]
