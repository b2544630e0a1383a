"""A TC enters a plan from a preset on the phone with the carrier, and sees it in the list.

Set CASEPATH_E2E_SCREENSHOTS=/some/folder to keep screenshots of the insurance pages.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from casepath.insurance.models import FeeSchedule, InsurancePlan
from tests.e2e.browser import BROWSER_TEST, Demo, main_nav, sign_in, snapshot

pytestmark = BROWSER_TEST

PRESET = "100/80/50, $50 deductible, $1,500 maximum"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def test_tc_adds_a_plan_from_a_preset_and_changes_crowns(page: Any, demo: Demo) -> None:
    sign_in(page, "tc")
    main_nav(page).get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Plans", exact=True).click()
    expect(page.get_by_role("heading", name="Plans", level=1)).to_be_visible()
    page.get_by_role("link", name="Add a plan").click()

    page.get_by_label("Carrier").select_option(label="Summit Mutual Dental")
    page.get_by_label("Employer").fill("Maple Grove Library")
    page.get_by_label("Group number").fill("SMD-7781")
    page.get_by_label("Start from a common design").select_option(label=PRESET)
    # htmx swaps the design in: the grid now holds the preset's percents.
    expect(page.get_by_label("Preventive percent")).to_have_value("100")
    expect(page.get_by_label("Crowns percent")).to_have_value("50")
    expect(page.get_by_label("Annual maximum, each person")).to_have_value("1500.00")
    page.get_by_label("Crowns percent").fill("60")
    page.get_by_role("button", name="Save plan").click()

    expect(page).to_have_url(re.compile(r"/insurance/plans/$"))
    expect(page.get_by_role("status")).to_contain_text("Plan Summit Mutual Dental")
    row = page.get_by_role("row").filter(has_text="Maple Grove Library")
    expect(row).to_contain_text("100/80/60 · $50 ded · $1,500 max")
    expect(row).to_contain_text("SMD-7781")
    plan = InsurancePlan.objects.get(employer="Maple Grove Library")
    assert {"category": "crowns", "percent": 60} in plan.benefits["coverage"]
    assert plan.practice == demo.hillcrest  # tc starts at Hillcrest, first in name order


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1280"])
def test_insurance_pages_fit_the_screen(browser: Any, demo: Demo, size: dict[str, int]) -> None:
    context = browser.new_context(
        base_url=demo.base_url, viewport=size, is_mobile=size is PHONE, has_touch=size is PHONE
    )
    page = context.new_page()
    sign_in(page, "manager")
    schedule = FeeSchedule.objects.filter(practice=demo.riverside).order_by("pk").first()
    plan = InsurancePlan.objects.filter(practice=demo.riverside).order_by("pk").first()
    assert schedule is not None and plan is not None
    for name, url in (
        ("plans", "/insurance/plans/"),
        ("plan-edit", f"/insurance/plans/{plan.pk}/edit/"),
        ("carriers", "/insurance/carriers/"),
        ("fee-schedules", "/insurance/fees/"),
        ("fee-schedule", f"/insurance/fees/{schedule.pk}/"),
        ("fee-import", f"/insurance/fees/{schedule.pk}/import/"),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        snapshot(page, f"insurance-{size['width']}-{name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{url} is {width} px wide at {size['width']} px"
    context.close()
