"""The calendar's settings (under /schedule/settings/): each provider's working hours,
days off, appointment types and sequencing rules.

Everyone who sees patients may read them; changing them takes MANAGE_PRACTICE. Pages
that name a record find it first (another practice's record is 404 for anyone), then
check the role. The first read makes the practice's defaults (scheduling/defaults.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from casepath.cases.forms import show_errors
from casepath.core.errors import CasepathError
from casepath.scheduling import settings_services as services
from casepath.scheduling.checks import provider_name, span
from casepath.scheduling.defaults import calendar_defaults
from casepath.scheduling.models import AppointmentType, SequencingRule, TimeOff, WorkingHours
from casepath.scheduling.selectors import practice_zone
from casepath.scheduling.settings_forms import (
    AppointmentTypeForm,
    SequencingRuleForm,
    TimeOffForm,
    WeekHoursForm,
)
from casepath.tenancy.access import practice_view
from casepath.tenancy.models import Practice, Provider
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404, scoped
from casepath.tenancy.selectors import providers_of

TEMPLATES = "scheduling/settings"
PAST_DAYS_OFF = 20


def _practice(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined,no-any-return]


def _can_manage(request: HttpRequest) -> bool:
    return bool(request.membership.can(Permission.MANAGE_PRACTICE))  # type: ignore[attr-defined]


def _allow(request: HttpRequest) -> None:
    """The role check of a page that names a record, made once the record is found."""
    if not _can_manage(request):
        raise PermissionDenied("Your role cannot change the calendar's settings.")


def _page(request: HttpRequest, template: str, section: str, **context: Any) -> HttpResponse:
    context |= {"section": section, "can_manage": _can_manage(request)}
    return render(request, f"{TEMPLATES}/{template}", context)


def _saved(
    request: HttpRequest, form: forms.BaseForm, save: Callable[[], str], next_name: str
) -> HttpResponse | None:
    """A valid post calls `save()` (its message); refusals go beside their field (None)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        words = save()
    except (CasepathError, ValidationError) as refused:
        show_errors(form, refused)
        return None
    messages.success(request, words)
    return redirect(f"scheduling:{next_name}")


# The overview


