"""A pre-determination from the case page to the payer's answer: the TC asks the patient's
PPO about the implant option, sends the request by mail, types the answer procedure by
procedure (amounts other than the estimate's), and the case page shows the request
received, the approved amounts, the estimate "from pre-determination of <date>" and the
new patient portion.

The case is set up through the services (the case journey walks those pages); every
step of the pre-determination goes through the pages.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from casepath.cases import plan_services
from casepath.cases import services as case_services
from casepath.cases.models import Case, CaseOption, CaseType
from casepath.insurance.models import Coverage, PlanType
from casepath.patients.models import PatientStatus
from casepath.predeterminations.models import Predetermination
from casepath.tenancy.models import Provider
from tests.e2e.browser import BROWSER_TEST, Demo, sign_in, snapshot
from tests.e2e.test_case_journey import settle

pytestmark = BROWSER_TEST
IMPLANT_APPROVED = Decimal("1000.00")


def ppo_coverage(demo: Demo) -> Coverage:
    """A Hillcrest patient's primary PPO coverage in force today (tc starts at Hillcrest)."""
    today = timezone.localdate()
    found = (
        Coverage.objects.filter(
            practice=demo.hillcrest,
            ordinal=1,
            plan__plan_type=PlanType.PPO,
            patient__status=PatientStatus.ACTIVE,
        )
        .select_related("patient", "plan__carrier")
        .order_by("patient__last_name_key", "pk")
    )
    coverage = next((c for c in found if c.is_active_on(today)), None)
    assert coverage is not None, "the demo seed has no Hillcrest patient with a PPO in force"
    return coverage


def estimated_case(coverage: Coverage) -> Case:
    """An implant (two phases) or a bridge for the patient, each option estimated."""
    tc = get_user_model().objects.get(username="tc")
    dentist = Provider.objects.filter(
        practice=coverage.practice, is_external=False, is_active=True, kind="dentist"
    ).first()
    case = case_services.case_create(
        acting_user=tc,
        patient=coverage.patient,
        diagnosing_provider=dentist,
        title="Missing lower left molar",
        case_type=CaseType.FROM_HYGIENE,
        diagnosed_on=timezone.localdate(),
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
    plan_services.case_estimate(acting_user=tc, case=case, as_of=timezone.localdate())
    return case


def implant_of(case: Case) -> CaseOption:
    implant = CaseOption.objects.select_related("estimate").get(case=case, name="Implant")
    assert implant.estimate is not None
    return implant


def test_the_tc_asks_the_ppo_and_enters_its_answer(page: Any, demo: Demo) -> None:
    coverage = ppo_coverage(demo)
    case = estimated_case(coverage)
    before = implant_of(case).estimate
    assert before is not None
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, "tc", start_at=f"/cases/{case.pk}/")

    creates_the_request(page, coverage)
    sends_it_by_mail(page)
    enters_the_answer(page)

    pd = Predetermination.objects.get(case=case)
    assert pd.status == "received"
    after = implant_of(case).estimate
    assert after is not None and after.patient_total != before.patient_total
    sees_the_answer_on_the_case_page(page, pd, after.patient_total)
    assert errors == []


def section(page: Any) -> Any:
    return page.locator("#case-predeterminations")


