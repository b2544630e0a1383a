"""The issue's browser flow: a presented case's first call is on the TC's worklist; she
logs "No answer" and the cadence's next step (the e-mail of day 7) appears.

The clock stands at NOW (2026-04-02 10:00 in New York): the case is presented then,
so the 48-hour call is due on Apr 4 and the e-mail on Apr 9.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.conf import settings

from casepath.cases.presentation_services import present_case
from casepath.followups.models import Task
from tests.cases.builders import two_option_case
from tests.conftest import World, signed_in
from tests.e2e.browser import BROWSER_TEST
from tests.followups.builders import NOW

pytestmark = [*BROWSER_TEST, pytest.mark.usefixtures("at_now")]
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop


@pytest.fixture
def at_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def tess_page(live_server: Any, browser: Any, world: World) -> Iterator[Any]:
    session = signed_in(world.tess).cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    yield context.new_page()
    context.close()


def test_logging_a_call_brings_the_next_step_of_the_cadence(world: World, tess_page: Any) -> None:
    from playwright.sync_api import expect

    case = two_option_case(world).case
    present_case(acting_user=world.tess, case=case, mode="in_person", today=NOW.date(), now=NOW)
    [call] = Task.objects.filter(case=case, status="open")
    assert call.kind == "call" and call.owner == world.tess

    page = tess_page
    page.goto("/follow-ups/")
    row = page.locator(f"#task-{call.pk}")
    expect(row).to_contain_text("Call Ana Lopez")
    expect(row).to_contain_text("follow-up 1 of 6")
    row.get_by_role("button", name="No answer").click()
    expect(row.get_by_role("status")).to_contain_text("Done: No answer")

    page.reload()
    [email] = Task.objects.filter(case=case, status="open")
    assert (email.kind, email.due_at.date().isoformat()) == ("email", "2026-04-09")
    later = page.locator("section[aria-labelledby='later-heading']")
    expect(later.locator(f"#task-{email.pk}")).to_contain_text("E-mail Ana Lopez")
    expect(later.locator(f"#task-{email.pk}")).to_contain_text("follow-up 2 of 6")
    expect(
        later.locator(f"#task-{email.pk}").get_by_role("link", name="Write e-mail")
    ).to_be_visible()
    call.refresh_from_db()
    assert (call.status, call.outcome) == ("done", "no_answer")
