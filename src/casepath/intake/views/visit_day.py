"""The visit-day section of the new patient's page: readiness, the welcome (and tour),
the needs and goals interview, and the hand-off to the provider.

One fragment (intake/sections/visit_day.html), included by the intake page with
`visit_day_context` and re-rendered by htmx after each of its forms. A form that moves
the patient along also asks htmx to reload the page (the stage and the moves change);
a plain POST goes back to the page. A refusal re-renders the section with the error
beside its field, status 200, and nothing moved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from casepath.cases.forms import show_errors
from casepath.core.errors import CasepathError
from casepath.core.intake import AT_THE_VISIT, Stage
from casepath.intake import arrival_services
from casepath.intake.arrivals import HANDED_OFF, hand_off_of
from casepath.intake.models import Intake
from casepath.intake.selectors import intake_get
from casepath.intake.views.arrivals import arrival_row
from casepath.intake.visit_day_forms import (
    HandOffForm,
    InterviewForm,
    ReadinessForm,
    WelcomedForm,
)
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.web.htmx import is_partial

SECTION = "intake/sections/visit_day.html"


def visit_day_context(
    request: HttpRequest,
    intake: Intake,
    *,
    bound: dict[str, forms.Form] | None = None,
    notice: str = "",
) -> dict[str, Any]:
    """What the intake page's visit-day section needs, under one key (`visit_day`);
    `bound` holds a posted form with its errors in place of a blank one."""
    practice, membership = request.practice, request.membership  # type: ignore[attr-defined]
    can_act = membership.can(Permission.EDIT_PATIENTS)
    stage = Stage(intake.stage)
    here = can_act and stage in AT_THE_VISIT
    shown = {
        "readiness": here,
        "welcomed": can_act and stage == Stage.ARRIVED,
        "interview": here,
        "hand_off": here,
    }
    blank: dict[str, forms.Form] = {}
    if here:
        blank = {
            "readiness": ReadinessForm(initial=_ready(intake)),
            "welcomed": WelcomedForm(),
            "interview": InterviewForm.for_intake(intake),
            "hand_off": HandOffForm.for_intake(intake, practice),
        }
    bound = bound or {}
    refused = [e for name, f in bound.items() if not shown[name] for e in f.non_field_errors()]
    return {
        "visit_day": {
            "intake": intake,
            "zone": practice.time_zone,
            "can_act": can_act,
            "shown": shown,
            "forms": blank | {name: f for name, f in bound.items() if shown[name]},
            "refused": refused,
            "notice": notice,
            "hand_off": hand_off_of(intake) if stage in HANDED_OFF else None,
            "can_open_case": membership.can(Permission.EDIT_CASES),
        }
    }


def _ready(intake: Intake) -> dict[str, bool]:
    return {name: getattr(intake, name) for name in arrival_services.READINESS}


def section(
    request: HttpRequest,
    intake: Intake,
    *,
    bound: dict[str, forms.Form] | None = None,
    notice: str = "",
) -> HttpResponse:
    context = visit_day_context(request, intake, bound=bound, notice=notice)
    return render(request, SECTION, context)


def _intake(request: HttpRequest, intake_id: int) -> Intake:
    return intake_get(request.practice, intake_id)  # type: ignore[attr-defined]


def _done(request: HttpRequest, intake: Intake, said: str, *, moved: bool) -> HttpResponse:
    """After a write: for htmx the fresh section (and a page reload when the patient
    moved along), else back to the page."""
    if is_partial(request) and not moved:
        return section(request, intake, notice=said)
    messages.success(request, said)
    if is_partial(request):
        response = section(request, intake)
        response["HX-Refresh"] = "true"
        return response
    return redirect(reverse("intake:detail", args=[intake.pk]) + "#visit-day")


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def readiness(request: HttpRequest, intake_id: int) -> HttpResponse:
    """Tick chart prepared, forms received, insurance verified: from the arrival list
    (`place=row`: the row comes back) or from the visit-day section."""
    intake = _intake(request, intake_id)
    form = ReadinessForm(request.POST)
    form.is_valid()  # three optional ticks: always valid
    arrival_services.readiness_update(
        intake=intake, acting_user=request.user, ready=form.cleaned_data
    )
    from_list = request.POST.get("place") == "row"
    if is_partial(request):
        return arrival_row(request, intake) if from_list else section(request, intake)
    back = request.POST.get("next", "")
    if from_list and url_has_allowed_host_and_scheme(back, {request.get_host()}):
        return redirect(back)
    return redirect(reverse("intake:detail", args=[intake.pk]) + "#visit-day")


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def welcomed(request: HttpRequest, intake_id: int) -> HttpResponse:
    intake = _intake(request, intake_id)
    form = WelcomedForm(request.POST)
    form.is_valid()
    try:
        arrival_services.intake_welcomed(
            intake=intake,
            acting_user=request.user,
            now=timezone.now(),
            tour_given=form.cleaned_data["tour_given"],
        )
    except CasepathError as refused:
        show_errors(form, refused)
        return section(request, _intake(request, intake_id), bound={"welcomed": form})
    said = "Welcomed, with a tour." if form.cleaned_data["tour_given"] else "Welcomed."
    return _done(request, intake, said, moved=True)


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def interview(request: HttpRequest, intake_id: int) -> HttpResponse:
    intake = _intake(request, intake_id)
    before = intake.stage
    form = InterviewForm(request.POST)
    if form.is_valid():
        try:
            arrival_services.interview_save(
                intake=intake,
                acting_user=request.user,
                now=timezone.now(),
                answers=form.cleaned_data,
            )
        except (CasepathError, ValidationError) as refused:
            show_errors(form, refused)
        else:
            said = "Saved the needs and goals interview."
            return _done(request, intake, said, moved=intake.stage != before)
    return section(request, _intake(request, intake_id), bound={"interview": form})


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def hand_off(request: HttpRequest, intake_id: int) -> HttpResponse:
    intake = _intake(request, intake_id)
    form = HandOffForm(request.POST, practice=request.practice)  # type: ignore[attr-defined]
    if form.is_valid():
        provider = form.cleaned_data["provider"]
        try:
            arrival_services.hand_off(
                intake=intake,
                acting_user=request.user,
                now=timezone.now(),
                provider=provider,
                note=form.cleaned_data["note"],
            )
        except CasepathError as refused:
            show_errors(form, refused)
        else:
            return _done(request, intake, f"Handed off to {provider}.", moved=True)
    return section(request, _intake(request, intake_id), bound={"hand_off": form})


urlpatterns = [
    path("<int:intake_id>/readiness/", readiness, name="readiness"),
    path("<int:intake_id>/welcomed/", welcomed, name="welcomed"),
    path("<int:intake_id>/interview/", interview, name="interview"),
    path("<int:intake_id>/hand-off/", hand_off, name="hand_off"),
]
