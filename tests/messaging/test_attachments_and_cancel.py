"""Attachments kept with an e-mail and sent with it (real SMTP), cancelling queued
messages by key prefix (a moved visit's reminder), and the visit.* merge fields."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from casepath.audit.models import AuditEvent
from casepath.core.errors import CasepathError
from casepath.messaging.models import Channel, MessageAttachment, MessageStatus, MessageTemplate
from casepath.messaging.sending import message_send_due
from casepath.messaging.services import Attachment, messages_cancel, template_save
from tests.conftest import World
from tests.messaging.builders import NOW, email_template, queue, reachable, text_template
from tests.messaging.fake_sms import FakeSms
from tests.smtp import Inbox

PDF = b"%PDF-1.4\n% a made-up package\n%%EOF\n"
LATER = NOW + timedelta(days=2)
VISIT_VALUES = {
    "visit.date": "Thursday, March 12",
    "visit.time": "9:30 am",
    "visit.provider": "Rita Nunez, DDS",
    "visit.confirm_url": "https://casepath.test/n/confirm/abc/",
}


def test_attachments_are_kept_and_sent_with_the_email(
    world: World, smtp_inbox: Inbox, at_now: Any
) -> None:
    reachable(world.patient_a)
    files = [
        Attachment("welcome.pdf", PDF),
        Attachment("map.txt", b"Turn left at the bakery.", "text/plain"),
    ]
    message = queue(world, email_template(world), attachments=files)
    kept = list(message.attachments.all())
    assert [(a.file_name, a.content_type, bytes(a.content)) for a in kept] == [
        ("welcome.pdf", "application/pdf", PDF),
        ("map.txt", "text/plain", b"Turn left at the bakery."),
    ]
    assert {a.practice for a in kept} == {world.practice_a}

    assert message_send_due(now=NOW) == 1
    [(_, email)] = smtp_inbox.deliveries
    sent = [
        (a.get_filename(), a.get_content_type(), a.get_content()) for a in email.iter_attachments()
    ]
    assert sent == [
        ("welcome.pdf", "application/pdf", PDF),
        ("map.txt", "text/plain", "Turn left at the bakery."),
    ]
    assert email.get_body(preferencelist=("plain",)).get_content().startswith("Hi Ana,")


def test_queueing_again_under_the_same_key_keeps_one_set_of_attachments(
    world: World, at_now: Any
) -> None:
    reachable(world.patient_a)
    template = email_template(world)
    first = queue(world, template, idempotency_key="k:1", attachments=[Attachment("a.pdf", PDF)])
    again = queue(world, template, idempotency_key="k:1", attachments=[Attachment("b.pdf", PDF)])
    assert again == first
    assert [a.file_name for a in MessageAttachment.objects.all()] == ["a.pdf"]


def test_a_text_carries_no_attachment(world: World, fake_sms: FakeSms, at_now: Any) -> None:
    reachable(world.patient_a, mobile_phone="(614) 555-0101")
    message = queue(world, text_template(world), attachments=[Attachment("a.pdf", PDF)])
    assert message.channel == Channel.SMS
    assert not MessageAttachment.objects.exists()


def test_an_email_without_attachments_sends_none(
    world: World, smtp_inbox: Inbox, at_now: Any
) -> None:
    reachable(world.patient_a)
    queue(world, email_template(world))
    message_send_due(now=NOW)
    assert list(smtp_inbox.deliveries[0][1].iter_attachments()) == []


def test_cancel_stops_only_queued_messages_with_the_prefix(
    world: World, smtp_inbox: Inbox, at_now: Any
) -> None:
    reachable(world.patient_a)
    template = email_template(world)
    sent = queue(world, template, idempotency_key="intake:7:reminder:1")
    message_send_due(now=NOW)
    waiting = queue(world, template, idempotency_key="intake:7:reminder:2", send_after=LATER)
    text_wait = queue(world, template, idempotency_key="intake:7:reminder-text:2", send_after=LATER)
    other = queue(world, template, idempotency_key="intake:71:reminder:3", send_after=LATER)
    welcome = queue(world, template, idempotency_key="intake:7:welcome", send_after=LATER)
    audit_rows = AuditEvent.objects.count()

    assert (
        messages_cancel(
            practice=world.practice_a, key_prefix="intake:7:reminder", why="the visit was moved"
        )
        == 2
    )
    for message in (sent, waiting, text_wait, other, welcome):
        message.refresh_from_db()
    assert sent.status == MessageStatus.SENT
    assert (waiting.status, waiting.why) == (MessageStatus.CANCELLED, "the visit was moved")
    assert text_wait.status == MessageStatus.CANCELLED
    assert (other.status, welcome.status) == (MessageStatus.QUEUED, MessageStatus.QUEUED)
    summaries = list(
        AuditEvent.objects.order_by("pk")[audit_rows:].values_list("summary", "patient")
    )
    assert (
        summaries
        == [
            (
                "E-mail to ana@example.com: Your plan at Riverside Dental cancelled: "
                "the visit was moved",
                world.patient_a.pk,
            ),
        ]
        * 2
    )

    assert (
        messages_cancel(practice=world.practice_a, key_prefix="intake:7:reminder", why="again") == 0
    )
    assert message_send_due(now=LATER) == 2  # the other reminder and the welcome
    waiting.refresh_from_db()
    assert waiting.status == MessageStatus.CANCELLED and waiting.sent_at is None
    assert len(smtp_inbox.deliveries) == 3


def test_cancel_leaves_other_practices_and_blocked_messages_alone(
    world: World, at_now: Any
) -> None:
    reachable(world.patient_a)
    reachable(world.patient_b, email="bea@example.com")
    blocked = queue(
        world,
        email_template(world, subject="{{ case.title }}"),
        idempotency_key="intake:7:reminder:1",
        automated=True,
        acting_user=None,
    )
    assert blocked.status == MessageStatus.BLOCKED
    theirs_template = template_save(
        acting_user=world.olga,
        practice=world.practice_b,
        data={"name": "Reminder", "channel": "email", "subject": "Hi", "body": "Hi"},
    )
    theirs = queue(
        world,
        theirs_template,
        patient=world.patient_b,
        acting_user=world.olga,
        idempotency_key="intake:7:reminder:9",
        send_after=LATER,
    )
    assert messages_cancel(practice=world.practice_a, key_prefix="intake:7:", why="moved") == 0
    blocked.refresh_from_db()
    theirs.refresh_from_db()
    assert (blocked.status, theirs.status) == (MessageStatus.BLOCKED, MessageStatus.QUEUED)


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_the_visit_fields_are_known_merge_fields(world: World, channel: str, at_now: Any) -> None:
    body = (
        "Your visit: {{ visit.date }} at {{ visit.time }} with {{ visit.provider }}. "
        "Confirm: {{ visit.confirm_url }}"
    )
    template = template_save(
        acting_user=world.tess,
        practice=world.practice_a,
        data={"name": "Visit", "channel": channel, "subject": "Your visit", "body": body},
    )
    assert template.pk is not None and template.body == body


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_an_unknown_visit_field_is_still_refused(world: World, channel: str) -> None:
    data = {
        "name": "Visit",
        "channel": channel,
        "subject": "Your visit",
        "body": "Room {{ visit.room }}",
    }
    with pytest.raises(CasepathError) as refused:
        template_save(acting_user=world.tess, practice=world.practice_a, data=data)
    [error] = refused.value.errors
    kind = "an e-mail" if channel == "email" else "a text message"
    assert (error.path, error.message) == (
        "body",
        f"“{{{{ visit.room }}}}” is not a merge field of {kind}.",
    )
    assert not MessageTemplate.objects.filter(name="Visit").exists()


def test_visit_values_fill_the_fields_and_without_them_nothing_is_sent(
    world: World, at_now: Any
) -> None:
    reachable(world.patient_a)
    template = email_template(
        world, subject="Your visit on {{ visit.date }}", body="At {{ visit.time }}, Ana."
    )
    filled = queue(world, template, values=VISIT_VALUES)
    assert (filled.subject, filled.body.split("\n")[0]) == (
        "Your visit on Thursday, March 12",
        "At 9:30 am, Ana.",
    )
    with pytest.raises(CasepathError, match="has nothing to fill it"):
        queue(world, template)
    kept = queue(world, template, automated=True, acting_user=None)
    assert kept.status == MessageStatus.BLOCKED
    assert kept.why == "“{{ visit.date }}” has nothing to fill it in this message."
