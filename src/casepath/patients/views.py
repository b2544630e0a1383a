"""Patient pages: search, the patient page with its tabs, add and edit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from casepath.audit.models import Action
from casepath.audit.selectors import patient_timeline
from casepath.audit.services import audit_request, client_ip
from casepath.cases.selectors import cases_of
from casepath.core.errors import CasepathError
from casepath.financing.selectors import financing_tab
from casepath.insurance.coverage_selectors import insurance_tab
from casepath.intake.arrivals import hand_off_for_patient
from casepath.messaging.selectors import patient_messages
from casepath.patients import selectors, services
from casepath.patients.forms import FamilyLinkForm, PatientForm
from casepath.patients.models import Patient
from casepath.referrals.selectors import referrals_of_patient
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.web.forms import add_service_errors
from casepath.web.htmx import is_partial

TABS = (
    ("overview", "Overview"),
    ("cases", "Cases"),
    ("insurance", "Insurance"),
    ("financing", "Financing"),
    ("followups", "Follow-ups"),
    ("messages", "Messages"),
    ("documents", "Documents"),
    ("timeline", "Timeline"),
)


@practice_view(Permission.VIEW_PATIENTS)
def patient_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    include_inactive = request.GET.get("inactive") == "1"
    results, error = [], ""
    if text:
        try:
            results = selectors.patient_search(
                request.practice,  # type: ignore[attr-defined]
                text,
                include_inactive=include_inactive,
            )
        except CasepathError as exc:
            error = exc.errors[0].message
        else:
            audit_request(
                request,
                action=Action.SEARCH,
                object_type="patient",
                summary=f"Searched patients for {text!r} ({len(results)} found)",
            )
    context = {
        "q": text,
        "inactive": include_inactive,
        "results": results,
        "error": error,
        "limit": selectors.SEARCH_LIMIT,
    }
    template = "patients/partials/results.html" if is_partial(request) else "patients/list.html"
    return render(request, template, context)


@practice_view(Permission.VIEW_PATIENTS)
def patient_detail(request: HttpRequest, patient_id: int, tab: str = "overview") -> HttpResponse:
    patient = selectors.patient_get(request.practice, patient_id)  # type: ignore[attr-defined]
    tab = tab if tab in dict(TABS) else "overview"
    audit_request(
        request,
        action=Action.VIEW,
        target=patient,
        patient=patient,
        summary=f"Opened the {dict(TABS)[tab].lower()} of {patient}",
    )
    return _render_detail(request, patient, tab, FamilyLinkForm(patient=patient))


def _render_detail(
    request: HttpRequest, patient: Patient, tab: str, family_form: FamilyLinkForm
) -> HttpResponse:
    context = {
        "patient": patient,
        "age": patient.age(timezone.localdate()),
        "tabs": TABS,
        "tab": tab,
        "family": selectors.patient_family(patient) if tab == "overview" else [],
        "dependents": selectors.patient_dependents(patient) if tab == "overview" else [],
        "hand_off": hand_off_for_patient(patient) if tab == "overview" else None,
        "referrals": referrals_of_patient(patient) if tab == "overview" else [],
        "family_form": family_form,
        "timeline": patient_timeline(patient.practice, patient) if tab == "timeline" else [],
        "insurance": _insurance(request, patient) if tab == "insurance" else None,
        "cases": cases_of(patient.practice).filter(patient=patient) if tab == "cases" else [],
        "can_edit_cases": request.membership.can(Permission.EDIT_CASES),  # type: ignore[attr-defined]
        "financing": _financing(patient) if tab == "financing" else None,
        "patient_messages": patient_messages(patient.practice, patient)
        if tab == "messages"
        else [],
        "can_record_payments": request.membership.can(Permission.RECORD_PAYMENTS),  # type: ignore[attr-defined]
    }
    return render(request, "patients/detail.html", context)


def _insurance(request: HttpRequest, patient: Patient) -> dict[str, Any]:
    can_edit = request.membership.can(Permission.EDIT_COVERAGE)  # type: ignore[attr-defined]
    return insurance_tab(patient, as_of=timezone.localdate(), can_edit=can_edit)


def _financing(patient: Patient) -> dict[str, Any]:
    return financing_tab(patient, as_of=timezone.localdate())


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def family_add(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = selectors.patient_get(request.practice, patient_id)  # type: ignore[attr-defined]
    form = FamilyLinkForm(request.POST, patient=patient)
    if form.is_valid():
        try:
            services.family_link_add(
                patient=patient,
                relative=form.cleaned_data["relative_chart"],
                relationship=form.cleaned_data["relationship"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("patients:detail", patient_id=patient.pk)
    return _render_detail(request, patient, "overview", form)


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def family_remove(request: HttpRequest, patient_id: int, link_id: int) -> HttpResponse:
    patient = selectors.patient_get(request.practice, patient_id)  # type: ignore[attr-defined]
    link = selectors.family_link_get(patient, link_id)
    services.family_link_remove(link=link, acting_user=request.user)
    return redirect("patients:detail", patient_id=patient.pk)


@practice_view(Permission.EDIT_PATIENTS)
def patient_create(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    form = PatientForm(request.POST or None, practice=practice)
    if request.method == "POST" and form.is_valid():
        try:
            patient = services.patient_create(
                practice=practice,
                acting_user=request.user,
                data=form.service_data(),
                ip_address=client_ip(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("patients:detail", patient_id=patient.pk)
    return render(request, "patients/form.html", {"form": form, "patient": None})


@practice_view(Permission.EDIT_PATIENTS)
def patient_edit(request: HttpRequest, patient_id: int) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    patient = selectors.patient_get(practice, patient_id)
    form = PatientForm(request.POST or None, instance=patient, practice=practice)
    if request.method == "POST" and form.is_valid():
        try:
            services.patient_update(
                patient=patient,
                acting_user=request.user,
                data=form.service_data(),
                ip_address=client_ip(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("patients:detail", patient_id=patient.pk)
    return render(request, "patients/form.html", {"form": form, "patient": patient})
