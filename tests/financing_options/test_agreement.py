"""The payment plan agreement: the PDF with the Truth-in-Lending box and the schedule,
signed once (in the office or from the patient's link), never changed after."""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader

from casepath.audit.models import AuditEvent, Channel
from casepath.cases import links
from casepath.cases.consent_services import Signature
from casepath.cases.models import CaseEvent
from casepath.core.errors import CasepathError
from casepath.financing import choice_services, options
from casepath.financing.agreement import agreement_context, agreement_sign, payment_groups
from casepath.financing.models import PaymentPlan, PlanStatus
from tests.cases.patient.conftest import Linked
from tests.cases.patient.test_sign import png_data_url
from tests.conftest import World
from tests.financing_options.conftest import NOW, TODAY, Financed

D = Decimal
TYPED = Signature(kind="typed", value="Ana M. Lopez", signer_name="Ana Lopez")


def draft_plan(world: World, financed: Financed) -> PaymentPlan:
    """The implant's in-house plan at the smallest down payment ($330), as a draft."""
    implant = financed.two.implant
    offer = options.practice_offer(implant.practice)
    ways = options.ways_for(
        implant.pk, implant.name, options.estimate_money(implant.estimate), offer, TODAY
    )
    plan_way = next(a for a in ways.arrangements if a.kind == "in_house")
    choice = choice_services.financial_choice_record(
        acting_user=world.tess,
        case=financed.two.case,
        option_id=implant.pk,
        arrangement=plan_way,
        owed=ways.owed,
        now=NOW,
    )
    return choice_services.payment_plan_for_choice(
        acting_user=world.tess, choice=choice, today=TODAY
    )


def pdf_text(plan: PaymentPlan) -> str:
    """The PDF's words, one space between them (narrow boxes wrap their headings)."""
    plan.pdf.open("rb")
    content = plan.pdf.read()
    plan.pdf.close()
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def sign(plan: PaymentPlan, **extra: object) -> PaymentPlan:
    arguments: dict[str, object] = {
        "plan": plan,
        "signature": TYPED,
        "ip_address": "198.51.100.4",
        "now": NOW,
        "today": TODAY,
    }
    return agreement_sign(**(arguments | extra))  # type: ignore[arg-type]


@pytest.fixture
def plan(world: World, financed: Financed) -> PaymentPlan:
    return draft_plan(world, financed)


def test_the_payments_are_grouped_as_the_disclosure_shows_them(plan: PaymentPlan) -> None:
    context = agreement_context(plan)
    regular, last = context["groups"]
    assert (regular.count, regular.amount, regular.first_due, regular.last_due) == (
        11,
        D("115.99"),
        date(2026, 4, 10),
        date(2027, 2, 10),
    )
    assert (last.count, last.amount, last.first_due) == (1, D("115.96"), date(2027, 3, 10))
    assert regular.words == "11 payments of $115.99 from 04/10/2026 to 02/10/2027"
    assert last.words == "1 payment of $115.96 due 03/10/2027"
    assert context["total_sale_price"] == plan.down_payment + plan.total_of_payments
    assert payment_groups([]) == []


def test_signing_in_the_office_keeps_the_pdf_with_the_truth_in_lending_box(
    world: World, plan: PaymentPlan
) -> None:
    signed = sign(plan, acting_user=world.tess)
    assert (signed.status, signed.signer_name, signed.signature, signed.signed_at) == (
        PlanStatus.SIGNED,
        "Ana Lopez",
        "Ana M. Lopez",
        NOW,
    )
    assert plan.amount_financed == D("1320.00")
    charge = plan.total_of_payments - plan.amount_financed
    assert plan.finance_charge == charge and charge > 0
    text = pdf_text(signed)
    for words in (
        "ANNUAL PERCENTAGE RATE",
        "FINANCE CHARGE",
        "Amount Financed",
        "Total of Payments",
        f"{plan.disclosed_apr_percent}%",
        f"${plan.finance_charge:,.2f}",
        "$1,320.00",
        f"${plan.total_of_payments:,.2f}",
        "Your payment schedule will be:",
        "11 $115.99 Monthly, from 04/10/2026 to 02/10/2027",
        "1 $115.96 03/10/2027",
        "12 03/10/2027 $115.96 $0.95 $115.01 $0.00",  # the full schedule's last line
        "Riverside Dental",
        "Signed by Ana Lopez",
        "Signature Ana M. Lopez",
        "Date and time 03/10/2026 2:30 p.m. EDT",
        "Signed from (IP address) 198.51.100.4",
        "Prepayment: If you pay off early, you will not have to pay a penalty.",
    ):
        assert words in text, words
    stored = PaymentPlan.objects.get(pk=plan.pk)
    stored.pdf.open("rb")
    assert hashlib.sha256(stored.pdf.read()).hexdigest() == stored.pdf_sha256
    event = CaseEvent.objects.filter(case=plan.case).latest("pk")
    assert event.actor == world.tess and event.data["payment_plan"] == plan.pk
    assert "signed the payment plan agreement in the office" in event.summary


