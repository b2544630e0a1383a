"""One layout from a 390 px phone to a 1280 px desktop: every section, no sideways scrolling.

Set CASEPATH_E2E_SCREENSHOTS=/some/folder to keep full-page screenshots to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import (
    BROWSER_TEST,
    SECTIONS,
    Demo,
    main_nav,
    sign_in,
    snapshot,
)

pytestmark = BROWSER_TEST

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def phone(browser: Any, demo: Demo) -> Iterator[Any]:
    context = browser.new_context(
        base_url=demo.base_url, viewport=PHONE, is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


def pages_of_the_workbench(demo: Demo) -> list[tuple[str, str]]:
    patient = demo.patient.pk
    return [
        ("today", "/"),
        ("patients", f"/patients/?q={demo.search_text}"),
        ("patient", f"/patients/{patient}/"),
        ("patient-timeline", f"/patients/{patient}/timeline/"),
        ("patient-edit", f"/patients/{patient}/edit/"),
        ("settings", "/accounts/settings/"),
        ("not-found", "/patients/0/"),
    ]


def sign_in_at_riverside(page: Any, demo: Demo) -> None:
    sign_in(page, "tc")
    page.get_by_role("banner").get_by_label("Practice").select_option(label=demo.riverside.name)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Today at {demo.riverside.name}")


def test_desktop_navigation_shows_every_section_in_one_row(page: Any, demo: Demo) -> None:
    sign_in(page, "tc")
    links = main_nav(page).get_by_role("link")
    expect(links).to_have_text(SECTIONS)
    tops = {round(box["y"]) for box in (link.bounding_box() for link in links.all())}
    assert len(tops) == 1, "the sections wrap onto a second line at 1280 px"

    for section in SECTIONS:
        main_nav(page).get_by_role("link", name=section, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(section)
        current = main_nav(page).locator("[aria-current=page]")
        expect(current).to_have_text(section)


@pytest.mark.parametrize("width", [PHONE["width"], DESKTOP["width"]])
def test_no_page_scrolls_sideways(browser: Any, demo: Demo, width: int) -> None:
    size = PHONE if width == PHONE["width"] else DESKTOP
    context = browser.new_context(base_url=demo.base_url, viewport=size, is_mobile=size is PHONE)
    page = context.new_page()
    sign_in_at_riverside(page, demo)
    for name, url in pages_of_the_workbench(demo):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        snapshot(page, f"{width}-{name}")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{url} is {scroll_width} px wide at {width} px"
    context.close()


def test_phone_reaches_every_section_and_the_patient_tabs(phone: Any, demo: Demo) -> None:
    sign_in_at_riverside(phone, demo)
    for section in SECTIONS:
        link = main_nav(phone).get_by_role("link", name=section, exact=True)
        link.scroll_into_view_if_needed()
        expect(link).to_be_in_viewport()
    main_nav(phone).get_by_role("link", name="Settings").click()
    expect(phone.get_by_role("heading", name="Settings", level=1)).to_be_visible()

    phone.goto(f"/patients/{demo.patient.pk}/")
    timeline = phone.get_by_role("tab", name="Timeline")
    timeline.scroll_into_view_if_needed()
    expect(timeline).to_be_in_viewport()
    timeline.click()
    expect(timeline).to_have_attribute("aria-selected", "true")
    expect(phone.get_by_role("button", name="Sign out")).to_be_in_viewport()
