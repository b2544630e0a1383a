"""The new patient's page: the call, the stage and every move, the messages sent about
the first visit, and the actions the stage allows (book or move the visit, send or give
the welcome package, confirmed, arrived, no-show, cancel, close, reopen).

Every action is a POST that redirects back here with a message; a refusal re-renders
the page (status 200) with the error beside the form it came from. The visit day
(readiness, welcome, interview, hand-off) is views/visit_day.py's section, included
from the arrival on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.cases.forms import show_errors
from casepath.core.errors import CasepathError
from casepath.core.intake import BEFORE_THE_VISIT, Stage, can_move
from casepath.encryption import mask
from casepath.intake import services, visit_services, welcome_services
from casepath.intake.board import duration_words
from casepath.intake.forms import (
    BOOK_ALIASES,
    ActionForm,
    BookForm,
    CancelVisitForm,
    CloseForm,
    WelcomeGivenForm,
)
from casepath.intake.models import Intake
from casepath.intake.selectors import intake_get, intake_messages, intake_moves
from casepath.intake.views.visit_day import visit_day_context
from casepath.messaging.models import Message, MessageStatus
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission

VISIT_DAY_STAGES = frozenset(
    {Stage.ARRIVED, Stage.WELCOMED, Stage.INTERVIEWED, Stage.HANDED_OFF, Stage.CASE_CREATED}
)
NOT_GONE = (MessageStatus.BLOCKED, MessageStatus.CANCELLED, MessageStatus.FAILED)
FORMS: dict[str, type[forms.Form]] = {
    "book": BookForm,
    "welcome_send": ActionForm,
    "welcome_given": WelcomeGivenForm,
    "confirm": ActionForm,
    "arrived": ActionForm,
    "no_show": ActionForm,
    "cancel_visit": CancelVisitForm,
    "close": CloseForm,
    "reopen": ActionForm,
}


def message_kind(message: Message) -> str:
    """What the message is, from its key: the welcome package or a visit's reminder."""
    kind = message.idempotency_key.split(":")[2:3]
    return {
        "welcome": "Welcome package",
        "reminder": "Reminder",
        "reminder-text": "Reminder (text)",
    }.get(kind[0] if kind else "", "Message")


def call_length(delta: timedelta) -> str:
    seconds = max(int(delta.total_seconds()), 0)
    minutes, rest = divmod(seconds, 60)
    if minutes == 0:
        return "under a minute"
    return f"{minutes} min" + (f" {rest} s" if rest else "")


def allowed_actions(intake: Intake) -> dict[str, bool]:
    """The actions the stage allows (the services refuse the others in words)."""
    stage = Stage(intake.stage)
    visit = intake.first_visit is not None and stage in BEFORE_THE_VISIT
    return {
        "book": can_move(stage, _book_target(intake)),
        "welcome_send": visit and intake.welcome_sent_at is None,
        "welcome_given": visit and intake.welcome_sent_at is None,
        "confirm": visit and can_move(stage, Stage.CONFIRMED),
        "arrived": visit and can_move(stage, Stage.ARRIVED),
        "no_show": visit and can_move(stage, Stage.NO_SHOW),
        "cancel_visit": visit and can_move(stage, Stage.INQUIRY),
        "close": can_move(stage, Stage.CLOSED),
        "reopen": stage == Stage.CLOSED and can_move(stage, Stage.INQUIRY),
    }


def _book_target(intake: Intake) -> Stage:
    """Where booking takes the patient (as visit_services.visit_book decides)."""
    if intake.stage == Stage.INQUIRY:
        return Stage.BOOKED
    return Stage.WELCOME_SENT if intake.welcome_sent_at else Stage.BOOKED


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def intake_detail(request: HttpRequest, intake_id: int) -> HttpResponse:
    return _page(request, _intake(request, intake_id))


def _intake(request: HttpRequest, intake_id: int) -> Intake:
    return intake_get(request.practice, intake_id)  # type: ignore[attr-defined]