def creates_the_request(page: Any, coverage: Coverage) -> None:
    expect(section(page).get_by_role("heading", name="Pre-determinations")).to_be_visible()
    settle(page)
    section(page).get_by_role("link", name="New pre-determination").click()
    expect(page.get_by_role("heading", name="New pre-determination", level=1)).to_be_visible()
    procedures = page.locator("#pd-procedures")
    expect(procedures).to_contain_text("D6010")
    # Changing the option reloads its procedures (htmx), all of them ticked.
    page.get_by_label("Option").select_option(label="Bridge")
    expect(procedures).to_contain_text("D6240")
    expect(procedures).not_to_contain_text("D6010")
    page.get_by_label("Option").select_option(label="Implant")
    expect(procedures).to_contain_text("D6058")
    expect(procedures.get_by_role("checkbox")).to_have_count(2)
    for box in procedures.get_by_role("checkbox").all():
        expect(box).to_be_checked()
    page.get_by_label("Coverage to ask").select_option(label=f"{coverage.plan.carrier} · primary")
    page.get_by_label("Narrative").press_sequentially("Tooth 19 was extracted; the site healed.")
    page.get_by_label("Kind of attachment 1").select_option(label="Radiographs")
    page.get_by_label("Title of attachment 1").press_sequentially("Periapical x-ray of #19")
    snapshot(page, "predetermination-new-1280")
    page.get_by_role("button", name="Create pre-determination").click()
    expect(page.get_by_text("Drafted the pre-determination.")).to_be_visible()


def sends_it_by_mail(page: Any) -> None:
    article = section(page).get_by_role("article")
    expect(article.locator(".badge").first).to_have_text("Draft")
    settle(page)
    article.locator("summary").filter(has_text=re.compile(r"^Send")).click()
    article.get_by_label("Channel").select_option(label="Mail")
    article.get_by_label("Payer reference").press_sequentially("KD-0419")
    snapshot(page, "predetermination-send-1280")
    article.get_by_role("button", name="Mark sent").click()
    settle(page)
    today = timezone.localdate().strftime("%m/%d/%Y")
    article = section(page).get_by_role("article")
    expect(article).to_contain_text(f"Sent {today} by mail · reference KD-0419")
    expect(section(page).get_by_role("status")).to_contain_text(
        "Marked the pre-determination sent."
    )


def enters_the_answer(page: Any) -> None:
    section(page).get_by_role("link", name=re.compile("^Enter response")).click()
    expect(page.get_by_role("heading", name=re.compile("^Response from"))).to_be_visible()
    implant = page.get_by_label("Approved for D6010 on tooth 19")
    expect(implant).to_be_focused()  # autofocus: typing starts at once
    implant.press_sequentially(str(IMPLANT_APPROVED))
    page.keyboard.press("Tab")  # along the row: approved, then allowed
    expect(page.get_by_label("Allowed for D6010 on tooth 19")).to_be_focused()
    page.get_by_role("button", name="Approve as asked for D6058 on tooth 19").click()
    crown = page.get_by_label("Approved for D6058 on tooth 19")
    expect(crown).to_be_focused()
    fee = crown.input_value()
    assert Decimal(fee) > 0
    snapshot(page, "predetermination-response-1280")
    page.get_by_role("button", name="Save the response").click()
    expect(page.get_by_text("Saved the payer's answer")).to_be_visible()


def sees_the_answer_on_the_case_page(
    page: Any, pd: Predetermination, patient_portion: Decimal
) -> None:
    article = section(page).get_by_role("article")
    expect(article.locator(".badge").first).to_have_text("Received")
    rows = article.get_by_role("row")
    implant_row = rows.filter(has=page.get_by_role("rowheader", name="D6010"))
    expect(implant_row).to_contain_text(f"${IMPLANT_APPROVED:,.2f}")
    crown = pd.lines.get(code="D6058")
    crown_row = rows.filter(has=page.get_by_role("rowheader", name="D6058"))
    expect(crown_row).to_contain_text(f"${crown.fee:,.2f}")
    assert crown.approved == crown.fee
    assert pd.received_on is not None
    label = f"From pre-determination of {pd.received_on.isoformat()}"
    expect(article).to_contain_text(f"D6010: {label}: ${IMPLANT_APPROVED:,.2f} approved")
    expect(article).to_contain_text(f"patient portion ${patient_portion:,.2f}")
    compare = page.locator("#case-plan").get_by_role("row", name=re.compile("^Patient portion"))
    expect(compare).to_contain_text(f"${patient_portion:,.2f}")
    snapshot(page, "predetermination-received-1280")
