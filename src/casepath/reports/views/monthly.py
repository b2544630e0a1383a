"""The monthly team-meeting reports (GET /reports/monthly/): the reports made, who made
them (or "automatically" on the 1st), whom they were e-mailed to; a manager makes one
for a chosen month; each PDF is downloaded through a scoped, audited view."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.cases.files import private_file
from casepath.reports.models import MonthlyReport
from casepath.reports.monthly import (
    local_today,
    month_before,
    month_start,
    monthly_report_make,
    monthly_reports,
    report_file_name,
)
from casepath.tenancy.access import practice_view
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404

MONTH = re.compile(r"(\d{4})-(\d{2})")


class MonthForm(forms.Form):
    month = forms.CharField(
        label="Month",
        widget=forms.TextInput(attrs={"type": "month", "aria-describedby": "month-help"}),
        help_text="The report covers the cases diagnosed or presented in that month.",
    )

    def __init__(self, *args: object, today: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.today = today

    def clean_month(self) -> date:
        text = self.cleaned_data["month"].strip()
        found = MONTH.fullmatch(text)
        if found is None or not 1 <= int(found[2]) <= 12 or int(found[1]) < 2000:
            raise forms.ValidationError("Choose a month, such as 2026-10.")
        month = date(int(found[1]), int(found[2]), 1)
        if month > month_start(self.today):
            raise forms.ValidationError(
                "That month has not begun yet: choose this or an earlier month."
            )
        return month


def _practice(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined,no-any-return]


def _page(request: HttpRequest, form: MonthForm, status: int = 200) -> HttpResponse:
    practice = _practice(request)
    can_make = request.membership.can(Permission.MANAGE_PRACTICE)  # type: ignore[attr-defined]
    context = {
        "form": form,
        "reports": monthly_reports(practice),
        "can_make": can_make,
        "default_month": month_before(local_today(practice, timezone.now())),
    }
    return render(request, "reports/monthly/list.html", context, status=status)


@require_GET
@practice_view(Permission.VIEW_REPORTS)
def monthly_list(request: HttpRequest) -> HttpResponse:
    today = local_today(_practice(request), timezone.now())
    form = MonthForm(initial={"month": f"{month_before(today):%Y-%m}"}, today=today)
    return _page(request, form)


@practice_view(Permission.MANAGE_PRACTICE)
def monthly_make(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("reports:monthly")
    practice, now = _practice(request), timezone.now()
    form = MonthForm(request.POST, today=local_today(practice, now))
    if not form.is_valid():
        return _page(request, form)
    month = form.cleaned_data["month"]
    report = monthly_report_make(practice=practice, month=month, made_by=request.user, now=now)
    if report.emailed_to:
        messages.success(
            request, f"The report for {month:%B %Y} is made and e-mailed to {report.emailed_to}."
        )
    else:
        messages.warning(
            request,
            f"The report for {month:%B %Y} is made, but it could not be e-mailed "
            "(no manager has an e-mail address, or the mail server refused it).",
        )
    return redirect("reports:monthly")


@require_GET
@practice_view(Permission.VIEW_REPORTS)
def monthly_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_scoped_or_404(MonthlyReport, _practice(request), report_id)
    audit_request(
        request,
        action=Action.VIEW,
        target=report,
        summary=f"Downloaded the monthly report for {report.month:%B %Y} (names patients)",
    )
    return private_file(
        report.file,
        content_type="application/pdf",
        filename=report_file_name(report),
        download=True,
    )


urlpatterns = [
    path("monthly/", monthly_list, name="monthly"),
    path("monthly/make/", monthly_make, name="monthly_make"),
    path("monthly/<int:report_id>.pdf", monthly_pdf, name="monthly_pdf"),
]
