"""Cases for the figures, made straight in the database so each test states its numbers.

`metric_case` makes a case with a recommended option (and optionally a second one),
its procedures with fees and decisions, presenters and dates. `pay` records a payment.
Every amount is given as text so that tests read like the hand computation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from casepath.cases.models import Case, CaseOption, CasePhase, CaseType, PlannedProcedure
from casepath.core.cases import Decision
from casepath.patients.models import Patient
from casepath.payments.models import Payment, PaymentSource
from casepath.tenancy.models import Practice, Provider
from tests.builders import build_patient, build_provider


@dataclass(frozen=True)
class Line:
    """One planned procedure: code, fee, the patient's decision, discount."""

    code: str
    fee: str
    decision: str = Decision.UNDECIDED
    discount: str = "0.00"


def yes(code: str, fee: str, discount: str = "0.00") -> Line:
    return Line(code, fee, Decision.ACCEPTED, discount)


def no(code: str, fee: str) -> Line:
    return Line(code, fee, Decision.DECLINED)


def open_line(code: str, fee: str) -> Line:
    return Line(code, fee)


def provider_of(practice: Practice) -> Provider:
    return Provider.objects.filter(practice=practice).first() or build_provider(practice)


def metric_case(
    practice: Practice,
    *,
    patient: Patient | None = None,
    lines: list[Line],
    other_option: list[Line] | None = None,
    status: str = "presented",
    diagnosed_on: date = date(2026, 10, 1),
    presented_on: date | None = date(2026, 10, 5),
    decided_on: date | None = None,
    first: Any = None,
    last: Any = None,
    case_type: str = CaseType.NEW_PATIENT,
    provider: Provider | None = None,
    decline_reason: str = "",
    title: str = "Case",
) -> Case:
    """A case whose recommended option holds `lines`; `other_option` is a second option
    (not recommended) whose lines may carry the accepted decisions instead."""
    case = Case.objects.create(
        practice=practice,
        patient=patient or build_patient(practice),
        title=title,
        case_type=case_type,
        diagnosing_provider=provider or provider_of(practice),
        diagnosed_on=diagnosed_on,
        presented_on=presented_on,
        decided_on=decided_on,
        status=status,
        first_presenter=first,
        last_presenter=last if last is not None else first,
        decline_reason=decline_reason,
    )
    _option(case, "Recommended", lines, recommended=True)
    if other_option is not None:
        _option(case, "Other", other_option, recommended=False)
    return case


def _option(case: Case, name: str, lines: list[Line], *, recommended: bool) -> CaseOption:
    option = CaseOption.objects.create(
        practice=case.practice, case=case, name=name, is_recommended=recommended
    )
    phase = CasePhase.objects.create(practice=case.practice, option=option, name="Phase 1")
    for position, line in enumerate(lines):
        PlannedProcedure.objects.create(
            practice=case.practice,
            phase=phase,
            case=case,
            position=position,
            code=line.code,
            fee=Decimal(line.fee),
            discount=Decimal(line.discount),
            decision=line.decision,
        )
    return option


def pay(case: Case, amount: str, received_on: date, *, by: Any, reference: str = "") -> Payment:
    return Payment.objects.create(
        practice=case.practice,
        case=case,
        patient=case.patient,
        amount=Decimal(amount),
        received_on=received_on,
        reference=reference,
        source=PaymentSource.ENTERED,
        recorded_by=by,
    )
