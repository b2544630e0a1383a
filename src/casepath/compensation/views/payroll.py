"""The payroll export of a month, as CSV or XLSX: every TC's base, commission, bonus
and total, with each statement's status (a draft says so)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.compensation import exports, selectors
from casepath.compensation.views.common import period_of, practice_of
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    form, span = period_of(request, request.GET)
    if span is None:
        messages.error(request, f"Month: {' '.join(form.errors.get('period', []))}")
        return redirect("compensation:statements")
    start, end = span
    rows = selectors.payroll(practice_of(request), start, end)
    drafts = selectors.drafts_in(rows)
    audit_request(
        request,
        action=Action.EXPORT,
        object_type="statement",
        summary=f"Exported payroll for {start:%Y-%m} as {kind.upper()} "
        f"({len(rows)} statements, {drafts} drafts)",
    )
    if kind == "csv":
        body, content_type = exports.payroll_csv(rows, start, end), "text/csv; charset=utf-8"
    else:
        body, content_type = exports.payroll_xlsx(rows, start, end), XLSX
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="payroll-{start:%Y-%m}.{kind}"'
    return response


@practice_view(Permission.MANAGE_COMPENSATION)
def payroll_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@practice_view(Permission.MANAGE_COMPENSATION)
def payroll_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


urlpatterns = [
    path("payroll.csv", payroll_csv, name="payroll_csv"),
    path("payroll.xlsx", payroll_xlsx, name="payroll_xlsx"),
]
