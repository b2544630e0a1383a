"""The payer's answer: typed fast, one row per procedure asked, or imported as the payer's
FHIR ClaimResponse.

A row left blank is not answered (the payer may answer part of the request). Every
problem is shown at its cell and nothing is saved while one remains; once saved, the
service re-estimates the patient, so the case page shows the new patient portion.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.core.errors import CasepathError
from casepath.core.predeterminations import Status, add_months, check_transition
from casepath.predeterminations.forms import Answer, ImportForm
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.response_services import (
    predetermination_import_response,
    predetermination_record_response,
)
from casepath.predeterminations.selectors import (
    lines_of,
    predetermination_get,
    predetermination_settings,
)
from casepath.predeterminations.views.case_tab import case_url
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission

SAVED = "Saved the payer's answer: the estimates of the patient now use it."


def _pd(request: HttpRequest, pd_id: int) -> Predetermination:
    return predetermination_get(request.practice, pd_id)  # type: ignore[attr-defined]


def _answer(pd: Predetermination, data: Any) -> Answer:
    received_on = pd.received_on or timezone.localdate()
    answer = Answer(data, lines_of(pd), received_on, pd.response_expiry)
    if answer.rows:
        answer.rows[0].fields["approved"].widget.attrs["autofocus"] = True
    return answer


@practice_view(Permission.SEND_PREDETERMINATIONS)
def response_entry(request: HttpRequest, pd_id: int) -> HttpResponse:
    pd = _pd(request, pd_id)
    if request.method != "POST":
        audit_request(
            request,
            action=Action.VIEW,
            target=pd,
            patient=pd.patient,
            summary=f"Opened the response entry of the pre-determination of {pd.created_on} "
            f"for {pd.patient}",
        )
        return _page(request, pd, _answer(pd, None), ImportForm())
    answer = _answer(pd, request.POST)
    if answer.is_valid():
        try:
            predetermination_record_response(
                acting_user=request.user,
                predetermination=pd,
                received_on=answer.form.cleaned_data["received_on"],
                response_expiry=answer.form.cleaned_data["response_expiry"],
                lines=answer.lines(),
                today=timezone.localdate(),
                now=timezone.now(),
            )
        except CasepathError as error:
            answer.show_refusal(error)
        else:
            messages.success(request, SAVED)
            return redirect(case_url(pd.case_id))
    return _page(request, pd, answer, ImportForm())


@require_POST
@practice_view(Permission.SEND_PREDETERMINATIONS)
def response_import(request: HttpRequest, pd_id: int) -> HttpResponse:
    pd = _pd(request, pd_id)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            predetermination_import_response(
                acting_user=request.user,
                predetermination=pd,
                text=form.cleaned_data["text"],
                today=timezone.localdate(),
                now=timezone.now(),
            )
        except CasepathError as error:
            for problem in error.errors:
                form.add_error("text", _words(problem.path, problem.message))
        else:
            messages.success(request, SAVED)
            return redirect(case_url(pd.case_id))
    return _page(request, pd, _answer(pd, None), form)


def _words(where: str, message: str) -> str:
    """FHIR validation messages say where in the document; the others name it already."""
    return f"{where}: {message}" if message.startswith("Not valid FHIR") else message


def _page(
    request: HttpRequest, pd: Predetermination, answer: Answer, imported: ImportForm
) -> HttpResponse:
    rules = predetermination_settings(pd.practice)
    today = timezone.localdate()
    context = {
        "pd": pd,
        "case": pd.case,
        "form": answer.form,
        "rows": answer.rows,
        "row_errors": any(row.errors for row in answer.rows),
        "import_form": imported,
        "refusal": _refusal(pd),
        "expiry_months": rules.expiry_months,
        "holds_until": add_months(today, rules.expiry_months),
    }
    return render(request, "predeterminations/response/page.html", context)


def _refusal(pd: Predetermination) -> str:
    """Why no answer can be recorded now (a draft, or one set aside), else ""."""
    if pd.status in (Status.SENT, Status.RECEIVED):
        return ""
    try:
        check_transition(pd.status, Status.RECEIVED)
    except CasepathError as error:
        return error.errors[0].message
    return ""


urlpatterns = [
    path("<int:pd_id>/response/", response_entry, name="response"),
    path("<int:pd_id>/response/import/", response_import, name="response_import"),
]
