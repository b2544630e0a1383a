"""A case from diagnosis to signature: the TC builds and presents a two-option plan, the
patient opens the link on a phone, chooses the implant and signs; the signed consent PDF
is kept. Then the link expires, and a user of the other practice finds nothing.

Every step a person takes goes through the pages. The ORM only picks the demo patient
and the providers, reads the results, and makes the link expire.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from playwright.sync_api import expect

from casepath.cases.links import token_hash
from casepath.cases.models import Case, Consent, PatientLink, PlannedProcedure
from casepath.insurance.models import Fee, FeeScheduleKind
from casepath.patients.models import Patient, PatientStatus
from casepath.tenancy.models import Provider
from tests.e2e.browser import BROWSER_TEST, Demo, sign_in, snapshot
from tests.e2e.conftest import DESKTOP

pytestmark = BROWSER_TEST
PHONE = {"width": 390, "height": 844}
PLANNED = ("D6010", "D6058", "D6240", "D6750")
OUTSIDER = "manager"  # works at Riverside only; the case is at Hillcrest


def english_patient(demo: Demo) -> Patient:
    """A Hillcrest patient (tc starts there) who reads English and has no case yet."""
    patient = (
        Patient.objects.filter(
            practice=demo.hillcrest, status=PatientStatus.ACTIVE, preferred_language="English"
        )
        .exclude(cases__isnull=False)
        .order_by("last_name_key", "pk")
        .first()
    )
    assert patient is not None, "the demo seed has no English-speaking Hillcrest patient"
    return patient


def office_fee_codes(demo: Demo) -> set[str]:
    fees = Fee.objects.filter(
        schedule__practice=demo.hillcrest,
        schedule__kind=FeeScheduleKind.OFFICE,
        schedule__provider__isnull=True,
    )
    return set(fees.values_list("code", flat=True))


def settle(page: Any) -> None:
    """Wait until no htmx request is under way (a plan change also reloads the
    presentations section: the next click must not race it, see sections_loaded)."""
    expect(page.locator(".htmx-request")).to_have_count(0)


def sections_loaded(page: Any) -> None:
    """Wait for the case page's plan and presentations sections (htmx, on load)."""
    expect(plan(page).get_by_role("heading", name=re.compile("^Plan"))).to_be_visible()
    presentations = page.locator("#case-presentations")
    expect(presentations.get_by_role("heading", name="Presentations")).to_be_visible()
    settle(page)


def plan(page: Any) -> Any:
    return page.locator("#case-plan")


def option_card(page: Any, name: str) -> Any:
    return plan(page).get_by_role("article", name=re.compile(rf"^{name}\b"))


def open_form(scope: Any, summary: str, button: str) -> Any:
    """Open the <details> named `summary` and return the form whose button is `button`."""
    scope.locator("summary").filter(has_text=re.compile(rf"^{re.escape(summary)}$")).click()
    form = scope.locator("form").filter(has=scope.page.get_by_role("button", name=button))
    expect(form).to_be_visible()
    return form


def add_option(page: Any, name: str, *, recommended: bool = False) -> None:
    form = open_form(plan(page), "Add an option", "Add option")
    form.get_by_label("Name").fill(name)
    if recommended:
        form.get_by_label("Recommended").check()
    form.get_by_role("button", name="Add option").click()
    expect(option_card(page, name)).to_be_visible()
    settle(page)


def add_phase(page: Any, option: str, name: str) -> None:
    form = open_form(option_card(page, option), f"Add a phase to {option}", "Add phase")
    form.get_by_label("Phase name").fill(name)
    form.get_by_role("button", name="Add phase").click()
    expect(option_card(page, option).get_by_role("heading", name=f": {name}")).to_be_visible()
    settle(page)


def procedure_form(page: Any, option: str, phase: str, phase_name: str) -> Any:
    region = option_card(page, option).get_by_role("region", name=re.compile(rf"^{phase}\b"))
    return open_form(region, f"Add a procedure to {phase_name}", "Add procedure")


def add_procedure(
    page: Any,
    option: str,
    phase: tuple[str, str],
    code: str,
    tooth: str,
    *,
    provider: str = "",
    healing: int = 0,
) -> None:
    form = procedure_form(page, option, *phase)
    form.get_by_label("Code").fill(code)
    form.get_by_label("Tooth").fill(tooth)
    if provider:
        form.get_by_label("Provider").select_option(label=provider)
    if healing:
        form.get_by_label("Healing days").fill(str(healing))
    form.get_by_role("button", name="Add procedure").click()
    region = option_card(page, option).get_by_role("region", name=re.compile(rf"^{phase[0]}\b"))
    expect(planned_row(region, code, tooth)).to_be_visible()
    settle(page)


