"""Sending due messages: the worker's job, safe to run twice and to crash.

Each message is first claimed: marked "sending" (with the time and one more attempt)
in its own transaction, so another run leaves it alone. Only then is the provider
called, with the message's idempotency key (the text provider's Idempotency-Key, the
e-mail's Message-ID). A run that dies in between leaves the message "sending"; once
LEASE has passed, the next run sends it again under the same key, and the provider
(which has seen the key) does not send it twice. Each claim queues that next run.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Now

from casepath.core.messaging import next_allowed
from casepath.messaging.mail import send_email
from casepath.messaging.models import Channel, Message, MessageStatus
from casepath.messaging.providers import SendFailed, SendRefused, sms_provider
from casepath.messaging.rules import problem_of, quiet_problem, zone_of
from casepath.messaging.tasks import send_due_at
from casepath.messaging.timeline import described, record
from casepath.messaging.tokens import sending_key

LEASE: Final = timedelta(minutes=5)
MAX_ATTEMPTS: Final = 5
BATCH: Final = 200
RETRY_AFTER: Final = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))


def message_send_due(*, now: datetime) -> int:
    """Send what is due at `now` (and what a crash left "sending"); how many went."""
    due = Q(status=MessageStatus.QUEUED, send_after__lte=now) | Q(
        status=MessageStatus.SENDING, sending_since__lte=now - LEASE
    )
    ids = list(
        Message.objects.filter(due)
        .order_by("send_after", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    sent = sum(message_send(message_id=pk, now=now) for pk in ids)
    if len(ids) == BATCH:
        send_due_at(now)  # more may wait: another run takes the next batch
    return sent


def message_send(*, message_id: int, now: datetime) -> bool:
    """Claim one message, hand it to its provider and record the answer; True if sent."""
    message = _claim(message_id, now)
    if message is None:
        return False
    try:
        provider_id = _hand_over(message)
    except SendRefused as refused:
        _failed(message, str(refused))
        return False
    except SendFailed as failed:
        _retry_later(message, str(failed), now)
        return False
    _sent(message, provider_id, now)
    return True


def _claim(message_id: int, now: datetime) -> Message | None:
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("patient__practice", "practice", "case")
            .filter(pk=message_id)
            .first()
        )
        if message is None or not _still_due(message, now):
            return None
        if not _may_go(message, now):
            return None
        claimed = _move(
            message, MessageStatus.SENDING, sending_since=now, attempts=F("attempts") + 1
        )
        if not claimed:
            return None
        message.refresh_from_db()
        transaction.on_commit(lambda: send_due_at(now + LEASE))  # in case this run dies
    return message


def _still_due(message: Message, now: datetime) -> bool:
    if message.status == MessageStatus.QUEUED:
        return message.send_after <= now
    return message.status == MessageStatus.SENDING and bool(
        message.sending_since and message.sending_since <= now - LEASE
    )


def _may_go(message: Message, now: datetime) -> bool:
    """Check again at send time: a STOP, a withdrawn consent, night for an automated text."""
    if message.attempts >= MAX_ATTEMPTS:
        _failed(message, f"Gave up after {message.attempts} attempts.")
        return False
    problem = problem_of(message.patient, message.channel)
    if problem is not None:
        if _move(message, MessageStatus.BLOCKED, why=problem.why[:300]):
            message.status = MessageStatus.BLOCKED
            record(message, f"{described(message)} not sent: {problem.why}")
        return False
    if message.channel == Channel.SMS and message.automated and quiet_problem(message.patient, now):
        later = next_allowed(now, zone_of(message.patient))
        _move(message, MessageStatus.QUEUED, send_after=later, sending_since=None)
        transaction.on_commit(lambda: send_due_at(later))
        return False
    return True


def _hand_over(message: Message) -> str:
    if message.channel == Channel.EMAIL:
        return send_email(message)
    provider = sms_provider()
    if provider is None:
        raise SendRefused("Texting is not set up for this Casepath (CASEPATH_SMS).")
    key = sending_key(message.practice_id, message.idempotency_key)
    return provider.send(to=message.to, body=message.body, idempotency_key=key)


def _sent(message: Message, provider_id: str, now: datetime) -> None:
    with transaction.atomic():
        if _move(message, MessageStatus.SENT, sent_at=now, provider_message_id=provider_id, why=""):
            message.status = MessageStatus.SENT
            record(message, f"{described(message)} sent")


def _failed(message: Message, why: str) -> None:
    with transaction.atomic():
        if _move(message, MessageStatus.FAILED, why=why[:300]):
            message.status = MessageStatus.FAILED
            record(message, f"{described(message)} failed: {why}")


def _retry_later(message: Message, why: str, now: datetime) -> None:
    if message.attempts >= MAX_ATTEMPTS:
        _failed(message, f"Gave up after {message.attempts} attempts. {why}")
        return
    later = now + RETRY_AFTER[min(message.attempts, len(RETRY_AFTER)) - 1]
    with transaction.atomic():
        _move(message, MessageStatus.QUEUED, send_after=later, sending_since=None, why=why[:300])
        transaction.on_commit(lambda: send_due_at(later))


def _move(message: Message, status: str, **fields: object) -> bool:
    """Change the message only if nobody else has since (same status, same attempts)."""
    changed = Message.objects.filter(
        pk=message.pk, status=message.status, attempts=message.attempts
    ).update(status=status, updated_at=Now(), **fields)
    return changed == 1
