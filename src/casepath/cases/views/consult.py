"""The consult section of the case page: the consult, who comes, the checklist and the
documents. One fragment (cases/consult/section.html), loaded by the case page with
htmx and re-rendered after each of its own forms; a plain POST goes back to the case.
"""

from __future__ import annotations

from typing import Any

from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casepath.cases import consult_services
from casepath.cases.consult_forms import (
    AttendeeForm,
    CheckForm,
    DocumentForm,
    ScheduleForm,
    add_casepath_errors,
)
from casepath.cases.document_services import case_documents
from casepath.cases.models import Case, Consult, ConsultAttendee
from casepath.core.errors import CasepathError
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404
from casepath.web.htmx import is_partial


def case_of(request: HttpRequest, case_id: int) -> Case:
    practice = request.practice  # type: ignore[attr-defined]
    return get_scoped_or_404(Case, practice, case_id, related=("patient", "diagnosing_provider"))


def section(
    request: HttpRequest, case: Case, *, forms: dict[str, Form] | None = None, notice: str = ""
) -> HttpResponse:
    """The consult section, with `forms` (bound, with errors) in place of blank ones."""
    practice, membership = request.practice, request.membership  # type: ignore[attr-defined]
    consult = consult_services.consult_latest(case)
    today = timezone.localdate()
    blank: dict[str, Form] = {
        "schedule": ScheduleForm(
            practice=practice, initial={"provider": case.diagnosing_provider_id}
        ),
        "attendee": AttendeeForm(initial={"consult": consult.pk if consult else None}),
        "document": DocumentForm(practice=practice),
    }
    context: dict[str, Any] = {
        "case": case,
        "consult": consult,
        "when": consult_services.when_words(consult.appointment) if consult else "",
        "attendees": consult_services.consult_attendees(consult) if consult else [],
        "checklist": consult_services.consult_checklist(case, consult, today) if consult else [],
        "documents": case_documents(case),
        "forms": blank | (forms or {}),
        "notice": notice,
        "can_edit": membership.can(Permission.EDIT_CASES),
        "can_present": membership.can(Permission.PRESENT_CASES),
        "can_manage": membership.can(Permission.MANAGE_CASE_TEMPLATES),
        "zone": practice.time_zone,
    }
    return render(request, "cases/consult/section.html", context)


def done(request: HttpRequest, case: Case, notice: str = "") -> HttpResponse:
    """After a write: the fresh section for htmx, else back to the case page."""
    if is_partial(request):
        return section(request, case, notice=notice)
    return redirect(reverse("cases:detail", args=[case.pk]) + "#consult-section")


def _consult_of(request: HttpRequest, case: Case, consult_id: object) -> Consult:
    consult = get_scoped_or_404(Consult, request.practice, consult_id)  # type: ignore[attr-defined]
    if consult.case_id != case.pk:
        raise Http404("No such consult")
    return consult


@require_GET
@practice_view(Permission.VIEW_CASES)
def consult(request: HttpRequest, case_id: int) -> HttpResponse:
    return section(request, case_of(request, case_id))


@require_POST
@practice_view(Permission.EDIT_CASES)
def consult_schedule(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    form = ScheduleForm(request.POST, practice=request.practice)  # type: ignore[attr-defined]
    if form.is_valid():
        try:
            consult_services.consult_schedule(
                acting_user=request.user, case=case, now=timezone.now(), **form.service_args()
            )
        except CasepathError as error:
            add_casepath_errors(form, error)
        else:
            return done(request, case, "Booked the consult.")
    return section(request, case, forms={"schedule": form})


@require_POST
@practice_view(Permission.EDIT_CASES)
def attendee_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    form = AttendeeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            consult_services.attendee_add(
                acting_user=request.user,
                consult=_consult_of(request, case, data["consult"]),
                name=data["name"],
                relationship=data["relationship"],
                decides=data["decides"],
            )
        except CasepathError as error:
            add_casepath_errors(form, error)
        else:
            return done(request, case, f"{data['name']} comes to the consult.")
    return section(request, case, forms={"attendee": form})


@require_POST
@practice_view(Permission.EDIT_CASES)
def attendee_remove(request: HttpRequest, case_id: int, attendee_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    attendee = get_scoped_or_404(
        ConsultAttendee,
        request.practice,  # type: ignore[attr-defined]
        attendee_id,
        related=("consult",),
    )
    if attendee.consult.case_id != case.pk:
        raise Http404("No such attendee")
    try:
        consult_services.attendee_remove(acting_user=request.user, attendee=attendee)
    except CasepathError as error:
        return section(request, case, notice=error.errors[0].message)
    return done(request, case, f"{attendee.name} no longer comes.")


@require_POST
@practice_view(Permission.PRESENT_CASES)
def consult_check(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    form = CheckForm(request.POST)
    if not form.is_valid():
        return section(request, case, notice="Choose an item of the checklist.")
    data = form.cleaned_data
    try:
        consult_services.consult_check(
            acting_user=request.user,
            consult=_consult_of(request, case, data["consult"]),
            item=data["item"],
            checked=data["checked"],
        )
    except CasepathError as error:
        return section(request, case, notice=error.errors[0].message)
    return done(request, case)


urlpatterns = [
    path("<int:case_id>/consult/", consult, name="consult"),
    path("<int:case_id>/consult/schedule/", consult_schedule, name="consult_schedule"),
    path("<int:case_id>/consult/attendees/", attendee_add, name="consult_attendee_add"),
    path(
        "<int:case_id>/consult/attendees/<int:attendee_id>/remove/",
        attendee_remove,
        name="consult_attendee_remove",
    ),
    path("<int:case_id>/consult/checklist/", consult_check, name="consult_check"),
]
