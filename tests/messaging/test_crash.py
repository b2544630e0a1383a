"""A send interrupted by a crash is retried without duplicates.

The crash is simulated where it hurts: after the message is marked "sending" (and, for
the worst case, after the provider has taken it) but before Casepath records the
provider's answer. The process dies (a BaseException no handler catches), the message
stays "sending", and the next run after the lease sends it again under the same key.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from casepath.messaging import sending
from casepath.messaging.models import Message, MessageStatus
from casepath.messaging.sending import LEASE, message_send_due
from tests.conftest import World
from tests.messaging.builders import NEW_YORK, NOW, email_template, queue, reachable, text_template
from tests.messaging.fake_sms import FakeSms
from tests.smtp import Inbox


class Crash(BaseException):
    """The worker process dies (power cut, OOM kill)."""


def crash_once(monkeypatch: pytest.MonkeyPatch, *, after_provider: bool) -> None:
    """The next hand-over dies, before or after the provider took the message."""
    real: Callable[[Message], str] = sending._hand_over
    calls = {"n": 0}

    def dying(message: Message) -> str:
        calls["n"] += 1
        if calls["n"] == 1:
            if after_provider:
                real(message)
            raise Crash
        return real(message)

    monkeypatch.setattr(sending, "_hand_over", dying)


def crash_then_retry(message: Message) -> Message:
    with pytest.raises(Crash):
        message_send_due(now=NOW)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.sending_since) == (
        MessageStatus.SENDING,
        1,
        NOW,
    )
    assert message_send_due(now=NOW + LEASE - timedelta(seconds=1)) == 0  # maybe still sending
    assert message_send_due(now=NOW + LEASE) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    return message


@pytest.mark.parametrize("after_provider", [False, True], ids=["before", "after"])
def test_a_crash_around_the_provider_call_gives_one_text(
    world: World,
    fake_sms: FakeSms,
    monkeypatch: pytest.MonkeyPatch,
    at_now: Any,
    after_provider: bool,
) -> None:
    reachable(world.patient_a)
    message = queue(world, text_template(world))
    crash_once(monkeypatch, after_provider=after_provider)
    message = crash_then_retry(message)
    keys = {r["headers"]["Idempotency-Key"] for r in fake_sms.requests}
    assert len(fake_sms.requests) == (2 if after_provider else 1) and len(keys) == 1
    assert len(fake_sms.texts) == 1  # the provider sent it once
    assert message.provider_message_id == "SM0001"


def test_a_crash_before_the_mail_server_gives_one_email(
    world: World, smtp_inbox: Inbox, monkeypatch: pytest.MonkeyPatch, at_now: Any
) -> None:
    reachable(world.patient_a)
    message = queue(world, email_template(world))
    crash_once(monkeypatch, after_provider=False)
    crash_then_retry(message)
    assert len(smtp_inbox.deliveries) == 1


def test_a_crash_after_the_mail_server_resends_with_the_same_message_id(
    world: World, smtp_inbox: Inbox, monkeypatch: pytest.MonkeyPatch, at_now: Any
) -> None:
    """SMTP has no idempotency key: the server got the e-mail, Casepath never heard so.
    The retry carries the same Message-ID, by which mail clients show one e-mail."""
    reachable(world.patient_a)
    message = queue(world, email_template(world))
    crash_once(monkeypatch, after_provider=True)
    crash_then_retry(message)
    assert len({email["Message-ID"] for _, email in smtp_inbox.deliveries}) == 1


def test_two_runs_at_once_send_once(world: World, fake_sms: FakeSms, at_now: Any) -> None:
    reachable(world.patient_a)
    message = queue(world, text_template(world))
    assert message_send_due(now=NOW) == 1
    assert message_send_due(now=NOW) == 0  # a second worker finds it sent
    assert sending.message_send(message_id=message.pk, now=NOW + LEASE) is False
    assert len(fake_sms.requests) == 1


def test_a_send_that_keeps_crashing_gives_up(
    world: World, fake_sms: FakeSms, monkeypatch: pytest.MonkeyPatch, at_now: Any
) -> None:
    reachable(world.patient_a)
    message = queue(world, text_template(world))

    def always_dies(message: Message) -> str:
        raise Crash

    monkeypatch.setattr(sending, "_hand_over", always_dies)
    for attempt in range(sending.MAX_ATTEMPTS):
        with pytest.raises(Crash):
            message_send_due(now=NOW + attempt * LEASE)
    assert message_send_due(now=NOW + sending.MAX_ATTEMPTS * LEASE) == 0
    message.refresh_from_db()
    assert (message.status, message.why) == (MessageStatus.FAILED, "Gave up after 5 attempts.")


def test_an_automated_text_reached_after_21_00_waits_for_the_morning(
    world: World, fake_sms: FakeSms
) -> None:
    reachable(world.patient_a)
    queued_at = datetime(2026, 3, 10, 20, 59, tzinfo=NEW_YORK)
    message = queue(world, text_template(world), automated=True, now=queued_at)
    assert message_send_due(now=queued_at + timedelta(minutes=2)) == 0  # the worker was late
    message.refresh_from_db()
    assert (message.status, message.send_after, message.attempts) == (
        MessageStatus.QUEUED,
        datetime(2026, 3, 11, 8, 0, tzinfo=NEW_YORK),
        0,
    )
    assert message_send_due(now=datetime(2026, 3, 11, 8, 0, tzinfo=NEW_YORK)) == 1
    assert len(fake_sms.texts) == 1
