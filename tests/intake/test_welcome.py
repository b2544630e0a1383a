"""The welcome package and the reminder, through a real local SMTP server and the
messaging sender: queued when the first visit is booked, delivered once with its PDF,
the reminder at visit time less the reminder hours (a text too when the patient agreed), cancelled
when the visit moves or the patient does not come."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import override_settings
from pypdf import PdfReader

from casepath.core.errors import CasepathError
from casepath.core.intake import Stage
from casepath.intake import visit_services, welcome_services
from casepath.intake.models import Intake, IntakeMove
from casepath.intake.selectors import welcome_package
from casepath.intake.tokens import read_confirm_token
from casepath.messaging.models import Channel, Message, MessageStatus
from casepath.messaging.sending import message_send_due
from casepath.scheduling.models import Appointment
from casepath.tenancy.scoping import scoped
from tests.conftest import World
from tests.intake.builders import CALLED_AT, VISIT_AT, book, call_data, capture, provider_of
from tests.messaging.fake_sms import TOKEN, FakeSms, start
from tests.smtp import Inbox

BOOKED_AT = CALLED_AT + timedelta(minutes=14)  # what builders.book passes as now
REMINDER_AT = VISIT_AT - timedelta(hours=48)  # Sunday, November 8, 10:00 in New York
WELCOME_SUBJECT = "Welcome to Riverside Dental: your first visit on Tuesday, November 10"
SECTION_HEADINGS = (
    "About us",
    "What to expect at your first visit",
    "Forms to fill in",
    "Directions and parking",
    "Our financial policy",
)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(CALLED_AT, tick=False):
        yield


@pytest.fixture
def fake_sms() -> Iterator[FakeSms]:
    """The fake text provider running, and Casepath's HTTP provider pointed at it."""
    fake = FakeSms()
    server = start(fake)
    try:
        with override_settings(
            SMS_MODE="http",
            CASEPATH_SMS_URL=fake.url,
            CASEPATH_SMS_TOKEN=TOKEN,
            CASEPATH_SMS_FROM="+16145550100",
        ):
            yield fake
    finally:
        server.shutdown()
        server.server_close()


def messages_of(intake: Intake, kind: str) -> list[Message]:
    return list(
        scoped(Message, intake.practice)
        .filter(idempotency_key__startswith=f"intake:{intake.pk}:{kind}")
        .order_by("pk")
    )


def text_of(email: Any) -> str:
    return str(email.get_body(preferencelist=("plain",)).get_content()).replace("\r\n", "\n")


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def set_package(world: World, **data: Any) -> None:
    welcome_services.welcome_package_save(
        package=welcome_package(world.practice_a), acting_user=world.tess, data=data
    )


def move(intake: Intake, user: Any, to: datetime, now: datetime = CALLED_AT) -> Intake:
    """Book `intake` again at `to` (builders.book: done at `now` + 14 minutes)."""
    return book(intake, user, at=to, now=now)


def test_booking_queues_the_welcome_and_the_sender_delivers_it_once_with_its_pdf(
    world: World, smtp_inbox: Inbox
) -> None:
    intake = book(capture(world.practice_a, world.tess), world.tess)
    [welcome] = messages_of(intake, "welcome")
    assert (welcome.status, welcome.send_after) == (MessageStatus.QUEUED, BOOKED_AT)
    assert intake.stage == Stage.WELCOME_SENT and intake.welcome_sent_how == "email"
    moves = scoped(IntakeMove, world.practice_a).filter(intake=intake).order_by("pk")
    assert [(m.to_stage, m.note) for m in moves][1:] == [
        ("booked", "first visit booked"),
        ("welcome_sent", "sent by e-mail"),
    ]

    assert message_send_due(now=BOOKED_AT) == 1
    assert message_send_due(now=BOOKED_AT + timedelta(hours=1)) == 0  # never twice
    [(recipients, email)] = smtp_inbox.deliveries
    assert recipients == ["nina.patel@example.com"]
    assert email["Subject"] == WELCOME_SUBJECT
    text = text_of(email)
    provider = str(provider_of(world.practice_a))
    assert provider == "Rita Nunez, DDS"
    assert text.startswith(
        "Hi Nina,\n\nThank you for choosing Riverside Dental. Your first visit is on "
        f"Tuesday, November 10 at 10:00 am with {provider}.\n\n"
    )
    assert text.count("Tess Tester") == 1  # signed by the new patient's TC
    link = re.search(r"Please confirm your visit here: (\S+)", text)
    assert link is not None
    assert link[1].startswith("https://casepath.example/n/confirm/")
    token = link[1].removeprefix("https://casepath.example/n/confirm/").rstrip("/")
    assert read_confirm_token(token) == (intake.pk, "2026-11-10T15:00:00+00:00")

    [attachment] = list(email.iter_attachments())
    chart = intake.patient.chart_number
    assert attachment.get_filename() == f"welcome-{chart}.pdf"
    assert attachment.get_content_type() == "application/pdf"
    content = attachment.get_content()
    assert content == bytes(welcome.attachments.get().content)
    words = pdf_text(content)
    assert "Welcome, Nina Patel" in words
    assert f"Your first visit: Tuesday, November 10, 2026 at 10:00 a.m. with {provider}." in words
    for heading in SECTION_HEADINGS:
        assert heading in words
    assert "Your first visit takes about an hour." in words
    assert "Payment is due when care is given." in words
    welcome.refresh_from_db()
    assert (welcome.status, welcome.sent_at) == (MessageStatus.SENT, BOOKED_AT)


