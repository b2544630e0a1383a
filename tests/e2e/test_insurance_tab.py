"""A TC adds a patient's primary coverage and records a phone verification."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from casepath.insurance.models import Coverage, InsurancePlan
from casepath.patients.models import Patient, PatientStatus
from tests.e2e.browser import BROWSER_TEST, Demo, sign_in, snapshot

pytestmark = BROWSER_TEST


def test_tc_adds_a_primary_coverage_and_verifies_it_by_phone(page: Any, demo: Demo) -> None:
    # tc starts at Hillcrest (first in name order): pick a Hillcrest patient and plan.
    patient = Patient.objects.filter(
        practice=demo.hillcrest, status=PatientStatus.ACTIVE, coverages__isnull=True
    ).first()
    plan = InsurancePlan.objects.filter(practice=demo.hillcrest).order_by("pk").first()
    assert patient is not None and plan is not None
    sign_in(page, "tc")
    page.goto(f"/patients/{patient.pk}/")
    tabs = page.get_by_role("tablist")
    tabs.get_by_role("tab", name="Insurance").click()
    expect(tabs.get_by_role("tab", name="Insurance")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel")).to_contain_text("No coverage recorded")

    page.get_by_role("link", name="Add a coverage").click()
    page.get_by_label("Plan:", exact=True).select_option(label=str(plan))
    page.get_by_label("Member ID").fill("W20419877")
    page.get_by_label("Effective date").fill("2026-01-01")
    page.get_by_role("button", name="Save coverage").click()

    expect(page).to_have_url(re.compile(rf"/patients/{patient.pk}/insurance/$"))
    panel = page.get_by_role("tabpanel")
    expect(panel.get_by_role("heading", name=f"Primary: {plan.carrier.name}")).to_be_visible()
    expect(panel).to_contain_text("Not verified")
    expect(panel).to_contain_text("W20419877")

    panel.get_by_role("link", name="Record a verification").click()
    expect(page.get_by_label("Method")).to_have_value("phone")
    page.get_by_label("Remaining annual maximum").fill("1200")
    page.get_by_label("Call reference").fill("KD-55120")
    page.get_by_role("button", name="Save verification").click()

    panel = page.get_by_role("tabpanel")
    expect(panel.get_by_role("status")).to_have_text("Verified today by Tessa")
    expect(panel).to_contain_text("Remaining maximum (carrier")
    expect(panel).to_contain_text("$1,200.00")
    expect(panel.get_by_role("row").filter(has_text="KD-55120")).to_contain_text("Phone call")
    snapshot(page, "insurance-tab")
    coverage = Coverage.objects.get(patient=patient)
    assert coverage.member_id == "W20419877"
    assert coverage.eligibility_checks.get().checked_by_name == "Tessa"
