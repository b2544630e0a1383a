"""The case page: its header, the lifecycle buttons, the patient's decision, notes,
plan revisions and the timeline. The plan, presentations and consult sections belong to
other modules; the page loads them with htmx from their own URLs.

Writes are POSTs that redirect back to the page; a refusal (a move the lifecycle does
not allow, a decision missing a reason) re-renders the page with the message, status 200.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.cases import services
from casepath.cases.forms import (
    AcceptForm,
    CaseHeaderForm,
    DeclineForm,
    MoveForm,
    NoteForm,
    show_errors,
)
from casepath.cases.models import Case, CaseEvent, CaseNote, CaseRevision, Presentation
from casepath.cases.selectors import case_plan
from casepath.core.cases import ALLOWED, AWAITING_DECISION, DECLINE_LABELS, LABELS, CaseStatus
from casepath.core.errors import CasepathError
from casepath.intake.arrivals import hand_off_for_case
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404, scoped
from casepath.web.htmx import is_partial

S = CaseStatus
NEXT_STEP = {
    S.DRAFT: "The plan is being written. Add its options and procedures, then mark it ready.",
    S.READY: "The plan is ready. Present it to the patient.",
    S.PRESENTED: "The patient has seen the plan. Record the decision, or mark it pending "
    "while the patient thinks it over.",
    S.PENDING: "Waiting for the patient's decision. Follow up, then record it.",
    S.ACCEPTED: "The patient said yes. Schedule the visits.",
    S.DECLINED: "The patient said no. The case can be presented again.",
    S.EXPIRED: "No decision came in time. Present it again to reopen it.",
    S.SCHEDULED: "The visits are booked. Mark it in progress when treatment starts.",
    S.IN_PROGRESS: "Treatment has started. Mark it completed after the last visit.",
    S.COMPLETED: "Treatment is done. Nothing is left to do.",
}
# The buttons of the lifecycle: presenting, accepting and declining have their own forms.
MOVES = {
    S.READY: ("Mark ready", Permission.EDIT_CASES),
    S.DRAFT: ("Back to draft", Permission.EDIT_CASES),
    S.PENDING: ("Mark pending decision", Permission.PRESENT_CASES),
    S.SCHEDULED: ("Mark scheduled", Permission.PRESENT_CASES),
    S.IN_PROGRESS: ("Mark in progress", Permission.PRESENT_CASES),
    S.COMPLETED: ("Mark completed", Permission.PRESENT_CASES),
    S.ACCEPTED: ("Visits cancelled: back to accepted", Permission.PRESENT_CASES),
}
SECTIONS = (
    "cases:plan",
    "cases:presentations",
    "cases:consult",
    "financing:case_options",
    "predeterminations:case_section",
    "followups:case_tasks",
    "payments:case_section",
)
RELATED = (
    "patient",
    "diagnosing_provider",
    "coordinator",
    "first_presenter",
    "last_presenter",
    "accepted_option",
)


def _case(request: HttpRequest, case_id: int) -> Case:
    return get_scoped_or_404(Case, request.practice, case_id, related=RELATED)  # type: ignore[attr-defined]


def _can(request: HttpRequest, permission: Permission) -> bool:
    return bool(request.membership.can(permission))  # type: ignore[attr-defined]


def _require(request: HttpRequest, permission: Permission) -> None:
    if not _can(request, permission):
        raise PermissionDenied(f"Your role cannot {permission.label.lower()}.")


@practice_view(Permission.VIEW_CASES)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    audit_request(
        request,
        action=Action.VIEW,
        target=case,
        patient=case.patient,
        summary=f"Opened the case “{case.title}” of {case.patient}",
    )
    return _page(request, case)


def _page(request: HttpRequest, case: Case, **shown: Any) -> HttpResponse:
    """The whole page; `shown` holds a bound form with its errors, or `move_error`."""
    today = timezone.localdate()
    can_present = _can(request, Permission.PRESENT_CASES)
    deciding = can_present and case.status in AWAITING_DECISION
    deciding = deciding or "accept_form" in shown or "decline_form" in shown
    plan = case_plan(case) if deciding and "accept_form" not in shown else []
    context = {
        "case": case,
        "next_step": NEXT_STEP[S(case.status)],
        "awaiting": case.status in AWAITING_DECISION,
        "presentable": S.PRESENTED in ALLOWED[S(case.status)],
        "decline_words": DECLINE_LABELS.get(case.decline_reason, case.decline_reason),
        "moves": _moves(request, case),
        "sections": _sections(case),
        "can_edit": _can(request, Permission.EDIT_CASES),
        "can_schedule": _can(request, Permission.EDIT_PATIENTS),
        "deciding": deciding,
        "accept_form": AcceptForm(plan=plan, initial={"decided_on": today}),
        "decline_form": DeclineForm(initial={"decided_on": today}),
        "note_form": NoteForm(),
        "notes": _notes(case),
        "revisions": _revisions(case),
        "last_presentation": _last_presentation(case),
        "events": _events(case),
        "hand_off": hand_off_for_case(case),
    } | shown
    return render(request, "cases/page/detail.html", context)


def _moves(request: HttpRequest, case: Case) -> list[dict[str, str]]:
    """The buttons the lifecycle allows from here, for this user's role."""
    allowed = ALLOWED[S(case.status)]
    return [
        {"to": target.value, "label": label}
        for target, (label, permission) in MOVES.items()
        if target in allowed
        and _can(request, permission)
        and (target != S.ACCEPTED or case.status == S.SCHEDULED)
    ]


