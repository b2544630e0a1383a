"""Texts through the local fake provider: the request it gets, STOP and START replies,
delivery reports, and what a provider failure does."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from casepath.core.errors import CasepathError
from casepath.messaging.models import Message, MessageStatus, OptOut
from casepath.messaging.providers import SendRefused, sms_provider
from casepath.messaging.sending import message_send_due
from casepath.messaging.tokens import sending_key
from tests.conftest import World
from tests.messaging.builders import NOW, WEBHOOK_SECRET, queue, reachable, text_template
from tests.messaging.fake_sms import TOKEN, FakeSms

HOOK = {"HTTP_AUTHORIZATION": f"Bearer {WEBHOOK_SECRET}"}


def webhook(path: str, payload: dict[str, Any], **headers: Any) -> Any:
    return Client().post(path, payload, content_type="application/json", **(headers or HOOK))


def test_a_text_goes_to_the_provider_with_its_token_and_key(
    world: World, fake_sms: FakeSms, at_now: Any
) -> None:
    reachable(world.patient_a)
    message = queue(world, text_template(world))
    assert message_send_due(now=NOW) == 1
    [request] = fake_sms.requests
    assert request["json"] == {
        "to": "+16145550101",
        "from": "+16145550100",
        "body": "Hi Ana, it's Riverside Dental: call us about your plan. Reply STOP to end texts.",
    }
    assert request["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert request["headers"]["Idempotency-Key"] == sending_key(
        world.practice_a.pk, message.idempotency_key
    )
    message.refresh_from_db()
    assert (message.status, message.provider_message_id, message.sent_at) == (
        MessageStatus.SENT,
        "SM0001",
        NOW,
    )


@pytest.mark.parametrize(
    "reply", ["STOP", "stop", "Stop.", "STOPALL", "unsubscribe", "Cancel", "END", "quit"]
)
def test_stop_in_any_form_ends_texts_at_once_and_blocks_queued_ones(
    world: World, fake_sms: FakeSms, reply: str
) -> None:
    reachable(world.patient_a)
    waiting = queue(world, text_template(world))
    answer = webhook("/m/sms/inbound/", {"from": "+16145550101", "body": reply})
    assert answer.status_code == 200 and answer.json() == {"patients": 2}  # Ana and Bea (B)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.why) == (
        MessageStatus.BLOCKED,
        "Ana Lopez replied STOP: texts ended.",
    )
    assert OptOut.objects.filter(channel="sms", address="+16145550101", how="stop").count() == 2
    with pytest.raises(CasepathError, match="replied STOP"):
        queue(world, text_template(world, name="Again"))
    assert message_send_due(now=NOW) == 0 and fake_sms.requests == []


def test_start_resumes_texts(world: World, fake_sms: FakeSms) -> None:
    reachable(world.patient_a)
    webhook("/m/sms/inbound/", {"from": "+16145550101", "body": "STOP"})
    assert webhook("/m/sms/inbound/", {"from": "6145550101", "body": "start"}).json() == {
        "patients": 2
    }
    assert queue(world, text_template(world)).status == MessageStatus.QUEUED


def test_a_plain_reply_changes_nothing(world: World, fake_sms: FakeSms) -> None:
    reachable(world.patient_a)
    answer = webhook("/m/sms/inbound/", {"from": "+16145550101", "body": "Can I come Friday?"})
    assert answer.json() == {"patients": 0} and not OptOut.objects.exists()


def test_the_webhooks_need_the_secret(world: World, settings: Any) -> None:
    payload = {"from": "+16145550101", "body": "STOP"}
    wrong = webhook("/m/sms/inbound/", payload, HTTP_AUTHORIZATION="Bearer guess")
    assert wrong.status_code == 403 and not OptOut.objects.exists()
    assert webhook("/m/sms/status/", {"id": "x"}, HTTP_X_OTHER="1").status_code == 403
    assert Client().get("/m/sms/inbound/").status_code == 405
    settings.CASEPATH_SMS_WEBHOOK_SECRET = ""
    assert webhook("/m/sms/inbound/", payload).status_code == 404


def test_a_delivery_report_marks_the_text_delivered(
    world: World, fake_sms: FakeSms, at_now: Any
) -> None:
    reachable(world.patient_a)
    message = queue(world, text_template(world))
    message_send_due(now=NOW)
    answer = webhook("/m/sms/status/", {"id": "SM0001", "status": "delivered"})
    assert answer.json() == {"matched": True}
    message.refresh_from_db()
    assert (message.status, message.delivered_at) == (MessageStatus.DELIVERED, NOW)
    assert webhook("/m/sms/status/", {"id": "SM9999", "status": "delivered"}).json() == {
        "matched": False
    }


def test_an_undelivered_report_fails_the_text_with_the_reason(
    world: World, fake_sms: FakeSms, at_now: Any
) -> None:
    reachable(world.patient_a)
    message = queue(world, text_template(world))
    message_send_due(now=NOW)
    webhook("/m/sms/status/", {"id": "SM0001", "status": "undelivered", "error": "landline"})
    message.refresh_from_db()
    assert (message.status, message.why) == (
        MessageStatus.FAILED,
        "The phone company could not deliver it: landline.",
    )


def test_a_provider_outage_retries_later_then_sends(
    world: World, fake_sms: FakeSms, at_now: Any
) -> None:
    reachable(world.patient_a)
    message = queue(world, text_template(world))
    fake_sms.answer_next = [503]
    assert message_send_due(now=NOW) == 0
    message.refresh_from_db()
    assert (message.status, message.send_after, message.attempts) == (
        MessageStatus.QUEUED,
        NOW + timedelta(minutes=1),
        1,
    )
    assert message.why == "The text provider answered 503: made-up failure 503."
    assert message_send_due(now=NOW + timedelta(seconds=30)) == 0  # not yet
    assert message_send_due(now=NOW + timedelta(minutes=1)) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.why) == (MessageStatus.SENT, 2, "")
    assert len(fake_sms.texts) == 1


def test_a_refusal_by_the_provider_fails_the_text_saying_why(
    world: World, fake_sms: FakeSms, at_now: Any
) -> None:
    reachable(world.patient_a)
    message = queue(world, text_template(world))
    fake_sms.answer_next = [400]
    message_send_due(now=NOW)
    message.refresh_from_db()
    assert (message.status, message.why) == (
        MessageStatus.FAILED,
        "The text provider refused it (400): made-up failure 400.",
    )


def test_the_token_never_shows_in_errors_or_in_the_providers_repr(fake_sms: FakeSms) -> None:
    provider = sms_provider()
    assert provider is not None and TOKEN not in repr(provider)
    fake_sms.answer_next = [401]
    with pytest.raises(SendRefused) as refused:
        provider.send(to="+16145550101", body="x", idempotency_key="k")
    assert TOKEN not in str(refused.value)


def test_consent_withdrawn_after_queueing_blocks_at_send_time(
    world: World, fake_sms: FakeSms, at_now: Any
) -> None:
    reachable(world.patient_a)
    message = queue(world, text_template(world))
    reachable(world.patient_a, sms_consent=False)
    assert message_send_due(now=NOW) == 0
    message.refresh_from_db()
    assert (message.status, message.why) == (
        MessageStatus.BLOCKED,
        "Ana Lopez has not agreed to text messages.",
    )
    assert fake_sms.requests == [] and Message.objects.count() == 1
