"""API: a case's pre-determinations, sending them, and the payer's answer.

As in the cases API, the case or pre-determination in the URL is found during
authentication, within the URL's practice, so a caller who cannot see it gets 404
whatever they send. Records named in a body (an option, a coverage, procedures,
images, response lines) are checked by the services: 422 at the path the service
names (`procedures[1]`, `lines[0].approved`, `received_on`), nothing written.
Writes run in one transaction; their timeline events are audited as API.
Seeing needs VIEW_CASES; every write SEND_PREDETERMINATIONS.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.responses import Status

from casepath import apikit
from casepath.apikit import ERRORS, require
from casepath.audit.models import Action
from casepath.audit.models import Channel as AuditChannel
from casepath.audit.services import audit_request
from casepath.cases.models import Case
from casepath.core.errors import CasepathError
from casepath.core.predeterminations import ResponseLine
from casepath.predeterminations import api_schemas as s
from casepath.predeterminations import response_services, services
from casepath.predeterminations.claims import claim_of
from casepath.predeterminations.models import Predetermination, PredeterminationAttachment
from casepath.predeterminations.selectors import (
    lines_of,
    predetermination_get,
    predeterminations_of_case,
)
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404, scoped

OF_CASE = "/practices/{practice_id}/cases/{case_id}/predeterminations"
PD = "/practices/{practice_id}/predeterminations/{pd_id}"
CLAIM_RESPONSE_BODY = {
    "requestBody": {
        "required": True,
        "description": "The payer's FHIR R4 ClaimResponse (use “preauthorization”), as JSON.",
        "content": {"application/fhir+json": {"schema": {"type": "object"}}},
    }
}


def enter(request: HttpRequest) -> None:
    """The case or pre-determination named in the URL, within the URL's practice (else 404)."""
    kwargs = request.resolver_match.kwargs if request.resolver_match else {}
    practice = getattr(request, "practice", None)
    if practice is None:
        return
    if "case_id" in kwargs:
        request.case = get_scoped_or_404(  # type: ignore[attr-defined]
            Case, practice, kwargs["case_id"], related=("patient",)
        )
    if "pd_id" in kwargs:
        request.pd = predetermination_get(practice, kwargs["pd_id"])  # type: ignore[attr-defined]


router = Router(tags=["pre-determinations"], auth=apikit.entering(enter))


def _practice(request: HttpRequest) -> Any:
    return request.practice  # type: ignore[attr-defined]


def _case(request: HttpRequest) -> Case:
    return request.case  # type: ignore[attr-defined,no-any-return]


def _pd(request: HttpRequest) -> Predetermination:
    return request.pd  # type: ignore[attr-defined,no-any-return]


def _audit_read(request: HttpRequest, target: Any, patient: Any, summary: str) -> None:
    audit_request(
        request,
        channel=AuditChannel.API,
        action=Action.VIEW,
        target=target,
        patient=patient,
        summary=f"{summary} (API)",
    )


def _detail(request: HttpRequest, pd_id: int) -> dict[str, Any]:
    """The pre-determination as it now stands, lines and attachments included."""
    pd = predetermination_get(_practice(request), pd_id)
    attachments = scoped(PredeterminationAttachment, _practice(request)).filter(predetermination=pd)
    return s.predetermination_out(pd, lines_of(pd), attachments)


# ---- a case's pre-determinations ---------------------------------------------


@router.get(OF_CASE, response={200: list[s.PredeterminationOut], **ERRORS})
def pd_list(request: HttpRequest, practice_id: int, case_id: int) -> list[dict[str, Any]]:
    """The case's pre-determinations, newest first, with their lines and the payer's answers."""
    require(request, Permission.VIEW_CASES)
    case = _case(request)
    rows = predeterminations_of_case(_practice(request), case.pk).select_related(
        "patient", "created_by"
    )
    found = [s.predetermination_out(pd, pd.lines.all(), pd.attachments.all()) for pd in rows]
    summary = f"Listed the pre-determinations of the case “{case.title}”: {len(found)} shown"
    _audit_read(request, case, case.patient, summary)
    return found


@router.post(OF_CASE, response={201: s.PredeterminationOut, **ERRORS})
def pd_create(
    request: HttpRequest, practice_id: int, case_id: int, payload: s.PredeterminationIn
) -> Status[Any]:
    """Draft a pre-determination: procedures of one option of the case, asked of one of
    the patient's coverages, with a narrative and the documents the payer needs."""
    require(request, Permission.SEND_PREDETERMINATIONS)
    draft = services.Draft(
        option_id=payload.option_id,
        coverage_id=payload.coverage_id,
        procedure_ids=payload.procedure_ids,
        narrative=payload.narrative,
        attachments=[
            services.AttachmentIn(a.kind, a.title, a.image_id) for a in payload.attachments
        ],
    )
    with apikit.api_writes(request):
        pd = services.predetermination_create(
            acting_user=request.user,
            case=_case(request),
            draft=draft,
            created_on=payload.created_on or timezone.localdate(),
        )
    return Status(201, _detail(request, pd.pk))


