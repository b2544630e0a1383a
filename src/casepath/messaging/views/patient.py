"""A patient's messages, with how each went: the Messages tab of the patient page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.messaging import selectors
from casepath.patients.models import Patient
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404
from casepath.web.htmx import is_partial


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def patient_messages(request: HttpRequest, patient_id: int) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    patient = get_scoped_or_404(Patient, practice, patient_id)
    audit_request(
        request,
        action=Action.VIEW,
        target=patient,
        patient=patient,
        summary=f"Opened the messages of {patient}",
    )
    context = {
        "patient": patient,
        "patient_messages": selectors.patient_messages(practice, patient),
    }
    partial = "messaging/partials/patient_messages.html"
    return render(request, partial if is_partial(request) else "messaging/patient.html", context)