@require_http_methods(["GET"])
@practice_view(Permission.VIEW_PATIENTS)
def settings_home(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    calendar_defaults(practice)
    today = timezone.localdate(timezone.now(), practice_zone(practice))
    return _page(
        request,
        "index.html",
        "settings",
        week=_week(practice),
        days_off=list(_days_off(practice).filter(ends_on__gte=today)[:5]),
        types=scoped(AppointmentType, practice).filter(is_active=True).count(),
        rules=scoped(SequencingRule, practice).filter(is_active=True).count(),
    )


# Working hours


def _week(practice: Practice) -> list[dict[str, Any]]:
    """Each active provider and their week as words per weekday, in two queries."""
    providers = list(providers_of(practice).filter(is_active=True))
    ranges: dict[int, dict[int, list[str]]] = {}
    for row in scoped(WorkingHours, practice).order_by("weekday", "starts"):
        words = span(row.starts, row.ends)
        ranges.setdefault(row.provider_id, {}).setdefault(row.weekday, []).append(words)
    week = []
    for provider in providers:
        days = [", ".join(ranges.get(provider.pk, {}).get(day, [])) for day in range(7)]
        summary = "; ".join(
            f"{services.DAY_NAMES[day][:3]} {words}" for day, words in enumerate(days) if words
        )
        name = provider_name(provider)
        week.append({"provider": provider, "name": name, "days": days, "summary": summary})
    return week


@require_http_methods(["GET"])
@practice_view(Permission.VIEW_PATIENTS)
def hours_list(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "hours.html",
        "hours",
        week=_week(_practice(request)),
        day_names=list(services.DAY_NAMES.values()),
    )


@require_http_methods(["GET", "POST"])
@practice_view(Permission.VIEW_PATIENTS)
def provider_hours(request: HttpRequest, provider_id: int) -> HttpResponse:
    practice = _practice(request)
    provider = get_scoped_or_404(Provider, practice, provider_id)
    _allow(request)
    rows = list(scoped(WorkingHours, practice).filter(provider=provider))
    form = WeekHoursForm.of(rows, request.POST if request.method == "POST" else None)
    copy = "copy_monday" in request.POST

    def save() -> str:
        week = form.week()
        if copy:
            week |= {day: list(week[0]) for day in range(1, 5)}
        services.working_hours_set(
            acting_user=request.user, provider=provider, hours=week, now=timezone.now()
        )
        if copy:
            return f"Copied Monday's hours to Tuesday to Friday and saved {provider}'s week."
        return f"Saved the working hours of {provider}."

    done = _saved(request, form, save, "hours")
    if done is not None:
        return done
    return _page(request, "provider_hours.html", "hours", provider=provider, form=form)


# Days off


def _days_off(practice: Practice) -> Any:
    return scoped(TimeOff, practice).select_related("provider").order_by("starts_on", "pk")


@require_http_methods(["GET", "POST"])
@practice_view(Permission.VIEW_PATIENTS)
def time_off_list(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    posted = request.method == "POST"
    if posted:
        _allow(request)
    form = TimeOffForm.of(providers_of(practice), data=request.POST if posted else None)

    def save() -> str:
        made = services.time_off_create(
            acting_user=request.user, practice=practice, data=form.cleaned_data, now=timezone.now()
        )
        return f"Added the days off: {_time_off_words(made)}."

    done = _saved(request, form, save, "time_off")
    if done is not None:
        return done
    today = timezone.localdate(timezone.now(), practice_zone(practice))
    past_since = today - timedelta(days=365)
    return _page(
        request,
        "time_off.html",
        "time_off",
        form=form,
        coming=list(_days_off(practice).filter(ends_on__gte=today)),
        past=list(
            _days_off(practice)
            .filter(ends_on__lt=today, ends_on__gte=past_since)
            .order_by("-starts_on", "-pk")[:PAST_DAYS_OFF]
        ),
    )


def _time_off_words(row: TimeOff) -> str:
    who = provider_name(row.provider) if row.provider else "the practice is closed"
    days = f"{row.starts_on:%m/%d/%Y}"
    if row.ends_on != row.starts_on:
        days += f" to {row.ends_on:%m/%d/%Y}"
    return f"{who}, {days}"


@require_http_methods(["GET", "POST"])
@practice_view(Permission.VIEW_PATIENTS)
def time_off_edit(request: HttpRequest, time_off_id: int) -> HttpResponse:
    practice = _practice(request)
    row = get_scoped_or_404(TimeOff, practice, time_off_id, related=("provider",))
    _allow(request)
    posted = request.method == "POST"
    form = TimeOffForm.of(providers_of(practice), row, request.POST if posted else None)

    def save() -> str:
        services.time_off_update(
            acting_user=request.user, time_off=row, data=form.cleaned_data, now=timezone.now()
        )
        return f"Saved the days off: {_time_off_words(row)}."

    done = _saved(request, form, save, "time_off")
    if done is not None:
        return done
    title = f"Days off: {_time_off_words(row)}"
    return _page(request, "form.html", "time_off", form=form, title=title, row=row)


@require_POST
@practice_view(Permission.VIEW_PATIENTS)
def time_off_delete(request: HttpRequest, time_off_id: int) -> HttpResponse:
    row = get_scoped_or_404(TimeOff, _practice(request), time_off_id, related=("provider",))
    _allow(request)
    words = _time_off_words(row)
    services.time_off_delete(acting_user=request.user, time_off=row, now=timezone.now())
    messages.success(request, f"Removed the days off: {words}.")
    return redirect("scheduling:time_off")


# Appointment types


@require_http_methods(["GET"])
@practice_view(Permission.VIEW_PATIENTS)
def type_list(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    calendar_defaults(practice)
    rows = scoped(AppointmentType, practice).order_by("-is_active", "name")
    return _page(request, "types.html", "types", types=list(rows))


@require_http_methods(["GET", "POST"])
@practice_view(Permission.MANAGE_PRACTICE)
def type_create(request: HttpRequest) -> HttpResponse:
    form = AppointmentTypeForm.of(data=request.POST if request.method == "POST" else None)

    def save() -> str:
        made = services.appointment_type_create(
            acting_user=request.user,
            practice=_practice(request),
            data=form.cleaned_data,
            now=timezone.now(),
        )
        return f"Added the appointment type {made}."

    done = _saved(request, form, save, "types")
    if done is not None:
        return done
    return _page(request, "form.html", "types", form=form, title="Add an appointment type")


@require_http_methods(["GET", "POST"])
@practice_view(Permission.VIEW_PATIENTS)
def type_edit(request: HttpRequest, type_id: int) -> HttpResponse:
    row = get_scoped_or_404(AppointmentType, _practice(request), type_id)
    _allow(request)
    form = AppointmentTypeForm.of(row, request.POST if request.method == "POST" else None)

    def save() -> str:
        services.appointment_type_update(
            acting_user=request.user,
            appointment_type=row,
            data=form.cleaned_data,
            now=timezone.now(),
        )
        return f"Saved the appointment type {row}."

    done = _saved(request, form, save, "types")
    if done is not None:
        return done
    title = f"Appointment type: {row.name}"
    return _page(request, "form.html", "types", form=form, title=title, row=row)


@require_POST
@practice_view(Permission.VIEW_PATIENTS)
def type_delete(request: HttpRequest, type_id: int) -> HttpResponse:
    row = get_scoped_or_404(AppointmentType, _practice(request), type_id)
    _allow(request)
    name = row.name
    try:
        services.appointment_type_delete(
            acting_user=request.user, appointment_type=row, now=timezone.now()
        )
    except CasepathError as refused:
        messages.error(request, " ".join(problem.message for problem in refused.errors))
    else:
        messages.success(request, f"Removed the appointment type {name}.")
    return redirect("scheduling:types")


# Sequencing rules


@require_http_methods(["GET"])
@practice_view(Permission.VIEW_PATIENTS)
def rule_list(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    calendar_defaults(practice)
    rows = scoped(SequencingRule, practice).order_by("-is_active", "before_kind", "after_kind")
    return _page(request, "rules.html", "rules", rules=list(rows))


@require_http_methods(["GET", "POST"])
@practice_view(Permission.MANAGE_PRACTICE)
def rule_create(request: HttpRequest) -> HttpResponse:
    form = SequencingRuleForm.of(data=request.POST if request.method == "POST" else None)

    def save() -> str:
        made = services.sequencing_rule_create(
            acting_user=request.user,
            practice=_practice(request),
            data=form.cleaned_data,
            now=timezone.now(),
        )
        return f"Added the rule: {services.rule_words(made)}."

    done = _saved(request, form, save, "rules")
    if done is not None:
        return done
    return _page(request, "form.html", "rules", form=form, title="Add a sequencing rule")


@require_http_methods(["GET", "POST"])
@practice_view(Permission.VIEW_PATIENTS)
def rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    row = get_scoped_or_404(SequencingRule, _practice(request), rule_id)
    _allow(request)
    form = SequencingRuleForm.of(row, request.POST if request.method == "POST" else None)

    def save() -> str:
        services.sequencing_rule_update(
            acting_user=request.user, rule=row, data=form.cleaned_data, now=timezone.now()
        )
        return f"Saved the rule: {services.rule_words(row)}."

    done = _saved(request, form, save, "rules")
    if done is not None:
        return done
    title = f"Rule: {services.rule_words(row)}"
    return _page(request, "form.html", "rules", form=form, title=title, row=row)


@require_POST
@practice_view(Permission.VIEW_PATIENTS)
def rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    row = get_scoped_or_404(SequencingRule, _practice(request), rule_id)
    _allow(request)
    words = services.rule_words(row)
    services.sequencing_rule_delete(acting_user=request.user, rule=row, now=timezone.now())
    messages.success(request, f"Removed the rule: {words}.")
    return redirect("scheduling:rules")


urlpatterns = [
    path("settings/", settings_home, name="settings"),
    path("settings/hours/", hours_list, name="hours"),
    path("settings/hours/<int:provider_id>/", provider_hours, name="provider_hours"),
    path("settings/days-off/", time_off_list, name="time_off"),
    path("settings/days-off/<int:time_off_id>/", time_off_edit, name="time_off_edit"),
    path("settings/days-off/<int:time_off_id>/delete/", time_off_delete, name="time_off_delete"),
    path("settings/types/", type_list, name="types"),
    path("settings/types/new/", type_create, name="type_create"),
    path("settings/types/<int:type_id>/", type_edit, name="type_edit"),
    path("settings/types/<int:type_id>/delete/", type_delete, name="type_delete"),
    path("settings/rules/", rule_list, name="rules"),
    path("settings/rules/new/", rule_create, name="rule_create"),
    path("settings/rules/<int:rule_id>/", rule_edit, name="rule_edit"),
    path("settings/rules/<int:rule_id>/delete/", rule_delete, name="rule_delete"),
]
