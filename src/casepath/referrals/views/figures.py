"""Referral figures: referred to us (by referring provider: came, presented, accepted,
conversion, value) and referred out (by specialist: completed, returned, overdue), for
a date range (the last 12 months unless asked), on screen and as CSV (audited)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.referrals.figures import Figures, default_range, referral_figures
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.access import practice_view
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission
from casepath.web.forms import DateRangeForm

INBOUND_HEADER = [
    "Referring provider",
    "Referred",
    "Came",
    "Case presented",
    "Accepted",
    "Conversion %",
    "Value",
]
OUTBOUND_HEADER = ["Specialist", "Referred out", "Completed", "Returned", "Overdue"]


class RangeForm(DateRangeForm):
    """The referrals' days (GET: ?from=YYYY-MM-DD&to=YYYY-MM-DD)."""

    FROM_LABEL = "Referred from"


def _practice(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined,no-any-return]


def _today(practice: Practice) -> date:
    return timezone.localtime(timezone.now(), practice_zone(practice)).date()


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def figures_page(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    today = _today(practice)
    start, end = default_range(today)
    asked = "from" in request.GET or "to" in request.GET
    form = RangeForm(request.GET if asked else {"from": start, "to": end})
    shown = None
    if form.is_valid():
        start, end = form.cleaned_data["from"], form.cleaned_data["to"]
        shown = referral_figures(practice, start=start, end=end, today=today)
        if request.GET.get("format") == "csv":
            return _csv(request, shown)
    context = {
        "form": form,
        "figures": shown,
        "csv_query": f"from={start:%Y-%m-%d}&to={end:%Y-%m-%d}&format=csv",
    }
    return render(request, "referrals/figures/figures.html", context)


def csv_lines(shown: Figures) -> list[list[str]]:
    """Both tables, one after the other, each with its header and its total row."""
    lines = [INBOUND_HEADER]
    for row in (*shown.inbound, shown.inbound_total):
        lines.append(
            [
                row.name,
                str(row.referred),
                str(row.came),
                str(row.presented),
                str(row.accepted),
                _text(row.conversion),
                _text(row.value),
            ]
        )
    lines += [[], OUTBOUND_HEADER]
    for out in (*shown.outbound, shown.outbound_total):
        lines.append(
            [out.name, str(out.sent), str(out.completed), str(out.returned), str(out.overdue)]
        )
    return lines


def _text(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def _csv(request: HttpRequest, shown: Figures) -> HttpResponse:
    practice = _practice(request)
    span = f"{shown.start:%m/%d/%Y} to {shown.end:%m/%d/%Y}"
    counted = f"{shown.inbound_total.referred} in, {shown.outbound_total.sent} out"
    audit_request(
        request,
        action=Action.EXPORT,
        object_type="referral figures",
        summary=f"Exported referral figures, referrals {span} ({counted})",
    )
    out = io.StringIO()
    csv.writer(out).writerows(csv_lines(shown))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"referrals-{practice.short_code}-{shown.start:%Y%m%d}-{shown.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns = [
    path("figures/", figures_page, name="figures"),
]