def planned_row(scope: Any, code: str, tooth: str) -> Any:
    """The table row of a planned procedure (not the row of its edit form)."""
    cell = scope.page.get_by_role("cell", name=code, exact=True)
    tooth_cell = scope.page.get_by_role("cell", name=tooth, exact=True)
    return scope.get_by_role("row").filter(has=cell).filter(has=tooth_cell)


def no_sideways_scroll(page: Any, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{where} scrolls sideways at 390 px ({width} px)"


def draw_signature(page: Any) -> None:
    """A zigzag with the mouse, as a finger would draw it on the pad."""
    pad = page.get_by_role("img", name="Signature")
    expect(pad).to_be_visible()
    box = pad.bounding_box()
    assert box is not None and box["width"] > 100, "the signature pad has no room to draw"
    left, top, height = box["x"] + 20, box["y"] + box["height"] / 2, box["height"] / 4
    page.mouse.move(left, top)
    page.mouse.down()
    for step in range(1, 9):
        page.mouse.move(left + step * 25, top + (height if step % 2 else -height), steps=4)
    page.mouse.up()


def test_tc_presents_a_two_option_case_and_the_patient_signs_on_a_phone(
    browser: Any, page: Any, demo: Demo
) -> None:
    patient = english_patient(demo)
    assert set(PLANNED) <= office_fee_codes(demo), "the demo office fees lack a planned code"
    staff_errors: list[str] = []
    page.on("pageerror", lambda error: staff_errors.append(str(error)))
    sign_in(page, "tc", start_at=f"/patients/{patient.pk}/cases/")

    case = open_case(page, demo, patient)
    build_plan(page, demo, case)
    link_url, link = present_with_a_link(page, case)

    phone = browser.new_context(viewport=PHONE)  # the patient's: no staff session
    patient_page = phone.new_page()
    patient_errors: list[str] = []
    patient_page.on("pageerror", lambda error: patient_errors.append(str(error)))
    try:
        patient_signs(patient_page, link_url, patient)
        expired_link_is_refused(patient_page, link_url, link)
    finally:
        phone.close()

    accepted_with_a_signed_consent(page, case, patient)
    outsider_is_refused(browser, demo, case)
    assert staff_errors == []
    assert patient_errors == []


def open_case(page: Any, demo: Demo, patient: Patient) -> Case:
    """From the patient's Cases tab: New case, the header, Open the case."""
    dentist = Provider.objects.filter(
        practice=demo.hillcrest, is_external=False, is_active=True, kind="dentist"
    ).first()
    page.get_by_role("link", name="New case").click()
    expect(page.get_by_role("heading", name=f"New case for {patient.display_name}")).to_be_visible()
    expect(page.get_by_label("Patient's chart number")).to_have_value(patient.chart_number)
    page.get_by_label("Title").fill("Missing lower left molar")
    page.get_by_label("Type").select_option(label="Patient of record, from hygiene")
    page.get_by_label("Urgency").select_option(label="Soon")
    page.get_by_label("Diagnosing provider").select_option(label=str(dentist))
    page.get_by_label("Diagnosed on").fill(timezone.localdate().isoformat())
    page.get_by_label("Missing teeth").fill("19")
    page.get_by_role("button", name="Open the case").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    expect(page.get_by_role("heading", name="Missing lower left molar", level=1)).to_be_visible()
    case = Case.objects.get(pk=int(urlsplit(page.url).path.strip("/").split("/")[-1]))
    assert (case.patient, case.missing_teeth, case.status) == (patient, "19", "draft")
    assert case.diagnosing_provider == dentist
    return case


def build_plan(page: Any, demo: Demo, case: Case) -> None:
    """An implant (recommended) in two phases and a bridge; a crown on the missing tooth
    is refused; then both options are estimated side by side."""
    surgeon = Provider.objects.get(
        practice=demo.hillcrest, specialty="Oral and maxillofacial surgery"
    )
    sections_loaded(page)
    add_option(page, "Implant", recommended=True)
    add_procedure(
        page,
        "Implant",
        ("Phase 1", "Phase 1"),
        "D6010",
        "19",
        provider=f"{surgeon} · outside specialist",
        healing=90,
    )
    add_phase(page, "Implant", "Crown")
    add_procedure(page, "Implant", ("Phase 2", "Crown"), "D6058", "19")
    add_option(page, "Bridge")
    crown_on_missing_tooth_is_refused(page, case)
    add_procedure(page, "Bridge", ("Phase 1", "Phase 1"), "D6240", "19")
    add_procedure(page, "Bridge", ("Phase 1", "Phase 1"), "D6750", "20")

    implant = option_card(page, "Implant")
    expect(implant.get_by_role("heading", level=3)).to_contain_text("Recommended")
    expect(planned_row(implant, "D6010", "19")).to_contain_text("90 days")
    expect(planned_row(implant, "D6010", "19")).to_contain_text("Outside specialist")
    planned = PlannedProcedure.objects.filter(case=case).order_by("phase__option__position", "pk")
    assert [(p.phase.option.name, p.phase.name, p.code, p.tooth) for p in planned] == [
        ("Implant", "Phase 1", "D6010", "19"),
        ("Implant", "Crown", "D6058", "19"),
        ("Bridge", "Phase 1", "D6750", "18"),
        ("Bridge", "Phase 1", "D6240", "19"),
        ("Bridge", "Phase 1", "D6750", "20"),
    ]
    estimate_side_by_side(page)


def crown_on_missing_tooth_is_refused(page: Any, case: Case) -> None:
    """The message stands beside the Tooth field, the form keeps what was typed, and
    nothing is added; corrected, the same form adds the bridge's first abutment."""
    form = procedure_form(page, "Bridge", "Phase 1", "Phase 1")
    form.get_by_label("Code").fill("D2740")
    form.get_by_label("Tooth").fill("19")
    form.get_by_role("button", name="Add procedure").click()
    adding = page.get_by_role("button", name="Add procedure")
    form = option_card(page, "Bridge").locator("form").filter(has=adding)
    tooth_field = form.locator(".field").filter(has=page.get_by_label("Tooth"))
    expect(tooth_field).to_contain_text("Tooth 19 is missing: D2740 cannot be done on it.")
    expect(form.get_by_label("Code")).to_have_value("D2740")
    expect(option_card(page, "Bridge")).to_contain_text("No procedures in this phase yet.")
    assert not PlannedProcedure.objects.filter(case=case, code="D2740").exists()

    form.get_by_label("Code").fill("D6750")
    form.get_by_label("Tooth").fill("18")
    form.get_by_role("button", name="Add procedure").click()
    expect(planned_row(option_card(page, "Bridge"), "D6750", "18")).to_be_visible()
    settle(page)


def estimate_side_by_side(page: Any) -> None:
    compare = plan(page).get_by_role("region", name="Options side by side")
    expect(compare.get_by_role("columnheader")).to_have_text(
        [re.compile("^Implant"), re.compile("^Bridge")]
    )
    expect(compare.get_by_role("row").filter(has_text="Patient portion")).to_contain_text(
        "Not estimated"
    )
    plan(page).get_by_role("button", name="Estimate options").click()
    total = compare.get_by_role("row").filter(has_text="Total fee").get_by_role("cell")
    expect(total).to_have_text(["$3,800.00", "$3,700.00"])
    for figure in ("Insurance estimate", "Patient portion"):
        cells = compare.get_by_role("row").filter(has_text=figure).get_by_role("cell")
        expect(cells).to_have_text([re.compile(r"^\$[\d,]+\.\d\d$")] * 2)
    visits = compare.get_by_role("row").filter(has_text="Visits").get_by_role("cell")
    expect(visits).to_have_text(["2", "1"])  # a visit per implant phase; the bridge in one
    settle(page)
    snapshot(page, "case-plan-1280")


def present_with_a_link(page: Any, case: Case) -> tuple[str, PatientLink]:
    """Mark ready, present in person, make a patient link: its URL is shown once."""
    page.get_by_role("button", name="Mark ready").click()
    expect(page.locator(".badge.status-ready")).to_have_text("Ready to present")
    sections_loaded(page)
    presenting = page.locator("#case-presentations")
    presenting.get_by_role("radio", name="In person").check()
    presenting.get_by_role("button", name="Present", exact=True).click()
    expect(page.locator(".badge.status-presented")).to_have_text("Presented")
    sections_loaded(page)
    expect(presenting.get_by_role("heading", name=re.compile("^Presentation 1"))).to_be_visible()
    expect(presenting).to_contain_text("In person")
    presenting.get_by_role("button", name="Make patient link").click()
    link_box = presenting.get_by_role("textbox", name="Link for the patient")
    expect(link_box).to_have_value(re.compile(r"/p/[\w-]{40,}/$"))
    link_url = link_box.input_value()
    link = PatientLink.objects.get(token_hash=token_hash(urlsplit(link_url).path.split("/")[2]))
    assert link.case_id == case.pk
    return link_url, link


def accepted_with_a_signed_consent(page: Any, case: Case, patient: Patient) -> None:
    page.reload()
    expect(page.locator(".badge.status-accepted")).to_have_text("Accepted")
    sections_loaded(page)
    expect(page.get_by_text("Whole case: “Implant”")).to_be_visible()
    consents = page.locator("#case-presentations")
    expect(consents.get_by_role("link", name="Consent for “Implant” (PDF)")).to_be_visible()
    expect(consents).to_contain_text(f"signed by {patient.first_name} {patient.last_name}")
    case.refresh_from_db()
    assert case.status == "accepted"
    assert case.accepted_option is not None and case.accepted_option.name == "Implant"
    consent = Consent.objects.get(case=case)
    with consent.pdf.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == consent.pdf_sha256
    assert (consent.option.name, consent.signature_kind) == ("Implant", "drawn")
    assert consent.signature.startswith("data:image/png;base64,")
    assert consent.signer_name == f"{patient.first_name} {patient.last_name}"


def patient_signs(page: Any, link_url: str, patient: Patient) -> None:
    born = patient.date_of_birth
    page.goto(link_url)
    expect(page.get_by_role("heading", name="Check that it is you")).to_be_visible()
    wrong = born - timedelta(days=1)
    for label, value in (("Month", wrong.month), ("Day", wrong.day), ("Year", wrong.year)):
        page.get_by_label(label, exact=True).fill(str(value))
    page.get_by_role("button", name="Open my plan").click()
    expect(page.get_by_role("alert")).to_have_text(
        "That date does not match what we have. Please try again."
    )
    for label, value in (("Month", born.month), ("Day", born.day), ("Year", born.year)):
        page.get_by_label(label, exact=True).fill(str(value))
    page.get_by_role("button", name="Open my plan").click()

    expect(page.get_by_role("heading", name="Your treatment plan", level=1)).to_be_visible()
    expect(page.get_by_text(f"Hello, {patient.first_name}.")).to_be_visible()
    choices = page.locator("#options")
    expect(choices.get_by_role("columnheader")).to_have_text(
        [re.compile("^Implant"), re.compile("^Bridge")]
    )
    expect(
        choices.get_by_role("row").filter(has_text="Total fee").get_by_role("cell")
    ).to_have_text(["$3,800.00", "$3,700.00"])
    expect(page.get_by_role("article", name=re.compile(r"Implant"))).to_contain_text("Recommended")
    no_sideways_scroll(page, "the patient's plan")
    snapshot(page, "case-patient-plan-390")

    # The option's name is a visually hidden part of the button's name.
    page.get_by_role("button", name=re.compile(r"^Choose this option\s*: Implant$")).click()
    expect(page.get_by_role("heading", name="Your choice: Implant")).to_be_visible()
    page.get_by_role("link", name="Sign your plan").click()

    expect(page.get_by_role("heading", name="Consent for treatment", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Your choice: Implant")).to_be_visible()
    # Typing is offered too; drawing is the default once the script runs.
    page.get_by_role("radio", name="Type your name instead").check()
    expect(page.get_by_role("textbox", name="Signature")).to_be_visible()
    expect(page.get_by_role("img", name="Signature")).to_be_hidden()
    page.get_by_role("radio", name="Draw your signature").check()
    draw_signature(page)
    expect(
        page.get_by_role("status").filter(has_text="Your signature is in the box.")
    ).to_be_visible()
    page.get_by_label("Name of the person who signs").fill(
        f"{patient.first_name} {patient.last_name}"
    )
    page.get_by_role("checkbox", name="I agree with the words above.").check()
    no_sideways_scroll(page, "the consent page")
    snapshot(page, "case-patient-sign-390")
    page.get_by_role("button", name="Sign", exact=True).click()

    thanks = "Thank you. Your signed plan was sent to your dental office."
    expect(page.get_by_role("heading", name=thanks)).to_be_visible()
    expect(page.get_by_role("link", name="Save as PDF")).to_be_visible()
    no_sideways_scroll(page, "the thank-you page")


def expired_link_is_refused(page: Any, link_url: str, link: PatientLink) -> None:
    PatientLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    for url in (link_url, link_url + "sign/"):
        response = page.goto(url)
        assert response is not None and response.status == 410, url
        expect(page.get_by_role("heading", name="This link is closed")).to_be_visible()
        expect(page.get_by_text("This link is too old to use.")).to_be_visible()
        expect(page.get_by_role("button")).to_have_count(0)  # nothing to choose or sign
        expect(page.get_by_role("img", name="Signature")).to_have_count(0)


def outsider_is_refused(browser: Any, demo: Demo, case: Case) -> None:
    context = browser.new_context(base_url=demo.base_url, viewport=DESKTOP)
    try:
        page = context.new_page()
        sign_in(page, OUTSIDER)
        response = page.goto(f"/cases/{case.pk}/")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page.get_by_text(case.title)).to_have_count(0)
        response = page.goto(f"/cases/{case.pk}/plan/")
        assert response is not None and response.status == 404
    finally:
        context.close()
