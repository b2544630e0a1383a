"""The follow-up screens: the worklist, a task closed from its row (on the worklist, on
Today or on the case page), reassigning in bulk, and the case's tasks section.

A row's buttons post with htmx and get the same row back (or the case's section), the
refusal beside its buttons with status 200 (the htmx 2 convention); without htmx a post
redirects to where the row was shown. Everyone sees tasks; WORK_FOLLOW_UPS closes and
reassigns them, and managers may list every owner's tasks.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.views.decorators.http import require_GET, require_POST

from casepath.cases.forms import show_errors
from casepath.cases.models import Case
from casepath.core.cases import DECLINE_LABELS
from casepath.core.errors import CasepathError
from casepath.followups import assignment_views, selectors, services
from casepath.followups.forms import CloseForm, ReassignForm
from casepath.followups.models import Outcome
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404
from casepath.web.htmx import is_partial

ROW = "followups/partials/row.html"
# Rows a worklist page shows: a day's calls, the most at stake first, and the next ones
# due. Each row is a few forms; the page stays fast by not listing hundreds.
DUE_ROWS, LATER_ROWS = 40, 20


# A call's outcome buttons, the same in every row: made once rather than in each of a
# worklist's rows (the row with a refusal makes its own, to focus the first).
OUTCOME_BUTTONS = format_html_join(
    "",
    '<button type="submit" name="outcome" value="{}" class="secondary small">{}</button>',
    Outcome.choices,
)


def task_list_context(request: HttpRequest) -> dict[str, Any]:
    """What every list of task rows needs (Today's card includes the same rows)."""
    return {
        "outcomes": Outcome.choices,
        "decline_reasons": [(reason.value, label) for reason, label in DECLINE_LABELS.items()],
        "outcome_buttons": OUTCOME_BUTTONS,
        "can_work": _can(request, Permission.WORK_FOLLOW_UPS),
    }


def _can(request: HttpRequest, permission: Permission) -> bool:
    return bool(request.membership.can(permission))  # type: ignore[attr-defined]


def _everyone(request: HttpRequest, asked: object) -> bool:
    """Every owner's tasks: for managers who ask; everyone else sees their own."""
    return bool(asked) and _can(request, Permission.MANAGE_PRACTICE)


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def worklist(request: HttpRequest) -> HttpResponse:
    everyone = _everyone(request, request.GET.get("everyone") == "1")
    staff = selectors.staff_to_own(request.practice)  # type: ignore[attr-defined]
    return _worklist_page(request, ReassignForm(staff=staff), everyone)


def _worklist_page(
    request: HttpRequest, form: ReassignForm, everyone: bool, ticked: frozenset[int] = frozenset()
) -> HttpResponse:
    listed = selectors.worklist(
        request.practice,  # type: ignore[attr-defined]
        now=timezone.now(),
        user=None if everyone else request.user,
        limit=DUE_ROWS,
        later_limit=LATER_ROWS,
    )
    context = task_list_context(request) | {
        "worklist": listed,
        "everyone": everyone,
        "can_see_everyone": _can(request, Permission.MANAGE_PRACTICE),
        "form": form,
        "ticked": ticked,
        "place": "worklist",
    }
    return render(request, "followups/worklist.html", context)


@require_POST
@practice_view(Permission.WORK_FOLLOW_UPS)
def task_close(request: HttpRequest, task_id: int) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    task = selectors.task_row(practice, task_id, timezone.now()).task
    form = CloseForm(request.POST)
    error = ""
    try:
        if not form.is_valid():
            field, problems = next(iter(form.errors.items()))
            raise CasepathError.at(field, problems[0])
        services.task_close(
            acting_user=request.user,
            task=task,
            status=form.cleaned_data["status"],
            outcome=form.cleaned_data["outcome"],
            decline_reason=form.cleaned_data["decline_reason"],
            now=timezone.now(),
        )
    except CasepathError as refused:
        error = refused.errors[0].message
    return _after_close(request, task_id, form.place(), error)


def _after_close(request: HttpRequest, task_id: int, place: str, error: str) -> HttpResponse:
    """The row again (closed, or with the refusal), the case's section, or a redirect."""
    practice = request.practice  # type: ignore[attr-defined]
    row = selectors.task_row(practice, task_id, timezone.now())
    case = row.task.case
    if not is_partial(request):
        if error:
            messages.error(request, f"{row.task.title}: {error}")
        else:
            messages.success(request, f"Logged: {row.task.title}")
        return redirect(_where(place, case))
    shown = {"error": error, "error_task": task_id, "just_closed": None if error else task_id}
    if place == "case" and case is not None:
        return _case_section(request, case, **shown)
    context = task_list_context(request) | shown | {"row": row, "place": place}
    context["bulk"] = place == "worklist" and context["can_work"]
    return render(request, ROW, context)


def _where(place: str, case: Case | None) -> str:
    if place == "case" and case is not None:
        return f"{reverse('cases:detail', args=[case.pk])}#case-tasks"
    return str(reverse("web:today") if place == "today" else reverse("followups:worklist"))


@require_POST
@practice_view(Permission.WORK_FOLLOW_UPS)
def reassign(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    form = ReassignForm(request.POST, staff=selectors.staff_to_own(practice))
    everyone = _everyone(request, request.POST.get("everyone") == "1")
    ids = form.task_ids()
    selectors.check_tasks_of(practice, ids)
    if form.is_valid():
        try:
            moved = services.tasks_reassign(
                acting_user=request.user,
                practice=practice,
                task_ids=ids,
                owner=form.cleaned_data["owner"],
            )
        except CasepathError as refused:
            show_errors(form, refused)
        else:
            owner = form.cleaned_data["owner"]
            name = owner.get_full_name() or owner.get_username()
            messages.success(request, f"Reassigned {len(moved)} task(s) to {name}.")
            return redirect(_worklist_url(everyone))
    return _worklist_page(request, form, everyone, frozenset(ids))


def _worklist_url(everyone: bool) -> str:
    return f"{reverse('followups:worklist')}{'?everyone=1' if everyone else ''}"


@require_GET
@practice_view(Permission.VIEW_CASES)
def case_tasks(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case's tasks: a fragment for the case page, else a page of its own."""
    practice = request.practice  # type: ignore[attr-defined]
    return _case_section(request, get_scoped_or_404(Case, practice, case_id))


def _case_section(request: HttpRequest, case: Case, **shown: Any) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    opened, closed = selectors.case_task_rows(practice, case, timezone.now())
    context = task_list_context(request) | {
        "case": case,
        "rows": opened,
        "closed": closed,
        "place": "case",
        "bulk": False,
    }
    context |= shown
    partial = is_partial(request)
    return render(request, f"followups/case/{'section' if partial else 'page'}.html", context)


urlpatterns = [
    path("", worklist, name="worklist"),
    path("reassign/", reassign, name="reassign"),
    path("tasks/<int:task_id>/close/", task_close, name="task_close"),
    path("cases/<int:case_id>/", case_tasks, name="case_tasks"),
    path("round-robin/", assignment_views.round_robin, name="round_robin"),
]
