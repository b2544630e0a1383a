"""Queueing a message: what stops it, in words; quiet hours in the patient's time zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from casepath.audit.models import AuditEvent
from casepath.core.errors import CasepathError
from casepath.messaging.models import Message, MessageStatus, OptOut
from casepath.messaging.replies import sms_reply_receive
from tests.conftest import World
from tests.messaging.builders import NEW_YORK, NOW, email_template, queue, reachable, text_template
from tests.messaging.fake_sms import FakeSms


def refused(world: World, template: Any, **extra: Any) -> tuple[str, str]:
    with pytest.raises(CasepathError) as error:
        queue(world, template, **extra)
    assert not Message.objects.exists()  # nothing written
    return error.value.errors[0].path, error.value.errors[0].message


def evening(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 10, hour, minute, tzinfo=NEW_YORK)


def test_a_text_without_consent_is_refused_saying_why(world: World, fake_sms: FakeSms) -> None:
    reachable(world.patient_a, sms_consent=False)
    assert refused(world, text_template(world)) == (
        "channel",
        "Ana Lopez has not agreed to text messages.",
    )


def test_an_automated_text_without_consent_is_kept_as_not_sent_with_the_reason(
    world: World, fake_sms: FakeSms
) -> None:
    reachable(world.patient_a, sms_consent=False)
    message = queue(world, text_template(world), automated=True, acting_user=None)
    assert (message.status, message.why) == (
        MessageStatus.BLOCKED,
        "Ana Lopez has not agreed to text messages.",
    )
    assert AuditEvent.objects.filter(patient=world.patient_a, summary__contains="not sent").exists()


def test_no_mobile_number_or_no_address_is_refused(world: World, fake_sms: FakeSms) -> None:
    reachable(world.patient_a, mobile_phone="", email="")
    assert refused(world, text_template(world)) == ("to", "Ana Lopez has no mobile number on file.")
    assert refused(world, email_template(world)) == (
        "to",
        "Ana Lopez has no e-mail address on file.",
    )


def test_texting_off_is_refused(world: World) -> None:
    reachable(world.patient_a)
    assert refused(world, text_template(world)) == (
        "channel",
        "Texting is not set up for this Casepath (CASEPATH_SMS).",
    )


def test_after_stop_a_text_is_refused_with_the_day(world: World, fake_sms: FakeSms) -> None:
    reachable(world.patient_a)
    # Bea (practice B) has the same number: texts come from one number, so both stop.
    assert sms_reply_receive(sender="+1 614 555 0101", text="stop", now=NOW) == 2
    assert refused(world, text_template(world)) == (
        "channel",
        "Ana Lopez replied STOP on 03/10/2026: no texts.",
    )


def test_the_same_key_queues_one_message(world: World) -> None:
    reachable(world.patient_a)
    template = email_template(world)
    first = queue(world, template, idempotency_key="cadence:1:day-7")
    again = queue(world, template, idempotency_key="cadence:1:day-7")
    assert first.pk == again.pk and Message.objects.count() == 1


def test_a_queued_email_is_filled_in_for_the_patient(world: World) -> None:
    from tests.cases.builders import build_case

    reachable(world.patient_a, preferred_name="Annie")
    world.practice_a.phone = "(614) 555-0100"
    world.practice_a.save()
    body = (
        "Hi {{ patient.first_name }},\n\nAny questions about {{ case.title }}? "
        "Call us at {{ practice.phone }}.\n\n{{ coordinator.name }}"
    )
    message = queue(world, email_template(world, body=body), case=build_case(world))
    assert (message.status, message.to, message.send_after) == (
        MessageStatus.QUEUED,
        "ana@example.com",
        NOW,
    )
    assert message.subject == "Your plan at Riverside Dental"
    assert message.body.startswith(
        "Hi Annie,\n\nAny questions about Missing lower left molar? Call us at (614) 555-0100."
        "\n\nTess Tester\n\nTo stop e-mails from Riverside Dental, use this link: "
        "https://casepath.test/m/unsubscribe/"
    )
    assert message.html_body.startswith("<p>Hi Annie,</p>\n\n<p>Any questions about Missing")
    assert 'href="https://casepath.test/m/unsubscribe/' in message.html_body


def test_a_case_field_without_a_case_is_refused(world: World) -> None:
    reachable(world.patient_a)
    assert refused(world, email_template(world, body="About {{ case.title }}")) == (
        "template",
        "“{{ case.title }}” has nothing to fill it in this message: send it about a case.",
    )


def test_a_spanish_speaker_gets_the_added_lines_in_spanish(world: World, fake_sms: FakeSms) -> None:
    reachable(world.patient_a, preferred_language="Spanish")
    message = queue(world, text_template(world, body="Hola {{ patient.first_name }}."))
    assert message.body == "Hola Ana. Responda STOP para no recibir más textos."


# Quiet hours: automated texts only from 08:00 to 21:00 in the patient's time zone.


def test_an_automated_text_at_20_59_goes_now(world: World, fake_sms: FakeSms) -> None:
    reachable(world.patient_a)
    message = queue(world, text_template(world), automated=True, now=evening(20, 59))
    assert (message.status, message.send_after) == (MessageStatus.QUEUED, evening(20, 59))


def test_an_automated_text_at_21_00_waits_until_8_the_next_morning(
    world: World, fake_sms: FakeSms
) -> None:
    reachable(world.patient_a)
    message = queue(world, text_template(world), automated=True, now=evening(21))
    assert message.status == MessageStatus.QUEUED
    assert message.send_after == datetime(2026, 3, 11, 8, 0, tzinfo=NEW_YORK)
    event = AuditEvent.objects.get(object_type="message")
    assert event.summary == "Text to +16145550101 queued (waits for 8:00 am, the patient's time)"


def test_a_tcs_send_now_at_night_is_refused_with_the_reason(
    world: World, fake_sms: FakeSms
) -> None:
    reachable(world.patient_a)
    assert refused(world, text_template(world), now=evening(21, 30)) == (
        "channel",
        "It is 9:30 pm for Ana Lopez (America/New_York): texts go out from 8:00 am to 9:00 pm "
        "their time. Send it after 8:00 am, or call.",
    )


def test_quiet_hours_follow_the_patients_zone_not_the_practices(
    world: World, fake_sms: FakeSms
) -> None:
    # 9:30 pm in New York is 6:30 pm in Los Angeles, and 4:30 pm in Honolulu.
    reachable(world.patient_a, time_zone="America/Los_Angeles")
    message = queue(world, text_template(world), automated=True, now=evening(21, 30))
    assert message.send_after == evening(21, 30)
    # 7:00 am in New York is 2:00 am in Honolulu: wait until 8:00 there (2:00 pm New York).
    reachable(world.patient_a, time_zone="Pacific/Honolulu")
    morning = datetime(2026, 3, 10, 7, 0, tzinfo=NEW_YORK)
    later = queue(world, text_template(world, name="Other"), automated=True, now=morning)
    assert later.send_after == morning + timedelta(hours=7)


def test_an_email_at_night_goes_at_once(world: World) -> None:
    reachable(world.patient_a)
    message = queue(world, email_template(world, body="Hi"), now=evening(23))
    assert (message.status, message.send_after) == (MessageStatus.QUEUED, evening(23))
    assert not OptOut.objects.exists()


def test_an_automated_text_to_a_patient_without_a_number_is_kept_as_not_sent(
    world: World, fake_sms: FakeSms
) -> None:
    reachable(world.patient_a, mobile_phone="")
    message = queue(world, text_template(world), automated=True, acting_user=None)
    assert (message.status, message.to, message.why) == (
        MessageStatus.BLOCKED,
        "",
        "Ana Lopez has no mobile number on file.",
    )


def test_an_automated_email_that_cannot_be_filled_in_is_kept_as_not_sent(world: World) -> None:
    reachable(world.patient_a)
    template = email_template(world, body="About {{ case.title }}")
    message = queue(world, template, automated=True, acting_user=None)
    assert (message.status, message.body) == (MessageStatus.BLOCKED, "")
    assert message.why.startswith("“{{ case.title }}” has nothing to fill it")
