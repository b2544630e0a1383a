"""A TC estimates a crown and an exam, compares two options side by side, and saves them."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from playwright.sync_api import expect

from casepath.estimates.models import Estimate
from casepath.insurance.models import InsurancePlan
from casepath.patients.models import Patient
from tests.builders import build_patient, build_provider
from tests.e2e.browser import BROWSER_TEST, Demo, low_contrast_text, sign_in, snapshot
from tests.estimates.builders import own_fees
from tests.insurance.coverage_builders import build_coverage

pytestmark = BROWSER_TEST
PHONE = {"width": 390, "height": 844}


def insured_patient(demo: Demo) -> Patient:
    """A new Hillcrest patient (tc starts there) on the demo's Keystone PPO, $50 deductible."""
    patient = build_patient(demo.hillcrest, first_name="Esther", last_name="Estimo")
    plan = InsurancePlan.objects.get(practice=demo.hillcrest, employer="Columbus City Schools")
    build_coverage(patient, plan, effective_date=date(2025, 1, 1))
    return patient


def procedure(page: Any, number: int) -> Any:
    return page.get_by_role("group", name=f"Procedure {number}")


def fill_row(page: Any, number: int, code: str, tooth: str = "", option: str = "") -> None:
    row = procedure(page, number)
    row.get_by_label("Code").fill(code)
    if tooth:
        row.get_by_label("Tooth").fill(tooth)
    if option:
        row.get_by_label("Option").fill(option)


def test_tc_estimates_compares_options_and_saves(page: Any, demo: Demo) -> None:
    patient = insured_patient(demo)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, "tc")
    page.goto(f"/patients/{patient.pk}/insurance/")
    page.get_by_role("link", name="New estimate").click()
    expect(page.get_by_role("heading", name="Estimate for")).to_be_visible()
    expect(
        page.get_by_text("Primary · Keystone Dental Benefits · Columbus City Schools")
    ).to_be_visible()

    fill_row(page, 1, "D2740", tooth="30")
    expect(procedure(page, 1)).to_contain_text("All-ceramic crown")  # looked up as typed
    fill_row(page, 2, "D0120")
    page.get_by_role("button", name="Estimate", exact=True).click()
    result = page.locator("#estimate-result")
    crown = result.get_by_role("rowgroup").filter(has_text="All-ceramic crown")
    expect(crown).to_contain_text("Deductible $50.00 applied")
    expect(crown).to_contain_text("$425.00")  # (900 allowed - 50 deductible) x 50%
    expect(result.get_by_role("rowgroup").filter(has_text="Check-up exam")).to_contain_text("100%")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"insurance pays \$472\.00"))
    snapshot(page, "estimate-panel-1280")

    page.get_by_role("button", name="Add a row").click()
    page.get_by_role("button", name="Add a row").click()
    expect(procedure(page, 4)).to_be_visible()
    fill_row(page, 3, "D6010", tooth="30", option="A — Implant")
    fill_row(page, 4, "D6240", tooth="30", option="B — Bridge")
    page.get_by_role("button", name="Estimate", exact=True).click()
    compare = page.get_by_role("table", name="The options side by side")
    expect(compare.get_by_role("columnheader")).to_have_text(["A — Implant", "B — Bridge"])
    expect(compare.get_by_role("row", name=re.compile("^Patient pays"))).to_be_visible()
    expect(page.get_by_role("heading", name="Option A — Implant")).to_be_visible()
    expect(page.get_by_role("heading", name="Option B — Bridge")).to_be_visible()
    snapshot(page, "estimate-options-1280")
    assert low_contrast_text(page) == []
    page.set_viewport_size(PHONE)
    snapshot(page, "estimate-options-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the panel scrolls sideways at 390 px ({width} px)"
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_label("Title").fill("Tooth 30")
    page.get_by_role("button", name="Save 2 estimates").click()
    expect(page).to_have_url(re.compile(rf"/patients/{patient.pk}/estimates/$"))
    expect(page.get_by_text("Saved 2 open estimates, one per option.")).to_be_visible()
    page.get_by_role("link", name="Tooth 30 · A — Implant").click()
    expect(page.get_by_role("heading", name="Tooth 30 · A — Implant")).to_be_visible()
    expect(page.get_by_role("button", name="Re-estimate now")).to_be_visible()
    expect(page.locator(".estimate-table")).to_contain_text("Implant placed in the jaw")
    snapshot(page, "estimate-saved-1280")
    page.set_viewport_size(PHONE)
    snapshot(page, "estimate-saved-390")
    assert sorted(Estimate.objects.filter(patient=patient).values_list("title", flat=True)) == [
        "Tooth 30 · A — Implant",
        "Tooth 30 · B — Bridge",
    ]
    assert errors == []


def test_a_code_without_a_fee_is_named_on_its_row(page: Any, demo: Demo) -> None:
    patient = insured_patient(demo)
    sign_in(page, "tc", start_at=f"/patients/{patient.pk}/estimates/new/")
    fill_row(page, 1, "D2740", tooth="30")
    fill_row(page, 2, "D9999")
    page.get_by_role("button", name="Estimate", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Procedure 2, Code: D9999 has no fee")
    expect(procedure(page, 2)).to_contain_text("D9999 has no fee in the office fee schedule.")
    page.set_viewport_size(PHONE)
    snapshot(page, "estimate-error-390")
    assert not Estimate.objects.filter(patient=patient).exists()


def test_tc_prices_with_the_treating_provider_s_own_fees(page: Any, demo: Demo) -> None:
    patient = insured_patient(demo)
    quill = build_provider(demo.hillcrest, first_name="Rosa", last_name="Quill")
    own_fees(quill, {"D2740": "1777.00"})
    sign_in(page, "tc", start_at=f"/patients/{patient.pk}/estimates/new/")
    fill_row(page, 1, "D2740", tooth="30")
    fill_row(page, 2, "D0120")
    page.get_by_label("Treating provider").select_option(label="Rosa Quill, DDS")
    page.get_by_role("button", name="Estimate", exact=True).click()
    result = page.locator("#estimate-result")
    crown = result.get_by_role("rowgroup").filter(has_text="All-ceramic crown")
    expect(crown).to_contain_text("$1,777.00")
    expect(crown).to_contain_text("Dr Quill's fee")
    exam = result.get_by_role("rowgroup").filter(has_text="Check-up exam")
    expect(exam).not_to_contain_text("Dr Quill")  # no own fee: the office's, without a note
    expect(page.get_by_label("Treating provider")).to_have_value(str(quill.pk))
    page.get_by_label("Title").fill("Crown with Dr Quill")
    page.get_by_role("button", name="Save estimate").click()
    expect(page.get_by_role("heading", name="Crown with Dr Quill")).to_be_visible()
    expect(page.get_by_text("treating provider Rosa Quill, DDS")).to_be_visible()
    expect(page.locator(".estimate-table")).to_contain_text("Dr Quill's fee")
    assert Estimate.objects.get(patient=patient).provider == quill
