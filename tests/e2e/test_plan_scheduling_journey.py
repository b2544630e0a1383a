"""The issue's browser flow for scheduling: from an accepted three-phase implant case, the
TC opens "Schedule the plan", reads the solver's proposal (the surgeon on Tuesdays, 90
days of healing twice), moves one visit so that it breaks the graft's healing and is told
why, puts it back, books every visit in one step, and the patient's e-mail with the
calendar file reaches the local SMTP server.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import icalendar
import pytest
import time_machine
from django.conf import settings
from django.test import override_settings

from casepath.messaging.sending import message_send_due
from casepath.scheduling.models import Appointment
from tests.conftest import World, signed_in
from tests.e2e.browser import BROWSER_TEST
from tests.scheduling.plan_builders import ACCEPTED_AT, accepted_implant_case, build_calendar
from tests.smtp import Inbox, local_smtp

pytestmark = BROWSER_TEST
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(ACCEPTED_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def inbox(live_server: Any) -> Iterator[Inbox]:
    with (
        local_smtp() as inbox,
        override_settings(CASEPATH_PUBLIC_URL=live_server.url, SMS_MODE="off"),
    ):
        yield inbox


def test_an_accepted_case_is_booked_in_one_step(
    live_server: Any, browser: Any, world: World, clock: Any, inbox: Inbox
) -> None:
    from playwright.sync_api import expect

    case = accepted_implant_case(world, build_calendar(world))
    patient = world.patient_a
    patient.email = "ana.lopez@example.com"
    patient.save()
    session = signed_in(world.tess).cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()

    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Schedule the plan").click()
    proposal = page.locator("#plan-proposal")
    expect(proposal).to_contain_text("Extraction and bone graft")
    expect(proposal).to_contain_text("Implant placement")
    rows = proposal.locator("tbody tr[id^=visit-]")
    expect(rows).to_have_count(3)
    day = rows.nth(1).locator("input[type=date]")
    proposed = day.input_value()
    assert proposed == "2026-06-16"  # a Tuesday, 91 days after the graft

    day.fill("2026-05-19")  # a Tuesday, only 63 days after the graft
    page.get_by_role("button", name="Check").click()
    expect(proposal).to_contain_text("at least 90 days")
    page.get_by_role("button", name=re.compile("Book all")).click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert not Appointment.objects.filter(case=case).exists()

    proposal.locator("tbody tr[id^=visit-]").nth(1).locator("input[type=date]").fill(proposed)
    page.get_by_role("button", name=re.compile("Book all")).click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.get_by_role("status").first).to_contain_text("Booked 3 visits")
    page.wait_for_load_state("networkidle")  # the case page done before the database is read
    assert Appointment.objects.filter(case=case).count() == 3

    assert message_send_due(now=ACCEPTED_AT) == 1
    [(to, mail)] = inbox.deliveries
    assert to == ["ana.lopez@example.com"]
    [ics] = [a for a in mail.iter_attachments() if a.get_content_type() == "text/calendar"]
    events = icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")
    assert len(events) == 3
    page.wait_for_load_state("networkidle")  # no request left for the server's threads
    context.close()
