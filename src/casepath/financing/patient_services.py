"""Writes about one patient's other ways to pay: applications to a lender and their
outcome, and membership enrolments (a year each, renewed by enrolling again)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from casepath.audit.models import Action
from casepath.audit.services import audit_record
from casepath.cases.models import Case
from casepath.financing.checks import Problems, dollars
from casepath.financing.models import (
    ApplicationStatus,
    FinancingApplication,
    LenderProduct,
    MembershipEnrolment,
    MembershipPlan,
)
from casepath.patients.models import Patient
from casepath.tenancy.scoping import scoped

# Applications


@transaction.atomic
def application_create(
    *,
    acting_user: Any,
    patient: Patient,
    lender: LenderProduct,
    amount: Decimal,
    submitted_on: date,
    case: Case | None = None,
) -> FinancingApplication:
    """The patient applied to `lender` for `amount`."""
    problems = Problems()
    if not lender.is_enabled:
        problems.add("lender", f"The practice no longer offers {lender}.")
    problems.more_than_zero("amount", amount, "amount")
    if not problems.has("amount") and not lender.min_amount <= amount <= lender.max_amount:
        problems.add(
            "amount",
            f"{lender} lends from {dollars(lender.min_amount)} to {dollars(lender.max_amount)}.",
        )
    if case is not None and case.patient_id != patient.pk:
        problems.add("case", "That case is another patient's.")
    problems.raise_any()
    application = FinancingApplication(
        practice=patient.practice,
        patient=patient,
        case=case,
        lender=lender,
        amount=amount,
        submitted_on=submitted_on,
    )
    application.full_clean()
    application.save()
    summary = f"Recorded an application to {lender} for {dollars(amount)}"
    changes = {"amount": {"before": None, "after": str(amount)}}
    _audit(application, patient, acting_user, Action.CREATE, summary, changes)
    return application


@transaction.atomic
def application_decide(
    *,
    acting_user: Any,
    application: FinancingApplication,
    status: str,
    decided_on: date | None = None,
    approved_amount: Decimal | None = None,
) -> FinancingApplication:
    """Record the lender's answer: approved (with the amount) or declined, and when; or
    back to submitted (a mistake corrected)."""
    problems = Problems()
    if status not in ApplicationStatus.values:
        problems.add("status", "Choose submitted, approved or declined.")
    elif status == ApplicationStatus.SUBMITTED:
        decided_on, approved_amount = None, None
    else:
        _check_decision(application, status, decided_on, approved_amount, problems)
        approved_amount = approved_amount if status == ApplicationStatus.APPROVED else None
    problems.raise_any()
    before = _decision(application)
    application.status = status
    application.decided_on = decided_on
    application.approved_amount = approved_amount
    application.full_clean()
    application.save()
    after = _decision(application)
    changes = {k: {"before": before[k], "after": after[k]} for k in before if before[k] != after[k]}
    label = application.get_status_display().lower()
    summary = f"The application to {application.lender} is {label}"
    _audit(application, application.patient, acting_user, Action.UPDATE, summary, changes)
    return application


def _check_decision(
    application: FinancingApplication,
    status: str,
    decided_on: date | None,
    approved_amount: Decimal | None,
    problems: Problems,
) -> None:
    if decided_on is None:
        problems.add("decided_on", "Give the day the lender answered.")
    elif decided_on < application.submitted_on:
        submitted = f"{application.submitted_on:%m/%d/%Y}"
        problems.add("decided_on", f"The application was submitted later, on {submitted}.")
    if status == ApplicationStatus.APPROVED:
        problems.more_than_zero("approved_amount", approved_amount, "approved amount")


def _decision(application: FinancingApplication) -> dict[str, Any]:
    return {
        "status": application.status,
        "decided_on": application.decided_on and application.decided_on.isoformat(),
        "approved_amount": application.approved_amount and str(application.approved_amount),
    }


# Memberships


def renewal_date(starts_on: date) -> date:
    """A year after `starts_on` (February 28 for a start on February 29)."""
    try:
        return starts_on.replace(year=starts_on.year + 1)
    except ValueError:
        return starts_on.replace(year=starts_on.year + 1, day=28)


@transaction.atomic
def membership_enrol(
    *,
    acting_user: Any,
    patient: Patient,
    plan: MembershipPlan,
    starts_on: date,
    fee_paid: Decimal | None = None,
) -> MembershipEnrolment:
    """Enrol the patient in `plan` for a year from `starts_on` (renewing: from the day the
    last year ends). `fee_paid` is the plan's fee unless said otherwise."""
    renews_on = renewal_date(starts_on)
    fee = (plan.yearly_fee or plan.monthly_fee) if fee_paid is None else fee_paid
    problems = Problems()
    if not plan.is_enabled:
        problems.add("plan", f"The practice no longer offers {plan}.")
    problems.not_negative("fee_paid", fee, "fee paid")
    overlap = _overlapping(patient, starts_on, renews_on)
    if overlap is not None:
        until = f"{overlap.renews_on:%m/%d/%Y}"
        who = patient.display_name
        problems.add("starts_on", f"{who} is already a member of {overlap.plan} until {until}.")
    problems.raise_any()
    enrolment = MembershipEnrolment(
        practice=patient.practice,
        patient=patient,
        plan=plan,
        starts_on=starts_on,
        renews_on=renews_on,
        fee_paid=fee,
    )
    enrolment.full_clean()
    enrolment.save()
    summary = f"Enrolled {patient} in {plan} from {starts_on:%m/%d/%Y} to {renews_on:%m/%d/%Y}"
    changes = {"fee_paid": {"before": None, "after": str(fee)}}
    _audit(enrolment, patient, acting_user, Action.CREATE, summary, changes)
    return enrolment


def _overlapping(patient: Patient, starts_on: date, renews_on: date) -> Any:
    """A membership of the patient that covers part of [starts_on, renews_on)."""
    return (
        scoped(MembershipEnrolment, patient.practice)
        .filter(patient=patient, starts_on__lt=renews_on, renews_on__gt=starts_on)
        .select_related("plan")
        .first()
    )


def _audit(
    row: Any, patient: Patient, actor: Any, action: Action, summary: str, changes: dict[str, Any]
) -> None:
    audit_record(
        practice=patient.practice,
        actor=actor,
        action=action,
        target=row,
        patient=patient,
        summary=summary,
        changes=changes,
    )
