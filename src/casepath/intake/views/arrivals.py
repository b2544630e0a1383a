"""The arrival list: the new patients expected on a day (today in the practice's time
zone unless ?day= says otherwise), with their readiness ticked inline, the buttons for
arrived and no-show, and how far the visit day has gone (welcome, interview, hand-off).
One query for the rows, whatever their number."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from casepath.intake.arrivals import arrival_get, arrivals_for_day
from casepath.intake.models import Intake
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.access import practice_view
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission

ROW = "intake/_arrival_row.html"


class DayForm(forms.Form):
    day = forms.DateField(
        label="Day",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def practice_today(practice: Practice) -> date:
    return timezone.localtime(timezone.now(), practice_zone(practice)).date()


def _can_act(request: HttpRequest) -> bool:
    return bool(request.membership.can(Permission.EDIT_PATIENTS))  # type: ignore[attr-defined]


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def arrivals(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    today = practice_today(practice)
    form = DayForm(request.GET or None, initial={"day": today})
    day = (form.cleaned_data["day"] if form.is_valid() else None) or today
    context = {
        "form": form,
        "arrivals": arrivals_for_day(practice, day),
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
        "is_today": day == today,
        "can_act": _can_act(request),
        "zone": practice.time_zone,
    }
    return render(request, "intake/arrivals.html", context)


def arrival_row(request: HttpRequest, intake: Intake) -> HttpResponse:
    """One row of the arrival list, fresh (after its readiness was ticked)."""
    context = {
        "row": arrival_get(intake),
        "can_act": _can_act(request),
        "zone": request.practice.time_zone,  # type: ignore[attr-defined]
    }
    return render(request, ROW, context)


urlpatterns = [path("arrivals/", arrivals, name="arrivals")]
