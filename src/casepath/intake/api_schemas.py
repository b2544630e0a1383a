"""What the new-patients API reads and writes, and how an intake becomes JSON.

Stages, sources and urgencies are the plain values of `core.intake.Stage`,
`patients.ReferralSource` and `intake.IntakeUrgency`. Times are ISO with an offset.
Percentages of the conversion funnel go out as strings with one decimal ("66.7"), null
when there is nothing to divide by. A member ID given on a call is kept encrypted and
never sent back: the answer only says whether one is on file.
The builders run no queries beyond the rows they are given (load patient, call,
coordinator and first_visit__provider).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from casepath.apikit import ErrorItem
from casepath.core.intake import LABELS, Stage
from casepath.core.intake.conversion import Funnel
from casepath.intake.models import CallerRelation, Intake, IntakeMove, IntakeUrgency
from casepath.patients.models import ReferralSource

# ---- input -------------------------------------------------------------------


class IntakeFilters(Schema):
    stage: Stage | None = None
    source: ReferralSource | None = Field(None, description="How they heard of us.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class CallPatientIn(Schema):
    """One patient the call is about: a patient on file (`existing_patient_id`), or a
    new one (first name, last name and date of birth needed)."""

    existing_patient_id: int | None = Field(None, description="A patient of this practice.")
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    mobile_phone: str = Field("", description="Leave out to use the caller's when self.")
    email: str = Field("", description="Leave out to use the caller's when self.")
    not_a_duplicate: bool = Field(
        False,
        description="The possible duplicates (409) were checked: this is someone else.",
    )
    chief_concern: str = Field("", description="In the patient's words.")
    goals: str = Field("", description="For their teeth, mouth and smile.")
    fears: str = ""
    urgency: IntakeUrgency = IntakeUrgency.ROUTINE
    insurance_carrier: str = ""
    insurance_subscriber: str = ""
    insurance_member_id: str = Field("", description="Stored encrypted; never sent back.")
    insurance_group: str = ""


class CallIn(Schema):
    caller_name: str
    caller_relation: CallerRelation = CallerRelation.SELF
    caller_phone: str = Field("", description="A phone or an e-mail is needed.")
    caller_email: str = ""
    source: ReferralSource = Field(description="How they heard of us.")
    source_detail: str = Field("", description="The referring provider, patient or campaign.")
    reason: str = Field(description="Reason for calling.")
    preferred_times: str = ""
    may_call: bool = True
    may_text: bool = False
    may_email: bool = True
    notes: str = ""
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = Field(None, description="Leave out for now.")
    patients: list[CallPatientIn]


MoveTo = Literal["confirmed", "arrived", "no_show", "closed", "inquiry"]


class MoveIn(Schema):
    to: MoveTo = Field(
        description="confirmed, arrived, no_show, closed (reason needed), or inquiry "
        "(reopen a closed inquiry, or cancel a booked visit: reason needed)."
    )
    reason: str = Field("", description="Why (closing, cancelling); how (confirming).")


class BookIn(Schema):
    provider_id: int
    starts_at: AwareDatetime
    duration_minutes: int = 60
    operatory_id: int | None = None


class ConversionFilters(Schema):
    from_: date | None = Field(None, alias="from", description="First day; 90 days back.")
    to: date | None = Field(None, description="Last day; today when left out.")


# ---- output ------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    name: str


class PatientRef(Schema):
    id: int
    name: str
    chart_number: str


class VisitOut(Schema):
    id: int
    starts_at: datetime
    duration_minutes: int
    status: str
    provider: PersonOut


class IntakeRow(Schema):
    id: int
    patient: PatientRef
    stage: str
    stage_label: str
    stage_entered_at: datetime
    source: str
    source_label: str
    urgency: str
    first_visit: VisitOut | None
    coordinator: PersonOut | None


class IntakePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[IntakeRow]


class CallerOut(Schema):
    name: str
    relation: str
    phone: str
    email: str


class CallOut(Schema):
    id: int
    started_at: datetime
    ended_at: datetime
    reason: str
    source_detail: str
    preferred_times: str
    may_call: bool
    may_text: bool
    may_email: bool
    notes: str
    caller: CallerOut


class InsuranceOut(Schema):
    carrier: str
    subscriber: str
    group: str
    member_id_on_file: bool


class ReadinessOut(Schema):
    chart_prepared: bool
    forms_received: bool
    insurance_verified: bool


class MoveOut(Schema):
    from_stage: str = Field(description="Empty for the first call.")
    to_stage: str
    to_label: str
    at: datetime
    by: PersonOut | None
    note: str


class IntakeDetail(IntakeRow):
    call: CallOut
    chief_concern: str
    goals: str
    fears: str
    insurance: InsuranceOut
    booked_at: datetime | None
    welcome_sent_at: datetime | None
    confirmed_at: datetime | None
    arrived_at: datetime | None
    no_shows: int
    readiness: ReadinessOut
    welcomed_at: datetime | None
    tour_given: bool
    interviewed_at: datetime | None
    needs: str
    what_matters: str
    handed_off_at: datetime | None
    handed_off_to: PersonOut | None
    hand_off_note: str
    case_id: int | None
    closed_reason: str
    moves: list[MoveOut]


class CapturedOut(Schema):
    call_id: int
    intakes: list[IntakeDetail]


class DuplicateOut(Schema):
    id: int
    name: str
    chart_number: str
    reasons: list[str]


class DuplicatesOfPatient(Schema):
    index: int = Field(description="The position in `patients` of the new patient.")
    patients: list[DuplicateOut]


class DuplicatesEnvelope(Schema):
    """409: nothing was written. Send the call again with `existing_patient_id` (the
    patient on file) or `not_a_duplicate: true` (someone else) for each index."""

    errors: list[ErrorItem]
    duplicates: list[DuplicatesOfPatient]


class StepOut(Schema):
    step: str = Field(description="called, booked, arrived, presented or accepted.")
    label: str
    count: int
    of_calls: Decimal | None
    of_previous: Decimal | None


class FunnelOut(Schema):
    source: str = Field(description="A referral source, or “all”.")
    label: str
    calls: int
    steps: list[StepOut]


class ConversionOut(Schema):
    from_: date = Field(alias="from")
    to: date
    sources: list[FunnelOut]


# ---- builders ----------------------------------------------------------------


def _name(user: Any) -> str:
    return user.get_full_name() or user.get_username()


def _person(user: Any) -> dict[str, Any] | None:
    return {"id": user.pk, "name": _name(user)} if user is not None else None


def _provider(provider: Any) -> dict[str, Any] | None:
    return {"id": provider.pk, "name": str(provider)} if provider is not None else None


def _visit(intake: Intake) -> dict[str, Any] | None:
    visit = intake.first_visit
    if visit is None:
        return None
    return {
        "id": visit.pk,
        "starts_at": visit.starts_at,
        "duration_minutes": visit.duration_minutes,
        "status": visit.status,
        "provider": _provider(visit.provider),
    }


def intake_row(intake: Intake) -> dict[str, Any]:
    patient, call = intake.patient, intake.call
    return {
        "id": intake.pk,
        "patient": {
            "id": patient.pk,
            "name": patient.display_name,
            "chart_number": patient.chart_number,
        },
        "stage": intake.stage,
        "stage_label": intake.stage_label,
        "stage_entered_at": intake.stage_entered_at,
        "source": call.source,
        "source_label": call.get_source_display(),
        "urgency": intake.urgency,
        "first_visit": _visit(intake),
        "coordinator": _person(intake.coordinator),
    }


def move_out(move: IntakeMove) -> dict[str, Any]:
    return {
        "from_stage": move.from_stage,
        "to_stage": move.to_stage,
        "to_label": LABELS[Stage(move.to_stage)],
        "at": move.at,
        "by": _person(move.by),
        "note": move.note,
    }


def intake_detail(intake: Intake, moves: Iterable[IntakeMove]) -> dict[str, Any]:
    """The intake with its call and every move (handed_off_to must be loaded too)."""
    call = intake.call
    return intake_row(intake) | {
        "call": {
            "id": call.pk,
            "started_at": call.started_at,
            "ended_at": call.ended_at,
            "reason": call.reason,
            "source_detail": call.source_detail,
            "preferred_times": call.preferred_times,
            "may_call": call.may_call,
            "may_text": call.may_text,
            "may_email": call.may_email,
            "notes": call.notes,
            "caller": {
                "name": call.caller_name,
                "relation": call.caller_relation,
                "phone": call.caller_phone,
                "email": call.caller_email,
            },
        },
        "chief_concern": intake.chief_concern,
        "goals": intake.goals,
        "fears": intake.fears,
        "insurance": {
            "carrier": intake.insurance_carrier,
            "subscriber": intake.insurance_subscriber,
            "group": intake.insurance_group,
            "member_id_on_file": bool(intake.insurance_member_id),
        },
        "booked_at": intake.booked_at,
        "welcome_sent_at": intake.welcome_sent_at,
        "confirmed_at": intake.confirmed_at,
        "arrived_at": intake.arrived_at,
        "no_shows": intake.no_shows,
        "readiness": {
            "chart_prepared": intake.chart_prepared,
            "forms_received": intake.forms_received,
            "insurance_verified": intake.insurance_verified,
        },
        "welcomed_at": intake.welcomed_at,
        "tour_given": intake.tour_given,
        "interviewed_at": intake.interviewed_at,
        "needs": intake.needs,
        "what_matters": intake.what_matters,
        "handed_off_at": intake.handed_off_at,
        "handed_off_to": _provider(intake.handed_off_to),
        "hand_off_note": intake.hand_off_note,
        "case_id": intake.case_id,
        "closed_reason": intake.closed_reason,
        "moves": [move_out(move) for move in moves],
    }


def funnel_out(funnel: Funnel) -> dict[str, Any]:
    labels = dict(ReferralSource.choices) | {"all": "All sources"}
    return {
        "source": funnel.source,
        "label": labels.get(funnel.source, funnel.source),
        "calls": funnel.calls,
        "steps": [
            {
                "step": s.step.name.lower(),
                "label": s.label,
                "count": s.count,
                "of_calls": s.of_calls,
                "of_previous": s.of_previous,
            }
            for s in funnel.steps
        ],
    }
