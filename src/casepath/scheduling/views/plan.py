"""Schedule an accepted case's whole plan: propose, review, adjust, book in one step.

GET proposes (the solver places every visit: phase order, healing, the practice's rules,
the providers' free time, the patient's preferred days and times). The TC may change any
row (provider, day, time); "Check" (POST, htmx swaps the proposal) explains the conflicts
in words; "Book all" (POST, EDIT_PATIENTS) books every visit or none. Everyone who sees
cases may look at a proposal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from casepath.audit.services import client_ip
from casepath.cases.forms import show_errors
from casepath.cases.models import Case
from casepath.core.cases import CaseStatus
from casepath.core.errors import CasepathError
from casepath.core.scheduling import Conflict, Placed, Unschedulable
from casepath.core.scheduling.solver import propose
from casepath.messaging.models import MessageStatus
from casepath.scheduling.plan_forms import (
    BookForm,
    PlanOptionsForm,
    VisitRowForm,
    options_data,
    row_forms,
    rows_from_proposal,
)
from casepath.scheduling.plan_requests import (
    PlanRequest,
    PlanVisit,
    booked_visits,
    plan_conflicts,
    plan_phases,
)
from casepath.scheduling.plan_services import (
    Booked,
    PlanChoices,
    PlanRefused,
    plan_book,
    plan_of,
)
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.access import practice_view
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404
from casepath.web.htmx import is_partial


@dataclass
class Row:
    """A visit of the proposal as the table shows it."""

    visit: PlanVisit
    form: VisitRowForm
    waits: list[str]
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def blocking(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.blocking]

    @property
    def warnings(self) -> list[Conflict]:
        return [c for c in self.conflicts if not c.blocking]

    @property
    def weekday(self) -> str:
        """The day's name ("Tue"), when the day is a date."""
        try:
            return f"{date.fromisoformat(str(self.form['day'].value())):%a}"
        except ValueError:
            return ""


def _practice(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined,no-any-return]


def _can(request: HttpRequest, permission: Permission) -> bool:
    return bool(request.membership.can(permission))  # type: ignore[attr-defined]


def _today(practice: Practice, now: datetime) -> date:
    return timezone.localtime(now, practice_zone(practice)).date()