def _page(
    request: HttpRequest, intake: Intake, failed: dict[str, forms.Form] | None = None
) -> HttpResponse:
    """The page, with `failed` (a bound form with its errors) in place of a blank one."""
    practice = request.practice  # type: ignore[attr-defined]
    patient, call, visit = intake.patient, intake.call, intake.first_visit
    audit_request(
        request,
        action=Action.VIEW,
        target=intake,
        patient=patient,
        summary=f"Opened the new-patient page of {patient}",
    )
    zone = practice_zone(practice)
    now = timezone.now()
    blank = {name: form_class() for name, form_class in FORMS.items() if name != "book"}
    blank["book"] = BookForm(practice=practice, initial=_book_initial(intake, zone))
    shown = blank | (failed or {})
    stage = Stage(intake.stage)
    sent = intake_messages(intake)
    context: dict[str, Any] = {
        "intake": intake,
        "patient": patient,
        "call": call,
        "visit": visit,
        "room": visit.operatory if visit is not None and visit.operatory_id else None,
        "zone": practice.time_zone,
        "in_stage": duration_words(now - intake.stage_entered_at),
        "call_length": call_length(call.duration),
        "welcome_how": welcome_services.GIVEN_HOW.get(intake.welcome_sent_how, ""),
        "member_id": mask(intake.insurance_member_id) if intake.insurance_member_id else "",
        "moves": intake_moves(intake),
        "intake_messages": [(m, message_kind(m)) for m in sent],
        "welcome_why": _welcome_why(intake, sent),
        "forms": shown,
        "failed": next(iter(failed)) if failed else "",
        "actions": allowed_actions(intake),
        "moving": visit is not None and stage != Stage.NO_SHOW,
        "can_act": request.membership.can(Permission.EDIT_PATIENTS),  # type: ignore[attr-defined]
        "visit_day": stage in VISIT_DAY_STAGES,
    }
    if context["visit_day"]:
        context |= visit_day_context(request, intake)
    return render(request, "intake/intake.html", context)


def _book_initial(intake: Intake, zone: Any) -> dict[str, Any]:
    visit = intake.first_visit
    if visit is None:
        return {"duration_minutes": 60}
    return {
        "provider": visit.provider_id,
        "starts_at": timezone.localtime(visit.starts_at, zone).replace(tzinfo=None),
        "duration_minutes": visit.duration_minutes,
        "room": visit.operatory_id,
    }


def _done(request: HttpRequest, intake: Intake, message: str, *, warning: str = "") -> HttpResponse:
    messages.success(request, message)
    if warning:
        messages.warning(request, warning)
    return redirect(reverse("intake:detail", args=[intake.pk]))


# An action: the service call, given the intake, the valid form and the time; it
# answers what to say (and a warning, if any).
Act = Callable[[Intake, Any, datetime], tuple[str, str]]


def _act(request: HttpRequest, intake_id: int, name: str, act: Act) -> HttpResponse:
    """Parse the action's form, run `act` (a service call), redirect or re-render."""
    intake = _intake(request, intake_id)
    practice = request.practice  # type: ignore[attr-defined]
    form_class = FORMS[name]
    form = (
        BookForm(request.POST, practice=practice)
        if form_class is BookForm
        else form_class(request.POST)
    )
    if form.is_valid():
        try:
            said, warning = act(intake, form, timezone.now())
        except CasepathError as refused:
            show_errors(form, refused, BOOK_ALIASES if name == "book" else None)
            intake = _intake(request, intake_id)  # as it is now: nothing was written
        else:
            return _done(request, intake, said, warning=warning)
    return _page(request, intake, {name: form})


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def book(request: HttpRequest, intake_id: int) -> HttpResponse:
    def act(intake: Intake, form: BookForm, now: datetime) -> tuple[str, str]:
        moving = intake.first_visit is not None and intake.stage != Stage.NO_SHOW
        intake = visit_services.visit_book(
            intake=intake, acting_user=request.user, now=now, **form.service_args()
        )
        values = welcome_services.visit_values(intake)
        said = (
            f"{'Moved' if moving else 'Booked'} the first visit: {values['visit.date']} "
            f"at {values['visit.time']} with {values['visit.provider']}."
        )
        return said, _welcome_warning(intake)

    return _act(request, intake_id, "book", act)


def _welcome_why(intake: Intake, sent: list[Message]) -> str:
    """Why the welcome package did not go, when the latest try of it could not."""
    if intake.welcome_sent_at is not None:
        return ""
    welcomes = [m for m in sent if message_kind(m) == "Welcome package"]
    if welcomes and welcomes[0].status in NOT_GONE:
        return welcomes[0].why or welcomes[0].get_status_display()
    return ""


