"""Insurance tab pages: coverages, eligibility checks, benefits used, FHIR import, and the
list of coverages waiting for verification. Thin: parse, call one service, render."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request, client_ip
from casepath.insurance import coverage_selectors as selectors
from casepath.insurance import coverage_services as services
from casepath.insurance.coverage_forms import (
    BenefitUseForm,
    CoverageForm,
    EligibilityCheckForm,
    FhirImportForm,
    UsedAdjustmentsForm,
)
from casepath.insurance.fhir_import import fhir_import
from casepath.insurance.models import Coverage
from casepath.interop.fhir_coverage import FhirInputError
from casepath.patients.models import Patient
from casepath.patients.selectors import patient_get
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.web.forms import add_service_errors


def _patient(request: HttpRequest, patient_id: int) -> Patient:
    return patient_get(request.practice, patient_id)  # type: ignore[attr-defined]


def _to_tab(patient: Patient) -> HttpResponse:
    return redirect("patients:tab", patient_id=patient.pk, tab="insurance")


@practice_view(Permission.EDIT_COVERAGE)
def coverage_new(request: HttpRequest, patient_id: int) -> HttpResponse:
    return _coverage_form(request, _patient(request, patient_id), None)


@practice_view(Permission.EDIT_COVERAGE)
def coverage_edit(request: HttpRequest, patient_id: int, coverage_id: int) -> HttpResponse:
    patient = _patient(request, patient_id)
    return _coverage_form(request, patient, selectors.coverage_get(patient, coverage_id))


def _coverage_form(
    request: HttpRequest, patient: Patient, coverage: Coverage | None
) -> HttpResponse:
    """Add a coverage (`coverage` None) or change one: the same form and page."""
    form = CoverageForm(request.POST or None, patient=patient, coverage=coverage)
    if request.method == "POST" and form.is_valid():
        common = {"acting_user": request.user, "data": form.service_data()}
        try:
            if coverage is None:
                services.coverage_create(patient=patient, ip_address=client_ip(request), **common)
            else:
                services.coverage_update(coverage=coverage, ip_address=client_ip(request), **common)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _to_tab(patient)
    context = {"patient": patient, "form": form, "coverage": coverage}
    return render(request, "insurance/coverage/form.html", context)


@practice_view(Permission.EDIT_COVERAGE)
def check_new(request: HttpRequest, patient_id: int, coverage_id: int) -> HttpResponse:
    patient = _patient(request, patient_id)
    coverage = selectors.coverage_get(patient, coverage_id)
    form = EligibilityCheckForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            services.eligibility_check_record(
                coverage=coverage,
                acting_user=request.user,
                data=form.cleaned_data,
                ip_address=client_ip(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _to_tab(patient)
    context = {"patient": patient, "form": form, "coverage": coverage}
    return render(request, "insurance/coverage/check_form.html", context)


@practice_view(Permission.VIEW_INSURANCE)
def benefits(request: HttpRequest, patient_id: int, coverage_id: int) -> HttpResponse:
    patient = _patient(request, patient_id)
    coverage = selectors.coverage_get(patient, coverage_id)
    audit_request(
        request,
        action=Action.VIEW,
        target=coverage,
        patient=patient,
        summary=f"Opened benefits used of {coverage.plan}",
    )
    return _render_benefits(request, patient, coverage, BenefitUseForm(), _adjustments(coverage))


def _adjustments(coverage: Any, data: Any = None) -> UsedAdjustmentsForm:
    initial = {
        "used_annual_max_adjustment": coverage.used_annual_max_adjustment,
        "used_deductible_adjustment": coverage.used_deductible_adjustment,
    }
    return UsedAdjustmentsForm(data, initial=initial)


def _render_benefits(
    request: HttpRequest,
    patient: Patient,
    coverage: Any,
    form: BenefitUseForm,
    adjustments: UsedAdjustmentsForm,
) -> HttpResponse:
    uses = selectors.benefits_used(coverage)
    context = {
        "patient": patient,
        "coverage": coverage,
        "uses": uses,
        "remaining": selectors.coverage_remaining(
            coverage, uses, timezone.localdate(), patient.date_of_birth
        ),
        "form": form,
        "adjustments": adjustments,
        "can_edit": request.membership.can(Permission.EDIT_COVERAGE),  # type: ignore[attr-defined]
    }
    return render(request, "insurance/coverage/benefits.html", context)


@require_POST
@practice_view(Permission.EDIT_COVERAGE)
def benefit_add(request: HttpRequest, patient_id: int, coverage_id: int) -> HttpResponse:
    patient = _patient(request, patient_id)
    coverage = selectors.coverage_get(patient, coverage_id)
    form = BenefitUseForm(request.POST)
    if form.is_valid():
        try:
            services.benefit_use_add(
                coverage=coverage, acting_user=request.user, data=form.service_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("coverage:benefits", patient_id=patient.pk, coverage_id=coverage.pk)
    return _render_benefits(request, patient, coverage, form, _adjustments(coverage))


@require_POST
@practice_view(Permission.EDIT_COVERAGE)
def benefit_remove(
    request: HttpRequest, patient_id: int, coverage_id: int, use_id: int
) -> HttpResponse:
    patient = _patient(request, patient_id)
    coverage = selectors.coverage_get(patient, coverage_id)
    use = selectors.benefit_use_get(coverage, use_id)
    services.benefit_use_remove(use=use, acting_user=request.user)
    return redirect("coverage:benefits", patient_id=patient.pk, coverage_id=coverage.pk)


@require_POST
@practice_view(Permission.EDIT_COVERAGE)
def adjustments(request: HttpRequest, patient_id: int, coverage_id: int) -> HttpResponse:
    patient = _patient(request, patient_id)
    coverage = selectors.coverage_get(patient, coverage_id)
    form = _adjustments(coverage, request.POST)
    if form.is_valid():
        try:
            services.coverage_update(
                coverage=coverage,
                acting_user=request.user,
                data=form.cleaned_data,
                ip_address=client_ip(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("coverage:benefits", patient_id=patient.pk, coverage_id=coverage.pk)
    return _render_benefits(request, patient, coverage, BenefitUseForm(), form)


@practice_view(Permission.EDIT_COVERAGE)
def import_fhir(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = _patient(request, patient_id)
    form = FhirImportForm(request.POST or None, request.FILES or None, patient=patient)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = fhir_import(
                patient=patient,
                text=form.cleaned_data["json_text"],
                acting_user=request.user,
                as_of=timezone.localdate(),
                plan=form.cleaned_data["plan"],
                coverage=form.cleaned_data["coverage"],
                ip_address=client_ip(request),
            )
        except FhirInputError as exc:
            form.add_error("json_text", str(exc))
    context = {"patient": patient, "form": form, "result": result}
    return render(request, "insurance/coverage/import.html", context)


# The "Visits in the next N days" choices of the verification list: value, days, label.
VISIT_WINDOWS = (
    ("1", 1, "1 day (today and tomorrow)"),
    ("2", 2, "2 days"),
    ("3", 3, "3 days"),
    ("7", 7, "7 days"),
    ("14", 14, "14 days"),
    ("all", None, "All (a visit or none)"),
)
DEFAULT_VISIT_WINDOW = "7"


@practice_view(Permission.VIEW_INSURANCE)
def to_verify(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    today = timezone.localdate(timezone=practice_zone(practice))
    window, days = _visit_window(request)
    rows = selectors.coverages_to_verify(practice, as_of=today, visits_within_days=days)
    visits = f"visits in the next {days} days" if days else "all patients"
    audit_request(
        request,
        action=Action.VIEW,
        object_type="coverage",
        summary=f"Opened insurance to verify ({len(rows)} coverages, {visits})",
    )
    context = {
        "rows": rows,
        "today": today,
        "limit": selectors.QUEUE_LIMIT,
        "windows": VISIT_WINDOWS,
        "window": window,
        "through": today + timedelta(days=days) if days else None,
        "time_zone": practice.time_zone,
    }
    return render(request, "insurance/coverage/to_verify.html", context)


def _visit_window(request: HttpRequest) -> tuple[str, int | None]:
    """The chosen "Visits in the next N days" (the default for anything unknown)."""
    days_of = {value: days for value, days, _ in VISIT_WINDOWS}
    window = request.GET.get("visits", DEFAULT_VISIT_WINDOW)
    window = window if window in days_of else DEFAULT_VISIT_WINDOW
    return window, days_of[window]