def test_the_disclosed_apr_is_the_regulation_z_rate_of_the_schedule(plan: PaymentPlan) -> None:
    # A regular monthly plan from the agreement date: the APR is the plan's own rate.
    assert plan.disclosed_apr_percent == D("9.90")
    assert plan.is_consumer_credit


def test_a_signed_agreement_never_changes(world: World, plan: PaymentPlan) -> None:
    signed = sign(plan, acting_user=world.tess)
    fingerprint, name = signed.pdf_sha256, signed.pdf.name
    drawn = Signature(kind="drawn", value=png_data_url(), signer_name="Someone Else")
    with pytest.raises(CasepathError, match="signed already"):
        sign(plan, signature=drawn, now=NOW + timedelta(minutes=5))
    stored = PaymentPlan.objects.get(pk=plan.pk)
    assert (stored.pdf_sha256, stored.pdf.name, stored.signer_name) == (
        fingerprint,
        name,
        "Ana Lopez",
    )


def test_a_plan_prepared_another_day_is_not_signed(plan: PaymentPlan) -> None:
    with pytest.raises(CasepathError, match="another day"):
        sign(plan, today=TODAY + timedelta(days=1))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and not plan.pdf


@pytest.mark.parametrize(
    ("signature", "field"),
    [
        (
            Signature(kind="drawn", value="data:image/png;base64,AAAA", signer_name="Ana"),
            "signature",
        ),
        (Signature(kind="typed", value="  ", signer_name="Ana"), "signature"),
        (Signature(kind="typed", value="Ana", signer_name=" "), "signer_name"),
        (Signature(kind="stamp", value="Ana", signer_name="Ana"), "signature"),
    ],
)
def test_an_unreadable_signature_is_refused(
    plan: PaymentPlan, signature: Signature, field: str
) -> None:
    with pytest.raises(CasepathError) as refused:
        sign(plan, signature=signature)
    assert refused.value.errors[0].path == field
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_drawn_signature_from_the_link_is_in_the_pdf(
    world: World, financed: Financed, linked: Linked
) -> None:
    plan = draft_plan(world, financed)
    drawn = Signature(kind="drawn", value=png_data_url(), signer_name="Ana Lopez")
    signed = sign(plan, signature=drawn, link=linked.link)
    assert signed.signature.startswith("data:image/png;base64,")
    assert "Ana Lopez" in pdf_text(signed)
    audit = AuditEvent.objects.filter(object_type__icontains="paymentplan").latest("pk")
    assert (audit.actor, audit.channel, audit.ip_address) == (
        None,
        Channel.PATIENT_LINK,
        "198.51.100.4",
    )


def test_signing_is_refused_after_the_link_is_revoked(
    world: World, financed: Financed, linked: Linked
) -> None:
    plan = draft_plan(world, financed)
    links.link_revoke(acting_user=world.tess, link=linked.link, now=NOW)
    with pytest.raises(CasepathError) as refused:
        sign(plan, link=linked.link)
    assert refused.value.errors[0].path == "link"
    assert "no longer works" in refused.value.errors[0].message
    plan.refresh_from_db()
    assert (plan.status, plan.pdf_sha256) == (PlanStatus.DRAFT, "")
