"""The huddle's screens: the day's list (and its printable page), the schedule import,
an import's visits, the benefits-expiring list and the settings.

Everyone who sees cases sees the lists; importing a schedule takes EDIT_PATIENTS (the
desk and the TC), the settings MANAGE_PRACTICE. The printable page is the day's list on
paper: printing it is recorded in the audit trail, as an export of patient data.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from casepath.audit.models import Action
from casepath.audit.services import audit_record
from casepath.cases.forms import show_errors
from casepath.core.errors import CasepathError
from casepath.core.huddle import ScheduleRejected
from casepath.huddle import selectors, services
from casepath.huddle.forms import DayForm, ExpiringForm, HuddleSettingsForm, ScheduleImportForm
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.access import practice_view
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission


def _practice(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined,no-any-return]


def _can(request: HttpRequest, permission: Permission) -> bool:
    return bool(request.membership.can(permission))  # type: ignore[attr-defined]


def practice_today(practice: Practice) -> date:
    return timezone.localtime(timezone.now(), practice_zone(practice)).date()


def _huddle_context(request: HttpRequest) -> dict[str, Any]:
    practice = _practice(request)
    today = practice_today(practice)
    form = DayForm(request.GET or None, initial={"day": today})
    day = (form.cleaned_data["day"] if form.is_valid() else None) or today
    threshold = selectors.huddle_settings(practice).threshold
    return {
        "form": form,
        "huddle": selectors.huddle_for_day(practice, day, threshold=threshold),
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
        "is_today": day == today,
    }


@require_GET
@practice_view(Permission.VIEW_CASES)
def huddle(request: HttpRequest) -> HttpResponse:
    context = _huddle_context(request) | {
        "can_import": _can(request, Permission.EDIT_PATIENTS),
        "can_change_settings": _can(request, Permission.MANAGE_PRACTICE),
    }
    return render(request, "huddle/huddle.html", context)


@require_GET
@practice_view(Permission.VIEW_CASES)
def huddle_print(request: HttpRequest) -> HttpResponse:
    context = _huddle_context(request)
    shown = context["huddle"]
    audit_record(
        practice=_practice(request),
        actor=request.user,
        action=Action.EXPORT,
        object_type="huddle",
        summary=f"Printed the huddle of {shown.day:%m/%d/%Y} ({len(shown.rows)} patients)",
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    return render(request, "huddle/print.html", context)


@practice_view(Permission.EDIT_PATIENTS)
def schedule_import(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    posted = request.method == "POST"
    form = ScheduleImportForm(request.POST if posted else None, request.FILES if posted else None)
    problems: tuple[Any, ...] = ()
    if posted and form.is_valid():
        try:
            batch = services.schedule_import(
                acting_user=request.user,
                practice=practice,
                text=form.cleaned_data["text"],
                file_name=form.cleaned_data.get("file_name", ""),
            )
        except ScheduleRejected as rejected:
            problems = rejected.problems
        else:
            messages.success(
                request,
                f"Schedule imported: {batch.visits_added} visits added, "
                f"{batch.visits_on_file} already on the schedule.",
            )
            return redirect("huddle:import_detail", import_id=batch.pk)
    context = {"form": form, "problems": problems, "imports": selectors.schedule_imports(practice)}
    return render(request, "huddle/import.html", context)


@require_GET
@practice_view(Permission.VIEW_CASES)
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    batch = selectors.schedule_import_get(_practice(request), import_id)
    context = {"batch": batch, "visits": selectors.imported_visits(batch)}
    return render(request, "huddle/import_detail.html", context)


@require_GET
@practice_view(Permission.VIEW_CASES)
def benefits_expiring(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    form = ExpiringForm(request.GET or None)
    within = form.cleaned_data["within"] if form.is_valid() else None
    within = within or selectors.huddle_settings(practice).expiring_within_days
    listed = selectors.benefits_expiring_list(
        practice, as_of=practice_today(practice), within_days=within
    )
    context = {"form": form, "listed": listed}
    return render(request, "huddle/expiring.html", context)


@practice_view(Permission.MANAGE_PRACTICE)
def huddle_settings(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    current = selectors.huddle_settings(practice)
    initial = {
        "threshold": current.threshold,
        "expiring_within_days": current.expiring_within_days,
    }
    form = HuddleSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.huddle_settings_update(
                acting_user=request.user, practice=practice, **form.cleaned_data
            )
        except CasepathError as refused:
            show_errors(form, refused)
        else:
            messages.success(request, "Huddle settings saved.")
            return redirect("huddle:day")
    return render(request, "huddle/settings.html", {"form": form})


urlpatterns = [
    path("", huddle, name="day"),
    path("print/", huddle_print, name="print"),
    path("import/", schedule_import, name="import"),
    path("imports/<int:import_id>/", import_detail, name="import_detail"),
    path("benefits-expiring/", benefits_expiring, name="benefits_expiring"),
    path("settings/", huddle_settings, name="settings"),
]
