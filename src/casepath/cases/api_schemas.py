"""What the cases API reads and writes (casepath.cases.api), and how a case becomes JSON.

Money goes out as strings with two decimals ("1250.00"), as in estimate-v1 and the
presentation snapshot. The output builders take rows the API module fetched; they
run no queries of their own beyond what those rows already hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from casepath.cases.models import (
    Case,
    CaseNote,
    CaseOption,
    CasePhase,
    CaseType,
    NoteKind,
    PlannedProcedure,
    Presentation,
    Urgency,
)
from casepath.core.cases import CaseStatus
from casepath.estimates.models import Estimate
from casepath.tenancy.models import Provider

# ---- input -------------------------------------------------------------------


class CaseFilters(Schema):
    status: CaseStatus | None = None
    coordinator: int | None = Field(None, description="The coordinator's user id.")
    provider: int | None = Field(None, description="The diagnosing provider's id.")
    type: CaseType | None = None
    urgency: Urgency | None = None
    patient: int | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class CaseIn(Schema):
    patient_id: int
    diagnosing_provider_id: int
    title: str = Field(min_length=1, max_length=120)
    case_type: CaseType
    urgency: Urgency = Urgency.SOON
    coordinator_id: int | None = Field(None, description="A staff member of the practice.")
    diagnosed_on: date
    chief_concern: str = ""
    goals: str = ""
    missing_teeth: str = Field("", description="Teeth already missing, e.g. “1, 16, 19”.")


class CasePatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=120)
    case_type: CaseType | None = None
    urgency: Urgency | None = None
    diagnosing_provider_id: int | None = None
    coordinator_id: int | None = None
    diagnosed_on: date | None = None
    chief_concern: str | None = None
    goals: str | None = None
    missing_teeth: str | None = None


class OptionIn(Schema):
    name: str = Field(description="e.g. “Implant”, “Bridge”, “Partial denture”.")
    summary: str = ""
    recommended: bool = False


class PhaseIn(Schema):
    name: str = Field(description="e.g. “Healing”, “Final crown”.")


class ProcedureIn(Schema):
    code: str = Field(description="A CDT code, e.g. D6010.")
    tooth: str = ""
    surfaces: str = ""
    provider_id: int | None = Field(None, description="In-house or outside specialist.")
    fee: Decimal | None = Field(None, description="Leave out to take the fee schedule's fee.")
    discount: Decimal = Decimal("0.00")
    visits: int = 1
    healing_days: int = 0


class TransitionIn(Schema):
    to: CaseStatus
    note: str = ""


class AcceptIn(Schema):
    option_id: int
    declined_procedure_ids: list[int] = Field(
        default_factory=list, description="Procedures of the option the patient does not take."
    )


class DeclineIn(Schema):
    reason: str = Field(description="One of the decline reasons (cost, insurance, timing ...).")
    detail: str = ""


class NoteIn(Schema):
    kind: NoteKind = NoteKind.GENERAL
    text: str


# ---- output ------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    name: str


class PatientRef(Schema):
    id: int
    name: str
    chart_number: str


class ProviderRef(Schema):
    id: int
    name: str
    is_external: bool


class CaseOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    case_type: str
    urgency: str
    patient: PatientRef
    diagnosing_provider: ProviderRef
    coordinator: PersonOut | None
    diagnosed_on: date
    plan_version: int
    presented_on: date | None
    expires_on: date | None
    accepted_option_id: int | None
    acceptance: str
    decided_on: date | None
    decline_reason: str
    decline_detail: str
    status_changed_at: datetime | None
    created_at: datetime


class CasePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CaseOut]


class ProcedureOut(Schema):
    id: int
    position: int
    code: str
    tooth: str
    surfaces: str
    provider: ProviderRef | None
    fee: str
    fee_typed: bool
    discount: str
    net_fee: str
    visits: int
    healing_days: int
    decision: str


class PhaseOut(Schema):
    id: int
    position: int
    name: str
    procedures: list[ProcedureOut]


class EstimateTotals(Schema):
    id: int
    as_of: date
    status: str
    fee_total: str
    insurance_total: str
    write_off_total: str
    patient_total: str


class OptionOut(Schema):
    id: int
    position: int
    name: str
    summary: str
    recommended: bool
    phases: list[PhaseOut]
    estimate: EstimateTotals | None


class PresentationOut(Schema):
    id: int
    number: int
    presented_at: datetime
    presented_by: str
    mode: str
    plan_version: int
    language: str
    estimated_on: date
    expires_on: date


class NoteOut(Schema):
    id: int
    kind: str
    text: str
    author: str
    created_at: datetime


class CaseDetail(CaseOut):
    chief_concern: str
    goals: str
    missing_teeth: str
    options: list[OptionOut]
    presentations: list[PresentationOut]
    notes: list[NoteOut]


# ---- builders ----------------------------------------------------------------


def cents(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _provider(provider: Provider | None) -> dict[str, Any] | None:
    if provider is None:
        return None
    return {"id": provider.pk, "name": str(provider), "is_external": provider.is_external}


def case_row(case: Case) -> dict[str, Any]:
    """The header and status (patient, provider and coordinator must be loaded)."""
    coordinator = case.coordinator
    return {
        "id": case.pk,
        "title": case.title,
        "status": case.status,
        "status_label": case.get_status_display(),
        "case_type": case.case_type,
        "urgency": case.urgency,
        "patient": {
            "id": case.patient_id,
            "name": case.patient.display_name,
            "chart_number": case.patient.chart_number,
        },
        "diagnosing_provider": _provider(case.diagnosing_provider),
        "coordinator": {"id": coordinator.pk, "name": _name(coordinator)} if coordinator else None,
        "diagnosed_on": case.diagnosed_on,
        "plan_version": case.plan_version,
        "presented_on": case.presented_on,
        "expires_on": case.expires_on,
        "accepted_option_id": case.accepted_option_id,
        "acceptance": case.acceptance,
        "decided_on": case.decided_on,
        "decline_reason": case.decline_reason,
        "decline_detail": case.decline_detail,
        "status_changed_at": case.status_changed_at,
        "created_at": case.created_at,
    }


def procedure_out(row: PlannedProcedure) -> dict[str, Any]:
    return {
        "id": row.pk,
        "position": row.position,
        "code": row.code,
        "tooth": row.tooth,
        "surfaces": row.surfaces,
        "provider": _provider(row.provider),
        "fee": cents(row.fee),
        "fee_typed": row.fee_typed,
        "discount": cents(row.discount),
        "net_fee": cents(row.net_fee),
        "visits": row.visits,
        "healing_days": row.healing_days,
        "decision": row.decision,
    }


def phase_out(phase: CasePhase, procedures: Iterable[PlannedProcedure] = ()) -> dict[str, Any]:
    return {
        "id": phase.pk,
        "position": phase.position,
        "name": phase.name,
        "procedures": [procedure_out(p) for p in procedures],
    }


def estimate_totals(estimate: Estimate | None) -> dict[str, Any] | None:
    if estimate is None:
        return None
    return {
        "id": estimate.pk,
        "as_of": estimate.as_of,
        "status": estimate.status,
        "fee_total": cents(estimate.fee_total),
        "insurance_total": cents(estimate.insurance_total),
        "write_off_total": cents(estimate.write_off_total),
        "patient_total": cents(estimate.patient_total),
    }


def option_out(
    option: CaseOption, estimates: Mapping[int, Estimate], *, planned: bool = True
) -> dict[str, Any]:
    """An option; with `planned`, its phases and procedures are prefetched (case_plan)."""
    phases = (
        [phase_out(phase, phase.procedures.all()) for phase in option.phases.all()]
        if planned
        else []
    )
    return {
        "id": option.pk,
        "position": option.position,
        "name": option.name,
        "summary": option.summary,
        "recommended": option.is_recommended,
        "phases": phases,
        "estimate": estimate_totals(estimates.get(option.estimate_id or 0)),
    }


def presentation_out(presentation: Presentation) -> dict[str, Any]:
    return {
        "id": presentation.pk,
        "number": presentation.number,
        "presented_at": presentation.presented_at,
        "presented_by": _name(presentation.presented_by),
        "mode": presentation.mode,
        "plan_version": presentation.plan_version,
        "language": presentation.language,
        "estimated_on": presentation.estimated_on,
        "expires_on": presentation.expires_on,
    }


def note_out(note: CaseNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "kind": note.kind,
        "text": note.text,
        "author": _name(note.author),
        "created_at": note.created_at,
    }
