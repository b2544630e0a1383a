"""Sending a message from a follow-up task of kind e-mail or text: choose a template,
preview it filled in for the patient, send. The page says up front when the patient
cannot get it (no consent, STOP, no address, night for them)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casepath.cases.forms import show_errors
from casepath.core.errors import CasepathError
from casepath.followups.models import Task
from casepath.messaging import selectors, services
from casepath.messaging.forms import SendForm, channel_words
from casepath.messaging.models import Channel
from casepath.messaging.rules import problem_of, quiet_problem
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404


@require_http_methods(["GET", "POST"])
@practice_view(Permission.WORK_FOLLOW_UPS)
def task_send(request: HttpRequest, task_id: int) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    task = get_scoped_or_404(Task, practice, task_id, related=("patient__practice", "case"))
    if task.kind not in Channel.values:
        raise Http404("Only an e-mail or text task sends a message")
    templates = selectors.templates_of(practice, channel=task.kind, in_use=True)
    form = SendForm(request.POST or None, templates=templates)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            if "preview" in request.POST:
                preview = _preview(request, task, form)
            else:
                return _send(request, task, form)
        except CasepathError as refused:
            show_errors(form, refused)
    return render(request, "messaging/task_send.html", _context(task, form, preview))


def _preview(request: HttpRequest, task: Task, form: SendForm) -> Any:
    return services.message_preview(
        patient=task.patient,
        template=form.cleaned_data["template"],
        case=task.case,
        sender=request.user,
    )


def _send(request: HttpRequest, task: Task, form: SendForm) -> HttpResponse:
    message = services.message_send_from_task(
        acting_user=request.user,
        task=task,
        template=form.cleaned_data["template"],
        idempotency_key=form.idempotency_key(),
        now=timezone.now(),
    )
    messages.success(
        request, f"{channel_words(message.channel).capitalize()} to {message.to} queued."
    )
    return redirect("followups:worklist")


def _context(task: Task, form: SendForm, preview: Any) -> dict[str, Any]:
    problem = problem_of(task.patient, task.kind)
    if problem is None and task.kind == Channel.SMS:
        problem = quiet_problem(task.patient, timezone.now())
    return {
        "task": task,
        "form": form,
        "preview": preview,
        "problem": problem,
        "what": channel_words(task.kind),
    }
