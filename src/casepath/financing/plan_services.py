"""Writes for in-house payment plans: make a plan (its schedule from the core's
amortize(), within the practice's policy), record payments, cancel a draft.

A plan is made as a draft; signing it (the agreement PDF) makes it "signed", and the
payments recorded against it then make it current, late or paid off (selectors).
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_record
from casepath.cases.models import Case
from casepath.core.errors import CasepathError
from casepath.core.financing.schedule import Frequency, Schedule, Terms, amortize
from casepath.core.money import to_cents
from casepath.financing.checks import HUNDRED, Problems, dollars
from casepath.financing.models import (
    FinancialChoice,
    FinancialPolicy,
    PaymentMethod,
    PaymentPlan,
    PlanInstalment,
    PlanPayment,
    PlanStatus,
)
from casepath.financing.selectors import RUNNING, financial_policy
from casepath.patients.models import Patient
from casepath.tenancy.scoping import scoped

FREQUENCY_WORDS = "weekly, every 2 weeks, twice a month, monthly or quarterly"
# What the core's field names are called in a sentence ("The total must be more than 0.").
TERM_WORDS = {
    "total": "The total",
    "down_payment": "The down payment",
    "apr_percent": "The APR",
    "agreement_date": "The agreement date",
    "first_payment_date": "The first payment date",
    "number_of_payments": "The number of payments",
    "payment_amount": "The payment amount",
    "interest_free_days": "The number of days before interest starts",
}


@transaction.atomic
def payment_plan_create(
    *,
    acting_user: Any,
    patient: Patient,
    case: Case | None = None,
    total: Decimal,
    down_payment: Decimal,
    apr_percent: Decimal,
    frequency: str,
    agreement_date: date,
    first_payment_date: date,
    number_of_payments: int | None = None,
    payment_amount: Decimal | None = None,
    interest_free_days: int = 0,
    choice: FinancialChoice | None = None,
    channel: Channel = Channel.WEB,
) -> PaymentPlan:
    """A draft plan and its schedule; every problem is refused at once, naming its field."""
    policy = financial_policy(patient.practice)
    problems = Problems()
    _check_case(patient, case, choice, problems)
    _check_down_payment(total, down_payment, policy, problems)
    schedule = None
    try:
        terms = Terms(
            total=total,
            down_payment=down_payment,
            apr_percent=apr_percent,
            frequency=_frequency(frequency, problems),
            agreement_date=agreement_date,
            first_payment_date=first_payment_date,
            number_of_payments=number_of_payments,
            payment_amount=payment_amount,
            interest_free_days=interest_free_days,
        )
        schedule = amortize(terms, apr_cap=policy.apr_cap_percent)
    except CasepathError as refused:
        for error in refused.errors:
            if not problems.has(error.path):
                problems.add(error.path, sentence(error.path, error.message))
    if schedule is not None:
        _check_term(schedule, policy, problems)
    problems.raise_any()
    assert schedule is not None
    return _save_plan(acting_user, patient, case, choice, schedule, channel)


def sentence(path: str, message: str) -> str:
    """The core's "must be more than 0" at "total" as "The total must be more than 0."."""
    if message.startswith("must ") and path in TERM_WORDS:
        message = f"{TERM_WORDS[path]} {message}"
    message = message[:1].upper() + message[1:]
    return message if message.endswith(".") else f"{message}."


def _frequency(value: str, problems: Problems) -> Frequency:
    """The frequency; an unknown one is refused (monthly stands in, so that the core
    still names every other problem of the terms)."""
    if value in Frequency._value2member_map_:
        return Frequency(value)
    problems.add("frequency", f"Choose how often: {FREQUENCY_WORDS}.")
    return Frequency.MONTHLY


def _check_case(
    patient: Patient, case: Case | None, choice: FinancialChoice | None, problems: Problems
) -> None:
    if case is not None and case.patient_id != patient.pk:
        problems.add("case", "That case is another patient's.")
    if choice is not None and (case is None or choice.case_id != case.pk):
        problems.add("choice", "That financial choice belongs to another case.")


def _check_down_payment(
    total: Decimal, down: Decimal, policy: FinancialPolicy, problems: Problems
) -> None:
    """The practice's minimum down payment (the core checks the rest of the amounts)."""
    if not isinstance(total, Decimal) or not isinstance(down, Decimal) or total <= 0 or down < 0:
        return
    least = to_cents(total * policy.min_down_percent / HUNDRED)
    if down < least:
        problems.add(
            "down_payment",
            f"The practice asks at least {policy.min_down_percent}% down: {dollars(least)}.",
        )