def test_the_pdf_has_the_sections_the_practice_wrote(world: World, smtp_inbox: Inbox) -> None:
    set_package(world, directions="Suite 200, second floor. Park behind the bakery.")
    book(capture(world.practice_a, world.tess), world.tess)
    message_send_due(now=BOOKED_AT)
    [attachment] = list(smtp_inbox.deliveries[0][1].iter_attachments())
    assert "Suite 200, second floor. Park behind the bakery." in pdf_text(attachment.get_content())


def test_booking_again_or_moving_the_visit_never_sends_a_second_welcome(
    world: World, smtp_inbox: Inbox
) -> None:
    intake = book(capture(world.practice_a, world.tess), world.tess)
    message_send_due(now=BOOKED_AT)
    again = welcome_services.welcome_send(intake=intake, acting_user=world.tess, now=BOOKED_AT)
    assert again == messages_of(intake, "welcome")[0]
    intake = book(intake, world.tess)  # the same time, booked again
    intake = move(intake, world.tess, VISIT_AT + timedelta(days=2))
    assert intake.stage == Stage.WELCOME_SENT
    assert len(messages_of(intake, "welcome")) == 1
    assert message_send_due(now=BOOKED_AT + timedelta(hours=1)) == 0
    assert len(smtp_inbox.deliveries) == 1
    notes = scoped(IntakeMove, world.practice_a).filter(intake=intake, note="visit moved")
    assert notes.count() == 2


def test_with_automatic_sending_off_nothing_goes_until_the_tc_sends_it(
    world: World, smtp_inbox: Inbox
) -> None:
    set_package(world, send_automatically=False)
    intake = book(capture(world.practice_a, world.tess), world.tess)
    assert intake.stage == Stage.BOOKED and intake.welcome_sent_at is None
    assert messages_of(intake, "welcome") == []
    assert message_send_due(now=BOOKED_AT + timedelta(hours=2)) == 0
    assert smtp_inbox.deliveries == []

    sent_at = BOOKED_AT + timedelta(hours=3)
    message = welcome_services.welcome_send(intake=intake, acting_user=world.tess, now=sent_at)
    assert (message.status, message.sent_by, message.automated) == (
        MessageStatus.QUEUED,
        world.tess,
        False,
    )
    intake.refresh_from_db()
    assert (intake.stage, intake.welcome_sent_at) == (Stage.WELCOME_SENT, sent_at)
    assert message_send_due(now=sent_at) == 1
    assert [email["Subject"] for _, email in smtp_inbox.deliveries] == [WELCOME_SUBJECT]


def test_a_patient_without_email_is_kept_as_not_sent_and_a_persons_send_is_refused(
    world: World, smtp_inbox: Inbox
) -> None:
    intake = capture(world.practice_a, world.tess, call=call_data(caller_email=""))
    intake = book(intake, world.tess)
    [welcome] = messages_of(intake, "welcome")
    assert (welcome.status, welcome.why) == (
        MessageStatus.BLOCKED,
        "Nina Patel has no e-mail address on file.",
    )
    intake.refresh_from_db()
    assert intake.stage == Stage.BOOKED and intake.welcome_sent_at is None

    with pytest.raises(CasepathError) as refused:
        welcome_services.welcome_send(intake=intake, acting_user=world.tess, now=BOOKED_AT)
    [error] = refused.value.errors
    assert (error.path, error.message) == ("to", "Nina Patel has no e-mail address on file.")
    assert len(messages_of(intake, "welcome")) == 1

    intake.patient.email = "nina@example.org"
    intake.patient.save()
    later = BOOKED_AT + timedelta(hours=1)
    message = welcome_services.welcome_send(intake=intake, acting_user=world.tess, now=later)
    assert message.idempotency_key == f"intake:{intake.pk}:welcome:2"
    assert message_send_due(now=later) == 1
    [(recipients, email)] = smtp_inbox.deliveries
    assert recipients == ["nina@example.org"] and email["Subject"] == WELCOME_SUBJECT
    intake.refresh_from_db()
    assert intake.stage == Stage.WELCOME_SENT


