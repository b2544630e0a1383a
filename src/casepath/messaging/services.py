"""Writes: the practice's message templates, and queueing a message to a patient.

`message_queue` is what every sender calls (a TC from a follow-up task, a cadence).
It returns the message already queued under the same idempotency key, so asking twice
sends once. What stops a message is said in words: a person's send is refused
(CasepathError naming the field, nothing written); an automated one is recorded as
"not sent" with the reason, so the patient's timeline shows it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from casepath.audit.models import Action
from casepath.audit.services import audit_record, diff
from casepath.core.errors import CasepathError
from casepath.core.messaging import next_allowed
from casepath.followups.models import Task, TaskStatus
from casepath.followups.services import task_close
from casepath.messaging.compose import Composed, check_template, compose
from casepath.messaging.fields import field_values
from casepath.messaging.models import (
    Channel,
    Message,
    MessageAttachment,
    MessageStatus,
    MessageTemplate,
)
from casepath.messaging.rules import Problem, address_of, problem_of, quiet_problem, zone_of
from casepath.messaging.tasks import send_due_at
from casepath.messaging.timeline import described, record
from casepath.messaging.tokens import unsubscribe_url
from casepath.patients.models import Patient
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped


@dataclass(frozen=True)
class Attachment:
    file_name: str
    content: bytes
    content_type: str = "application/pdf"


TEMPLATE_FIELDS = ("name", "channel", "subject", "body", "html_body", "is_active")


def template_save(
    *, acting_user: Any, practice: Practice, data: dict[str, Any], template: Any = None
) -> MessageTemplate:
    """Add a template (or change `template`); an unknown merge field is refused."""
    with transaction.atomic(durable=True):
        template = template or MessageTemplate(practice=practice)
        before = {f: getattr(template, f) for f in TEMPLATE_FIELDS} if template.pk else {}
        for field in TEMPLATE_FIELDS:
            setattr(template, field, data.get(field, getattr(template, field)))
        if template.channel == Channel.SMS:
            template.subject, template.html_body = "", ""
        check_template(template)
        template.full_clean()
        template.save()
        after = {f: getattr(template, f) for f in TEMPLATE_FIELDS}
        audit_record(
            practice=practice,
            actor=acting_user,
            action=Action.UPDATE if before else Action.CREATE,
            target=template,
            summary=f"Message template saved: {template.name}",
            changes=diff(before, after),
        )
    return template


def message_queue(
    *,
    acting_user: Any,
    patient: Patient,
    template: MessageTemplate,
    idempotency_key: str,
    now: datetime,
    case: Any = None,
    task: Task | None = None,
    automated: bool = False,
    send_after: datetime | None = None,
    values: Mapping[str, str] | None = None,
    attachments: Sequence[Attachment] = (),
) -> Message:
    """Queue `template` for `patient` (the same message again for the same key).

    `send_after` holds it until then (a reminder); `values` fills merge fields only the
    caller knows (the visit's); `attachments` go with an e-mail, kept as sent."""
    practice, key = patient.practice, idempotency_key[:120]
    existing = scoped(Message, practice).filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    _check_template_of(template, practice)
    message = Message(
        practice=practice,
        patient=patient,
        case=case,
        task=task,
        template=template,
        channel=template.channel,
        to=address_of(patient, template.channel)[:254],
        automated=automated,
        idempotency_key=key,
        send_after=max(send_after or now, now),
        sent_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    problem = _problem(message, message.send_after)
    if problem is not None and not automated:
        raise CasepathError.at(problem.path, problem.why)
    return _save(message, template, problem, now, values or {}, attachments)


def _check_template_of(template: MessageTemplate, practice: Practice) -> None:
    if template.practice_id != practice.pk:
        raise CasepathError.at("template", "Choose a template of this practice.")
    if not template.is_active:
        raise CasepathError.at("template", f"“{template.name}” is no longer in use.")


def _problem(message: Message, now: datetime) -> Problem | None:
    """Why it cannot go, if it cannot; an automated text at night waits for the morning."""
    problem = problem_of(message.patient, message.channel)
    if problem is None and message.channel == Channel.SMS:
        problem = quiet_problem(message.patient, now)
        if problem is not None and message.automated:
            message.send_after, problem = next_allowed(now, zone_of(message.patient)), None
    return problem


def _save(
    message: Message,
    template: MessageTemplate,
    problem: Problem | None,
    now: datetime,
    values: Mapping[str, str],
    attachments: Sequence[Attachment],
) -> Message:
    try:
        composed = _compose(message, template, values)
    except CasepathError as refused:
        if not message.automated:
            raise
        composed = Composed("", "")
        problem = problem or Problem("template", refused.errors[0].message)
    message.subject, message.body, message.html_body = (
        composed.subject[:200],
        composed.body,
        composed.html_body,
    )
    if problem is not None:
        message.status, message.why = MessageStatus.BLOCKED, problem.why[:300]
    try:
        with transaction.atomic():
            message.full_clean(validate_constraints=False)  # the key: IntegrityError below
            message.save()
            _attach(message, attachments)
            _record_queued(message, waits=message.send_after > now)
    except IntegrityError:  # queued a moment ago under the same key
        return scoped(Message, message.practice).get(idempotency_key=message.idempotency_key)
    return message


def _compose(message: Message, template: MessageTemplate, values: Mapping[str, str]) -> Composed:
    return _filled(
        message.patient,
        template,
        address=message.to,
        case=message.case,
        sender=message.sent_by,
        values=values,
    )


def _filled(
    patient: Patient,
    template: MessageTemplate,
    *,
    address: str,
    case: Any,
    sender: Any,
    values: Mapping[str, str] | None = None,
) -> Composed:
    link = ""
    if template.channel == Channel.EMAIL and address:
        link = unsubscribe_url(patient, address)
    filled = field_values(patient, case=case, sender=sender, unsubscribe_url=link)
    return compose(template, filled | dict(values or {}), patient.preferred_language)


def _attach(message: Message, attachments: Sequence[Attachment]) -> None:
    if message.channel != Channel.EMAIL:
        return
    for attachment in attachments:
        MessageAttachment.objects.create(
            practice=message.practice,
            message=message,
            file_name=attachment.file_name,
            content_type=attachment.content_type,
            content=attachment.content,
        )


def messages_cancel(*, practice: Practice, key_prefix: str, why: str) -> int:
    """Cancel the queued messages whose key starts with `key_prefix` (a visit moved:
    its reminder must not go); those already sent stay as they are."""
    waiting = scoped(Message, practice).filter(
        idempotency_key__startswith=key_prefix, status=MessageStatus.QUEUED
    )
    cancelled = 0
    for message in waiting.select_related("patient"):
        message.status, message.why = MessageStatus.CANCELLED, why[:300]
        message.save(update_fields=["status", "why", "updated_at"])
        record(message, f"{described(message)} cancelled: {why}", actor=None)
        cancelled += 1
    return cancelled


def _record_queued(message: Message, *, waits: bool) -> None:
    if message.status == MessageStatus.BLOCKED:
        record(message, f"{described(message)} not sent: {message.why}", actor=message.sent_by)
        return
    when = " (waits for 8:00 am, the patient's time)" if waits else ""
    summary = f"{described(message)} queued{when}"
    record(message, summary, action=Action.CREATE, actor=message.sent_by)
    transaction.on_commit(lambda: send_due_at(message.send_after))


def message_send_from_task(
    *, acting_user: Any, task: Task, template: MessageTemplate, idempotency_key: str, now: datetime
) -> Message:
    """A TC sends a message from an e-mail or text task: queued, and the task is done."""
    _check_task(task, template)
    with transaction.atomic(durable=True):
        message = message_queue(
            acting_user=acting_user,
            patient=task.patient,
            template=template,
            idempotency_key=idempotency_key,
            now=now,
            case=task.case,
            task=task,
        )
        if task.status == TaskStatus.OPEN:
            task_close(
                acting_user=acting_user,
                task=task,
                status=TaskStatus.DONE,
                now=now,
            )
    return message


def _check_task(task: Task, template: MessageTemplate) -> None:
    if task.kind not in Channel.values:
        raise CasepathError.at("task", "Only an e-mail or text task sends a message.")
    if template.channel != task.kind:
        kind = "an e-mail" if task.kind == Channel.EMAIL else "a text message"
        raise CasepathError.at("template", f"This task sends {kind}: choose one of those.")


def message_preview(
    *, patient: Patient, template: MessageTemplate, case: Any, sender: Any
) -> Composed:
    """What `patient` would get from `template` (nothing is written)."""
    _check_template_of(template, patient.practice)
    address = address_of(patient, template.channel)
    return _filled(patient, template, address=address, case=case, sender=sender)
