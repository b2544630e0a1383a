"""Writes for collections: a payment entered against a case, and a payment on an in-house
payment plan counted as collected. Each is one transaction with its audit row.

Nothing is ever edited or deleted: a correction or a refund is a new, negative payment
with a note saying why, so the history of what was collected stays whole.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from casepath.audit.models import Action
from casepath.audit.services import audit_record
from casepath.cases.events import current_channel
from casepath.cases.models import Case
from casepath.core.errors import CasepathError, FieldError
from casepath.financing.models import PlanPayment
from casepath.payments.models import PayerKind, Payment, PaymentSource
from casepath.payments.parsing import dollars
from casepath.tenancy.scoping import scoped

# The largest amount the column holds (10 digits, 2 of them cents).
LIMIT = Decimal("100000000")
MAX_NOTE = 200
MAX_REFERENCE = 60


def amount_problem(amount: Decimal) -> str:
    """Why `amount` cannot be a payment ("" when it can)."""
    if amount == 0:
        return "Enter the amount received (a refund or correction is negative)."
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        return "Amounts are dollars and cents: at most 2 decimal places."
    if abs(amount) >= LIMIT:
        return f"{dollars(amount)} is more than a payment can be; check the amount."
    return ""


def reference_taken(practice: Any, reference: str) -> Payment | None:
    if not reference:
        return None
    return scoped(Payment, practice).filter(reference=reference).first()


def taken_words(payment: Payment) -> str:
    return (
        f"Reference {payment.reference} is already on file: "
        f"{dollars(payment.amount)} received {payment.received_on:%m/%d/%Y}."
    )


def collected(case: Case) -> Decimal:
    total = scoped(Payment, case.practice).filter(case=case).aggregate(total=Sum("amount"))
    return total["total"] or Decimal("0.00")


def _check(
    case: Case,
    amount: Decimal,
    received_on: date,
    payer: str,
    reference: str,
    note: str,
    today: date,
) -> None:
    problems: list[FieldError] = []
    wrong = amount_problem(amount)
    if wrong:
        problems.append(FieldError("amount", wrong))
    elif amount < 0 and -amount > collected(case):
        so_far = dollars(collected(case))
        problems.append(
            FieldError(
                "amount", f"Only {so_far} has been collected on this case: a refund cannot be more."
            )
        )
    if received_on > today:
        problems.append(
            FieldError(
                "received_on",
                f"{received_on:%m/%d/%Y} is after today: enter the day the money came in.",
            )
        )
    if payer not in PayerKind.values:
        problems.append(
            FieldError("payer", "Choose who paid: patient, insurance, financing company or other.")
        )
    if len(reference) > MAX_REFERENCE:
        problems.append(FieldError("reference", f"At most {MAX_REFERENCE} characters."))
    elif (taken := reference_taken(case.practice, reference)) is not None:
        problems.append(FieldError("reference", taken_words(taken)))
    if amount < 0 and not note:
        problems.append(
            FieldError("note", "Say why: a refund, or the correction of which payment.")
        )
    if len(note) > MAX_NOTE:
        problems.append(FieldError("note", f"At most {MAX_NOTE} characters."))
    if problems:
        raise CasepathError(*problems)


@transaction.atomic
def payment_record(
    *,
    acting_user: Any,
    case: Case,
    amount: Decimal,
    received_on: date,
    payer: str = PayerKind.PATIENT,
    reference: str = "",
    note: str = "",
    today: date,
) -> Payment:
    """Record money received against `case`; a negative amount is a refund or correction."""
    case = scoped(Case, case.practice).select_for_update().select_related("patient").get(pk=case.pk)
    reference, note = reference.strip(), note.strip()
    _check(case, amount, received_on, payer, reference, note, today)
    payment = Payment(
        practice=case.practice,
        case=case,
        patient=case.patient,
        amount=amount,
        received_on=received_on,
        payer=payer,
        reference=reference,
        note=note,
        source=PaymentSource.ENTERED,
        recorded_by=acting_user,
    )
    payment.full_clean()
    payment.save()
    kind = "a refund or correction" if amount < 0 else "a payment"
    _audit(payment, acting_user, f"Recorded {kind} of {dollars(amount)} on “{case.title}”")
    return payment


def plan_reference(plan_payment: PlanPayment) -> str:
    return f"plan-payment-{plan_payment.pk}"


@transaction.atomic
def payment_from_plan(plan_payment: PlanPayment) -> Payment | None:
    """Count a payment on an in-house payment plan as collected on the plan's case.

    Idempotent: the reference names the plan payment, so it is counted once."""
    plan = plan_payment.plan
    if plan.case_id is None:
        return None
    reference = plan_reference(plan_payment)
    if reference_taken(plan_payment.practice, reference) is not None:
        return None
    payment = Payment(
        practice=plan_payment.practice,
        case_id=plan.case_id,
        patient_id=plan.patient_id,
        amount=plan_payment.amount,
        received_on=plan_payment.paid_on,
        payer=PayerKind.PATIENT,
        reference=reference,
        note=f"Payment plan {plan.pk}: {plan_payment.note}".strip(": ")[:MAX_NOTE],
        source=PaymentSource.PLAN,
        recorded_by_id=plan_payment.recorded_by_id,
    )
    payment.save()
    summary = f"Counted a payment-plan payment of {dollars(payment.amount)} as collected"
    _audit(payment, plan_payment.recorded_by, summary)
    return payment


def _audit(payment: Payment, actor: Any, summary: str) -> None:
    channel, address = current_channel()
    audit_record(
        practice=payment.practice,
        actor=actor,
        action=Action.CREATE,
        target=payment,
        patient=payment.patient,
        summary=summary,
        changes={
            name: {"before": None, "after": str(getattr(payment, name))}
            for name in ("amount", "received_on", "payer", "reference", "note", "source")
        },
        channel=channel,
        ip_address=address,
    )