def _check_term(schedule: Schedule, policy: FinancialPolicy, problems: Problems) -> None:
    """The last payment falls within the practice's longest in-house term."""
    longest = policy.longest_term_months
    limit = add_months(schedule.terms.agreement_date, longest)
    last = schedule.instalments[-1].due
    if last > limit:
        field = "number_of_payments" if schedule.terms.payment_amount is None else "payment_amount"
        problems.add(
            field,
            f"The last payment would be due {last:%m/%d/%Y}; the practice's longest "
            f"in-house term is {longest} months (until {limit:%m/%d/%Y}).",
        )


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _save_plan(
    acting_user: Any,
    patient: Patient,
    case: Case | None,
    choice: FinancialChoice | None,
    schedule: Schedule,
    channel: Channel,
) -> PaymentPlan:
    terms = schedule.terms
    plan = PaymentPlan(
        practice=patient.practice,
        patient=patient,
        case=case,
        choice=choice,
        amount_financed=schedule.amount_financed,
        down_payment=terms.down_payment,
        apr_percent=terms.apr_percent,
        disclosed_apr_percent=schedule.disclosure.apr_percent,
        frequency=terms.frequency.value,
        interest_free_days=terms.interest_free_days,
        agreement_date=terms.agreement_date,
        first_payment_date=terms.first_payment_date,
        finance_charge=schedule.finance_charge,
        total_of_payments=schedule.total_of_payments,
        is_consumer_credit=schedule.is_consumer_credit,
        made_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    plan.full_clean()
    plan.save()
    PlanInstalment.objects.bulk_create(
        PlanInstalment(
            practice=plan.practice,
            organization_id=plan.practice.organization_id,
            plan=plan,
            number=line.number,
            due=line.due,
            payment=line.payment,
            interest=line.interest,
            principal=line.principal,
            balance=line.balance,
        )
        for line in schedule.instalments
    )
    summary = (
        f"Prepared a payment plan for {patient}: {dollars(plan.amount_financed)} financed, "
        f"{len(schedule.instalments)} payments of {dollars(schedule.payment)}"
    )
    _audit(plan, acting_user, Action.CREATE, summary, _figures(plan), channel)
    return plan


def _figures(plan: PaymentPlan) -> dict[str, Any]:
    names = (
        "amount_financed",
        "down_payment",
        "apr_percent",
        "finance_charge",
        "total_of_payments",
    )
    return {name: {"before": None, "after": str(getattr(plan, name))} for name in names}


# Payments


@transaction.atomic
def payment_record(
    *,
    acting_user: Any,
    plan: PaymentPlan,
    amount: Decimal,
    paid_on: date,
    method: str,
    note: str = "",
    channel: Channel = Channel.WEB,
) -> PlanPayment:
    """A payment against a signed plan; the plan is paid off when the payments reach its
    total of payments."""
    plan = scoped(PaymentPlan, plan.practice).select_for_update().get(pk=plan.pk)
    paid = plan.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    owed = plan.total_of_payments - paid
    problems = Problems()
    _check_payable(plan, problems)
    problems.more_than_zero("amount", amount, "amount")
    if not problems.has("amount") and not problems.has("plan") and amount > owed:
        problems.add("amount", f"Only {dollars(owed)} is left to pay on this plan.")
    if paid_on < plan.agreement_date:
        problems.add("paid_on", f"The plan was agreed on {plan.agreement_date:%m/%d/%Y}.")
    if method not in PaymentMethod.values:
        problems.add("method", "Choose cash, card, check or bank transfer.")
    problems.raise_any()
    payment = PlanPayment(
        practice=plan.practice,
        plan=plan,
        amount=amount,
        paid_on=paid_on,
        method=method,
        note=note.strip(),
        recorded_by=acting_user,
    )
    payment.full_clean()
    payment.save()
    changes: dict[str, Any] = {"amount": {"before": None, "after": str(amount)}}
    if amount == owed:
        changes["status"] = {"before": plan.status, "after": PlanStatus.PAID_OFF.value}
        plan.status = PlanStatus.PAID_OFF
        plan.save(update_fields=["status", "updated_at"])
    summary = f"Recorded a payment of {dollars(amount)} ({payment.get_method_display()})"
    _audit(plan, acting_user, Action.UPDATE, summary, changes, channel)
    return payment


def _check_payable(plan: PaymentPlan, problems: Problems) -> None:
    if plan.status == PlanStatus.DRAFT:
        problems.add("plan", "Payments are recorded once the patient has signed the agreement.")
    elif plan.status not in RUNNING:
        problems.add("plan", f"This plan is {plan.get_status_display().lower()}.")


@transaction.atomic
def payment_plan_cancel(*, acting_user: Any, plan: PaymentPlan) -> PaymentPlan:
    """Cancel a plan the patient has not signed."""
    plan = scoped(PaymentPlan, plan.practice).select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        label = plan.get_status_display().lower()
        raise CasepathError.at(
            "status", f"Only a draft plan can be cancelled; this one is {label}."
        )
    plan.status = PlanStatus.CANCELLED
    plan.save(update_fields=["status", "updated_at"])
    changes = {"status": {"before": PlanStatus.DRAFT.value, "after": plan.status}}
    _audit(plan, acting_user, Action.UPDATE, "Cancelled a draft payment plan", changes)
    return plan


def _audit(
    plan: PaymentPlan,
    actor: Any,
    action: Action,
    summary: str,
    changes: dict[str, Any],
    channel: Channel = Channel.WEB,
) -> None:
    audit_record(
        channel=channel,
        practice=plan.practice,
        actor=actor,
        action=action,
        target=plan,
        patient=plan.patient,
        summary=summary,
        changes=changes,
    )
