"""The ways to pay on the case page, the choice, "Make payment plan", and the agreement
in the office: who may do what, and an outsider finds nothing."""

from __future__ import annotations

import html
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from casepath.financing.models import FinancialChoice, PaymentPlan, PlanStatus
from tests.conftest import World, signed_in
from tests.financing_options.conftest import Financed

D = Decimal
HTMX = {"HTTP_HX_REQUEST": "true"}
TYPED = {
    "signature_kind": "typed",
    "signature_typed": "Ana M. Lopez",
    "signer_name": "Ana Lopez",
    "agree": "on",
}


def section_url(financed: Financed, name: str = "case_options") -> str:
    return reverse(f"financing:{name}", args=[financed.two.case.pk])


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def choose(client: Client, financed: Financed, **data: object) -> Any:
    form = {"option": financed.two.implant.pk} | data
    return client.post(section_url(financed, "case_option_choose"), form, **HTMX)


def test_the_case_page_loads_the_section(tess_client: Client, financed: Financed) -> None:
    page = text(tess_client.get(reverse("cases:detail", args=[financed.two.case.pk])))
    assert f'hx-get="{section_url(financed)}"' in page


def test_the_section_compares_every_way_to_pay(tess_client: Client, financed: Financed) -> None:
    response = tess_client.get(section_url(financed), **HTMX)
    assert response.status_code == 200
    page = text(response)
    assert '<div id="case-financing"' in page and "<html" not in page
    for words in (
        "Implant",
        "patient portion $1,650.00",
        "Pay in full",
        "$1,567.50",
        "SmileCredit 12 months",
        "$1,518.00",  # net to the practice after the lender's fee
        "Payment plan with us",
        "$115.99",
        "$1,721.85",
        "Pay $330 today and $115.99 a month for 12 months.",
        "Bridge",
        "patient portion $1,900.00",
        "Budget mode",
    ):
        assert words in page, words
    points = json.loads(
        page.split(f'id="slider-points-{financed.two.implant.pk}"')[1]
        .split(">", 1)[1]
        .split("</script>")[0]
    )
    assert points[0] == {
        "down": "$330.00",
        "monthly": "$115.99",
        "months": "12 months",
        "label": "$330.00 today, then $115.99 a month for 12 months",
    }
    assert len(points) == 20


def test_without_htmx_the_section_is_a_page(tess_client: Client, financed: Financed) -> None:
    page = text(tess_client.get(section_url(financed)))
    assert "<html" in page and "Back to the case" in page


def test_budget_mode_shows_what_fits(tess_client: Client, financed: Financed) -> None:
    query = {"option": financed.two.implant.pk, "monthly_budget": "120", "down_payment": "330"}
    page = text(tess_client.get(section_url(financed), query, **HTMX))
    assert "With $330 down, you can pay $115.99 a month for 12 months." in page
    page = text(tess_client.get(section_url(financed), {"option": financed.two.implant.pk}, **HTMX))
    assert "Give a monthly budget, a down payment, or both." in page
    query = {"option": financed.two.implant.pk, "down_payment": "5000"}
    page = text(tess_client.get(section_url(financed), query, **HTMX))
    assert "is more than the patient owes" in page


def test_the_tc_records_the_patients_choice(
    world: World, tess_client: Client, financed: Financed
) -> None:
    response = choose(tess_client, financed, kind="in_house", step="1")
    assert response.status_code == 200
    choice = FinancialChoice.objects.get()
    assert (choice.kind, choice.upfront, choice.monthly, choice.chosen_by) == (
        "in_house",
        D("396.00"),
        D("110.19"),
        world.tess,
    )
    assert "The patient's choice: Payment plan with us" in text(response)
    assert "Make payment plan" in text(response)


def test_a_way_not_offered_is_refused_in_the_section(
    tess_client: Client, financed: Financed
) -> None:
    response = choose(tess_client, financed, kind="lender", name="Payday loans")
    assert response.status_code == 200
    assert "That way to pay is not offered for this option." in text(response)
    assert not FinancialChoice.objects.exists()


