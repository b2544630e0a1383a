"""Accessibility basics in the browser: labels, landmarks, focus order, contrast."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from casepath.patients.models import Patient
from tests.e2e.browser import (
    BROWSER_TEST,
    SECTIONS,
    Demo,
    focus_outline_contrast,
    low_contrast_text,
    main_nav,
    sign_in,
    snapshot,
)

pytestmark = BROWSER_TEST

FORM_CONTROLS = "input:not([type=hidden]), select, textarea, button"
SOME_NAME = re.compile(r"\w")


def assert_every_control_is_named(page: Any) -> None:
    controls = page.locator(FORM_CONTROLS).filter(visible=True)
    expect(controls.first).to_be_attached()
    for control in controls.all():
        expect(control).to_have_accessible_name(SOME_NAME)


def assert_readable(page: Any) -> None:
    assert low_contrast_text(page) == [], page.url


def assert_landmarks(page: Any) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    for navigation in page.get_by_role("navigation").all():
        expect(navigation).to_have_accessible_name(SOME_NAME)


def test_login_page_is_labelled_landmarked_and_readable(page: Any, demo: Demo) -> None:
    page.goto("/accounts/login/")
    snapshot(page, "login")
    assert_landmarks(page)
    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.get_by_label("Username")).to_be_editable()
    expect(page.get_by_label("Password")).to_have_attribute("type", "password")
    assert_every_control_is_named(page)
    assert_readable(page)

    page.get_by_label("Username").fill("tc")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_readable(page)


def test_workbench_pages_are_labelled_landmarked_and_readable(page: Any, demo: Demo) -> None:
    sign_in(page, "hillcrest.tc")
    hillcrest_patient = Patient.objects.filter(practice=demo.hillcrest).order_by("pk").first()
    assert hillcrest_patient is not None
    for url in (
        "/",
        "/patients/?q=a",
        f"/patients/{hillcrest_patient.pk}/",
        f"/patients/{hillcrest_patient.pk}/timeline/",
        "/patients/new/",
        "/accounts/settings/",
    ):
        page.goto(url)
        assert_landmarks(page)
        expect(main_nav(page).get_by_role("link")).to_have_text(SECTIONS)
        assert_every_control_is_named(page)
        assert_readable(page)


def test_patient_form_labels_and_errors_belong_to_their_fields(page: Any, demo: Demo) -> None:
    sign_in(page, "hillcrest.tc", start_at="/patients/new/")
    for label in ("First name", "Last name", "Date of birth", "Mobile phone", "Email"):
        expect(page.get_by_label(label, exact=False).first).to_be_editable()
    expect(page.get_by_label("Consents to text messages")).to_have_attribute("type", "checkbox")

    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert").first).to_contain_text("Please correct the fields")
    first_name = page.get_by_label("First name")
    expect(first_name).to_have_attribute("aria-invalid", "true")
    expect(first_name).to_have_accessible_description(re.compile("required", re.IGNORECASE))
    assert_readable(page)


def test_skip_link_is_the_first_tab_stop_and_focus_follows_the_page(page: Any, demo: Demo) -> None:
    sign_in(page, "tc")
    banner = page.get_by_role("banner")
    skip = page.get_by_role("link", name="Skip to content")
    in_order = [
        skip,
        banner.get_by_role("link", name="Casepath"),
        banner.get_by_label("Practice"),
        banner.get_by_role("button", name="Sign out"),
        *(main_nav(page).get_by_role("link", name=section, exact=True) for section in SECTIONS),
        page.get_by_role("main").get_by_label("Name, phone, date of birth or chart number"),
    ]
    for stop in in_order:
        page.keyboard.press("Tab")
        expect(stop).to_be_focused()
        assert focus_outline_contrast(page) >= 3, "focus ring hard to see"

    page.reload()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Name, phone, date of birth or chart number")).to_be_focused()


def test_reports_pages_are_labelled_landmarked_and_readable(page: Any, demo: Demo) -> None:
    """The Reports area: the dashboard, the monthly reports, collections and its import,
    commission statements and plans (a manager sees every control)."""
    sign_in(page, "manager")
    for url in (
        "/reports/",
        "/reports/definitions/",
        "/reports/monthly/",
        "/payments/",
        "/payments/import/",
        "/compensation/",
        "/compensation/plans/new/",
    ):
        page.goto(url)
        assert_landmarks(page)
        expect(main_nav(page).get_by_role("link", name="Reports", exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        assert_every_control_is_named(page)
        assert_readable(page)
