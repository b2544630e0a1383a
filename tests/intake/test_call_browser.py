"""The first call in a browser: the clock runs, "Add another patient" adds a row without
a round trip, and typing a patient on file's name and birth date warns before saving."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings

from casepath.intake.models import Call, Intake
from casepath.patients.models import Patient
from tests.conftest import World, signed_in
from tests.e2e.browser import BROWSER_TEST
from tests.intake.builders import CALLED_AT

pytestmark = [*BROWSER_TEST, pytest.mark.usefixtures("at_call_time")]
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop


@pytest.fixture
def at_call_time() -> Iterator[Any]:
    with time_machine.travel(CALLED_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def tess_page(live_server: Any, browser: Any, world: World) -> Iterator[Any]:
    session = signed_in(world.tess).cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    yield context.new_page()
    context.close()


def test_the_call_clock_runs(world: World, tess_page: Any, at_call_time: Any) -> None:
    from playwright.sync_api import expect

    page = tess_page
    page.goto("/new-patients/call/")
    clock = page.locator("#call-clock")
    expect(clock).to_have_text(re.compile(r"^00:0\d$"))
    first = clock.inner_text()
    page.wait_for_timeout(1500)
    later = clock.inner_text()
    assert re.fullmatch(r"00:0\d", later) and later != first
    hint = page.locator("#call-hint")
    expect(hint).to_be_hidden()  # no hint before 12 minutes

    # A refused save redraws the form: the clock goes on from the call's start.
    at_call_time.shift(timedelta(minutes=12, seconds=30))
    page.get_by_role("button", name="Save the call").click()
    expect(page.get_by_role("alert").first).to_contain_text("The call is not saved yet")
    expect(clock).to_have_text(re.compile(r"^12:3\d$"))
    expect(hint).to_have_text("12 minutes: time to agree on the first visit.")
    at_call_time.shift(timedelta(minutes=3))
    page.get_by_role("button", name="Save the call").click()
    expect(clock).to_have_text(re.compile(r"^15:3\d$"))
    expect(hint).to_contain_text("15 minutes: the first call usually ends about now.")
    assert Call.objects.count() == 0


def test_a_patient_on_file_is_flagged_while_typing(world: World, tess_page: Any) -> None:
    from playwright.sync_api import expect

    page = tess_page
    page.goto("/new-patients/call/")
    who = page.locator("#p-0-who")
    who.get_by_label("Last name").fill("Lopez")
    who.get_by_label("Date of birth").fill("1985-04-12")
    who.get_by_label("Date of birth").press("Tab")

    warning = page.locator("#p-0-duplicates")
    expect(warning).to_contain_text("This may be a patient already on file.")
    expect(warning).to_contain_text("Ana Lopez")
    expect(warning).to_contain_text("Same last name and date of birth")
    assert Call.objects.count() == 0

    # One choice per patient: on file, or a new record.
    them = warning.get_by_label(re.compile("This is them"))
    someone_else = warning.get_by_label("Not the same person: make a new record")
    someone_else.check()
    them.check()
    expect(someone_else).not_to_be_checked()

    # A second patient, added in the page; the later steps name each patient.
    page.get_by_role("button", name="Add another patient").click()
    second = page.locator("#p-1-who")
    expect(second.get_by_label("First name")).to_be_focused()
    second.get_by_label("First name").fill("Mia")
    second.get_by_label("Last name").fill("Lopez")
    expect(page.locator("#rows-about")).to_contain_text("For Mia Lopez")
    assert page.locator("#id_p-TOTAL_FORMS").input_value() == "2"

    # Ana's record is chosen; the call saves with the second patient as new.
    second.get_by_label("Date of birth").fill("2016-03-03")
    page.get_by_label("Caller's name").fill("Ana Lopez")
    page.get_by_label("Phone:", exact=True).fill("(614) 555-0101")
    page.get_by_label("Patient referral").check()
    page.get_by_label("Reason for calling").fill("Check-ups for mother and daughter")
    page.get_by_role("button", name="Save the call").click()
    expect(page).to_have_url(re.compile(r"/new-patients/\d+/$"))
    intakes = list(Intake.objects.order_by("pk"))
    assert [i.patient.first_name for i in intakes] == ["Ana", "Mia"]
    assert intakes[0].patient == world.patient_a
    assert Patient.objects.filter(last_name="Lopez").count() == 2
