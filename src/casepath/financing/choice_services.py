"""The patient's choice of a way to pay, recorded on the case, and the payment plan
an in-house choice becomes.

`financial_choice_record` keeps the arrangement as it was shown (its figures and its
words) with who chose it: a staff user, or the patient from their link (`acting_user`
None). The case's timeline says so (cases.events.case_event: event and audit row).
A new choice replaces the earlier one: a draft plan made from a choice is cancelled. Once a
plan of the case is signed, the choice is settled: the office changes it, not a form.

`payment_plan_for_choice` makes the draft plan of an in-house choice with
plan_services.payment_plan_create: the agreement to sign (agreement.py) is its.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from casepath.audit.models import Action, Channel
from casepath.cases.events import case_event
from casepath.cases.models import Case, CaseOption, EventKind
from casepath.core.errors import CasepathError
from casepath.core.financing.arrangements import Arrangement, ArrangementKind
from casepath.core.financing.compare import one_month_after
from casepath.financing import plan_services
from casepath.financing.models import FinancialChoice, PaymentPlan, PlanStatus
from casepath.tenancy.scoping import scoped

# The timeline has no kind of its own for money yet: a way to pay is an option chosen.
CHOICE_EVENT = EventKind.FINANCING
SETTLED = (PlanStatus.SIGNED, PlanStatus.CURRENT, PlanStatus.LATE, PlanStatus.PAID_OFF)
PATIENT = "patient"


# Reads


def latest_choice(case: Case) -> FinancialChoice | None:
    """The case's current choice (the latest one recorded)."""
    return (
        scoped(FinancialChoice, case.practice)
        .filter(case=case)
        .select_related("option", "chosen_by")
        .order_by("-chosen_at", "-pk")
        .first()
    )


def choice_plan(choice: FinancialChoice | None) -> PaymentPlan | None:
    """The plan made from `choice` that still counts (not cancelled), newest first."""
    if choice is None:
        return None
    return (
        scoped(PaymentPlan, choice.practice)
        .filter(choice=choice)
        .exclude(status=PlanStatus.CANCELLED)
        .order_by("-pk")
        .first()
    )


def signed_plan(case: Case) -> PaymentPlan | None:
    return (
        scoped(PaymentPlan, case.practice)
        .filter(case=case, status__in=SETTLED)
        .order_by("-pk")
        .first()
    )


# Writes


@transaction.atomic
def financial_choice_record(
    *,
    acting_user: Any,
    case: Case,
    option_id: int,
    arrangement: Arrangement,
    owed: Decimal,
    now: datetime,
    ip_address: str | None = None,
) -> FinancialChoice:
    """Record that the patient chose `arrangement` to pay `owed` for the option."""
    case = scoped(Case, case.practice).select_for_update().select_related("patient").get(pk=case.pk)
    option = _check_choice(case, option_id, arrangement)
    by_patient = not getattr(acting_user, "is_authenticated", False)
    drafts = scoped(PaymentPlan, case.practice).filter(
        case=case, choice__isnull=False, status=PlanStatus.DRAFT
    )
    for draft in drafts:  # made from an earlier choice: that choice is replaced
        plan_services.payment_plan_cancel(acting_user=acting_user, plan=draft)
    choice = FinancialChoice(
        practice=case.practice,
        case=case,
        option=option,
        kind=arrangement.kind.value,
        name=arrangement.name[:120],
        upfront=arrangement.upfront,
        monthly=arrangement.monthly,
        payments=arrangement.number_of_payments,
        total_cost=arrangement.total_cost_to_patient,
        details=_details(arrangement, owed),
        chosen_by=None if by_patient else acting_user,
        chosen_by_name=PATIENT if by_patient else acting_user.get_username(),
        chosen_at=now,
    )
    choice.full_clean()
    choice.save()
    who = "The patient" if by_patient else acting_user.get_username()
    case_event(
        case,
        kind=CHOICE_EVENT,
        actor=acting_user,
        summary=f"{who} chose how to pay for “{option.name}”: {arrangement.name}. "
        f"{arrangement.words}",
        data={"financial_choice": choice.pk, "option": option.pk, "kind": choice.kind},
        action=Action.CREATE,
        channel=Channel.PATIENT_LINK if by_patient else None,
        ip_address=ip_address,
    )
    return choice


def _check_choice(case: Case, option_id: int, arrangement: Arrangement) -> CaseOption:
    option = scoped(CaseOption, case.practice).filter(case=case, pk=option_id).first()
    if option is None:
        raise CasepathError.at("option", "Choose an option of this case.")
    if case.accepted_option_id is not None and option.pk != case.accepted_option_id:
        raise CasepathError.at(
            "option", "The patient accepted another option: choose how to pay for that one."
        )
    if arrangement.kind == ArrangementKind.INSURANCE_ONLY:
        raise CasepathError.at("arrangement", "Insurance pays it all: there is nothing to choose.")
    if signed_plan(case) is not None:
        raise CasepathError.at(
            "arrangement", "A payment plan of this case is signed: the choice is settled."
        )
    return option


def _details(arrangement: Arrangement, owed: Decimal) -> dict[str, Any]:
    """What the choice's columns do not hold, as text (JSON keeps no Decimal)."""
    details: dict[str, Any] = {
        "owed": str(owed),
        "apr_percent": str(arrangement.apr_percent),
        "last_payment": str(arrangement.last_payment),
        "net_to_practice": str(arrangement.net_to_practice),
        "words": arrangement.words,
        "warning": arrangement.warning,
        "application_url": arrangement.application_url,
    }
    schedule = arrangement.schedule
    if schedule is not None:
        details |= {
            "rate_percent": str(schedule.terms.apr_percent),
            "frequency": schedule.terms.frequency.value,
            "agreement_date": schedule.terms.agreement_date.isoformat(),
            "first_payment_date": schedule.terms.first_payment_date.isoformat(),
            "finance_charge": str(schedule.finance_charge),
        }
    return details


@transaction.atomic
def payment_plan_for_choice(
    *, acting_user: Any, choice: FinancialChoice, today: date, ip_address: str | None = None
) -> PaymentPlan:
    """The draft plan of an in-house choice, agreed `today` (the one already made today
    when there is one: a plan agreed another day is made again, with today's dates)."""
    if choice.kind != ArrangementKind.IN_HOUSE:
        raise CasepathError.at("choice", "Only a payment plan with the practice has an agreement.")
    existing = choice_plan(choice)
    if existing is not None and existing.status != PlanStatus.DRAFT:
        return existing
    if existing is not None and existing.agreement_date == today:
        return existing
    if existing is not None:
        plan_services.payment_plan_cancel(acting_user=acting_user, plan=existing)
    case = choice.case
    details = choice.details
    plan = plan_services.payment_plan_create(
        acting_user=acting_user,
        patient=case.patient,
        case=case,
        total=Decimal(details["owed"]),
        down_payment=choice.upfront,
        apr_percent=Decimal(details.get("rate_percent", "0")),
        frequency=details.get("frequency", "monthly"),
        agreement_date=today,
        first_payment_date=one_month_after(today),
        number_of_payments=choice.payments,
        choice=choice,
    )
    case_event(
        case,
        kind=CHOICE_EVENT,
        actor=acting_user,
        summary=f"Prepared the payment plan agreement for “{choice.option.name}” "
        f"(${plan.amount_financed:,.2f} financed): it waits for the patient's signature.",
        data={"payment_plan": plan.pk, "financial_choice": choice.pk},
        action=Action.CREATE,
        channel=None if getattr(acting_user, "is_authenticated", False) else Channel.PATIENT_LINK,
        ip_address=ip_address,
    )
    return plan
