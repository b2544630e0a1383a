"""The calendar: the day (a column per provider), the week, a new appointment and the
status buttons of each appointment.

Everyone who sees patients sees the calendar; booking and changing a status take
EDIT_PATIENTS (the desk and the TC). A status button posts with htmx and gets the
appointment's block back (a refusal inside it, status 200); without htmx, a redirect to
the day.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casepath.audit.services import client_ip
from casepath.cases.forms import show_errors
from casepath.core.scheduling import Conflict
from casepath.scheduling import calendar_selectors as selectors
from casepath.scheduling.calendar_forms import (
    ALIASES,
    AppointmentForm,
    DayForm,
    StatusForm,
    WeekForm,
    appointment_initial,
)
from casepath.scheduling.checks import appointment_conflicts
from casepath.scheduling.services import appointment_create, appointment_set_status
from casepath.tenancy.access import practice_view
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission
from casepath.web.htmx import is_partial

BLOCK = "scheduling/calendar/partials/block.html"
# A conflict names what is taken; the form shows it beside that field (else the time).
CONFLICT_FIELDS = {"provider", "patient", "room"}


def _practice(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined,no-any-return]


def _can_book(request: HttpRequest) -> bool:
    return bool(request.membership.can(Permission.EDIT_PATIENTS))  # type: ignore[attr-defined]


def _chosen(form: DayForm | WeekForm, name: str, today: date) -> date:
    return (form.cleaned_data.get(name) if form.is_valid() else None) or today


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def day(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    now = timezone.now()
    form = DayForm(request.GET or None)
    shown = _chosen(form, "day", selectors.practice_today(practice, now))
    context = {
        "form": form,
        "view": selectors.day_view(practice, shown, now=now),
        "can_book": _can_book(request),
    }
    return render(request, "scheduling/calendar/day.html", context)


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def week(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    now = timezone.now()
    form = WeekForm(request.GET or None)
    shown = _chosen(form, "week", selectors.practice_today(practice, now))
    context = {
        "form": form,
        "view": selectors.week_view(practice, shown, now=now),
        "can_book": _can_book(request),
    }
    return render(request, "scheduling/calendar/week.html", context)


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def appointment_status(request: HttpRequest, appointment_id: int) -> HttpResponse:
    practice = _practice(request)
    appointment = selectors.appointment_get(practice, appointment_id)
    form = StatusForm(request.POST, appointment=appointment)
    error = ""
    if form.is_valid():
        try:
            appointment_set_status(
                appointment=appointment,
                status=form.cleaned_data["status"],
                acting_user=request.user,
                ip_address=client_ip(request),
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
    else:
        error = " ".join(message for problems in form.errors.values() for message in problems)
    card = selectors.appointment_card(practice, appointment_id)
    if is_partial(request):
        context = {"card": card, "error": error, "can_book": True, "changed": not error}
        return render(request, BLOCK, context)
    name = card.appointment.patient.display_name
    if error:
        messages.error(request, f"{name}: {error}")
    else:
        messages.success(request, f"{name}: {card.appointment.get_status_display()}")
    return redirect(f"{reverse('scheduling:day')}?day={card.starts:%Y-%m-%d}")


@practice_view(Permission.EDIT_PATIENTS)
def appointment_new(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    warnings: list[str] = []
    if request.method != "POST":
        initial = appointment_initial(practice, request.GET)
        form = AppointmentForm(initial=initial, practice=practice)
        return _new_page(request, form, warnings)
    form = AppointmentForm(request.POST, practice=practice)
    if not form.is_valid():
        return _new_page(request, form, warnings)
    conflicts = appointment_conflicts(practice, **form.check_args())
    blocking = [c for c in conflicts if c.blocking]
    warnings = [c.message for c in conflicts if not c.blocking]
    if blocking:
        for conflict in blocking:
            form.add_error(_field_of(conflict), conflict.message)
        return _new_page(request, form, [])
    if warnings and not form.accepts(warnings):
        return _new_page(request, form, warnings)
    try:
        appointment = appointment_create(
            patient=form.chosen_patient,
            acting_user=request.user,
            data=form.service_data(),
            ip_address=client_ip(request),
        )
    except ValidationError as refused:
        show_errors(form, refused, ALIASES)
        return _new_page(request, form, [])
    local = timezone.localtime(appointment.starts_at, form.zone)
    messages.success(
        request,
        f"Booked {appointment.patient.display_name} on {local:%A %B} {local.day} "
        f"at {local:%H:%M} with {appointment.provider}.",
    )
    day_url = reverse("scheduling:day")
    return redirect(f"{day_url}?day={local:%Y-%m-%d}#appointment-{appointment.pk}")


def _field_of(conflict: Conflict) -> str:
    field = ALIASES.get(conflict.visit, conflict.visit)
    return field if field in CONFLICT_FIELDS else "starts_at"


def _new_page(request: HttpRequest, form: AppointmentForm, warnings: list[str]) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "warnings": warnings}
    return render(request, "scheduling/calendar/new.html", context)


urlpatterns = [
    path("", day, name="day"),
    path("week/", week, name="week"),
    path("new/", appointment_new, name="new"),
    path("<int:appointment_id>/status/", appointment_status, name="appointment_status"),
]
