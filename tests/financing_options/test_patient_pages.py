"""The patient's "Ways to pay" pages on their link: the ways in plain words, the slider,
the choice, and the payment plan agreement signed from the phone; refused on a revoked
or expired link."""

from __future__ import annotations

import html
import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from casepath.audit.models import AuditEvent, Channel
from casepath.cases import links
from casepath.cases.models import CaseEvent, PatientLink
from casepath.financing.models import FinancialChoice, PaymentPlan, PlanStatus
from tests.cases.patient.conftest import BIRTH, Linked, present_and_link
from tests.cases.patient.test_sign import png_data_url
from tests.conftest import World
from tests.financing_options.conftest import NOW, TODAY, accept

D = Decimal
DRAWN = {
    "signature_kind": "drawn",
    "signature_drawn": png_data_url(),
    "signer_name": "Ana Lopez",
    "agree": "on",
}


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def chose_implant(linked: Linked, verified: Client) -> Client:
    assert verified.post(linked.url("choose"), {"option": linked.two.implant.pk}).status_code == 302
    return verified


def slider_points(page: str) -> list[dict[str, str]]:
    source = page.split('id="pay-points"')[1].split(">", 1)[1].split("</script>")[0]
    return list(json.loads(source))


def test_the_plan_page_links_to_the_ways_to_pay(linked: Linked, chose_implant: Client) -> None:
    page = text(chose_implant.get(linked.url()))
    assert f'href="{linked.url("pay")}"' in page and "Ways to pay" in page


def test_without_a_chosen_option_the_patient_chooses_one_first(
    linked: Linked, verified: Client
) -> None:
    page = text(verified.get(linked.url("pay")))
    assert "Please choose a treatment option first." in page
    assert 'type="range"' not in page


def test_the_ways_to_pay_in_plain_words_with_the_slider(
    linked: Linked, chose_implant: Client
) -> None:
    response = chose_implant.get(linked.url("pay"))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    page = text(response)
    for words in (
        "Your choice: <strong>Implant</strong>. Your part is $1,650.00.",
        "Pay $1,567.50 today. You save $82.50.",
        "This is a loan from SmileCredit 12 months. You apply with them.",
        "Pay it all in 12 months. If not, you pay interest from the first day.",
        "Make your own plan: Payment plan with us",
        "financing/slider.js",
    ):
        assert words in page, words
    points = slider_points(page)
    assert points[0] == {
        "down": "$330.00",
        "monthly": "$115.99",
        "months": "For 12 months",
        "label": "Pay $330.00 today. Then pay $115.99 a month for 12 months.",
    }
    assert 'max="19"' in page and 'aria-valuetext="Pay $330.00 today.' in page


def test_in_spanish_the_ways_are_in_spanish(world: World, linked: Linked, phone: Client) -> None:
    world.patient_a.preferred_language = "Spanish"
    world.patient_a.save()
    spanish = present_and_link(world, linked.two)
    assert phone.post(spanish.url(), BIRTH).status_code == 302
    phone.post(spanish.url("choose"), {"option": linked.two.implant.pk})
    page = text(phone.get(spanish.url("pay")))
    assert "Pague $1,567.50 hoy. Ahorra $82.50." in page
    assert "Haga su propio plan: Plan de pagos con nosotros" in page


def test_the_patient_moves_the_slider_chooses_and_signs(
    world: World, linked: Linked, chose_implant: Client
) -> None:
    response = chose_implant.post(linked.url("pay_choose"), {"way": "in_house:", "step": "1"})
    assert response.status_code == 302 and response.url == linked.url("pay_agreement")
    choice = FinancialChoice.objects.get()
    assert (choice.kind, choice.upfront, choice.monthly, choice.chosen_by_name) == (
        "in_house",
        D("396.00"),
        D("110.19"),
        "patient",
    )
    plan = PaymentPlan.objects.get()
    assert (plan.status, plan.down_payment, plan.made_by) == (PlanStatus.DRAFT, D("396.00"), None)
    page = text(chose_implant.get(linked.url("pay_agreement")))
    for words in ("ANNUAL PERCENTAGE RATE", "FINANCE CHARGE", "Total of Payments", "$110.19"):
        assert words in page, words
    assert "I agree to pay as this plan says." in page and "cases/signature.js" in page

    response = chose_implant.post(linked.url("pay_agreement"), DRAWN)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.signer_name) == (PlanStatus.SIGNED, "Ana Lopez")
    assert plan.signature.startswith("data:image/png;base64,")
    page = text(chose_implant.get(linked.url("pay_agreement")))
    assert "Thank you. Your payment plan is signed." in page
    assert 'id="sign-form"' not in page
    pdf = chose_implant.get(linked.url("pay_agreement_pdf"))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    event = CaseEvent.objects.filter(case=linked.two.case).latest("pk")
    assert event.actor_name == "patient" and "on the patient link" in event.summary
    audit = AuditEvent.objects.filter(object_type="paymentplan", changes__has_key="status").get()
    assert (audit.channel, audit.actor) == (Channel.PATIENT_LINK, None)
    # Settled: the patient cannot choose again from the link.
    again = chose_implant.post(linked.url("pay_choose"), {"way": "pay_in_full:Pay in full"})
    assert "Your payment plan is signed. Please call us to change it." in text(again)
    assert FinancialChoice.objects.count() == 1


