"""What comes back from patients and providers: a STOP (or START) replied to a text, an
e-mail's unsubscribe link, and the provider's delivery report of a text.

These arrive without a signed-in user or a current practice: a phone number or a signed
token says whose they are. A STOP is honoured at once, for every patient of every
practice on that number (texts share one sending number), and blocks the texts queued.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from casepath.core.messaging import Reply, reply_of
from casepath.core.patient_search import phone_key
from casepath.messaging.models import Channel, Message, MessageStatus, OptOut, OptOutHow
from casepath.messaging.timeline import described, record, record_patient
from casepath.messaging.tokens import read_token
from casepath.patients.models import Patient
from casepath.tenancy.scoping import scoped

DELIVERED = frozenset({"delivered"})
UNDELIVERED = frozenset({"failed", "undelivered", "rejected"})


def sms_reply_receive(*, sender: str, text: str, now: datetime) -> int:
    """A patient's reply to a text: STOP ends texts, START resumes; how many patients."""
    reply = reply_of(text)
    key = phone_key(sender)
    if reply is None or len(key) != 10:
        return 0
    with transaction.atomic(durable=True):
        patients = Patient.objects.filter(mobile_phone_key=key).select_related("practice")
        if reply is Reply.STOP:
            return sum(_opt_out(p, Channel.SMS, f"+1{key}", OptOutHow.STOP, now) for p in patients)
        return sum(_opt_in(p, Channel.SMS, now) for p in patients)


def token_patient(token: str) -> Patient | None:
    """The patient an unsubscribe link names (None for a forged or stale one)."""
    found = read_token(token)
    if found is None:
        return None
    return Patient.objects.select_related("practice").filter(pk=found[0]).first()


def email_unsubscribe(*, token: str, now: datetime) -> Patient | None:
    """The unsubscribe link was followed: no more e-mails to the patient it names."""
    with transaction.atomic(durable=True):
        patient = token_patient(token)
        if patient is not None:
            address = patient.email.strip().lower()
            _opt_out(patient, Channel.EMAIL, address, OptOutHow.UNSUBSCRIBE, now)
    return patient


def sms_delivery_report(*, provider_id: str, status: str, error: str, now: datetime) -> bool:
    """The provider says a text was delivered (or could not be); True if it was ours."""
    state = status.strip().lower()
    if not provider_id or state not in DELIVERED | UNDELIVERED:
        return False
    with transaction.atomic(durable=True):
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("practice", "patient", "case")
            .filter(channel=Channel.SMS, provider_message_id=provider_id[:200])
            .exclude(status=MessageStatus.FAILED)
            .first()
        )
        if message is None or message.status not in (MessageStatus.SENT, MessageStatus.DELIVERED):
            return False
        if state in DELIVERED:
            _delivered(message, now)
        else:
            _undelivered(message, error)
    return True


def _opt_out(patient: Patient, channel: str, address: str, how: str, now: datetime) -> bool:
    """Record the opt-out (once) and block what is queued on that channel."""
    mine = scoped(OptOut, patient.practice).filter(patient=patient, channel=channel)
    if mine.filter(ended_at=None).exists():
        return False
    opt_out = OptOut(
        practice=patient.practice,
        patient=patient,
        channel=channel,
        address=address,
        how=how,
        at=now,
    )
    opt_out.save()
    words = "replied STOP: texts" if channel == Channel.SMS else "unsubscribed: e-mails"
    record_patient(patient, opt_out, f"{patient.display_name} {words} end now")
    _block_queued(patient, channel, f"{patient.display_name} {words} ended.")
    return True


def _opt_in(patient: Patient, channel: str, now: datetime) -> bool:
    ended = scoped(OptOut, patient.practice).filter(patient=patient, channel=channel, ended_at=None)
    for opt_out in ended:
        opt_out.ended_at = now
        opt_out.save(update_fields=["ended_at", "updated_at"])
        record_patient(patient, opt_out, f"{patient.display_name} replied START: texts resume")
    return bool(ended)


def _block_queued(patient: Patient, channel: str, why: str) -> None:
    queued = (
        scoped(Message, patient.practice)
        .filter(patient=patient, channel=channel, status=MessageStatus.QUEUED)
        .select_related("practice", "patient", "case")
    )
    for message in queued:
        message.status, message.why = MessageStatus.BLOCKED, why[:300]
        message.save(update_fields=["status", "why", "updated_at"])
        record(message, f"{described(message)} not sent: {why}")


def _delivered(message: Message, now: datetime) -> None:
    if message.status == MessageStatus.DELIVERED:
        return
    message.status, message.delivered_at = MessageStatus.DELIVERED, now
    message.save(update_fields=["status", "delivered_at", "updated_at"])
    record_patient(message.patient, message, f"{described(message)} delivered")


def _undelivered(message: Message, error: str) -> None:
    why = f"The phone company could not deliver it{': ' + error[:150] if error else ''}."
    message.status, message.why = MessageStatus.FAILED, why
    message.save(update_fields=["status", "why", "updated_at"])
    record(message, f"{described(message)} failed: {why}")
