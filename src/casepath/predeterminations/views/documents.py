"""A pre-determination as documents: the printable request (PDF) and the FHIR Claim (JSON).

Both carry the subscriber's full member ID, so each download is audited as an export.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.core.errors import CasepathError
from casepath.core.predeterminations import Channel
from casepath.predeterminations.claims import claim_of, reference_of
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.pdf import request_pdf
from casepath.predeterminations.selectors import predetermination_get
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission


@require_GET
@practice_view(Permission.VIEW_CASES)
def request_pdf_view(request: HttpRequest, pd_id: int) -> HttpResponse:
    pd = predetermination_get(request.practice, pd_id)  # type: ignore[attr-defined]
    content = request_pdf(pd)
    exported(request, pd, "Printed the request")
    return private(
        HttpResponse(content, content_type="application/pdf"),
        f'inline; filename="{reference_of(pd)}-request.pdf"',
    )


@require_GET
@practice_view(Permission.VIEW_CASES)
def claim_json(request: HttpRequest, pd_id: int) -> HttpResponse:
    """The Claim as it was sent electronically, else as it would be sent now."""
    pd = predetermination_get(request.practice, pd_id)  # type: ignore[attr-defined]
    sent = pd.channel == Channel.ELECTRONIC and bool(pd.claim)
    try:
        claim = pd.claim if sent else claim_of(pd)
    except CasepathError as error:
        body = {"errors": [{"path": e.path, "message": e.message} for e in error.errors]}
        return JsonResponse(body, status=422)
    exported(request, pd, "Downloaded the FHIR Claim" + (" as sent" if sent else ""))
    return private(
        HttpResponse(json.dumps(claim, indent=2), content_type="application/fhir+json"),
        f'attachment; filename="{reference_of(pd)}-claim.json"',
    )


def exported(request: HttpRequest, pd: Predetermination, what: str) -> None:
    audit_request(
        request,
        action=Action.EXPORT,
        target=pd,
        patient=pd.patient,
        summary=(
            f"{what} of pre-determination {reference_of(pd)} for {pd.patient.display_name} "
            f"({pd.coverage.plan.carrier}, member ID {pd.coverage.member_id_masked})"
        ),
    )


def private(response: HttpResponse, disposition: str) -> HttpResponse:
    """PHI: never cached, never sniffed."""
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("<int:pd_id>/request.pdf", request_pdf_view, name="request_pdf"),
    path("<int:pd_id>/claim.json", claim_json, name="claim_json"),
]
