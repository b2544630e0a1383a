"""The treatment coordinator's day in the browser, and the outsider who is not let in."""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.browser import BROWSER_TEST, LOGIN_PAGE, Demo, main_nav, sign_in

pytestmark = BROWSER_TEST

SEARCH_LABEL = "Name, phone, date of birth or chart number"


def switch_practice(page: Any, practice_name: str) -> None:
    page.get_by_role("banner").get_by_label("Practice").select_option(label=practice_name)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Today at {practice_name}")


def search_patients(page: Any, text: str) -> None:
    """Type in the Patients search box; htmx swaps the results in without a page load."""
    main_nav(page).get_by_role("link", name="Patients", exact=True).click()
    expect(page.get_by_role("heading", name="Patients", level=1)).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label(SEARCH_LABEL).fill(text)
    expect(page).to_have_url(re.compile(rf"/patients/\?q={text}"))
    expect(page.locator("#results-count")).to_contain_text("found")
    assert page.evaluate("window.stillTheSamePage"), "the search reloaded the page"


def test_tc_finds_a_patient_switches_practice_and_signs_out(page: Any, demo: Demo) -> None:
    patient = demo.patient
    row_name = f"{patient.last_name}, {patient.first_name}"
    sign_in(page, "tc")
    # tc works at both practices; the first in name order is Hillcrest.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Today at {demo.hillcrest.name}")
    switch_practice(page, demo.riverside.name)

    search_patients(page, demo.search_text)
    results = page.locator("#results")
    expect(results.get_by_role("link", name=row_name)).to_be_visible()
    expect(results.get_by_role("row").filter(has_text=row_name)).to_contain_text(
        patient.chart_number
    )
    results.get_by_role("link", name=row_name).click()

    expect(page).to_have_url(re.compile(rf"/patients/{patient.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(patient.first_name)
    expect(page.get_by_role("heading", level=1)).to_contain_text(patient.last_name)
    facts = page.locator(".patient-header + .facts")
    expect(facts).to_contain_text(f"Chart {patient.chart_number}")
    expect(facts).to_contain_text(f"(age {patient.age(timezone.localdate())})")
    tabs = page.get_by_role("tablist")
    expect(tabs.get_by_role("tab", name="Overview")).to_have_attribute("aria-selected", "true")
    tabs.get_by_role("tab", name="Timeline").click()
    expect(tabs.get_by_role("tab", name="Timeline")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel")).to_contain_text("Opened the overview")

    switch_practice(page, demo.hillcrest.name)
    expect(page.get_by_role("banner").get_by_label("Practice")).to_have_value(
        str(demo.hillcrest.pk)
    )
    search_patients(page, demo.search_text)
    expect(page.locator("#results-count")).to_have_text("0 patients found.")
    expect(page.get_by_role("link", name=row_name)).to_have_count(0)

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(LOGIN_PAGE)
    expect(page.get_by_role("heading", name="Sign in to Casepath")).to_be_visible()
    page.go_back()
    expect(page).to_have_url(LOGIN_PAGE)
    page.goto(f"/patients/{patient.pk}/")
    expect(page).to_have_url(re.compile(rf"/accounts/login/\?next=/patients/{patient.pk}/"))
    expect(page.get_by_text(patient.last_name)).to_have_count(0)


def test_outsider_gets_404_for_a_patient_and_a_tc_403_for_the_audit_trail(
    page: Any, demo: Demo
) -> None:
    sign_in(page, "hillcrest.tc")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Today at {demo.hillcrest.name}")
    expect(page.get_by_role("banner").get_by_label("Practice")).to_have_count(0)

    response = page.goto(f"/patients/{demo.patient.pk}/")

    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text(demo.patient.last_name)).to_have_count(0)
    expect(main_nav(page).get_by_role("link", name="Today")).to_be_visible()

    # A page the role may not open says so, in the same layout (403).
    response = page.goto("/audit/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(page.get_by_role("main")).to_contain_text("Your role cannot see and export the audit")


def test_back_button_after_live_searches_restores_the_whole_page(page: Any, demo: Demo) -> None:
    sign_in(page, "hillcrest.tc", start_at="/patients/")
    # Force the history-cache miss that a full or disabled session storage causes.
    page.evaluate("htmx.config.historyCacheSize = 0")
    search = page.get_by_label(SEARCH_LABEL)
    for text in ("a", "b"):
        # Typed with key presses: Chromium skips history entries pushed without a user
        # activation on Back, and fill() gives none, so the test flaked on fast machines.
        search.clear()
        search.press_sequentially(text)
        # The search waits for a pause in typing; a loaded machine may answer slowly.
        expect(page).to_have_url(re.compile(rf"/patients/\?q={text}"), timeout=15_000)
        expect(page.locator("#results-count")).to_contain_text("found")

    page.go_back()

    # On a loaded machine htmx may push "?q=b" more than Chromium's few seconds of user
    # activation after the key press; Chromium then skips "?q=a" on Back (its history
    # manipulation intervention) and lands on the search page itself. Either way the
    # page must come back whole, never as a fragment.
    expect(page).to_have_url(re.compile(r"/patients/(\?q=a)?$"))
    expect(main_nav(page).get_by_role("link", name="Patients", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Patients", level=1)).to_be_visible()
    if page.url.endswith("?q=a"):
        expect(page.get_by_role("table", name="Patients matching “a”")).to_be_visible()
        expect(page.get_by_label(SEARCH_LABEL)).to_have_value("a")
    else:
        expect(page.get_by_label(SEARCH_LABEL)).to_be_visible()
