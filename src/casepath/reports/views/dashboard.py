"""The acceptance dashboard (GET /reports/): figure cards, the chosen breakdown as a
chart and a table of the same figures, the trend by month, declines by reason and,
for one practice, each presented case; and its CSV and XLSX exports with the same
filters. Every rate is shown with what it is counted out of."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.core.metrics import (
    ACCEPTED_LABELS,
    CUT_LABELS,
    DEFINITION_TEXT,
    PRESENTER_LABELS,
    AcceptedMeans,
    Cut,
    Figure,
    Group,
    Report,
    Unit,
)
from casepath.reports import charts, exports
from casepath.reports.forms import DashboardForm, Query
from casepath.reports.selectors import acceptance_report, metric_settings
from casepath.reports.wording import detail_text, money_text, numerator_text, value_text
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.access import practice_view
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission

BREAKDOWN_KEYS = (
    "presented_cases",
    "presented_usd",
    "accepted_cases",
    "accepted_usd",
    "case_acceptance",
    "dollar_acceptance",
    "same_day_acceptance",
    "collected_usd",
)
TREND_KEYS = ("case_acceptance", "dollar_acceptance")
ALL_DEFINITIONS = [(ACCEPTED_LABELS[m], DEFINITION_TEXT[m]) for m in AcceptedMeans]


def _practice(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined,no-any-return]


def _today(practice: Practice) -> date:
    return timezone.localtime(timezone.now(), practice_zone(practice)).date()


def _form(request: HttpRequest) -> DashboardForm:
    practice = _practice(request)
    return DashboardForm(request.GET, user=request.user, practice=practice, today=_today(practice))


def _report(request: HttpRequest, query: Query) -> Report:
    return acceptance_report(
        query.practices,
        query.start,
        query.end,
        query.definitions,
        as_of=_today(_practice(request)),
        filters=query.filters,
        with_cases=query.scope.one_practice,
    )


# How figures read: "55.0 %", "$1,100.00", and "11 of 20 cases presented".


def short_detail(figure: Figure) -> str:
    """A table cell's "11 of 20" (the column header says of what)."""
    if not figure.is_rate:
        return ""
    d = 0 if figure.denominator is None else figure.denominator
    out_of = money_text(d) if isinstance(d, Decimal) else str(d)
    word = "over" if figure.unit is Unit.DAYS else "of"
    return f"{numerator_text(figure)} {word} {out_of}"


def card(figure: Figure) -> dict[str, Any]:
    return {
        "key": figure.key,
        "label": figure.label,
        "value": value_text(figure),
        "detail": detail_text(figure),
        "short": short_detail(figure),
        "is_rate": figure.is_rate,
    }


def _row(group: Group, report: Report) -> dict[str, Any]:
    shown = {f.key: f for f in group.figures(report.definitions)}
    return {
        "key": group.key,
        "label": group.label,
        "cells": [card(shown[k]) for k in BREAKDOWN_KEYS],
    }


def _short_month(key: str) -> str:
    return date.fromisoformat(f"{key}-01").strftime("%b %Y") if key else "No month"


def _trend(report: Report) -> dict[str, Any] | None:
    months = [g for g in report.breakdowns.get(Cut.MONTH, ()) if g.key]
    months = [g for g in months if g.measures.presented.cases]
    if not months:
        return None
    rows = [_row(g, report) for g in months]
    series: dict[str, list[Any]] = {}
    for key in TREND_KEYS:
        label = next(f.label for f in months[0].figures(report.definitions) if f.key == key)
        series[label] = [
            next(f.value for f in g.figures(report.definitions) if f.key == key) for g in months
        ]
    svg = charts.trend(
        "Case and dollar acceptance by month", [_short_month(g.key) for g in months], series
    )
    return {"svg": mark_safe(svg), "rows": rows}  # noqa: S308 (matplotlib escapes its text)


def _bars(report: Report, by: Cut, groups: tuple[Group, ...]) -> str:
    values = {
        key: [next(f.value for f in g.figures(report.definitions) if f.key == key) for g in groups]
        for key in TREND_KEYS
    }
    svg = charts.bars(
        f"Acceptance by {CUT_LABELS[by].lower()}",
        [g.label for g in groups],
        values["case_acceptance"],
        second=values["dollar_acceptance"],
        legend=("Case acceptance", "Dollar acceptance"),
    )
    return mark_safe(svg)  # noqa: S308 (matplotlib escapes its text)


def _declines(report: Report) -> list[dict[str, Any]]:
    total = report.total.declined_cases
    rows = [g for g in report.breakdowns.get(Cut.DECLINE_REASON, ()) if g.measures.declined_cases]
    return [
        {
            "label": g.label,
            "declined": g.measures.declined_cases,
            "of": f"{g.measures.declined_cases} of {total} declined",
        }
        for g in sorted(rows, key=lambda g: (-g.measures.declined_cases, g.label))
    ]


def results(report: Report, query: Query, practice: Practice) -> dict[str, Any]:
    groups = tuple(g for g in report.breakdowns.get(query.by, ()) if g.measures.presented.cases)
    d = report.definitions
    default = metric_settings(practice)
    return {
        "report": report,
        "query": query,
        "cards": [card(f) for f in report.figures()],
        "columns": [card(f)["label"] for f in report.figures() if f.key in BREAKDOWN_KEYS],
        "by_label": CUT_LABELS[query.by],
        "rows": [_row(g, report) for g in groups],
        "bars": _bars(report, query.by, groups) if groups else "",
        "trend": _trend(report),
        "declines": _declines(report),
        "cases": report.cases,
        "accepted_label": ACCEPTED_LABELS[d.accepted_means],
        "definition_text": DEFINITION_TEXT[d.accepted_means],
        "presenter_label": PRESENTER_LABELS[d.presenter_rule],
        "is_default": d == default,
        "filtered": any(
            (
                query.filters.tc_id,
                query.filters.provider_id,
                query.filters.case_type,
                query.filters.source,
                query.filters.category,
            )
        ),
    }


@require_GET
@practice_view(Permission.VIEW_REPORTS)
def dashboard(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    context: dict[str, Any] = {"form": form, "all_definitions": ALL_DEFINITIONS}
    if form.is_valid():
        query = form.query()
        report = _report(request, query)
        if report.cases:
            audit_request(
                request,
                action=Action.VIEW,
                object_type="acceptance report",
                summary=(
                    f"Viewed acceptance figures with {len(report.cases)} cases, "
                    f"{query.start:%m/%d/%Y} to {query.end:%m/%d/%Y}"
                ),
            )
        context |= results(report, query, _practice(request))
    membership = request.membership  # type: ignore[attr-defined]
    context["can_choose_definitions"] = membership.can(Permission.MANAGE_PRACTICE)
    return render(request, "reports/dashboard.html", context)


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    form = _form(request)
    if not form.is_valid():
        context = {"form": form, "export_refused": True, "all_definitions": ALL_DEFINITIONS}
        return render(request, "reports/dashboard.html", context)
    query = form.query()
    report = _report(request, query)
    exported = exports.build(report, query, kind)
    audit_request(
        request,
        action=Action.EXPORT,
        object_type="acceptance report",
        summary=(
            f"Exported acceptance figures ({kind.upper()}) with {len(report.cases)} cases, "
            f"{query.start:%m/%d/%Y} to {query.end:%m/%d/%Y}"
        ),
    )
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


@require_GET
@practice_view(Permission.VIEW_REPORTS)
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@require_GET
@practice_view(Permission.VIEW_REPORTS)
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("export.csv", export_csv, name="export_csv"),
    path("export.xlsx", export_xlsx, name="export_xlsx"),
]
