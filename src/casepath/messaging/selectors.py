"""Reads: the practice's templates and a patient's messages."""

from __future__ import annotations

from typing import Final

from django.db.models import QuerySet

from casepath.messaging.models import Message, MessageTemplate
from casepath.patients.models import Patient
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import get_scoped_or_404, scoped

PATIENT_LIMIT: Final = 100


def templates_of(
    practice: Practice, *, channel: str = "", in_use: bool = False
) -> QuerySet[MessageTemplate]:
    templates = scoped(MessageTemplate, practice)
    if channel:
        templates = templates.filter(channel=channel)
    return templates.filter(is_active=True) if in_use else templates


def template_get(practice: Practice, template_id: object) -> MessageTemplate:
    return get_scoped_or_404(MessageTemplate, practice, template_id)


def patient_messages(practice: Practice, patient: Patient) -> list[Message]:
    """The patient's messages, newest first, with how each went (the last 100)."""
    rows = (
        scoped(Message, practice)
        .filter(patient=patient)
        .select_related("case", "sent_by")
        .defer("body", "html_body")
        .order_by("-created_at", "-pk")
    )
    return list(rows[:PATIENT_LIMIT])