def test_an_automatic_welcome_not_sent_goes_when_the_visit_moves_after_an_email_is_added(
    world: World, smtp_inbox: Inbox
) -> None:
    intake = book(
        capture(world.practice_a, world.tess, call=call_data(caller_email="")), world.tess
    )
    move(intake, world.tess, VISIT_AT + timedelta(days=1))  # still no address: not tried again
    assert len(messages_of(intake, "welcome")) == 1
    intake.patient.email = "nina@example.org"
    intake.patient.save()
    intake = move(intake, world.tess, VISIT_AT + timedelta(days=2))
    assert [m.status for m in messages_of(intake, "welcome")] == [
        MessageStatus.BLOCKED,
        MessageStatus.QUEUED,
    ]
    assert intake.stage == Stage.WELCOME_SENT
    assert message_send_due(now=BOOKED_AT) == 1
    assert [email["Subject"] for _, email in smtp_inbox.deliveries] == [
        "Welcome to Riverside Dental: your first visit on Thursday, November 12"
    ]


def test_the_reminder_is_sent_at_the_visit_less_the_reminder_hours_and_not_before(
    world: World, smtp_inbox: Inbox
) -> None:
    intake = book(capture(world.practice_a, world.tess), world.tess)
    [reminder] = messages_of(intake, "reminder")
    assert reminder.idempotency_key == f"intake:{intake.pk}:reminder:{intake.first_visit_id}"
    assert (reminder.status, reminder.send_after) == (MessageStatus.QUEUED, REMINDER_AT)
    assert reminder.channel == Channel.EMAIL and reminder.automated

    assert message_send_due(now=BOOKED_AT) == 1  # the welcome only
    assert message_send_due(now=REMINDER_AT - timedelta(minutes=1)) == 0
    reminder.refresh_from_db()
    assert reminder.status == MessageStatus.QUEUED
    assert message_send_due(now=REMINDER_AT) == 1
    assert message_send_due(now=REMINDER_AT + timedelta(hours=5)) == 0
    subjects = [email["Subject"] for _, email in smtp_inbox.deliveries]
    assert subjects == [WELCOME_SUBJECT, "Your visit on Tuesday, November 10 at Riverside Dental"]
    text = text_of(smtp_inbox.deliveries[1][1])
    assert "your visit on Tuesday, November 10 at 10:00 am with Rita Nunez, DDS." in text
    assert "Please confirm here: https://casepath.example/n/confirm/" in text
    reminder.refresh_from_db()
    assert (reminder.status, reminder.sent_at) == (MessageStatus.SENT, REMINDER_AT)


def test_the_reminder_hours_of_the_package_set_when_it_goes(world: World) -> None:
    set_package(world, reminder_hours=72)
    intake = book(capture(world.practice_a, world.tess), world.tess)
    [reminder] = messages_of(intake, "reminder")
    assert reminder.send_after == VISIT_AT - timedelta(hours=72)


def test_a_patient_who_agreed_to_texts_gets_a_text_reminder_too(
    world: World, smtp_inbox: Inbox, fake_sms: FakeSms
) -> None:
    intake = capture(world.practice_a, world.tess, call=call_data(may_text=True))
    assert intake.patient.sms_consent
    intake = book(intake, world.tess)
    email, text = messages_of(intake, "reminder")
    assert text.idempotency_key == f"intake:{intake.pk}:reminder-text:{intake.first_visit_id}"
    assert (text.channel, text.to, text.send_after) == (Channel.SMS, "+16145550142", REMINDER_AT)
    assert email.send_after == REMINDER_AT

    message_send_due(now=BOOKED_AT)
    message_send_due(now=REMINDER_AT - timedelta(minutes=1))
    assert fake_sms.texts == []
    assert message_send_due(now=REMINDER_AT) == 2
    [sent] = fake_sms.texts
    assert sent["to"] == "+16145550142"
    assert sent["body"].startswith(
        "Riverside Dental: your visit is on Tuesday, November 10 at 10:00 am. "
        "Confirm: https://casepath.example/n/confirm/"
    )
    assert len(smtp_inbox.deliveries) == 2


