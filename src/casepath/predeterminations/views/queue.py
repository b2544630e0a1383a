"""The pre-determination work queue: requests waiting too long for the payer, answers
to go over with the patient, and answers about to expire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.core.errors import CasepathError
from casepath.predeterminations.models import Predetermination, PredeterminationLine
from casepath.predeterminations.response_services import predetermination_discussed
from casepath.predeterminations.selectors import (
    predetermination_get,
    predetermination_settings,
    work_queue,
)
from casepath.tenancy.access import practice_view
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import scoped


@dataclass(frozen=True)
class Row:
    pd: Predetermination
    days: int  # waiting: days since it was sent; expiring: days left
    approved: Decimal | None = None  # to discuss: the total the payer approved


@practice_view(Permission.VIEW_CASES)
def queue(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    membership = request.membership  # type: ignore[attr-defined]
    today = timezone.localdate()
    found = work_queue(practice, today)
    audit_request(
        request,
        action=Action.VIEW,
        object_type="predetermination",
        summary=(
            f"Opened the pre-determination work queue: {len(found.waiting)} waiting, "
            f"{len(found.to_discuss)} to discuss, {len(found.expiring)} expiring"
        ),
    )
    totals = approved_totals(practice, found.to_discuss)
    context = {
        "today": today,
        "rules": predetermination_settings(practice),
        "waiting": [Row(pd, days_between(pd.sent_on, today)) for pd in found.waiting],
        "to_discuss": [Row(pd, 0, totals.get(pd.pk)) for pd in found.to_discuss],
        "expiring": [Row(pd, days_between(today, pd.expires_on)) for pd in found.expiring],
        "can_discuss": membership.can(Permission.SEND_PREDETERMINATIONS),
        "can_change_rules": membership.can(Permission.MANAGE_PRACTICE),
    }
    return render(request, "predeterminations/queue/queue.html", context)


def approved_totals(practice: Practice, pds: list[Predetermination]) -> dict[int, Decimal]:
    """The approved total of each pre-determination, in one query however many there are."""
    if not pds:
        return {}
    rows = (
        scoped(PredeterminationLine, practice)
        .filter(predetermination__in=pds)
        .order_by()
        .values("predetermination_id")
        .annotate(total=Sum("approved"))
    )
    return {row["predetermination_id"]: row["total"] for row in rows if row["total"] is not None}


def days_between(start: date | None, end: date | None) -> int:
    assert start is not None and end is not None  # the queue's filters guarantee both
    return (end - start).days


@require_POST
@practice_view(Permission.SEND_PREDETERMINATIONS)
def mark_discussed(request: HttpRequest, pd_id: int) -> HttpResponse:
    pd = predetermination_get(request.practice, pd_id)  # type: ignore[attr-defined]
    today = timezone.localdate()
    try:
        predetermination_discussed(
            acting_user=request.user, predetermination=pd, on=today, today=today
        )
    except CasepathError as error:
        messages.error(request, f"{pd.patient.display_name}: {error.errors[0].message}")
    else:
        messages.success(
            request, f"Marked the answer for {pd.patient.display_name} as discussed today."
        )
    return redirect("predeterminations:queue")


urlpatterns = [
    path("queue/", queue, name="queue"),
    path("queue/<int:pd_id>/discussed/", mark_discussed, name="queue_discussed"),
]