@practice_view(Permission.VIEW_CASES)
def plan(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_scoped_or_404(
        Case, _practice(request), case_id, related=("patient", "accepted_option", "practice")
    )
    now = timezone.now()
    if request.method == "POST":
        return _posted(request, case, now)
    phases = plan_phases(case)
    if case.status != CaseStatus.ACCEPTED or not phases:
        return _page(request, case, {"form": None})
    data = _with_defaults(request.GET, _today(case.practice, now))
    form = PlanOptionsForm(data, phases=phases)
    if not form.is_valid():
        return _page(request, case, {"form": form})
    choices = form.choices()
    plan_request = plan_of(case, choices, now=now)
    shown: dict[str, Any] = {"form": form, "plan": plan_request}
    try:
        proposal = propose(plan_request.request)
    except Unschedulable as impossible:
        shown["reasons"] = impossible.reasons
        rows = row_forms(plan_request.visits)
    else:
        shown["proposal_notes"] = proposal.notes
        zone = plan_request.request.zone
        rows = row_forms(
            plan_request.visits, rows_from_proposal(plan_request.visits, proposal.placed, zone)
        )
        for row in rows:
            row.is_valid()
    shown["rows"] = _rows(plan_request, rows, [])
    shown["options"] = options_data(choices)
    return _page(request, case, shown)


def _with_defaults(query: QueryDict, today: date) -> QueryDict:
    data = query.copy()
    data.setdefault("start_on", today.isoformat())
    data.setdefault("months", "6")
    return data


def _posted(request: HttpRequest, case: Case, now: datetime) -> HttpResponse:
    action = request.POST.get("action", "check")
    booking = action == "book"
    if booking and not _can(request, Permission.EDIT_PATIENTS):
        raise PermissionDenied("Your role cannot book appointments.")
    form = PlanOptionsForm(request.POST, phases=plan_phases(case))
    if case.status != CaseStatus.ACCEPTED or not form.is_valid():
        return _page(request, case, {"form": form})
    choices = form.choices()
    plan_request = plan_of(case, choices, now=now)
    rows = row_forms(plan_request.visits, request.POST)
    book_form = BookForm(request.POST)
    book_form.is_valid()
    shown: dict[str, Any] = {
        "form": form,
        "plan": plan_request,
        "options": options_data(choices),
        "book_form": book_form,
        "checked": True,
    }
    if not all([row.is_valid() for row in rows]):
        shown["rows"] = _rows(plan_request, rows, [])
        return _page(request, case, shown)
    zone = plan_request.request.zone
    placed = [row.placed(zone) for row in rows]
    if booking:
        return _book(request, case, choices, placed, book_form, shown, rows, now)
    found = plan_conflicts(plan_request, placed, now=now)
    shown["rows"] = _rows(plan_request, rows, found)
    return _page(request, case, shown)


def _book(
    request: HttpRequest,
    case: Case,
    choices: PlanChoices,
    placed: list[Placed],
    book_form: BookForm,
    shown: dict[str, Any],
    rows: list[VisitRowForm],
    now: datetime,
) -> HttpResponse:
    found: list[Conflict] = []
    try:
        booked = plan_book(
            case=case,
            choices=choices,
            placed=placed,
            acting_user=request.user,
            now=now,
            accept_warnings=bool(book_form.cleaned_data.get("accept_warnings")),
            ip_address=client_ip(request),
        )
    except PlanRefused as refused:
        found = refused.conflicts
        show_errors(book_form, refused)
        shown["refused"] = True
    except CasepathError as error:
        shown["errors"] = [problem.message for problem in error.errors]
        shown["refused"] = True
    else:
        messages.success(request, _booked_words(booked))
        return redirect("cases:detail", case_id=case.pk)
    shown["rows"] = _rows(shown["plan"], rows, found)
    return _page(request, case, shown)


def _booked_words(booked: Booked) -> str:
    count = len(booked.appointments)
    words = f"Booked {count} visit{'s' if count != 1 else ''}: the case is scheduled."
    email = booked.notice.email
    if email is None:
        return f"{words} No e-mail goes to the patient: the practice's booking e-mail is off."
    if email.status == MessageStatus.BLOCKED:
        return f"{words} The e-mail with the visits was not sent: {email.why}"
    return f"{words} The patient gets the visits by e-mail, with a calendar file."


def _rows(plan_request: PlanRequest, rows: list[VisitRowForm], found: list[Conflict]) -> list[Row]:
    return [
        Row(
            visit=form.visit,
            form=form,
            waits=plan_request.waits_for(form.visit.key),
            conflicts=[c for c in found if c.visit == form.visit.key],
        )
        for form in rows
    ]


def _booked(case: Case) -> list[tuple[Any, datetime]]:
    zone = practice_zone(case.practice)
    return [(a, timezone.localtime(a.starts_at, zone)) for a in booked_visits(case)]


def _page(request: HttpRequest, case: Case, shown: dict[str, Any]) -> HttpResponse:
    rows: list[Row] = shown.get("rows", [])
    context = {
        "case": case,
        "accepted": case.status == CaseStatus.ACCEPTED,
        "booked": [] if case.status == CaseStatus.ACCEPTED else _booked(case),
        "can_book": _can(request, Permission.EDIT_PATIENTS),
        "blocking_count": sum(len(row.blocking) for row in rows),
        "warning_count": sum(len(row.warnings) for row in rows),
        "book_form": BookForm(),
    } | shown
    if is_partial(request) and request.method == "POST" and "rows" in shown:
        return render(request, "scheduling/plan/proposal.html", context)
    return render(request, "scheduling/plan/page.html", context)


urlpatterns = [path("plan/<int:case_id>/", plan, name="plan")]