def test_the_patient_chooses_a_lender(linked: Linked, chose_implant: Client) -> None:
    response = chose_implant.post(linked.url("pay_choose"), {"way": "lender:SmileCredit 12 months"})
    assert response.status_code == 302 and response.url.endswith("/pay/#chosen")
    page = text(chose_implant.get(linked.url("pay")))
    assert "You chose: SmileCredit 12 months" in page
    assert not PaymentPlan.objects.exists()


def test_a_way_that_is_not_offered_is_refused(linked: Linked, chose_implant: Client) -> None:
    for form in (
        {"way": "lender:Payday"},
        {"way": "in_house:", "step": "99"},
        {"way": "in_house:"},
    ):
        response = chose_implant.post(linked.url("pay_choose"), form)
        assert response.status_code == 200
        assert "Please" in text(response)
    assert not FinancialChoice.objects.exists()


def test_the_accepted_option_is_the_one_paid_for(
    world: World, linked: Linked, phone: Client
) -> None:
    newest = accept(world, linked.two, linked.two.bridge)
    assert phone.post(newest.url(), BIRTH).status_code == 302
    page = text(phone.get(newest.url("pay")))
    assert "Your choice: <strong>Bridge</strong>. Your part is $1,900.00." in page


def test_an_older_presentation_offers_nothing(
    world: World, linked: Linked, chose_implant: Client
) -> None:
    present_and_link(world, linked.two)  # presented again: this link shows an older plan
    page = text(chose_implant.get(linked.url("pay")))
    assert "We made a newer plan for you. Please use the newest link." in page
    assert 'type="range"' not in page
    response = chose_implant.post(linked.url("pay_choose"), {"way": "pay_in_full:Pay in full"})
    assert "We made a newer plan for you." in text(response)
    assert not FinancialChoice.objects.exists()


def sign_ready(linked: Linked, client: Client) -> PaymentPlan:
    client.post(linked.url("pay_choose"), {"way": "in_house:", "step": "0"})
    return PaymentPlan.objects.get()


def test_signing_is_refused_after_the_link_is_revoked(
    world: World, linked: Linked, chose_implant: Client
) -> None:
    plan = sign_ready(linked, chose_implant)
    links.link_revoke(acting_user=world.tess, link=linked.link, now=NOW)
    for name in ("pay", "pay_agreement"):
        response = chose_implant.get(linked.url(name))
        assert response.status_code == 410 and "This link no longer works." in text(response)
    response = chose_implant.post(linked.url("pay_agreement"), DRAWN)
    assert response.status_code == 410
    assert chose_implant.get(linked.url("pay_agreement_pdf")).status_code == 410
    plan.refresh_from_db()
    assert (plan.status, plan.pdf_sha256) == (PlanStatus.DRAFT, "")


def test_signing_is_refused_on_an_expired_link(
    linked: Linked, chose_implant: Client, frozen_now: Any
) -> None:
    plan = sign_ready(linked, chose_implant)
    frozen_now.shift(timedelta(days=15))
    response = chose_implant.post(linked.url("pay_agreement"), DRAWN)
    assert response.status_code == 410 and "too old" in text(response)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_plan_left_to_another_day_is_chosen_again(
    linked: Linked, chose_implant: Client, frozen_now: Any
) -> None:
    plan = sign_ready(linked, chose_implant)
    PaymentPlan.objects.filter(pk=plan.pk).update(agreement_date=TODAY - timedelta(days=1))
    page = text(chose_implant.get(linked.url("pay_agreement")))
    assert "This plan was made on another day. Please choose it again." in page
    assert 'id="sign-form"' not in page
    response = chose_implant.post(linked.url("pay_agreement"), DRAWN)
    plan.refresh_from_db()
    assert response.status_code == 200 and plan.status == PlanStatus.DRAFT


def test_the_pages_need_the_date_of_birth(linked: Linked, phone: Client) -> None:
    response = phone.get(linked.url("pay"))
    assert response.status_code == 302 and response.url == linked.url()
    assert phone.get(linked.url("pay_agreement_pdf")).status_code == 404
    assert phone.get("/p/not-a-real-token/pay/").status_code == 404
    assert not PatientLink.objects.filter(opened_count__gt=0).exists()
