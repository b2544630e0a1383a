"""E-mail through a real local SMTP server: text and HTML, the unsubscribe link, and an
unsubscribed patient's next e-mail refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from casepath.cases.models import CaseEvent
from casepath.core.errors import CasepathError
from casepath.messaging.mail import message_id_of
from casepath.messaging.models import Message, MessageStatus, OptOut
from casepath.messaging.sending import message_send_due
from tests.cases.builders import build_case
from tests.conftest import World
from tests.messaging.builders import NOW, email_template, queue, reachable
from tests.smtp import Inbox


def parts(email: Any) -> dict[str, str]:
    return {
        part.get_content_type(): part.get_content().replace("\r\n", "\n")
        for part in email.walk()
        if not part.is_multipart()
    }


def unsubscribe_path(email: Any) -> str:
    link = email["List-Unsubscribe"].strip().strip("<>")
    assert link.startswith("https://casepath.test/m/unsubscribe/")
    return link.removeprefix("https://casepath.test")


def test_an_email_reaches_the_smtp_server_with_text_and_html(
    world: World, smtp_inbox: Inbox, at_now: Any
) -> None:
    reachable(world.patient_a)
    message = queue(world, email_template(world), case=build_case(world))
    assert message_send_due(now=NOW) == 1
    [(recipients, email)] = smtp_inbox.deliveries
    assert recipients == ["ana@example.com"]
    assert email["Subject"] == "Your plan at Riverside Dental"
    assert email["From"] == "Riverside Dental <no-reply@casepath.localhost>"
    assert email["Message-ID"] == message_id_of(message)
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = parts(email)["text/plain"], parts(email)["text/html"]
    assert text.startswith("Hi Ana,\n\nAny questions? Call us.\n\nTess Tester\n\nTo stop e-mails")
    assert html.startswith("<p>Hi Ana,</p>") and "Stop these e-mails</a>" in html
    assert unsubscribe_path(email) in text and unsubscribe_path(email) in html
    assert "ana@" not in unsubscribe_path(email) and "YW5h" not in unsubscribe_path(email)
    message.refresh_from_db()
    assert (message.status, message.sent_at, message.attempts) == (MessageStatus.SENT, NOW, 1)
    assert message.provider_message_id == email["Message-ID"]
    event = CaseEvent.objects.get(kind="message")
    assert event.summary == "E-mail to ana@example.com: Your plan at Riverside Dental sent"
    assert event.data == {"message": message.pk, "status": "sent"}


def test_a_written_html_part_keeps_its_markup_and_escapes_the_values(
    world: World, smtp_inbox: Inbox, at_now: Any
) -> None:
    reachable(world.patient_a, first_name="<b>Ana</b>")
    template = email_template(world, html_body="<h1>Hi {{ patient.first_name }}</h1>")
    queue(world, template)
    message_send_due(now=NOW)
    html = parts(smtp_inbox.deliveries[0][1])["text/html"]
    assert html.startswith("<h1>Hi &lt;b&gt;Ana&lt;/b&gt;</h1>")


def test_the_unsubscribe_link_asks_then_stops_the_next_email(
    world: World, smtp_inbox: Inbox, at_now: Any
) -> None:
    reachable(world.patient_a)
    template = email_template(world)
    queue(world, template)
    message_send_due(now=NOW)
    path = unsubscribe_path(smtp_inbox.deliveries[0][1])
    patient_page = Client()
    asked = patient_page.get(path)
    assert asked.status_code == 200 and "Yes, stop them" in asked.content.decode()
    assert not OptOut.objects.exists()  # opening the link (a mail scanner) changes nothing
    done = patient_page.post(path)
    assert "We will not send you e-mails again." in done.content.decode()
    opt_out = OptOut.objects.get()
    assert (opt_out.patient, opt_out.channel, opt_out.address, opt_out.how) == (
        world.patient_a,
        "email",
        "ana@example.com",
        "unsubscribe",
    )
    with pytest.raises(CasepathError, match=r"Ana Lopez unsubscribed from e-mails on 03/10/2026\."):
        queue(world, template)
    assert len(smtp_inbox.deliveries) == 1


def test_unsubscribing_blocks_an_email_already_queued(
    world: World, smtp_inbox: Inbox, at_now: Any
) -> None:
    reachable(world.patient_a)
    first = queue(world, email_template(world))
    waiting = queue(world, email_template(world, name="Later"), automated=True, acting_user=None)
    message_send_due(now=NOW - timedelta(minutes=1))  # nothing due yet
    first.refresh_from_db()
    one_click = Client().post(unsubscribe_path_of(first), {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    waiting.refresh_from_db()
    assert (waiting.status, waiting.why) == (
        MessageStatus.BLOCKED,
        "Ana Lopez unsubscribed: e-mails ended.",
    )
    assert message_send_due(now=NOW) == 0 and smtp_inbox.deliveries == []


def unsubscribe_path_of(message: Message) -> str:
    marker = "https://casepath.test"
    start = message.body.index(marker) + len(marker)
    return message.body[start:].split()[0]


def test_a_forged_link_is_refused_and_records_nothing(world: World) -> None:
    response = Client().post("/m/unsubscribe/W1siYW5hIl0:forged/")
    assert response.status_code == 404
    assert "This link does not work." in response.content.decode()
    assert not OptOut.objects.exists()


def test_a_mail_server_that_refuses_the_address_fails_the_message(
    world: World, smtp_inbox: Inbox, at_now: Any
) -> None:
    async def refuse(server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        return "550 No such user here"

    smtp_inbox.handle_RCPT = refuse  # type: ignore[attr-defined]
    reachable(world.patient_a)
    message = queue(world, email_template(world))
    assert message_send_due(now=NOW) == 0
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.why == "The mail server refused ana@example.com: 550 No such user here."


def test_the_unsubscribe_page_speaks_the_patients_language(world: World, at_now: Any) -> None:
    reachable(world.patient_a, preferred_language="Español")
    world.practice_a.phone = "(614) 555-0100"
    world.practice_a.save()
    message = queue(world, email_template(world))
    assert "use este enlace" in message.body
    page = Client().get(unsubscribe_path_of(message))
    assert "¿Quiere que no le enviemos más correos?" in page.content.decode()
    assert "Riverside Dental" in page.content.decode()
    done = Client().post(unsubscribe_path_of(message)).content.decode()
    assert "Para cambiar esto, llame al (614) 555-0100." in done
