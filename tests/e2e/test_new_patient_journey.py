"""The issue's browser flow for a new patient: the TC captures the first call, books the
first visit, the welcome e-mail (with its PDF) reaches the local SMTP server, the patient
confirms on the e-mail's link, arrives, is welcomed and interviewed and handed off, and
the provider's case opens with the patient's goals carried over.

The clock is frozen on Monday, Nov 2, 2026 at 9:00 in New York, then moved to the visit.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from casepath.cases.models import Case
from casepath.intake.models import Intake
from casepath.messaging.sending import message_send_due
from casepath.scheduling.models import Appointment
from tests.conftest import World, signed_in
from tests.e2e.browser import BROWSER_TEST
from tests.intake.builders import CALLED_AT, VISIT_AT
from tests.smtp import Inbox, local_smtp

pytestmark = BROWSER_TEST
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop

GOALS = "A natural-looking front tooth before my wedding in June"
CONCERN = "I chipped my front tooth and I hide my smile"


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(CALLED_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def inbox(live_server: Any) -> Iterator[Inbox]:
    with (
        local_smtp() as inbox,
        override_settings(CASEPATH_PUBLIC_URL=live_server.url, SMS_MODE="off"),
    ):
        yield inbox


@pytest.fixture
def contexts() -> Iterator[list[Any]]:
    """The browser contexts a test opens, closed once no request is left in flight (a
    request still running in a live server thread would lock the database's flush)."""
    opened: list[Any] = []
    yield opened
    for context in opened:
        for page in context.pages:
            page.wait_for_load_state("networkidle")
        context.close()


def _page_of(browser: Any, live_server: Any, contexts: list[Any], user: Any = None) -> Any:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    if user is not None:
        session = signed_in(user).cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
    contexts.append(context)
    return context.new_page()


def _capture_the_call(page: Any) -> None:
    page.goto("/new-patients/call/")
    page.get_by_label("Caller's name").fill("Nina Patel")
    page.get_by_label("Phone:", exact=True).fill("(614) 555-0142")
    page.locator("#id_caller_email").fill("nina.patel@example.com")
    who = page.locator("#p-0-who")
    who.get_by_label("First name").fill("Nina")
    who.get_by_label("Last name").fill("Patel")
    who.get_by_label("Date of birth").fill("1988-04-12")
    page.get_by_label("Web search or website").check()
    page.get_by_label("Reason for calling").fill("Chipped front tooth")
    page.locator("#id_p-0-chief_concern").fill(CONCERN)
    page.locator("#id_p-0-goals").fill(GOALS)
    page.locator("#id_p-0-fears").fill("Needles")
    page.get_by_role("button", name="Save the call").click()


def _book(page: Any) -> None:
    page.get_by_label("Day and time").fill("2026-11-10T10:00")
    page.get_by_role("button", name="Book the visit").click()


def _the_welcome_email(inbox: Inbox) -> Any:
    # What the worker's task runs (the db_worker command would share the live server's
    # in-memory database connection across threads).
    message_send_due(now=timezone.now())
    [(to, mail)] = inbox.deliveries
    assert to == ["nina.patel@example.com"]
    return mail


def test_from_the_first_call_to_the_case(
    live_server: Any, browser: Any, world: World, clock: Any, inbox: Inbox, contexts: list[Any]
) -> None:
    from playwright.sync_api import expect

    tess = _page_of(browser, live_server, contexts, world.tess)
    _capture_the_call(tess)
    expect(tess).to_have_url(re.compile(r"/new-patients/\d+/$"))
    intake = Intake.objects.get(patient__last_name="Patel")
    expect(tess.locator("main")).to_contain_text("Inquiry")

    _book(tess)
    expect(tess.locator("main")).to_contain_text("Welcome package sent")

    mail = _the_welcome_email(inbox)
    assert (
        mail["Subject"] == "Welcome to Riverside Dental: your first visit on Tuesday, November 10"
    )
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "10:00 am" in text
    [pdf] = [
        part for part in mail.iter_attachments() if part.get_content_type() == "application/pdf"
    ]
    assert pdf.get_content()[:4] == b"%PDF"
    link = re.search(r"(http://\S+/n/confirm/\S+/)", text)
    assert link is not None

    patient = _page_of(browser, live_server, contexts)  # the patient, not signed in
    patient.goto(link.group(1))
    expect(patient.locator("main")).to_contain_text("Tuesday, November 10 at 10:00 a.m.")
    patient.get_by_role("button", name="Confirm my visit").click()
    expect(patient.get_by_role("status")).to_contain_text("your visit is confirmed")
    assert Appointment.objects.get(patient=intake.patient).status == "confirmed"

    clock.move_to(VISIT_AT - timedelta(minutes=5))  # the day of the visit: signed in again
    tess = _page_of(browser, live_server, contexts, world.tess)
    tess.goto(f"/new-patients/{intake.pk}/")
    expect(tess.locator("main")).to_contain_text("Visit confirmed")
    tess.get_by_role("button", name="Arrived").click()
    tess.get_by_label("Tour given").check()
    tess.get_by_role("button", name="Welcomed").click()
    expect(tess.get_by_label("Chief concern")).to_have_value(CONCERN)
    tess.get_by_label("What matters most").fill("Looks natural")
    tess.get_by_role("button", name="Interview done").click()
    tess.get_by_label("Hand off to").select_option(index=1)
    expect(tess.get_by_label("Hand-off note")).to_contain_text("Needles")
    tess.get_by_role("button", name="Hand off").click()
    expect(tess.locator("main")).to_contain_text("Handed off to the provider")

    doc = _page_of(browser, live_server, contexts, world.doc)
    doc.goto(f"/patients/{intake.patient.pk}/")
    expect(doc.locator("main")).to_contain_text(GOALS)  # the hand-off card
    doc.goto(f"/cases/new/?patient={intake.patient.pk}")
    doc.get_by_label("Title").fill("Chipped front tooth")
    doc.get_by_role("button", name=re.compile("Open the case|Create|Save")).click()
    expect(doc).to_have_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get(patient=intake.patient)
    assert (case.chief_concern, case.goals.splitlines()[0]) == (CONCERN, GOALS)
    expect(doc.locator("main")).to_contain_text(GOALS)
    intake.refresh_from_db()
    assert (intake.stage, intake.case) == ("case_created", case)
