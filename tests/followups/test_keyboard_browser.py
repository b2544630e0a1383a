"""The worklist in Chromium, by keyboard: a call logged with Enter comes back closed in
place and keeps the focus; ticking boxes and choosing an owner reassigns them."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from casepath.followups.models import Task
from tests.conftest import World, signed_in
from tests.e2e.browser import BROWSER_TEST
from tests.followups.builders import build_tasks

pytestmark = [*BROWSER_TEST, pytest.mark.usefixtures("at_now")]
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop


@pytest.fixture
def tess_page(live_server: Any, browser: Any, world: World) -> Iterator[Any]:
    """A desktop browser signed in as tess (her session cookie from the test client)."""
    session = signed_in(world.tess).cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    yield context.new_page()
    context.close()


def test_enter_on_an_outcome_logs_the_call_and_the_focus_stays(
    world: World, tess_page: Any
) -> None:
    from playwright.sync_api import expect

    first, overdue, third = build_tasks(world, 3)
    page = tess_page
    page.goto("/follow-ups/")
    row = page.locator(f"#task-{overdue.pk}")
    expect(row.locator(".overdue")).to_have_text("Overdue")
    row.get_by_role("button", name="Left message").focus()
    page.keyboard.press("Enter")
    status = row.get_by_role("status")
    expect(status).to_contain_text("Done: Left message · Tess Tester")
    expect(status).to_be_focused()
    overdue.refresh_from_db()
    assert (overdue.status, overdue.outcome) == ("done", "left_message")

    page.locator(f"#task-{first.pk}").get_by_role("checkbox").press("Space")
    page.locator(f"#task-{third.pk}").get_by_role("checkbox").check()
    page.get_by_label("Reassign the ticked tasks to").select_option(label="Fran Tester")
    page.get_by_role("button", name="Reassign").press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Reassigned 2 task(s) to Fran")
    assert [t.owner.username for t in Task.objects.order_by("pk")] == ["fran", "tess", "fran"]
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("my tasks"))
