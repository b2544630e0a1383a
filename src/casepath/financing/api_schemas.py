"""What the payment plans API reads and writes, and how a plan becomes JSON.

Money goes out as strings with two decimals ("1250.00"), rates as percents
("9.90"); dates are ISO. The builders run no queries of their own.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from casepath.financing.models import Frequency, PaymentMethod, PaymentPlan, PlanPayment
from casepath.financing.standing import Owed, Standing

# ---- input -------------------------------------------------------------------


class PlanFilters(Schema):
    patient: int | None = Field(None, description="Only this patient's plans.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class PaymentPlanIn(Schema):
    patient_id: int
    case_id: int | None = Field(None, description="A case of the same patient.")
    total: Decimal = Field(description="What the patient owes for the treatment.")
    down_payment: Decimal = Decimal("0.00")
    apr_percent: Decimal | None = Field(None, description="Leave out for the practice's APR.")
    frequency: Frequency = Frequency.MONTHLY
    agreement_date: date
    first_payment_date: date
    number_of_payments: int | None = Field(None, description="Give this or payment_amount.")
    payment_amount: Decimal | None = None
    interest_free_days: int = Field(0, ge=0)


class PaymentIn(Schema):
    amount: Decimal
    paid_on: date
    method: PaymentMethod
    note: str = Field("", max_length=200)


# ---- output ------------------------------------------------------------------


class DueOut(Schema):
    number: int
    due: date
    unpaid: str
    is_late: bool


class PaymentPlanOut(Schema):
    id: int
    patient_id: int
    case_id: int | None
    status: str = Field(description="draft, cancelled, current, late or paid_off (today).")
    signed: bool
    amount_financed: str
    down_payment: str
    apr_percent: str = Field(description="The plan's yearly rate.")
    annual_percentage_rate: str = Field(description="Regulation Z Appendix J, from the dates.")
    frequency: Frequency
    agreement_date: date
    first_payment_date: date
    number_of_payments: int
    finance_charge: str
    total_of_payments: str
    is_consumer_credit: bool
    paid: str
    balance: str
    late_amount: str
    next_due: DueOut | None


class PaymentPlanPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PaymentPlanOut]


class InstalmentOut(Schema):
    number: int
    due: date
    payment: str
    interest: str
    principal: str
    balance: str
    unpaid: str


class PaymentOut(Schema):
    id: int
    amount: str
    paid_on: date
    method: PaymentMethod
    note: str


class PaymentPlanDetail(PaymentPlanOut):
    schedule: list[InstalmentOut]
    payments: list[PaymentOut]


class PaymentRecorded(PaymentOut):
    plan: PaymentPlanDetail


# ---- builders ----------------------------------------------------------------


def cents(amount: Decimal) -> str:
    return f"{amount:.2f}"


def due_out(owed: Owed | None) -> dict[str, Any] | None:
    if owed is None:
        return None
    return {
        "number": owed.number,
        "due": owed.due,
        "unpaid": cents(owed.unpaid),
        "is_late": owed.is_late,
    }


def plan_out(plan: PaymentPlan, standing: Standing, count: int) -> dict[str, Any]:
    """A plan with its standing; `count` is its number of instalments."""
    return {
        "id": plan.pk,
        "patient_id": plan.patient_id,
        "case_id": plan.case_id,
        "status": standing.status,
        "signed": plan.signed_at is not None,
        "amount_financed": cents(plan.amount_financed),
        "down_payment": cents(plan.down_payment),
        "apr_percent": cents(plan.apr_percent),
        "annual_percentage_rate": cents(plan.disclosed_apr_percent),
        "frequency": plan.frequency,
        "agreement_date": plan.agreement_date,
        "first_payment_date": plan.first_payment_date,
        "number_of_payments": count,
        "finance_charge": cents(plan.finance_charge),
        "total_of_payments": cents(plan.total_of_payments),
        "is_consumer_credit": plan.is_consumer_credit,
        "paid": cents(standing.paid),
        "balance": cents(standing.balance),
        "late_amount": cents(standing.late_amount),
        "next_due": due_out(standing.next_due),
    }


def payment_out(payment: PlanPayment) -> dict[str, Any]:
    return {
        "id": payment.pk,
        "amount": cents(payment.amount),
        "paid_on": payment.paid_on,
        "method": payment.method,
        "note": payment.note,
    }


def plan_detail_out(plan: PaymentPlan, detail: dict[str, Any]) -> dict[str, Any]:
    """The plan with its schedule and payments (detail: selectors.payment_plan_detail)."""
    lines = detail["lines"]
    schedule = [
        {
            "number": line["row"].number,
            "due": line["row"].due,
            "payment": cents(line["row"].payment),
            "interest": cents(line["row"].interest),
            "principal": cents(line["row"].principal),
            "balance": cents(line["row"].balance),
            "unpaid": cents(line["owed"].unpaid if line["owed"] else Decimal(0)),
        }
        for line in lines
    ]
    return plan_out(plan, detail["standing"], len(lines)) | {
        "schedule": schedule,
        "payments": [payment_out(p) for p in detail["payments"]],
    }