def test_make_payment_plan_then_sign_in_the_office(
    world: World, tess_client: Client, financed: Financed
) -> None:
    choose(tess_client, financed, kind="in_house")
    response = tess_client.post(section_url(financed, "case_option_plan"), **HTMX)
    plan = PaymentPlan.objects.get()
    url = reverse("financing:agreement", args=[plan.pk])
    assert response.status_code == 200 and response["HX-Redirect"] == url
    page = text(tess_client.get(url))
    assert "ANNUAL PERCENTAGE RATE" in page and "9.90%" in page
    assert "The patient signs here" in page and "cases/signature.js" in page
    response = tess_client.post(url, TYPED)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.signer_name, plan.made_by) == (
        PlanStatus.SIGNED,
        "Ana Lopez",
        world.tess,
    )
    pdf = tess_client.get(reverse("financing:agreement_pdf", args=[plan.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    page = text(tess_client.get(url))
    assert "The patient signs here" not in page and "Signed agreement (PDF)" in page
    # Signed: the same post changes nothing.
    again = tess_client.post(url, TYPED | {"signer_name": "Someone Else"})
    assert again.status_code == 200 and "signed already" in text(again)
    plan.refresh_from_db()
    assert plan.signer_name == "Ana Lopez"


def test_make_payment_plan_needs_an_in_house_choice(
    tess_client: Client, financed: Financed
) -> None:
    response = tess_client.post(section_url(financed, "case_option_plan"), **HTMX)
    assert "Record the patient's choice first." in text(response)
    choose(tess_client, financed, kind="pay_in_full", name="Pay in full")
    response = tess_client.post(section_url(financed, "case_option_plan"), **HTMX)
    assert "Only a payment plan with the practice has an agreement." in text(response)
    assert not PaymentPlan.objects.exists()


def test_the_unsigned_agreement_has_no_pdf(tess_client: Client, financed: Financed) -> None:
    choose(tess_client, financed, kind="in_house")
    tess_client.post(section_url(financed, "case_option_plan"), **HTMX)
    plan = PaymentPlan.objects.get()
    assert tess_client.get(reverse("financing:agreement_pdf", args=[plan.pk])).status_code == 404


def test_the_front_desk_sees_but_does_not_record(world: World, financed: Financed) -> None:
    fran = signed_in(world.fran)
    page = text(fran.get(section_url(financed), **HTMX))
    assert "Payment plan with us" in page and "Patient chose this" not in page
    assert choose(fran, financed, kind="pay_in_full", name="Pay in full").status_code == 403
    assert fran.post(section_url(financed, "case_option_plan")).status_code == 403
    assert not FinancialChoice.objects.exists()


def test_the_front_desk_cannot_have_the_agreement_signed(
    world: World, tess_client: Client, financed: Financed
) -> None:
    choose(tess_client, financed, kind="in_house")
    tess_client.post(section_url(financed, "case_option_plan"), **HTMX)
    plan = PaymentPlan.objects.get()
    fran = signed_in(world.fran)
    url = reverse("financing:agreement", args=[plan.pk])
    assert fran.get(url).status_code == 200
    assert "The patient signs here" not in text(fran.get(url))
    assert fran.post(url, TYPED).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_finds_nothing(
    tess_client: Client, olga_client: Client, financed: Financed, method: str
) -> None:
    choose(tess_client, financed, kind="in_house")
    tess_client.post(section_url(financed, "case_option_plan"), **HTMX)
    plan = PaymentPlan.objects.get()
    urls = [
        section_url(financed),
        section_url(financed, "case_option_choose"),
        section_url(financed, "case_option_plan"),
        reverse("financing:agreement", args=[plan.pk]),
        reverse("financing:agreement_pdf", args=[plan.pk]),
    ]
    for url in urls:
        response = getattr(olga_client, method)(url, TYPED | {"kind": "in_house", "option": "1"})
        assert response.status_code in (404, 405), url  # 405: a GET of a POST-only form
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert FinancialChoice.objects.count() == 1
