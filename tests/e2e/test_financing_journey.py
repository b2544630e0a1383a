"""Ways to pay for an accepted case: the TC looks at the options on the case page and what
fits the patient's budget; the patient, on a phone, opens the link, moves the slider
between down payment and monthly payment, chooses the payment plan and signs its
agreement; the signed plan and its schedule are on the patient's financing tab.

The case is set up through the services (the case journey walks those pages): planned,
estimated, presented with a link, and accepted by the patient's signed consent. Every
step about money goes through the pages.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from casepath.cases import links, plan_services, presentation_services
from casepath.cases import services as case_services
from casepath.cases.consent_services import Signature, consent_sign
from casepath.cases.models import Case, CaseType, PatientLink
from casepath.financing import options, services
from casepath.financing.models import PaymentPlan, PlanInstalment, PlanStatus
from casepath.patients.models import Patient
from casepath.tenancy.models import Provider
from tests.e2e.browser import BROWSER_TEST, Demo, sign_in, snapshot
from tests.e2e.test_case_journey import (
    PHONE,
    draw_signature,
    english_patient,
    no_sideways_scroll,
    settle,
)

pytestmark = BROWSER_TEST
STEPS_RIGHT = 5


def accepted_case(demo: Demo) -> tuple[Case, str]:
    """An implant (two phases) or a bridge for a Hillcrest patient, presented with a link,
    accepted as the implant by the patient's consent. Returns the case and the link."""
    patient = english_patient(demo)
    tc = get_user_model().objects.get(username="tc")
    dentist = Provider.objects.filter(
        practice=demo.hillcrest, is_external=False, is_active=True, kind="dentist"
    ).first()
    today, now = timezone.localdate(), timezone.now()
    case = case_services.case_create(
        acting_user=tc,
        patient=patient,
        diagnosing_provider=dentist,
        title="Missing lower left molar",
        case_type=CaseType.FROM_HYGIENE,
        diagnosed_on=today,
        coordinator=tc,
        missing_teeth="19",
    )
    implant = plan_services.option_add(acting_user=tc, case=case, name="Implant", recommended=True)
    plan_services.procedure_add(
        acting_user=tc, phase=implant.phases.get(), code="D6010", tooth="19"
    )
    crown = plan_services.phase_add(acting_user=tc, option=implant, name="Crown")
    plan_services.procedure_add(acting_user=tc, phase=crown, code="D6058", tooth="19")
    bridge = plan_services.option_add(acting_user=tc, case=case, name="Bridge")
    for code, tooth in (("D6750", "18"), ("D6240", "19"), ("D6750", "20")):
        plan_services.procedure_add(
            acting_user=tc, phase=bridge.phases.get(), code=code, tooth=tooth
        )
    case_services.case_move(acting_user=tc, case=case, to="ready")
    presentation = presentation_services.present_case(
        acting_user=tc, case=case, mode="remote", today=today, now=now
    )
    link, token = links.link_make(acting_user=tc, presentation=presentation, now=now)
    name = f"{patient.first_name} {patient.last_name}"
    consent_sign(
        link=link,
        option_id=implant.pk,
        signature=Signature(kind="typed", value=name, signer_name=name),
        ip_address="127.0.0.1",
        now=now,
        today=today,
    )
    case.refresh_from_db()
    assert case.status == "accepted" and case.accepted_option_id == implant.pk
    return case, f"{demo.base_url}/p/{token}/"


def test_the_patient_moves_the_slider_and_signs_the_payment_plan(
    browser: Any, page: Any, demo: Demo
) -> None:
    # The practice charges 9.9% a year on its plans (the demo's policy is interest-free).
    services.financial_policy_update(
        acting_user=None, practice=demo.hillcrest, apr_percent=Decimal("9.90")
    )
    case, link_url = accepted_case(demo)
    patient = case.patient
    ways = implant_ways(case)
    staff_errors: list[str] = []
    page.on("pageerror", lambda error: staff_errors.append(str(error)))
    sign_in(page, "tc", start_at=f"/cases/{case.pk}/")
    tc_prepares_the_options(page, case, ways)

    phone = browser.new_context(viewport=PHONE)
    patient_page = phone.new_page()
    patient_errors: list[str] = []
    patient_page.on("pageerror", lambda error: patient_errors.append(str(error)))
    try:
        patient_chooses_on_the_slider(patient_page, link_url, patient, ways)
        patient_signs_the_agreement(patient_page, patient)
    finally:
        phone.close()

    plan = PaymentPlan.objects.get(case=case)
    the_plan_is_on_the_financing_tab(page, patient, plan, ways)
    assert staff_errors == []
    assert patient_errors == []


def implant_ways(case: Case) -> options.OptionWays:
    """What the pages must show: the core's figures for the accepted implant."""
    offer = options.practice_offer(case.practice)
    [implant] = options.case_ways(case, offer, timezone.localdate())
    assert implant.name == "Implant" and len(implant.slider) > STEPS_RIGHT
    return implant


