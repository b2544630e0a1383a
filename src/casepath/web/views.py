"""Today, and the sections that later parts of the workbench fill."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casepath.audit.selectors import patients_recently_viewed_by
from casepath.cases.selectors import open_questions
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
            "questions": _questions(practice, request.user),
        },
    )


def _questions(practice: object, user: object) -> list[object]:
    """Patients' open questions: the user's own cases first, oldest first (a task each)."""
    rows = open_questions(practice).order_by("created_at", "pk")[:50]  # type: ignore[arg-type]
    return sorted(rows, key=lambda q: q.case.coordinator_id != getattr(user, "pk", None))


def _section(title: str, intro: str):  # type: ignore[no-untyped-def]
    @practice_view(Permission.VIEW_PATIENTS)
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, "web/section.html", {"title": title, "intro": intro})

    return view


followups = _section("Follow-ups", "No follow-ups are due for this practice.")
reports = _section("Reports", "Acceptance figures appear here once cases are presented.")
