"""The calendar in a browser: the desk opens a day, books an appointment from a provider's
column (choosing a type fills its length), sees it in that column and marks it arrived.

The clock stands at Tuesday March 10, 2026, 10:00 in New York; the visit is on Wednesday.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.conf import settings

from casepath.scheduling.models import Appointment
from tests.conftest import World, signed_in
from tests.e2e.browser import BROWSER_TEST
from tests.scheduling.plan_builders import build_calendar

pytestmark = [*BROWSER_TEST, pytest.mark.usefixtures("at_now")]
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
DASH = "\N{EN DASH}"


@pytest.fixture
def at_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def fran_page(live_server: Any, browser: Any, world: World) -> Iterator[Any]:
    session = signed_in(world.fran).cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    yield context.new_page()
    context.close()


def test_book_an_appointment_and_mark_it_arrived(world: World, fran_page: Any) -> None:
    from playwright.sync_api import expect

    calendar = build_calendar(world)
    page = fran_page
    page.goto("/schedule/?day=2026-03-11")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Schedule for Wednesday, March 11, 2026"
    )
    column = page.locator(f"#provider-{calendar.dentist.pk}")
    expect(column.locator(".block")).to_have_count(0)

    page.get_by_role("link", name="Book with Nunez").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New appointment")
    expect(page.get_by_label("Provider")).to_have_value(str(calendar.dentist.pk))
    expect(page.get_by_label("Day and time")).to_have_value("2026-03-11T08:00")
    page.get_by_label("Patient's chart number").fill(world.patient_a.chart_number)
    page.get_by_label("Type").select_option(label="Crown (90 min)")
    expect(page.get_by_label("Length (minutes)")).to_have_value("90")
    page.get_by_label("Day and time").fill("2026-03-11T09:00")
    page.get_by_label("Reason").fill("Crown preparation")
    page.get_by_role("button", name="Book").click()

    expect(page.get_by_role("status").first).to_contain_text("Booked Ana Lopez on Wednesday")
    [visit] = Appointment.objects.all()
    assert (visit.duration_minutes, visit.reason) == (90, "Crown preparation")
    block = column.locator(f"#appointment-{visit.pk}")
    expect(block).to_contain_text("Ana Lopez")
    expect(block).to_contain_text(f"9:00{DASH}10:30")
    expect(block.locator(".appt-status")).to_have_text("Scheduled")

    block.hover()
    block.get_by_role("button", name="Arrived").click()
    expect(block.locator(".appt-status")).to_have_text("Arrived")
    expect(block.get_by_role("button", name="Completed")).to_be_visible()
    visit.refresh_from_db()
    assert visit.status == "arrived"
