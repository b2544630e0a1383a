"""Every message on the patient's timeline (the audit trail) and, when it is about a
case, on the case's timeline too (cases.events.case_event writes both)."""

from __future__ import annotations

from typing import Any, cast

from casepath.audit.models import Action
from casepath.audit.services import audit_record
from casepath.cases.events import case_event
from casepath.cases.models import EventKind
from casepath.messaging.models import Message


def record(
    message: Message, summary: str, *, action: str = Action.UPDATE, actor: Any = None
) -> None:
    """One line for the message: on the case's timeline when it has a case (which audits
    it too), else in the audit trail, tied to the patient."""
    if message.case is not None and action != Action.CREATE:
        case_event(
            message.case,
            kind=EventKind.MESSAGE,
            actor=actor,
            summary=summary,
            data={"message": message.pk, "status": message.status},
            action=cast(Action, action),
            nobody="system",
        )
        return
    audit_record(
        practice=message.practice,
        actor=actor,
        action=cast(Action, action),
        target=message,
        patient=message.patient,
        summary=summary,
    )


def record_patient(patient: Any, target: Any, summary: str) -> None:
    """A line on the patient's timeline about `target` (an opt-out, a delivery)."""
    audit_record(
        practice=patient.practice,
        actor=None,
        action=Action.UPDATE,
        target=target,
        patient=patient,
        summary=summary,
    )


def described(message: Message) -> str:
    """“E-mail to ana@example.com: Your plan” / “Text to +16145550101”."""
    what = "E-mail" if message.channel == "email" else "Text"
    about = f": {message.subject}" if message.subject else ""
    return f"{what} to {message.to}{about}"
