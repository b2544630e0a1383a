"""Estimate pages: the panel, a patient's saved estimates, one saved estimate, and the
background re-estimates. Thin: parse, call panel.py or one service, render.

Everyone who sees insurance may estimate (a preview saves nothing); saving,
re-estimating and closing need Permission.EDIT_COVERAGE.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.http import require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.core.catalog import category_of, plain_name
from casepath.estimates import selectors, services
from casepath.estimates.forms import MAX_ROWS, ROWS_PREFIX, PanelForms, blank_row, with_one_more_row
from casepath.estimates.models import Estimate, EstimateStatus
from casepath.estimates.panel import (
    OnFile,
    PanelErrors,
    on_file_for,
    options_of,
    preview_options,
    save_options,
    saved_shown,
)
from casepath.estimates.shown import Shown, problem_words
from casepath.insurance.selectors import fee_for_code, office_fee_schedule
from casepath.patients.models import Patient
from casepath.patients.selectors import patient_get
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.web.htmx import is_partial

RUNS_LISTED = 50


def _patient(request: HttpRequest, patient_id: int) -> Patient:
    return patient_get(request.practice, patient_id)  # type: ignore[attr-defined]


def _can_edit(request: HttpRequest) -> bool:
    return bool(request.membership.can(Permission.EDIT_COVERAGE))  # type: ignore[attr-defined]


def _to_estimate(saved: Estimate) -> HttpResponse:
    return redirect("estimates:detail", patient_id=saved.patient_id, estimate_id=saved.pk)


# The panel


@practice_view(Permission.VIEW_INSURANCE)
def estimate_new(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = _patient(request, patient_id)
    action = request.POST.get("action", "estimate")
    if action == "save" and not _can_edit(request):
        raise PermissionDenied("Your role can estimate but not save estimates.")
    on_file, today = on_file_for(patient), timezone.localdate()

    def panel(data: Any = None) -> PanelForms:
        return PanelForms(data, today=today, providers=on_file.providers)

    if request.method != "POST":
        return _panel(request, patient, panel(), on_file)
    if action == "add_row":
        return _panel(request, patient, panel(with_one_more_row(request.POST)), on_file)
    return _estimate(request, patient, panel(request.POST), on_file, action == "save")


def _estimate(
    request: HttpRequest, patient: Patient, panel: PanelForms, on_file: OnFile, save: bool
) -> HttpResponse:
    if not panel.is_valid():
        _check_the_valid_rows(panel, on_file)
        return _panel(request, patient, panel, on_file)
    options, provider = options_of(panel.filled()), panel.treating
    try:
        results = preview_options(on_file, options, panel.day, provider)
        if save and panel.save.is_valid():
            title = panel.save.cleaned_data["title"]
            saved = save_options(
                acting_user=request.user,
                patient=patient,
                title=title,
                options=options,
                as_of=panel.day,
                provider=provider,
            )
            return _after_save(request, patient, saved)
    except PanelErrors as problems:
        panel.add_errors(problems.errors)
        return _panel(request, patient, panel, on_file)
    audit_request(
        request,
        action=Action.VIEW,
        target=patient,
        patient=patient,
        summary=f"Estimated {len(panel.filled())} procedures for {patient}"
        + (f" in {len(results)} options" if len(results) > 1 else "")
        + (f" with the fees of {provider}" if provider else ""),
    )
    return _panel(request, patient, panel, on_file, results)


def _check_the_valid_rows(panel: PanelForms, on_file: OnFile) -> None:
    """Every problem at once: what the core says of the rows that passed the form."""
    day, rows = panel.day_or_none(), panel.filled()
    if day is None or not rows:
        return
    try:
        preview_options(on_file, options_of(rows), day, panel.treating)
    except PanelErrors as problems:
        panel.add_errors(problems.errors)


def _after_save(request: HttpRequest, patient: Patient, saved: list[Estimate]) -> HttpResponse:
    if len(saved) == 1:
        messages.success(request, f"Saved the open estimate “{saved[0].title}”.")
        url = reverse("estimates:detail", args=[patient.pk, saved[0].pk])
    else:
        messages.success(request, f"Saved {len(saved)} open estimates, one per option.")
        url = reverse("estimates:list", args=[patient.pk])
    if is_partial(request):
        return HttpResponse(headers={"HX-Location": url})
    return redirect(url)


def _panel(
    request: HttpRequest,
    patient: Patient,
    panel: PanelForms,
    on_file: OnFile,
    results: list[Shown] | None = None,
) -> HttpResponse:
    day = panel.day_or_none() or panel.as_of.today
    context = {
        "patient": patient,
        "panel": panel,
        "results": results or [],
        "day": day,
        "coverages": on_file.labels(day),
        "codes": [(code, plain_name(code)) for code in on_file.codes],
        "can_save": _can_edit(request),
        "max_rows": MAX_ROWS,
    }
    posted = request.method == "POST" and is_partial(request)
    template = "estimates/partials/panel_response.html" if posted else "estimates/panel.html"
    return render(request, template, context)


@practice_view(Permission.VIEW_INSURANCE)
def estimate_row(request: HttpRequest) -> HttpResponse:
    """One more blank row of the panel ("Add a row", htmx)."""
    total = request.GET.get(f"{ROWS_PREFIX}-TOTAL_FORMS", "")
    index = int(total) if total.isdigit() else 0
    if index >= MAX_ROWS:
        return HttpResponse(status=204)
    context = {"form": blank_row(index), "number": index + 1, "total": index + 1}
    return render(request, "estimates/partials/row_added.html", context)


@practice_view(Permission.VIEW_INSURANCE)
def procedure_name(request: HttpRequest) -> HttpResponse:
    """The plain name of the code typed in a row, and whether the office has a fee for it."""
    typed = next((v for k, v in request.GET.items() if k.endswith("-code")), "")
    code = typed.strip().upper()
    if not code:
        return HttpResponse("")
    if category_of(code) is None:
        return HttpResponse("Not a procedure code")
    office = office_fee_schedule(request.practice)  # type: ignore[attr-defined]
    has_fee = office is not None and fee_for_code(office, code) is not None
    words = plain_name(code) if has_fee else f"{plain_name(code)} · no office fee: type the fee"
    return HttpResponse(escape(words))


# Saved estimates


@practice_view(Permission.VIEW_INSURANCE)
def estimate_list(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = _patient(request, patient_id)
    estimates = list(selectors.estimates_of(patient))
    audit_request(
        request,
        action=Action.VIEW,
        target=patient,
        patient=patient,
        summary=f"Opened the estimates of {patient} ({len(estimates)})",
    )
    context = {"patient": patient, "estimates": estimates, "can_edit": _can_edit(request)}
    return render(request, "estimates/list.html", context)


@practice_view(Permission.VIEW_INSURANCE)
def estimate_detail(request: HttpRequest, patient_id: int, estimate_id: int) -> HttpResponse:
    patient = _patient(request, patient_id)
    saved = selectors.estimate_get(patient, estimate_id)
    audit_request(
        request,
        action=Action.VIEW,
        target=saved,
        patient=patient,
        summary=f"Opened the estimate “{saved.title}” of {patient}",
    )
    context = {
        "patient": patient,
        "estimate": saved,
        "shown": saved_shown(saved, patient),
        "problem": problem_words(saved.problem),
        "is_open": saved.status == EstimateStatus.OPEN,
        "can_edit": _can_edit(request),
    }
    return render(request, "estimates/detail.html", context)


@require_POST
@practice_view(Permission.EDIT_COVERAGE)
def estimate_recompute(request: HttpRequest, patient_id: int, estimate_id: int) -> HttpResponse:
    saved = selectors.estimate_get(_patient(request, patient_id), estimate_id)
    if saved.status != EstimateStatus.OPEN:
        messages.error(request, "A closed estimate is kept as it was; make a new one instead.")
        return _to_estimate(saved)
    # An estimate made for a later day (next benefit year) stays an estimate for that day.
    day = max(saved.as_of, timezone.localdate())
    services.estimate_recompute(acting_user=request.user, estimate_row=saved, as_of=day)
    if saved.problem:  # kept its figures: the page says why
        messages.error(request, "The estimate could not be made again; the figures are older.")
    else:
        messages.success(request, "Re-estimated with the fees, benefits and usage on file now.")
    return _to_estimate(saved)


@require_POST
@practice_view(Permission.EDIT_COVERAGE)
def estimate_close(request: HttpRequest, patient_id: int, estimate_id: int) -> HttpResponse:
    saved = selectors.estimate_get(_patient(request, patient_id), estimate_id)
    if saved.status == EstimateStatus.OPEN:
        services.estimate_close(acting_user=request.user, estimate_row=saved)
        messages.success(request, "Closed: this estimate is kept as it is and no longer updated.")
    return _to_estimate(saved)


# Background re-estimates


@practice_view(Permission.VIEW_INSURANCE)
def run_list(request: HttpRequest) -> HttpResponse:
    runs = selectors.runs_of(request.practice)[:RUNS_LISTED]  # type: ignore[attr-defined]
    return render(request, "estimates/runs.html", {"runs": runs, "limit": RUNS_LISTED})


@practice_view(Permission.VIEW_INSURANCE)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_get(request.practice, run_id)  # type: ignore[attr-defined]
    context: dict[str, Any] = {"run": run}
    if is_partial(request):
        return render(request, "estimates/partials/run_progress.html", context)
    return render(request, "estimates/run.html", context)
