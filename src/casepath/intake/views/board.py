"""The new-patient board (a column per stage, with time in stage; closed inquiries
apart) and conversion by source (calls to booked, arrived, case presented, accepted),
on screen and as CSV. Both read through selectors in a constant number of queries."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.core.intake import STEP_LABELS, Step
from casepath.intake.board import WAITING_LONG, board, closed_intakes
from casepath.intake.conversion import Conversion, conversion_by_source, default_range
from casepath.patients.models import ReferralSource
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.access import practice_view
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission
from casepath.web.forms import DateRangeForm


class BoardFilterForm(forms.Form):
    """The board's filters (GET); an invalid one is ignored."""

    mine = forms.BooleanField(label="Only my new patients", required=False)
    source = forms.ChoiceField(
        label="How they heard of us", choices=[("", "Any"), *ReferralSource.choices], required=False
    )
    closed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def chosen(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_valid() else {}


class ConversionForm(DateRangeForm):
    """The calls' date range (GET: ?from=YYYY-MM-DD&to=YYYY-MM-DD)."""

    FROM_LABEL = "Calls from"


def _practice(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined,no-any-return]


def _can(request: HttpRequest, permission: Permission) -> bool:
    return bool(request.membership.can(permission))  # type: ignore[attr-defined]


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def board_page(request: HttpRequest) -> HttpResponse:
    practice, now = _practice(request), timezone.now()
    form = BoardFilterForm(request.GET or None)
    chosen = form.chosen()
    filters = {
        "coordinator": request.user if chosen.get("mine") else None,
        "source": chosen.get("source") or None,
    }
    context: dict[str, Any] = {
        "form": form,
        "showing_closed": bool(chosen.get("closed")),
        "board_link": _link(request, closed=False),
        "closed_link": _link(request, closed=True),
        "can_take_calls": _can(request, Permission.EDIT_PATIENTS),
        "can_edit_package": _can(request, Permission.MANAGE_CASE_TEMPLATES),
        "waiting_long": [why for _, why in WAITING_LONG.values()],
    }
    if context["showing_closed"]:
        context["closed"] = closed_intakes(practice, now=now, **filters)
    else:
        context["board"] = board(practice, now=now, **filters)
    return render(request, "intake/board.html", context)


def _link(request: HttpRequest, *, closed: bool) -> str:
    """This page with the same filters, on the board or on the closed list."""
    kept = request.GET.copy()
    kept.pop("closed", None)
    if closed:
        kept["closed"] = "1"
    return f"{request.path}?{kept.urlencode()}" if kept else request.path


def _today(practice: Practice) -> date:
    return timezone.localtime(timezone.now(), practice_zone(practice)).date()


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def conversion_page(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    start, end = default_range(_today(practice))
    asked = request.GET.get("from") is not None or request.GET.get("to") is not None
    form = ConversionForm(request.GET if asked else {"from": start, "to": end})
    shown = None
    if form.is_valid():
        start, end = form.cleaned_data["from"], form.cleaned_data["to"]
        shown = conversion_by_source(practice, start=start, end=end)
        if request.GET.get("format") == "csv":
            return _csv(request, shown)
    context = {
        "form": form,
        "conversion": shown,
        "steps": [STEP_LABELS[s] for s in Step],
        "csv_query": f"from={start:%Y-%m-%d}&to={end:%Y-%m-%d}&format=csv",
    }
    return render(request, "intake/conversion.html", context)


def csv_lines(shown: Conversion) -> list[list[str]]:
    """The conversion as CSV rows: per step its count, % of calls and % of the step
    before (empty when there is nothing to divide by)."""
    header = ["Source", STEP_LABELS[Step.CALLED]]
    for step in list(Step)[1:]:
        label = STEP_LABELS[step]
        header += [label, f"{label} % of calls", f"{label} % of step before"]
    lines = [header]
    for row in shown.rows:
        steps = row.funnel.steps
        line = [row.label, str(steps[0].count)]
        for counted in steps[1:]:
            line += [str(counted.count), _percent(counted.of_calls), _percent(counted.of_previous)]
        lines.append(line)
    return lines


def _percent(value: Any) -> str:
    return "" if value is None else str(value)


def _csv(request: HttpRequest, shown: Conversion) -> HttpResponse:
    practice = _practice(request)
    span = f"{shown.start:%m/%d/%Y} to {shown.end:%m/%d/%Y}"
    audit_request(
        request,
        action=Action.EXPORT,
        object_type="new-patient conversion",
        summary=f"Exported new-patient conversion by source, calls {span} ({shown.calls})",
    )
    out = io.StringIO()
    csv.writer(out).writerows(csv_lines(shown))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"new-patients-{practice.short_code}-{shown.start:%Y%m%d}-{shown.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns = [
    path("", board_page, name="board"),
    path("conversion/", conversion_page, name="conversion"),
]