def tc_prepares_the_options(page: Any, case: Case, ways: options.OptionWays) -> None:
    """The case page's Ways to pay: the accepted implant compared, then the budget mode."""
    section = page.locator("#case-financing")
    expect(section.get_by_role("heading", name="Ways to pay", level=2)).to_be_visible()
    settle(page)
    implant = section.get_by_role("article", name=re.compile(r"^Implant"))
    expect(implant.get_by_role("heading", level=3)).to_contain_text(f"${ways.owed:,.2f}")
    plan = next(a for a in ways.arrangements if a.kind == "in_house")
    row = implant.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile("^Payment plan with us"))
    )
    expect(row).to_contain_text(f"${plan.monthly:,.2f}")
    expect(row).to_contain_text(f"${plan.total_cost_to_patient:,.2f}")
    expect(section.get_by_role("article", name=re.compile(r"^Bridge"))).to_have_count(0)

    # The slider works in the section htmx loaded: one step right, the next point shows.
    implant.get_by_role("slider", name=re.compile("^Down payment or monthly payment")).focus()
    page.keyboard.press("ArrowRight")
    expect(implant.locator("[data-show=down]")).to_have_text(f"${ways.slider[1].down_payment:,.2f}")
    expect(implant.locator("[data-show=monthly]")).to_have_text(f"${ways.slider[1].monthly:,.2f}")

    implant.locator("summary").filter(has_text="Budget mode").click()
    budget = round(plan.monthly) + 10
    implant.get_by_label("Monthly budget").fill(str(budget))
    implant.get_by_role("button", name=re.compile("^What fits")).click()
    settle(page)
    offer = options.practice_offer(case.practice)
    words = options.budget_for(
        ways, offer, timezone.localdate(), monthly_budget=Decimal(budget), down_payment=None
    ).words
    result = page.locator("#case-financing").get_by_role("status")
    expect(result.filter(has_text=words)).to_be_visible()
    snapshot(page, "financing-case-1280")


def patient_chooses_on_the_slider(
    page: Any, link_url: str, patient: Patient, ways: options.OptionWays
) -> None:
    born = patient.date_of_birth
    page.goto(link_url)
    for label, value in (("Month", born.month), ("Day", born.day), ("Year", born.year)):
        page.get_by_label(label, exact=True).fill(str(value))
    page.get_by_role("button", name="Open my plan").click()
    expect(
        page.get_by_text("Thank you. Your signed plan was sent to your dental office.")
    ).to_be_visible()
    page.get_by_role("link", name="Ways to pay").click()

    expect(page.get_by_role("heading", name="Ways to pay", level=1)).to_be_visible()
    expect(page.get_by_text(f"Your part is ${ways.owed:,.2f}.")).to_be_visible()
    slider = page.get_by_role("slider", name="Pay today")
    first, moved = ways.slider[0], ways.slider[STEPS_RIGHT]
    figures = page.locator(".pay-figures")
    expect(figures.locator("[data-show=down]")).to_have_text(f"${first.down_payment:,.2f}")
    slider.focus()
    for _ in range(STEPS_RIGHT):
        page.keyboard.press("ArrowRight")
    expect(figures.locator("[data-show=down]")).to_have_text(f"${moved.down_payment:,.2f}")
    expect(figures.locator("[data-show=monthly]")).to_have_text(f"${moved.monthly:,.2f}")
    expect(slider).to_have_attribute(
        "aria-valuetext", re.compile(rf"^Pay \${moved.down_payment:,.2f} today\.")
    )
    no_sideways_scroll(page, "the ways to pay")
    snapshot(page, "financing-patient-slider-390")
    page.get_by_role("button", name="Choose this plan").click()


def patient_signs_the_agreement(page: Any, patient: Patient) -> None:
    expect(page.get_by_role("heading", name="Your payment plan", level=1)).to_be_visible()
    box = page.locator(".til-box")
    for term in (
        "ANNUAL PERCENTAGE RATE",
        "FINANCE CHARGE",
        "Amount Financed",
        "Total of Payments",
    ):
        expect(box.get_by_text(term, exact=True)).to_be_visible()
    expect(box).to_contain_text("9.90%")
    expect(page.get_by_text("Your payment schedule will be:")).to_be_visible()
    page.get_by_role("radio", name="Draw your signature").check()
    page.get_by_role("img", name="Signature").scroll_into_view_if_needed()  # below the schedule
    draw_signature(page)
    expect(
        page.get_by_role("status").filter(has_text="Your signature is in the box.")
    ).to_be_visible()
    page.get_by_label("Name of the person who signs").fill(
        f"{patient.first_name} {patient.last_name}"
    )
    page.get_by_role("checkbox", name="I agree to pay as this plan says.").check()
    no_sideways_scroll(page, "the payment plan agreement")
    snapshot(page, "financing-patient-agreement-390")
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_text("Thank you. Your payment plan is signed.")).to_be_visible()
    expect(page.get_by_role("link", name="Save the signed plan")).to_be_visible()
    no_sideways_scroll(page, "the signed agreement")


def the_plan_is_on_the_financing_tab(
    page: Any, patient: Patient, plan: PaymentPlan, ways: options.OptionWays
) -> None:
    moved = ways.slider[STEPS_RIGHT]
    assert (plan.status, plan.down_payment) == (PlanStatus.SIGNED, moved.down_payment)
    assert plan.signature.startswith("data:image/png;base64,")
    with plan.pdf.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == plan.pdf_sha256
    page.goto(f"/patients/{patient.pk}/financing/")
    link = page.get_by_role("link", name=f"${plan.amount_financed:,.2f} financed, monthly")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name=re.compile(r"^Payment plan of"))).to_be_visible()
    schedule = page.get_by_role("table", name="Payment schedule")
    lines = PlanInstalment.objects.filter(plan=plan).order_by("number")
    expect(schedule.locator("tbody tr")).to_have_count(len(lines))
    first = schedule.locator("tbody tr").first
    expect(first).to_contain_text(f"${moved.monthly:,.2f}")
    expect(first).to_contain_text(lines[0].due.strftime("%m/%d/%Y"))
    assert PatientLink.objects.filter(case=plan.case).count() == 1
