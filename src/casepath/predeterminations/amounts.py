"""The payer's answers as amounts the estimates use, and taking them back.

A received pre-determination's answered lines become `PayerAmount` rows of the
patient (source "predetermination:<id>"); every open estimate of the patient is then
estimated again, so the case's figures and the patient portion change at once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casepath.core.money import ZERO
from casepath.estimates.payer_amounts import (
    Answer,
    patient_reestimate,
    payer_amounts_replace,
    payer_amounts_withdraw,
)
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.selectors import lines_of


def source_of(pd: Predetermination) -> str:
    return f"predetermination:{pd.pk}"


def label_of(pd: Predetermination) -> str:
    assert pd.received_on is not None
    return f"pre-determination of {pd.received_on.isoformat()}"


def apply_answers(pd: Predetermination, *, acting_user: Any, as_of: date) -> None:
    assert pd.received_on is not None and pd.expires_on is not None
    answers = [
        Answer(
            coverage_id=pd.coverage_id,
            code=line.code,
            tooth=line.tooth,
            surfaces=line.surfaces,
            approved=line.approved if line.approved is not None else ZERO,
            allowed=line.allowed,
            denied=line.denied,
            reason=line.reason,
            received_on=pd.received_on,
            expires_on=pd.expires_on,
            label=label_of(pd),
        )
        for line in lines_of(pd)
        if line.answered
    ]
    payer_amounts_replace(patient=pd.patient, source=source_of(pd), answers=answers)
    patient_reestimate(acting_user=acting_user, patient=pd.patient, as_of=as_of)


def withdraw_answers(pd: Predetermination, *, acting_user: Any, as_of: date) -> None:
    payer_amounts_withdraw(patient=pd.patient, source=source_of(pd))
    patient_reestimate(acting_user=acting_user, patient=pd.patient, as_of=as_of)