def _sections(case: Case) -> list[str]:
    """The URLs of the other modules' sections (those that exist yet)."""
    urls = []
    for name in SECTIONS:
        try:
            urls.append(reverse(name, args=[case.pk]))
        except NoReverseMatch:
            continue
    return urls


def _notes(case: Case) -> Any:
    return (
        scoped(CaseNote, case.practice)
        .filter(case=case)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def _events(case: Case) -> Any:
    return (
        scoped(CaseEvent, case.practice)
        .filter(case=case)
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def _revisions(case: Case) -> Any:
    return scoped(CaseRevision, case.practice).filter(case=case).select_related("made_by")


def _last_presentation(case: Case) -> Presentation | None:
    return (
        scoped(Presentation, case.practice)
        .filter(case=case)
        .only("number", "plan_version", "presented_at", "case_id")
        .order_by("-number")
        .first()
    )


@practice_view(Permission.EDIT_CASES)
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = CaseHeaderForm(request.POST or None, practice=request.practice, case=case)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(acting_user=request.user, case=case, **form.header())
        except (CasepathError, ValidationError) as error:
            show_errors(form, error)
        else:
            messages.success(request, "Saved the case.")
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/page/edit.html", {"form": form, "case": case})


@require_POST
@practice_view(Permission.VIEW_CASES)
def case_move(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _page(request, case, move_error="Choose where the case goes next.")
    to = form.cleaned_data["to"]
    _require(request, MOVES.get(to, ("", Permission.PRESENT_CASES))[1])
    try:
        services.case_move(
            acting_user=request.user, case=case, to=to, note=form.cleaned_data["note"]
        )
    except (CasepathError, ValidationError) as error:
        return _page(request, case, move_error=_words(error))
    messages.success(request, f"The case is now {LABELS[S(to)].lower()}.")
    return redirect("cases:detail", case_id=case.pk)


def _words(error: Exception) -> str:
    if isinstance(error, CasepathError):
        return " ".join(e.message for e in error.errors)
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@require_POST
@practice_view(Permission.PRESENT_CASES)
def case_accept(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = AcceptForm(request.POST, plan=case_plan(case))
    if form.is_valid():
        try:
            services.case_accept(
                acting_user=request.user,
                case=case,
                option_id=form.cleaned_data["option"],
                declined_procedure_ids=form.declined(),
                decided_on=form.cleaned_data["decided_on"],
            )
        except (CasepathError, ValidationError) as error:
            show_errors(form, error, {"procedures": "accepted"})
        else:
            messages.success(request, "Recorded the patient's acceptance.")
            return redirect("cases:detail", case_id=case.pk)
    return _page(request, case, accept_form=form)


@require_POST
@practice_view(Permission.PRESENT_CASES)
def case_decline(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.case_decline(acting_user=request.user, case=case, **form.cleaned_data)
        except (CasepathError, ValidationError) as error:
            show_errors(form, error)
        else:
            messages.success(request, "Recorded that the patient declined.")
            return redirect("cases:detail", case_id=case.pk)
    return _page(request, case, decline_form=form)


@practice_view(Permission.VIEW_CASES)
def case_notes(request: HttpRequest, case_id: int) -> HttpResponse:
    """The notes section: a fragment for htmx, which also takes a new note."""
    case, form = _case(request, case_id), NoteForm()
    if request.method == "POST":
        _require(request, Permission.EDIT_CASES)
        form = NoteForm(request.POST)
        if form.is_valid() and _note_added(request, case, form):
            if not is_partial(request):
                return redirect(reverse("cases:detail", args=[case.pk]) + "#notes")
            form = NoteForm()
        elif not is_partial(request):
            return _page(request, case, note_form=form)
    else:
        audit_request(
            request,
            action=Action.VIEW,
            target=case,
            patient=case.patient,
            summary=f"Read the notes of the case “{case.title}”",
        )
    context = {
        "case": case,
        "notes": _notes(case),
        "note_form": form,
        "can_edit": _can(request, Permission.EDIT_CASES),
        "can_schedule": _can(request, Permission.EDIT_PATIENTS),
    }
    return render(request, "cases/page/notes.html", context)


def _note_added(request: HttpRequest, case: Case, form: NoteForm) -> bool:
    try:
        services.case_note_add(acting_user=request.user, case=case, **form.cleaned_data)
    except (CasepathError, ValidationError) as error:
        show_errors(form, error)
        return False
    return True


urlpatterns = [
    path("<int:case_id>/", case_detail, name="detail"),
    path("<int:case_id>/edit/", case_edit, name="edit"),
    path("<int:case_id>/move/", case_move, name="move"),
    path("<int:case_id>/accept/", case_accept, name="accept"),
    path("<int:case_id>/decline/", case_decline, name="decline"),
    path("<int:case_id>/notes/", case_notes, name="notes"),
]
