"""The payment plan agreement: what it says, and signing it.

The agreement names the parties, shows the federal Truth-in-Lending disclosure box
(Regulation Z, 12 CFR 1026.18: the ANNUAL PERCENTAGE RATE, FINANCE CHARGE, Amount
Financed and Total of Payments, the Total Sale Price with the down payment, and the
payment schedule: how many payments, how much, when due), what happens on early
payment, and then the full schedule. Every figure is the plan's, as amortize() made
it when the plan was prepared; nothing is computed again here.

A plan is signed once, on the day it was prepared for (its agreement date, so that the
disclosed dates hold), by the patient: on the office's screen (a staff user is the
actor) or from their own link (refused when the link is expired or revoked). Signing
writes the PDF and its SHA-256, marks the plan signed, and from then on the plan is
never signed or rendered again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_record
from casepath.cases.consent_services import Signature, is_png_data_url
from casepath.cases.events import case_event
from casepath.cases.links import link_state
from casepath.cases.models import EventKind, PatientLink, SignatureKind
from casepath.cases.patient.phrases import phrase
from casepath.cases.pdf import pdf_file, render_pdf
from casepath.core.errors import CasepathError
from casepath.financing.models import PaymentPlan, PlanInstalment, PlanStatus
from casepath.tenancy.scoping import scoped

PDF_TEMPLATE = "financing/agreement/pdf.html"
SIGNED_EVENT = EventKind.FINANCING
# Why a plan cannot be signed now, for the office (the patient reads patient_phrases).
REFUSALS = {
    "signed": "This agreement is signed already: it cannot change.",
    "cancelled": "This payment plan was cancelled.",
    "stale": "This plan was prepared for another day: prepare it again today, then sign.",
}
FREQUENCY_WORDS = {
    "weekly": "weekly",
    "biweekly": "every 2 weeks",
    "semimonthly": "twice a month",
    "monthly": "monthly",
    "quarterly": "quarterly",
}
PREPAYMENT = (
    "If you pay off early, you will not have to pay a penalty. Interest is charged only on "
    "the balance still owed, so paying early lowers the finance charge."
)
NO_INTEREST_PREPAYMENT = "If you pay off early, you will not have to pay a penalty."


@dataclass(frozen=True)
class PaymentGroup:
    """A run of equal payments in the schedule ("11 payments of $253.34 monthly")."""

    count: int
    amount: Decimal
    first_due: date
    last_due: date

    @property
    def words(self) -> str:
        if self.count == 1:
            return f"1 payment of ${self.amount:,.2f} due {self.first_due:%m/%d/%Y}"
        return (
            f"{self.count} payments of ${self.amount:,.2f} from {self.first_due:%m/%d/%Y} "
            f"to {self.last_due:%m/%d/%Y}"
        )


def payment_groups(instalments: list[PlanInstalment]) -> list[PaymentGroup]:
    groups: list[PaymentGroup] = []
    for line in instalments:
        last = groups[-1] if groups else None
        if last is not None and last.amount == line.payment:
            groups[-1] = PaymentGroup(last.count + 1, last.amount, last.first_due, line.due)
        else:
            groups.append(PaymentGroup(1, line.payment, line.due, line.due))
    return groups


def instalments_of(plan: PaymentPlan) -> list[PlanInstalment]:
    return list(scoped(PlanInstalment, plan.practice).filter(plan=plan).order_by("number"))


def agreement_context(plan: PaymentPlan) -> dict[str, Any]:
    """What the agreement says, for the PDF and for the page that shows it first."""
    practice, patient = plan.practice, plan.patient
    instalments = instalments_of(plan)
    choice = plan.choice
    return {
        "title": f"Payment plan agreement · {patient.first_name} {patient.last_name}",
        "practice": practice,
        "patient": patient,
        "patient_address": _address(patient),
        "plan": plan,
        "treatment": choice.option.name if choice else (plan.case.title if plan.case else ""),
        "case_title": plan.case.title if plan.case else "",
        "total_sale_price": plan.down_payment + plan.total_of_payments,
        "groups": payment_groups(instalments),
        "frequency_words": FREQUENCY_WORDS.get(plan.frequency, plan.frequency),
        "instalments": instalments,
        "prepayment": PREPAYMENT if plan.finance_charge else NO_INTEREST_PREPAYMENT,
        "drawn": plan.signature.startswith("data:image/png"),
        "signed_at": _local(plan.signed_at, practice.time_zone) if plan.signed_at else None,
    }


def _address(patient: Any) -> str:
    city = " ".join(p for p in (patient.city, patient.state, patient.postal_code) if p)
    lines = (patient.address_line1, patient.address_line2, city)
    return "\n".join(line for line in lines if line)


def _local(moment: datetime, zone: str) -> datetime:
    return timezone.localtime(moment, ZoneInfo(zone))


def agreement_refusal(plan: PaymentPlan, today: date) -> str:
    """Why `plan` cannot be signed today ("signed", "cancelled", "stale"), or ""."""
    if plan.status == PlanStatus.CANCELLED:
        return "cancelled"
    if plan.status != PlanStatus.DRAFT:
        return "signed"
    if plan.agreement_date != today:
        return "stale"
    return ""


@transaction.atomic
def agreement_sign(
    *,
    plan: PaymentPlan,
    signature: Signature,
    ip_address: str | None,
    now: datetime,
    today: date,
    acting_user: Any = None,
    link: PatientLink | None = None,
    refusals: dict[str, str] | None = None,
    language: str = "en",
) -> PaymentPlan:
    """The patient signs the agreement of `plan` (see the module's docstring).
    CasepathError when refused, in `refusals`' words (the office's by default)."""
    plan = (
        scoped(PaymentPlan, plan.practice)
        .select_for_update(of=("self",))
        .select_related("patient", "case", "choice__option", "practice")
        .get(pk=plan.pk)
    )
    if link is not None:
        _check_link(link, plan, now, language)
    refusal = agreement_refusal(plan, today)
    if refusal:
        raise CasepathError.at("signature", (refusals or REFUSALS)[refusal])
    checked = _checked(signature, language)
    plan.signer_name, plan.signature = checked.signer_name, checked.value
    plan.signed_at, plan.status = now, PlanStatus.SIGNED
    context = agreement_context(plan) | {"ip_address": ip_address or "unknown"}
    plan.pdf, plan.pdf_sha256 = pdf_file(
        render_pdf(PDF_TEMPLATE, context), f"payment-plan-{plan.pk}.pdf"
    )
    plan.full_clean()
    plan.save()
    _record(plan, acting_user, ip_address, by_link=link is not None)
    return plan


def _check_link(link: PatientLink, plan: PaymentPlan, now: datetime, language: str) -> None:
    link = PatientLink.objects.select_for_update().get(pk=link.pk)
    state = link_state(link, now)
    if state != "open":
        raise CasepathError.at("link", phrase(f"link_{state}", language))
    if plan.case_id is None or link.case_id != plan.case_id:
        raise CasepathError.at("link", phrase("case_closed", language))


def _checked(signature: Signature, language: str) -> Signature:
    """The signer's name and the drawing (a PNG data URL) or the typed name, tidied."""
    signer = " ".join(signature.signer_name.split())[:150]
    if not signer:
        raise CasepathError.at("signer_name", phrase("name_missing", language))
    if signature.kind == SignatureKind.DRAWN:
        value = signature.value.strip()
        if not value:
            raise CasepathError.at("signature", phrase("signature_missing", language))
        if not is_png_data_url(value):
            raise CasepathError.at("signature", phrase("signature_unreadable", language))
    elif signature.kind == SignatureKind.TYPED:
        value = " ".join(signature.value.split())[:200]
        if not value:
            raise CasepathError.at("signature", phrase("name_missing", language))
    else:
        raise CasepathError.at("signature", phrase("signature_missing", language))
    return Signature(signature.kind, value, signer)


def _record(plan: PaymentPlan, acting_user: Any, ip_address: str | None, *, by_link: bool) -> None:
    """The audit row of the plan, and the case's timeline."""
    channel = Channel.PATIENT_LINK if by_link else Channel.WEB
    where = "on the patient link" if by_link else "in the office"
    summary = (
        f"{plan.signer_name} signed the payment plan agreement {where}: "
        f"${plan.amount_financed:,.2f} financed at {plan.disclosed_apr_percent}% APR"
    )
    audit_record(
        practice=plan.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=plan,
        patient=plan.patient,
        summary=summary,
        changes={"status": {"before": PlanStatus.DRAFT.value, "after": plan.status}},
        channel=channel,
        ip_address=ip_address,
    )
    if plan.case is not None:
        case_event(
            plan.case,
            kind=SIGNED_EVENT,
            actor=acting_user,
            summary=summary,
            data={"payment_plan": plan.pk, "pdf_sha256": plan.pdf_sha256},
            channel=channel,
            ip_address=ip_address,
        )
