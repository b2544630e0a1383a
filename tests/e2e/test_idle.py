"""Idle logoff in the browser: a warning first, then the screen goes back to sign-in.

With CASEPATH_IDLE_SECONDS = 5, idle.js warns after 3 s and signs out after 5 s.
These are the only browser tests that wait on the clock.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from casepath.demo.generator import DEMO_PASSWORD
from tests.e2e.browser import BROWSER_TEST, LOGIN_PAGE, Demo, sign_in

pytestmark = BROWSER_TEST

IDLE_SECONDS = 5
SERVER_ONLY_IDLE_SECONDS = 2
WARNING_AFTER_MS = 3_000
PATIENCE_MS = 4_000  # slack for a slow machine on top of each timer
IDLE_MESSAGE = "You were signed out after a period without activity."


def today_heading(page: Any, demo: Demo) -> Any:
    return page.get_by_role("heading", name=f"Today at {demo.hillcrest.name}")


def test_idle_warning_then_sign_out_and_stay_signed_in(
    page: Any, demo: Demo, settings: Any
) -> None:
    settings.CASEPATH_IDLE_SECONDS = IDLE_SECONDS
    sign_in(page, "hillcrest.tc")
    warning = page.get_by_role("alertdialog")
    stay = warning.get_by_role("button", name="Stay signed in")
    expect(warning).to_be_hidden()

    expect(warning).to_be_visible(timeout=WARNING_AFTER_MS + PATIENCE_MS)
    expect(stay).to_be_focused()
    stay.click()
    expect(warning).to_be_hidden()
    # Seen again 3 s after the click: past the first 5 s deadline, still signed in.
    expect(warning).to_be_visible(timeout=WARNING_AFTER_MS + PATIENCE_MS)
    expect(today_heading(page, demo)).to_be_visible()

    expect(page).to_have_url(LOGIN_PAGE, timeout=IDLE_SECONDS * 1000)
    expect(page.get_by_role("status").filter(has_text=IDLE_MESSAGE)).to_be_visible()
    expect(today_heading(page, demo)).to_have_count(0)

    page.get_by_label("Username").fill("hillcrest.tc")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(today_heading(page, demo)).to_be_visible()


def test_server_ends_an_idle_session_and_a_live_search_goes_to_sign_in(
    context: Any, demo: Demo, settings: Any
) -> None:
    """Without idle.js (blocked here), the server still refuses the idle session."""
    settings.CASEPATH_IDLE_SECONDS = SERVER_ONLY_IDLE_SECONDS
    context.route(
        "**/idle.js", lambda route: route.fulfill(body="", content_type="text/javascript")
    )
    page = context.new_page()
    sign_in(page, "hillcrest.tc", start_at="/patients/")
    search = page.get_by_label("Name, phone, date of birth or chart number")
    expect(search).to_be_visible()

    page.wait_for_timeout((SERVER_ONLY_IDLE_SECONDS + 1) * 1000)
    search.fill(demo.search_text)

    # The whole page goes to sign-in; the login form is not swapped into the results.
    expect(page).to_have_url(LOGIN_PAGE)
    expect(page.get_by_role("status").filter(has_text=IDLE_MESSAGE)).to_be_visible()
    expect(page.get_by_role("heading", name="Sign in to Casepath")).to_have_count(1)
    expect(page.get_by_label("Name, phone, date of birth or chart number")).to_have_count(0)
