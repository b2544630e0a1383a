"""Today, and the sections that later parts of the workbench fill."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casepath.audit.selectors import patients_recently_viewed_by
from casepath.patients.selectors import patients_recent
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission


@practice_view(Permission.VIEW_PATIENTS)
def today(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    return render(
        request,
        "web/today.html",
        {
            "recently_viewed": patients_recently_viewed_by(practice, request.user),
            "recently_added": patients_recent(practice, limit=8),
        },
    )


def _section(title: str, intro: str):  # type: ignore[no-untyped-def]
    @practice_view(Permission.VIEW_PATIENTS)
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, "web/section.html", {"title": title, "intro": intro})

    return view


followups = _section("Follow-ups", "No follow-ups are due for this practice.")
reports = _section("Reports", "Acceptance figures appear here once cases are presented.")