def test_no_text_reminder_without_consent(world: World) -> None:
    intake = book(capture(world.practice_a, world.tess), world.tess)
    assert [m.channel for m in messages_of(intake, "reminder")] == [Channel.EMAIL]


def test_a_visit_too_close_gets_no_reminder(world: World) -> None:
    intake = capture(world.practice_a, world.tess)
    intake = book(intake, world.tess, at=BOOKED_AT + timedelta(hours=48, minutes=59))
    assert messages_of(intake, "reminder") == []
    assert len(messages_of(intake, "welcome")) == 1  # the welcome asks to confirm


def test_a_visit_just_far_enough_gets_its_reminder_in_an_hour(world: World) -> None:
    intake = capture(world.practice_a, world.tess)
    intake = book(intake, world.tess, at=BOOKED_AT + timedelta(hours=49))
    [reminder] = messages_of(intake, "reminder")
    assert reminder.send_after == BOOKED_AT + timedelta(hours=1)


def test_moving_the_visit_cancels_the_old_reminder_and_queues_a_new_one(
    world: World, smtp_inbox: Inbox
) -> None:
    intake = book(capture(world.practice_a, world.tess), world.tess)
    old_visit = intake.first_visit_id
    new_at = VISIT_AT + timedelta(days=2)
    intake = move(intake, world.tess, new_at, now=CALLED_AT + timedelta(days=1))
    old, new = messages_of(intake, "reminder")
    assert old.idempotency_key.endswith(f":{old_visit}")
    assert (old.status, old.why) == (MessageStatus.CANCELLED, "the visit was moved")
    assert new.idempotency_key.endswith(f":{intake.first_visit_id}")
    assert (new.status, new.send_after) == (MessageStatus.QUEUED, new_at - timedelta(hours=48))
    assert scoped(Appointment, world.practice_a).get(pk=old_visit).status == "cancelled"

    assert message_send_due(now=REMINDER_AT) == 1  # the welcome; the old reminder never
    assert message_send_due(now=new_at - timedelta(hours=48)) == 1
    subjects = [email["Subject"] for _, email in smtp_inbox.deliveries]
    assert subjects == [WELCOME_SUBJECT, "Your visit on Thursday, November 12 at Riverside Dental"]
    old.refresh_from_db()
    assert old.status == MessageStatus.CANCELLED and old.sent_at is None


def test_a_no_show_cancels_the_reminder(world: World, smtp_inbox: Inbox) -> None:
    intake = book(capture(world.practice_a, world.tess), world.tess)
    visit_services.visit_no_show(
        intake=intake, acting_user=world.tess, now=BOOKED_AT + timedelta(hours=1)
    )
    [reminder] = messages_of(intake, "reminder")
    assert (reminder.status, reminder.why) == (MessageStatus.CANCELLED, "the patient did not come")
    message_send_due(now=VISIT_AT)
    assert [email["Subject"] for _, email in smtp_inbox.deliveries] == [WELCOME_SUBJECT]


def test_a_person_cannot_send_before_a_visit_is_booked(world: World) -> None:
    intake = capture(world.practice_a, world.tess)
    with pytest.raises(CasepathError) as refused:
        welcome_services.welcome_send(intake=intake, acting_user=world.tess, now=BOOKED_AT)
    assert refused.value.errors[0].path == "first_visit"
    assert messages_of(intake, "welcome") == []


def test_given_by_hand_then_rebooked_sends_no_email(world: World) -> None:
    set_package(world, send_automatically=False)
    intake = book(capture(world.practice_a, world.tess), world.tess)
    welcome_services.welcome_given(
        intake=intake, how="in_person", acting_user=world.tess, now=BOOKED_AT
    )
    visit_services.visit_cancel(
        intake=intake, acting_user=world.tess, now=BOOKED_AT, reason="Needs another day"
    )
    set_package(world, send_automatically=True)
    intake = book(intake, world.tess, at=VISIT_AT + timedelta(days=1))
    assert messages_of(intake, "welcome") == []
    assert intake.stage == Stage.WELCOME_SENT and intake.welcome_sent_how == "in_person"