def _welcome_warning(intake: Intake) -> str:
    why = _welcome_why(intake, intake_messages(intake))
    return f"The welcome package was not sent: {why}" if why else ""


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def welcome_send(request: HttpRequest, intake_id: int) -> HttpResponse:
    def act(intake: Intake, form: Any, now: datetime) -> tuple[str, str]:
        message = welcome_services.welcome_send(intake=intake, acting_user=request.user, now=now)
        if message.status in NOT_GONE:
            raise CasepathError.at("welcome", f"The welcome package was not sent: {message.why}")
        return f"The welcome package is on its way to {message.to}.", ""

    return _act(request, intake_id, "welcome_send", act)


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def welcome_given(request: HttpRequest, intake_id: int) -> HttpResponse:
    def act(intake: Intake, form: Any, now: datetime) -> tuple[str, str]:
        how = form.cleaned_data["how"]
        welcome_services.welcome_given(intake=intake, how=how, acting_user=request.user, now=now)
        return f"Welcome package given {welcome_services.GIVEN_HOW[how]}.", ""

    return _act(request, intake_id, "welcome_given", act)


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def confirm(request: HttpRequest, intake_id: int) -> HttpResponse:
    def act(intake: Intake, form: Any, now: datetime) -> tuple[str, str]:
        visit_services.visit_confirm(
            intake=intake, acting_user=request.user, now=now, how="by phone"
        )
        return "The first visit is confirmed.", ""

    return _act(request, intake_id, "confirm", act)


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def arrived(request: HttpRequest, intake_id: int) -> HttpResponse:
    def act(intake: Intake, form: Any, now: datetime) -> tuple[str, str]:
        visit_services.visit_arrived(intake=intake, acting_user=request.user, now=now)
        return f"{intake.patient.display_name} has arrived.", ""

    return _act(request, intake_id, "arrived", act)


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def no_show(request: HttpRequest, intake_id: int) -> HttpResponse:
    def act(intake: Intake, form: Any, now: datetime) -> tuple[str, str]:
        visit_services.visit_no_show(intake=intake, acting_user=request.user, now=now)
        name = intake.patient.display_name
        return f"No-show recorded. A follow-up call to rebook {name} was opened.", ""

    return _act(request, intake_id, "no_show", act)


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def cancel_visit(request: HttpRequest, intake_id: int) -> HttpResponse:
    def act(intake: Intake, form: Any, now: datetime) -> tuple[str, str]:
        visit_services.visit_cancel(
            intake=intake, acting_user=request.user, now=now, reason=form.cleaned_data["reason"]
        )
        return "The first visit is cancelled; the patient is back at inquiry.", ""

    return _act(request, intake_id, "cancel_visit", act)


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def close(request: HttpRequest, intake_id: int) -> HttpResponse:
    def act(intake: Intake, form: Any, now: datetime) -> tuple[str, str]:
        services.intake_close(
            intake=intake, reason=form.cleaned_data["reason"], acting_user=request.user, now=now
        )
        return "Closed: the patient is not coming.", ""

    return _act(request, intake_id, "close", act)


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def reopen(request: HttpRequest, intake_id: int) -> HttpResponse:
    def act(intake: Intake, form: Any, now: datetime) -> tuple[str, str]:
        services.intake_reopen(intake=intake, acting_user=request.user, now=now)
        return "Reopened: the patient is back at inquiry.", ""

    return _act(request, intake_id, "reopen", act)


urlpatterns = [
    path("<int:intake_id>/", intake_detail, name="detail"),
    path("<int:intake_id>/book/", book, name="book"),
    path("<int:intake_id>/welcome/", welcome_send, name="welcome_send"),
    path("<int:intake_id>/welcome/given/", welcome_given, name="welcome_given"),
    path("<int:intake_id>/confirm/", confirm, name="confirm"),
    path("<int:intake_id>/arrived/", arrived, name="arrived"),
    path("<int:intake_id>/no-show/", no_show, name="no_show"),
    path("<int:intake_id>/cancel/", cancel_visit, name="cancel_visit"),
    path("<int:intake_id>/close/", close, name="close"),
    path("<int:intake_id>/reopen/", reopen, name="reopen"),
]