# ---- one pre-determination ---------------------------------------------------


@router.get(PD, response={200: s.PredeterminationOut, **ERRORS})
def pd_read(request: HttpRequest, practice_id: int, pd_id: int) -> dict[str, Any]:
    """The request, its lines with the payer's answers, and its attachments."""
    require(request, Permission.VIEW_CASES)
    pd = _pd(request)
    _audit_read(request, pd, pd.patient, f"Read the pre-determination of {pd.created_on}")
    return _detail(request, pd.pk)


@router.post(PD + "/send", response={200: s.PredeterminationOut, **ERRORS})
def pd_send(
    request: HttpRequest, practice_id: int, pd_id: int, payload: s.SendIn
) -> dict[str, Any]:
    """Record that the draft was sent; an electronic one keeps the FHIR Claim it sent."""
    require(request, Permission.SEND_PREDETERMINATIONS)
    with apikit.api_writes(request):
        services.predetermination_send(
            acting_user=request.user,
            predetermination=_pd(request),
            sent_on=payload.sent_on,
            channel=payload.channel,
            payer_reference=payload.payer_reference,
        )
    return _detail(request, pd_id)


@router.post(PD + "/response", response={200: s.PredeterminationOut, **ERRORS})
def pd_response(
    request: HttpRequest, practice_id: int, pd_id: int, payload: s.ResponseIn
) -> dict[str, Any]:
    """The payer's answer per line (a corrected answer replaces the earlier one). Its
    amounts replace the estimate of those procedures; the coordinator gets a call task."""
    require(request, Permission.SEND_PREDETERMINATIONS)
    lines = [
        ResponseLine(
            line.line_id, line.approved, line.allowed, line.denied, line.reason, line.remarks
        )
        for line in payload.lines
    ]
    with apikit.api_writes(request):
        response_services.predetermination_record_response(
            acting_user=request.user,
            predetermination=_pd(request),
            received_on=payload.received_on,
            response_expiry=payload.response_expiry,
            lines=lines,
            today=timezone.localdate(),
            now=timezone.now(),
        )
    return _detail(request, pd_id)


@router.post(
    PD + "/claim-response",
    response={200: s.PredeterminationOut, **ERRORS},
    openapi_extra=CLAIM_RESPONSE_BODY,
)
def pd_claim_response(request: HttpRequest, practice_id: int, pd_id: int) -> dict[str, Any]:
    """Import the payer's FHIR ClaimResponse (the body): its items answer the lines in
    the order the Claim listed them."""
    require(request, Permission.SEND_PREDETERMINATIONS)
    text = _body_text(request)
    with apikit.api_writes(request):
        response_services.predetermination_import_response(
            acting_user=request.user,
            predetermination=_pd(request),
            text=text,
            today=timezone.localdate(),
            now=timezone.now(),
        )
    return _detail(request, pd_id)


def _body_text(request: HttpRequest) -> str:
    raw: bytes = request.body
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CasepathError.at("claim_response", "Send the ClaimResponse as UTF-8 JSON.") from None


@router.post(PD + "/close", response={200: s.PredeterminationOut, **ERRORS})
def pd_close(
    request: HttpRequest, practice_id: int, pd_id: int, payload: s.CloseIn
) -> dict[str, Any]:
    """Set it aside as not needed, or void it; an answer it had leaves the estimates."""
    require(request, Permission.SEND_PREDETERMINATIONS)
    with apikit.api_writes(request):
        services.predetermination_close(
            acting_user=request.user,
            predetermination=_pd(request),
            to=payload.status,
            reason=payload.reason,
            now=timezone.now(),
            as_of=timezone.localdate(),
        )
    return _detail(request, pd_id)


@router.get(PD + "/claim", response={200: dict[str, Any], **ERRORS})
def pd_claim(request: HttpRequest, practice_id: int, pd_id: int) -> dict[str, Any]:
    """The FHIR R4 Claim: exactly as sent electronically, else as it would be sent now
    (422 naming what is missing, such as the practice's billing NPI)."""
    require(request, Permission.VIEW_CASES)
    pd = _pd(request)
    claim: dict[str, Any] = pd.claim or claim_of(pd)
    _audit_read(request, pd, pd.patient, f"Read the FHIR Claim of the pre-determination {pd.pk}")
    return claim
