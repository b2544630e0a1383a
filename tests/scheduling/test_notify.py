"""The patient's appointments by e-mail, through a real local SMTP server and the messaging
sender: one e-mail with the calendar file when a plan is booked, a reminder 48 hours
before each visit (a text too when the patient agreed), the cancelling calendar file when
a visit is cancelled, and "not sent" with the reason for a patient without an address."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from icalendar import Calendar

from casepath.core.errors import CasepathError
from casepath.messaging.models import Channel, Message, MessageStatus, MessageTemplate
from casepath.messaging.sending import message_send_due
from casepath.scheduling import notify
from casepath.scheduling.models import Appointment, AppointmentStatus, AppointmentType, PlanBooking
from casepath.scheduling.notify_defaults import notify_templates
from casepath.scheduling.services import appointment_set_status
from casepath.tenancy.scoping import scoped
from tests.builders import build_patient
from tests.cases.builders import build_case
from tests.conftest import World
from tests.scheduling.builders import build_appointment
from tests.scheduling.plan_builders import Calendar as Providers
from tests.scheduling.plan_builders import build_calendar
from tests.smtp import Inbox, local_smtp

NEW_YORK = ZoneInfo("America/New_York")
BOOKED_AT = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # Monday, 10:00 in New York (EST)
EXTRACTION_AT = datetime(2026, 3, 5, 9, 0, tzinfo=NEW_YORK)  # Thursday, EST: 14:00 UTC
IMPLANT_AT = datetime(2026, 6, 4, 10, 0, tzinfo=NEW_YORK)  # Thursday, EDT: 14:00 UTC
CROWN_AT = datetime(2026, 11, 2, 9, 0, tzinfo=NEW_YORK)  # Monday, EST again: 14:00 UTC
DOMAIN = "riverside.example"
ADDRESS = "ana.lopez@example.com"


@pytest.fixture(autouse=True)
def settings_and_clock() -> Iterator[Any]:
    with (
        override_settings(
            SMS_MODE="off",
            CASEPATH_PUBLIC_URL="https://casepath.example",
            DEFAULT_FROM_EMAIL=f"Casepath <no-reply@{DOMAIN}>",
        ),
        time_machine.travel(BOOKED_AT, tick=False) as traveller,
    ):
        yield traveller


@pytest.fixture
def smtp_inbox() -> Iterator[Inbox]:
    with local_smtp() as inbox:
        yield inbox


@pytest.fixture
def providers(world: World) -> Providers:
    practice = world.practice_a
    practice.address = "12 Main Street, Columbus, OH 43215"
    practice.phone = "(614) 555-0100"
    practice.save()
    world.patient_a.email = ADDRESS
    world.patient_a.save()
    return build_calendar(world)


@pytest.fixture
def booking(world: World, providers: Providers) -> PlanBooking:
    """Extraction (surgeon), implant (surgeon), implant crown (dentist), booked as a plan."""
    practice = world.practice_a
    case = build_case(world, title="Replace lower left molar")
    booking = PlanBooking.objects.create(
        practice=practice, case=case, booked_by=world.tess, booked_at=BOOKED_AT
    )
    for at, provider, minutes, name in (
        (EXTRACTION_AT, providers.surgeon, 60, "Extraction"),
        (IMPLANT_AT, providers.surgeon, 90, "Implant placement"),
        (CROWN_AT, providers.dentist, 60, "Implant crown or abutment"),
    ):
        build_appointment(
            world.patient_a,
            at,
            provider=provider,
            duration_minutes=minutes,
            appointment_type=AppointmentType.objects.get(practice=practice, name=name),
            reason="Tooth 19",
            case=case,
            booking=booking,
        )
    return booking


def visits_of(booking: PlanBooking) -> list[Appointment]:
    return list(Appointment.objects.filter(booking=booking).order_by("starts_at"))


def text_of(email: Any) -> str:
    return str(email.get_body(preferencelist=("plain",)).get_content()).replace("\r\n", "\n")


def calendar_of(email: Any) -> tuple[str, str, Calendar]:
    [attachment] = list(email.iter_attachments())
    content = attachment.get_content()
    raw = content.encode() if isinstance(content, str) else content
    return attachment.get_filename(), attachment.get_content_type(), Calendar.from_ical(raw)


def book(booking: PlanBooking, world: World) -> notify.Notice:
    return notify.appointments_booked(booking, acting_user=world.tess, now=BOOKED_AT)


def test_booking_sends_one_email_with_a_calendar_file_of_every_visit(
    world: World, booking: PlanBooking, smtp_inbox: Inbox
) -> None:
    notice = book(booking, world)
    assert notice.email is not None
    assert (notice.email.status, notice.email.send_after) == (MessageStatus.QUEUED, BOOKED_AT)
    assert notice.email.idempotency_key == f"scheduling:booking:{booking.pk}:booked"
    assert notice.email.case_id == booking.case_id

    assert message_send_due(now=BOOKED_AT) == 1  # the e-mail; the reminders wait
    [(recipients, email)] = smtp_inbox.deliveries
    assert recipients == [ADDRESS]
    assert email["Subject"] == "Your visits at Riverside Dental"
    text = text_of(email)
    assert text.startswith(
        "Hi Ana,\n\nYour visits are booked:\n\n"
        "Thursday, March 5, 2026 at 9:00 am: Extraction, with Alan Reyes, DDS (1 hour)\n"
        "Thursday, June 4, 2026 at 10:00 am: Implant placement, with Alan Reyes, DDS "
        "(1 hour 30 minutes)\n"
        "Monday, November 2, 2026 at 9:00 am: Implant crown or abutment, with Rita Nunez, "
        "DDS (1 hour)\n\n"
        "The file attached puts them in your calendar."
    )
    assert "call us at (614) 555-0100.\n\nTess Tester" in text
    assert "Tooth 19" not in text

    name, content_type, calendar = calendar_of(email)
    assert (name, content_type) == ("visits.ics", "text/calendar")
    assert str(calendar["METHOD"]) == "PUBLISH"
    extraction, implant, crown = visits_of(booking)
    events = calendar.events
    assert [str(e["UID"]) for e in events] == [
        f"appointment-{extraction.pk}@{DOMAIN}",
        f"appointment-{implant.pk}@{DOMAIN}",
        f"appointment-{crown.pk}@{DOMAIN}",
    ]
    # 9:00 EST, 10:00 EDT, 9:00 EST: the same 14:00 UTC each time.
    assert [e.start for e in events] == [
        datetime(2026, 3, 5, 14, tzinfo=UTC),
        datetime(2026, 6, 4, 14, tzinfo=UTC),
        datetime(2026, 11, 2, 14, tzinfo=UTC),
    ]
    assert [e.end - e.start for e in events] == [
        timedelta(minutes=60),
        timedelta(minutes=90),
        timedelta(minutes=60),
    ]
    assert [str(e["SUMMARY"]) for e in events] == [
        "Dental visit: Extraction",
        "Dental visit: Implant placement",
        "Dental visit: Implant crown or abutment",
    ]
    kept = bytes(Message.objects.get(pk=notice.email.pk).attachments.get().content)
    assert len(Calendar.from_ical(kept).events) == 3


def test_asking_twice_sends_once(world: World, booking: PlanBooking, smtp_inbox: Inbox) -> None:
    first = book(booking, world)
    assert message_send_due(now=BOOKED_AT) == 1
    again = book(booking, world)
    assert again.email is not None and first.email is not None
    assert again.email.pk == first.email.pk
    assert [m.pk for m in again.reminders] == [m.pk for m in first.reminders]
    assert message_send_due(now=BOOKED_AT + timedelta(minutes=5)) == 0
    assert len(smtp_inbox.deliveries) == 1
    assert scoped(Message, world.practice_a).count() == 4  # the e-mail and three reminders


def test_a_reminder_goes_48_hours_before_each_visit_and_not_before(
    world: World, booking: PlanBooking, smtp_inbox: Inbox
) -> None:
    notice = book(booking, world)
    extraction, implant, crown = visits_of(booking)
    assert [(m.channel, m.idempotency_key, m.send_after) for m in notice.reminders] == [
        (
            Channel.EMAIL,
            f"appointment:{extraction.pk}:reminder:20260305T1400Z",
            datetime(2026, 3, 3, 14, tzinfo=UTC),
        ),
        (
            Channel.EMAIL,
            f"appointment:{implant.pk}:reminder:20260604T1400Z",
            datetime(2026, 6, 2, 14, tzinfo=UTC),
        ),
        (
            Channel.EMAIL,
            f"appointment:{crown.pk}:reminder:20261102T1400Z",
            datetime(2026, 10, 31, 14, tzinfo=UTC),
        ),
    ]
    assert message_send_due(now=BOOKED_AT) == 1  # the booking e-mail only
    reminder_at = EXTRACTION_AT - timedelta(hours=48)
    assert message_send_due(now=reminder_at - timedelta(minutes=1)) == 0
    assert message_send_due(now=reminder_at) == 1
    assert len(smtp_inbox.deliveries) == 2
    _, email = smtp_inbox.deliveries[1]
    assert email["Subject"] == "Your visit on Thursday, March 5 at Riverside Dental"
    assert text_of(email).startswith(
        "Hi Ana,\n\nThis is a reminder of your visit on Thursday, March 5 at 9:00 am with "
        "Alan Reyes, DDS (Extraction).\n\n"
        "To change the time, call us at (614) 555-0100.\n\nTess Tester"
    )
    assert list(email.iter_attachments()) == []
    statuses = [m.status for m in Message.objects.filter(pk__in=[r.pk for r in notice.reminders])]
    assert sorted(statuses) == sorted(
        [MessageStatus.SENT, MessageStatus.QUEUED, MessageStatus.QUEUED]
    )


def test_a_visit_too_close_for_a_reminder_gets_none(world: World, providers: Providers) -> None:
    soon = build_appointment(world.patient_a, BOOKED_AT + timedelta(hours=48, minutes=30))
    later = build_appointment(world.patient_a, BOOKED_AT + timedelta(hours=49, minutes=30))
    notice = notify.appointments_booked([soon, later], acting_user=world.tess, now=BOOKED_AT)
    assert notice.email is not None
    assert notice.email.idempotency_key.startswith("scheduling:appointments:")
    assert [m.send_after for m in notice.reminders] == [BOOKED_AT + timedelta(hours=1, minutes=30)]
    assert "Dental visit, with Rita Nunez, DDS (1 hour)" in notice.email.body


def test_a_text_reminder_too_when_the_patient_agreed_to_texts(
    world: World, booking: PlanBooking
) -> None:
    world.patient_a.sms_consent = True
    world.patient_a.save()
    with override_settings(SMS_MODE="console"):
        notice = book(booking, world)
    extraction = visits_of(booking)[0]
    texts = [m for m in notice.reminders if m.channel == Channel.SMS]
    assert len(notice.reminders) == 6 and len(texts) == 3
    first = texts[0]
    assert first.idempotency_key == f"appointment:{extraction.pk}:reminder-text:20260305T1400Z"
    assert (first.status, first.to, first.send_after) == (
        MessageStatus.QUEUED,
        "+16145550101",
        datetime(2026, 3, 3, 14, tzinfo=UTC),
    )
    assert first.body.startswith(
        "Riverside Dental: your visit is on Thursday, March 5 at 9:00 am with Alan Reyes, DDS. "
        "To change it, call (614) 555-0100."
    )


def test_no_text_reminder_without_consent_or_a_text_template(
    world: World, booking: PlanBooking
) -> None:
    with override_settings(SMS_MODE="console"):
        assert {m.channel for m in book(booking, world).reminders} == {Channel.EMAIL}
    world.patient_a.sms_consent = True
    world.patient_a.save()
    MessageTemplate.objects.filter(name="Appointment reminder (text)").update(is_active=False)
    visit = build_appointment(world.patient_a, CROWN_AT + timedelta(days=7))
    with override_settings(SMS_MODE="console"):
        notice = notify.appointments_booked([visit], acting_user=world.tess, now=BOOKED_AT)
    assert [m.channel for m in notice.reminders] == [Channel.EMAIL]


def test_a_cancelled_visit_gets_the_cancelling_calendar_file_and_no_reminder(
    world: World, booking: PlanBooking, smtp_inbox: Inbox, settings_and_clock: Any
) -> None:
    notice = book(booking, world)
    assert message_send_due(now=BOOKED_AT) == 1
    extraction, implant, _ = visits_of(booking)
    cancelled_at = BOOKED_AT + timedelta(hours=3)
    settings_and_clock.move_to(cancelled_at)
    appointment_set_status(
        appointment=implant, status=AppointmentStatus.CANCELLED, acting_user=world.tess
    )
    message = notify.appointment_cancelled(implant, acting_user=world.tess, now=cancelled_at)
    assert message is not None
    assert message.idempotency_key == f"appointment:{implant.pk}:cancelled:20260604T1400Z"
    reminders = {
        m.idempotency_key.split(":")[1]: m
        for m in Message.objects.filter(pk__in=[r.pk for r in notice.reminders])
    }
    assert reminders[str(implant.pk)].status == MessageStatus.CANCELLED
    assert reminders[str(implant.pk)].why == "The visit was cancelled."
    assert reminders[str(extraction.pk)].status == MessageStatus.QUEUED

    assert message_send_due(now=cancelled_at) == 1
    _, email = smtp_inbox.deliveries[1]
    assert email["Subject"] == "Your visit on Thursday, June 4 is cancelled"
    assert text_of(email).startswith(
        "Hi Ana,\n\nYour visit on Thursday, June 4 at 10:00 am with Alan Reyes, DDS is "
        "cancelled. The file attached takes it off your calendar."
    )
    name, content_type, calendar = calendar_of(email)
    assert (name, content_type) == ("cancelled-visit.ics", "text/calendar")
    assert str(calendar["METHOD"]) == "CANCEL"
    [event] = calendar.events
    assert str(event["UID"]) == f"appointment-{implant.pk}@{DOMAIN}"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.start == datetime(2026, 6, 4, 14, tzinfo=UTC)
    assert int(event["SEQUENCE"]) == 3 * 60 * 60 + 1  # above the booked file's 0

    # The implant's reminder time comes: only the crown's and extraction's ever go.
    assert message_send_due(now=IMPLANT_AT - timedelta(hours=47)) == 1  # the extraction's
    assert len(smtp_inbox.deliveries) == 3
    assert "March 5" in smtp_inbox.deliveries[2][1]["Subject"]
    # Asked again: the same message, nothing more sent.
    again = notify.appointment_cancelled(implant, acting_user=world.tess, now=cancelled_at)
    assert again is not None and again.pk == message.pk
    assert message_send_due(now=IMPLANT_AT) == 0


def test_telling_a_cancel_needs_the_visit_cancelled_first(
    world: World, booking: PlanBooking
) -> None:
    visit = visits_of(booking)[0]
    with pytest.raises(CasepathError) as refused:
        notify.appointment_cancelled(visit, acting_user=world.tess, now=BOOKED_AT)
    assert [(e.path, e.message) for e in refused.value.errors] == [
        ("status", "Cancel the visit first, then tell the patient.")
    ]


def test_a_past_cancelled_visit_only_stops_its_reminder(world: World, providers: Providers) -> None:
    visit = build_appointment(world.patient_a, BOOKED_AT - timedelta(days=1))
    appointment_set_status(appointment=visit, status=AppointmentStatus.CANCELLED, acting_user=None)
    assert notify.appointment_cancelled(visit, acting_user=world.tess, now=BOOKED_AT) is None
    assert not scoped(Message, world.practice_a).exists()


def test_no_email_address_is_not_sent_with_the_reason_until_one_is_added(
    world: World, booking: PlanBooking, smtp_inbox: Inbox
) -> None:
    world.patient_a.email = ""
    world.patient_a.save()
    notice = book(booking, world)
    assert notice.email is not None
    assert (notice.email.status, notice.email.why) == (
        MessageStatus.BLOCKED,
        "Ana Lopez has no e-mail address on file.",
    )
    assert notice.reminders == []  # one "not sent" says it, not one per visit
    assert message_send_due(now=BOOKED_AT) == 0
    assert smtp_inbox.deliveries == []
    assert book(booking, world).email == notice.email  # still no address: the same

    world.patient_a.email = ADDRESS
    world.patient_a.save()
    retried = book(booking, world)
    assert retried.email is not None
    assert retried.email.idempotency_key == f"scheduling:booking:{booking.pk}:booked:2"
    assert retried.email.status == MessageStatus.QUEUED
    assert len(retried.reminders) == 3
    assert message_send_due(now=BOOKED_AT) == 1
    assert [r for r, _ in smtp_inbox.deliveries] == [[ADDRESS]]


def test_past_and_cancelled_visits_are_left_out(world: World, booking: PlanBooking) -> None:
    extraction, implant, crown = visits_of(booking)
    appointment_set_status(
        appointment=implant, status=AppointmentStatus.CANCELLED, acting_user=None
    )
    notice = notify.appointments_booked(
        booking, acting_user=world.tess, now=EXTRACTION_AT + timedelta(hours=2)
    )
    assert notice.email is not None
    [attachment] = notice.email.attachments.all()
    [event] = Calendar.from_ical(bytes(attachment.content)).events
    assert str(event["UID"]) == f"appointment-{crown.pk}@{DOMAIN}"
    assert [m.idempotency_key.split(":")[1] for m in notice.reminders] == [str(crown.pk)]
    nothing = notify.appointments_booked([extraction], acting_user=world.tess, now=CROWN_AT)
    assert nothing == notify.Notice(None, [])


def test_a_template_the_practice_no_longer_uses_is_not_sent(
    world: World, booking: PlanBooking
) -> None:
    assert notify.appointments_booked([], acting_user=world.tess, now=BOOKED_AT).email is None
    notify_templates(world.practice_a)
    MessageTemplate.objects.filter(name="Appointments booked").update(is_active=False)
    notice = book(booking, world)
    assert notice.email is None
    assert len(notice.reminders) == 3


def test_one_patient_per_email(world: World, providers: Providers) -> None:
    other = build_patient(world.practice_a, first_name="Ben", last_name="Ortiz")
    visits = [
        build_appointment(world.patient_a, CROWN_AT),
        build_appointment(other, CROWN_AT + timedelta(hours=2)),
    ]
    with pytest.raises(CasepathError, match="one patient"):
        notify.appointments_booked(visits, acting_user=world.tess, now=BOOKED_AT)
    assert not scoped(Message, world.practice_a).exists()
