"""The day of the first visit, after arrival: readiness, the welcome (and tour), the
needs and goals interview, and the hand-off to the provider for the clinical
assessment. The case the provider opens inherits the chief concern and the goals
(receivers.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction

from casepath.audit.models import Action
from casepath.audit.services import audit_record, diff
from casepath.core.errors import CasepathError
from casepath.core.intake import Stage
from casepath.intake.models import Intake
from casepath.intake.services import intake_move
from casepath.tenancy.models import Provider

READINESS = ("chart_prepared", "forms_received", "insurance_verified")
INTERVIEW = ("chief_concern", "goals", "fears", "needs", "what_matters")


@transaction.atomic
def readiness_update(*, intake: Intake, acting_user: Any, ready: Mapping[str, bool]) -> Intake:
    """Tick (or untick) chart prepared, forms received, insurance verified."""
    before = {name: getattr(intake, name) for name in READINESS}
    for name in READINESS:
        if name in ready:
            setattr(intake, name, bool(ready[name]))
    after = {name: getattr(intake, name) for name in READINESS}
    if after != before:
        intake.save(update_fields=[*READINESS, "updated_at"])
        _audit(intake, acting_user, "New patient readiness", diff(before, after))
    return intake


@transaction.atomic
def intake_welcomed(*, intake: Intake, acting_user: Any, now: datetime, tour_given: bool) -> Intake:
    if intake.stage != Stage.ARRIVED:
        raise CasepathError.at("stage", "Welcome the patient once they have arrived.")
    intake.welcomed_at, intake.tour_given = now, tour_given
    intake.save(update_fields=["welcomed_at", "tour_given", "updated_at"])
    note = "tour given" if tour_given else "no tour"
    return intake_move(
        intake=intake, to_stage=Stage.WELCOMED, acting_user=acting_user, now=now, note=note
    )


@transaction.atomic
def interview_save(
    *, intake: Intake, acting_user: Any, now: datetime, answers: Mapping[str, str]
) -> Intake:
    """The needs and goals interview: the chief concern and the goals are required."""
    for name, words in (("chief_concern", "the chief concern"), ("goals", "the patient's goals")):
        if not str(answers.get(name, "")).strip():
            raise CasepathError.at(name, f"Write down {words} in the patient's words.")
    before = {name: getattr(intake, name) for name in INTERVIEW}
    for name in INTERVIEW:
        if name in answers:
            setattr(intake, name, str(answers[name]).strip())
    intake.full_clean()
    first_time = intake.interviewed_at is None
    intake.interviewed_at = intake.interviewed_at or now
    intake.save()
    _audit(intake, acting_user, "Needs and goals interview", diff(before, answers))
    if first_time and intake.stage in (Stage.ARRIVED, Stage.WELCOMED):
        intake_move(intake=intake, to_stage=Stage.INTERVIEWED, acting_user=acting_user, now=now)
    return intake


@transaction.atomic
def hand_off(
    *, intake: Intake, acting_user: Any, now: datetime, provider: Provider, note: str
) -> Intake:
    """Hand the patient to `provider`, with the note the provider reads first."""
    if provider.practice_id != intake.practice_id:
        raise CasepathError.at("provider", "Choose a provider of this practice.")
    if not note.strip():
        raise CasepathError.at("note", "Write the hand-off note the provider reads first.")
    if not intake.chief_concern.strip():
        raise CasepathError.at("chief_concern", "Record the chief concern before the hand-off.")
    intake.handed_off_at, intake.handed_off_to = now, provider
    intake.hand_off_note = note.strip()
    intake.save(update_fields=["handed_off_at", "handed_off_to", "hand_off_note", "updated_at"])
    return intake_move(
        intake=intake,
        to_stage=Stage.HANDED_OFF,
        acting_user=acting_user,
        now=now,
        note=f"to {provider}",
    )


def _audit(intake: Intake, acting_user: Any, summary: str, changes: Mapping[str, Any]) -> None:
    audit_record(
        practice=intake.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=intake,
        patient=intake.patient,
        summary=summary,
        changes=changes,
    )
