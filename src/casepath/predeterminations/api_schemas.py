"""What the pre-determinations API reads and writes, and how a request becomes JSON.

Money goes out as strings with two decimals ("1000.00"); an amount the payer has not
answered is null. Dates are ISO. Kinds, channels and statuses are plain strings that
the services check, so a wrong one is refused with the service's message at its field.
The builder runs no queries beyond the rows it is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from casepath.core.money import ZERO
from casepath.predeterminations.models import (
    Predetermination,
    PredeterminationAttachment,
    PredeterminationLine,
)

# ---- input -------------------------------------------------------------------


class AttachmentIn(Schema):
    kind: str = Field(description="xray, perio_chart, photo or other.")
    title: str = Field(description="What the document is, e.g. “Periapical x-ray of #19”.")
    image_id: int | None = Field(None, description="The case image it is, if one.")


class PredeterminationIn(Schema):
    option_id: int = Field(description="The option of the case the procedures belong to.")
    coverage_id: int = Field(description="One of the patient's coverages.")
    procedure_ids: list[int] = Field(description="Planned procedures of that option.")
    narrative: str = Field("", description="Why the treatment is needed, for the payer.")
    attachments: list[AttachmentIn] = Field(default_factory=list)
    created_on: date | None = Field(None, description="Leave out for today.")


class SendIn(Schema):
    sent_on: date
    channel: str = Field(description="electronic, portal, mail or fax.")
    payer_reference: str = Field("", max_length=60, description="The payer's tracking number.")


class ResponseLineIn(Schema):
    line_id: int = Field(description="The id of a line of this pre-determination.")
    approved: Decimal | None = Field(None, description="What the payer would pay.")
    allowed: Decimal | None = Field(None, description="The fee the payer recognises.")
    denied: bool = False
    reason: str = Field("", description="The payer's reason (needed for a denial).")
    remarks: str = ""


class ResponseIn(Schema):
    received_on: date
    response_expiry: date | None = Field(
        None, description="The last day the answer holds, when the payer says."
    )
    lines: list[ResponseLineIn]


class CloseIn(Schema):
    status: str = Field(description="not_needed or voided.")
    reason: str = ""


# ---- output ------------------------------------------------------------------


class OptionRef(Schema):
    id: int
    name: str


class PatientRef(Schema):
    id: int
    name: str


class CoverageRef(Schema):
    id: int
    payer: str
    ordinal: int = Field(description="1 primary, 2 secondary, 3 tertiary.")


class LineOut(Schema):
    id: int
    position: int
    procedure_id: int | None = Field(description="Null once the plan dropped the procedure.")
    code: str
    tooth: str
    surfaces: str
    fee: str
    answered: bool
    approved: str | None
    allowed: str | None
    denied: bool
    reason: str
    remarks: str


class AttachmentOut(Schema):
    id: int
    kind: str
    title: str
    image_id: int | None


class PredeterminationOut(Schema):
    id: int
    case_id: int
    option: OptionRef
    patient: PatientRef
    coverage: CoverageRef
    status: str
    status_label: str
    narrative: str
    created_on: date
    created_by: str
    sent_on: date | None
    channel: str
    payer_reference: str
    received_on: date | None
    response_expiry: date | None
    expires_on: date | None
    discussed_on: date | None
    closed_reason: str
    fee_total: str
    approved_total: str | None = Field(description="Null until the payer has answered.")
    lines: list[LineOut]
    attachments: list[AttachmentOut]


# ---- builders ----------------------------------------------------------------


def cents(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def line_out(line: PredeterminationLine) -> dict[str, Any]:
    return {
        "id": line.pk,
        "position": line.position,
        "procedure_id": line.procedure_id,
        "code": line.code,
        "tooth": line.tooth,
        "surfaces": line.surfaces,
        "fee": cents(line.fee),
        "answered": line.answered,
        "approved": cents(line.approved),
        "allowed": cents(line.allowed),
        "denied": line.denied,
        "reason": line.reason,
        "remarks": line.remarks,
    }


def attachment_out(attachment: PredeterminationAttachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "kind": attachment.kind,
        "title": attachment.title,
        "image_id": attachment.image_id,
    }


def _approved_total(lines: list[PredeterminationLine]) -> str | None:
    answered = [line for line in lines if line.answered]
    if not answered:
        return None
    return cents(sum((line.approved or ZERO for line in answered), ZERO))


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def predetermination_out(
    pd: Predetermination,
    lines: Iterable[PredeterminationLine],
    attachments: Iterable[PredeterminationAttachment],
) -> dict[str, Any]:
    """The request and its answer (option, patient, coverage, plan, carrier, creator loaded)."""
    rows = list(lines)
    coverage = pd.coverage
    return {
        "id": pd.pk,
        "case_id": pd.case_id,
        "option": {"id": pd.option_id, "name": pd.option.name},
        "patient": {"id": pd.patient_id, "name": pd.patient.display_name},
        "coverage": {
            "id": coverage.pk,
            "payer": str(coverage.plan.carrier),
            "ordinal": coverage.ordinal,
        },
        "status": pd.status,
        "status_label": pd.get_status_display(),
        "narrative": pd.narrative,
        "created_on": pd.created_on,
        "created_by": _name(pd.created_by),
        "sent_on": pd.sent_on,
        "channel": pd.channel,
        "payer_reference": pd.payer_reference,
        "received_on": pd.received_on,
        "response_expiry": pd.response_expiry,
        "expires_on": pd.expires_on,
        "discussed_on": pd.discussed_on,
        "closed_reason": pd.closed_reason,
        "fee_total": cents(sum((line.fee for line in rows), ZERO)),
        "approved_total": _approved_total(rows),
        "lines": [line_out(line) for line in rows],
        "attachments": [attachment_out(a) for a in attachments],
    }
