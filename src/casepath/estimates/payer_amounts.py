"""Payers' answers for a patient's procedures, and estimating again with them.

A source (one pre-determination: "predetermination:12") replaces all its answers at
once, or withdraws them. The estimates use an answer from the day it was received to
the day it expires (requests.answers_for); `patient_reestimate` brings the patient's
open estimates up to date after a change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from casepath.core.errors import CasepathError, FieldError
from casepath.estimates.models import EstimateStatus, PayerAmount
from casepath.estimates.selectors import estimates_of
from casepath.estimates.services import estimate_recompute
from casepath.insurance.models import Coverage
from casepath.patients.models import Patient
from casepath.tenancy.scoping import scoped


@dataclass(frozen=True)
class Answer:
    """What one coverage answered for one procedure (amounts for all its units)."""

    coverage_id: int
    code: str
    tooth: str
    surfaces: str
    approved: Decimal
    allowed: Decimal | None
    denied: bool
    reason: str
    received_on: date
    expires_on: date
    label: str


@transaction.atomic
def payer_amounts_replace(*, patient: Patient, source: str, answers: Sequence[Answer]) -> None:
    """The answers of `source` for `patient`, in place of any it gave before.

    CasepathError naming `answers[i].<field>` (nothing is written) for a coverage that
    is not the patient's or a value the row refuses."""
    practice = patient.practice
    theirs = set(scoped(Coverage, practice).filter(patient=patient).values_list("pk", flat=True))
    rows = [_row(patient, source, answer, index, theirs) for index, answer in enumerate(answers)]
    scoped(PayerAmount, practice).filter(patient=patient, source=source).delete()
    PayerAmount.objects.bulk_create(rows)


@transaction.atomic
def payer_amounts_withdraw(*, patient: Patient, source: str) -> None:
    """Forget the answers of `source` (the estimates go back to the plan's figures)."""
    scoped(PayerAmount, patient.practice).filter(patient=patient, source=source).delete()


def patient_reestimate(*, acting_user: Any, patient: Patient, as_of: date) -> int:
    """Estimate every open estimate of the patient again; returns how many."""
    rows = estimates_of(patient).filter(status=EstimateStatus.OPEN).select_related("provider")
    done = 0
    for row in rows.order_by("pk"):
        estimate_recompute(acting_user=acting_user, estimate_row=row, as_of=as_of)
        done += 1
    return done


def _row(
    patient: Patient, source: str, answer: Answer, index: int, coverages: set[int]
) -> PayerAmount:
    if answer.coverage_id not in coverages:
        raise CasepathError.at(f"answers[{index}].coverage_id", "is not a coverage of the patient")
    row = PayerAmount(
        practice=patient.practice,
        organization_id=patient.practice.organization_id,
        patient=patient,
        coverage_id=answer.coverage_id,
        source=source,
        code=answer.code,
        tooth=answer.tooth,
        surfaces=answer.surfaces,
        approved=answer.approved,
        allowed=answer.allowed,
        denied=answer.denied,
        reason=answer.reason,
        received_on=answer.received_on,
        expires_on=answer.expires_on,
        label=answer.label,
    )
    try:
        row.full_clean()
    except ValidationError as error:
        raise CasepathError(*_field_errors(error, index)) from error
    return row


def _field_errors(error: ValidationError, index: int) -> list[FieldError]:
    return [
        FieldError(f"answers[{index}].{field}", message)
        for field, messages in error.message_dict.items()
        for message in messages
    ]
