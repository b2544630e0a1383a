"""Templates, reachable patients and messages for the messages tests."""

from __future__ import annotations

from datetime import datetime
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from casepath.messaging.models import Channel, Message, MessageTemplate
from casepath.messaging.services import message_queue, template_save
from casepath.patients.models import Patient
from tests.conftest import World

# Tuesday March 10, 2026, 10:00 in New York (the practices' and Ana's time zone).
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=NEW_YORK)
PUBLIC_URL = "https://casepath.test"
WEBHOOK_SECRET = "test-webhook-secret"
_keys = count(1)


def email_template(world: World, **fields: Any) -> MessageTemplate:
    data = {
        "name": "Plan follow-up",
        "channel": Channel.EMAIL,
        "subject": "Your plan at {{ practice.name }}",
        "body": "Hi {{ patient.first_name }},\n\nAny questions? Call us.\n\n{{ coordinator.name }}",
        "html_body": "",
        "is_active": True,
    } | fields
    return template_save(acting_user=world.tess, practice=world.practice_a, data=data)


def text_template(world: World, **fields: Any) -> MessageTemplate:
    data = {
        "name": "Plan text",
        "channel": Channel.SMS,
        "body": "Hi {{ patient.first_name }}, it's {{ practice.name }}: call us about your plan.",
        "is_active": True,
    } | fields
    return template_save(acting_user=world.tess, practice=world.practice_a, data=data)


def reachable(patient: Patient, **fields: Any) -> Patient:
    """Ana with an e-mail address and consent to texts (given on March 1)."""
    values = {
        "email": "ana@example.com",
        "sms_consent": True,
        "sms_consent_on": NOW.date().replace(day=1),
    } | fields
    for name, value in values.items():
        setattr(patient, name, value)
    patient.save()
    return patient


def queue(
    world: World,
    template: MessageTemplate,
    *,
    now: datetime = NOW,
    patient: Patient | None = None,
    **extra: Any,
) -> Message:
    values: dict[str, Any] = {
        "acting_user": world.tess,
        "patient": patient or world.patient_a,
        "template": template,
        "idempotency_key": f"test:{next(_keys)}",
        "now": now,
    } | extra
    return message_queue(**values)
