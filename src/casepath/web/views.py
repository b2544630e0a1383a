"""Today: the TC's start page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from casepath.audit.selectors import patients_recently_viewed_by
from casepath.cases.selectors import open_questions
from casepath.followups.selectors import worklist
from casepath.followups.views import task_list_context
from casepath.intake.arrivals import new_patients_today
from casepath.patients.selectors import patients_recent
from casepath.predeterminations.selectors import work_queue_count
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission

MY_TASKS = 20  # Today shows this many; the worklist has them all


@practice_view(Permission.VIEW_PATIENTS)
def today(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    mine = worklist(practice, now=timezone.now(), user=request.user, limit=MY_TASKS, later=False)
    return render(
        request,
        "web/today.html",
        task_list_context(request)
        | {
            "my_tasks": mine,
            "place": "today",
            "recently_viewed": patients_recently_viewed_by(practice, request.user),
            "recently_added": patients_recent(practice, limit=8),
            "questions": _questions(practice, request.user),
            "predeterminations_due": _predeterminations_due(request),
            "can_take_calls": request.membership.can(Permission.EDIT_PATIENTS),  # type: ignore[attr-defined]
            "new_patients": new_patients_today(
                practice, timezone.localtime(timezone.now(), practice_zone(practice)).date()
            ),
        },
    )


def _predeterminations_due(request: HttpRequest) -> int:
    """The rows of the pre-determination work queue (0 for who may not see cases)."""
    if not request.membership.can(Permission.VIEW_CASES):  # type: ignore[attr-defined]
        return 0
    return work_queue_count(request.practice, timezone.localdate())  # type: ignore[attr-defined]


def _questions(practice: object, user: object) -> list[object]:
    """Patients' open questions: the user's own cases first, oldest first (a task each)."""
    rows = open_questions(practice).order_by("created_at", "pk")[:50]  # type: ignore[arg-type]
    return sorted(rows, key=lambda q: q.case.coordinator_id != getattr(user, "pk", None))
