"""The first call: a guided form in the order of the conversation, with a running clock.

GET opens the form and signs the time it opened (the call's start, which cannot be
typed in). POST saves through `services.call_capture`: a new patient who may be on
file already writes nothing and comes back with the patients on file beside the row,
to choose one or say it is someone else. `duplicates/` answers htmx while the TC
types a name, a date of birth, a phone or an e-mail.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.core.errors import CasepathError
from casepath.intake.call_forms import (
    MOST_PATIENTS,
    ROWS_PREFIX,
    BasePatientRows,
    CallForm,
    PatientRowForm,
    patient_rows,
    read_start,
    row_for,
    sign_start,
    with_one_more_patient,
)
from casepath.intake.services import DuplicatesFound, call_capture
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission

ROW_PREFIX = re.compile(rf"^{ROWS_PREFIX}-[0-{MOST_PATIENTS - 1}]$")
ROW_PATH = re.compile(r"^patients\[(\d+)\]$")
ON_FILE = "This may be a patient already on file. Choose them, or say it is someone else."


@require_http_methods(["GET", "POST"])
@practice_view(Permission.EDIT_PATIENTS)
def call(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    now = timezone.now()
    if request.method == "GET":
        return _page(request, CallForm(), patient_rows(practice), now, now)
    started = read_start(str(request.POST.get("started", "")), request.user, now) or now
    if request.POST.get("action") == "add_patient":
        rows = patient_rows(practice, with_one_more_patient(request.POST))
        return _page(request, CallForm(request.POST), rows, started, now)
    form, rows = CallForm(request.POST), patient_rows(practice, request.POST)
    if not (form.is_valid() & rows.is_valid()):
        return _page(request, form, rows, started, now)
    filled = rows.filled()
    try:
        _, intakes = call_capture(
            practice=practice,
            acting_user=request.user,
            call=form.call_data(),
            patients=[row.entry() for row in filled],
            started_at=started,
            now=now,
        )
    except DuplicatesFound as found:
        for index in found.found:
            filled[index].add_error(None, ON_FILE)
        return _page(request, form, rows, started, now)
    except CasepathError as error:
        _show(error, form, filled)
        return _page(request, form, rows, started, now)
    names = " and ".join(intake.patient.display_name for intake in intakes)
    messages.success(request, f"Call saved. {names}: new patient inquiry.")
    return redirect("intake:detail", intake_id=intakes[0].pk)


def _page(
    request: HttpRequest,
    form: CallForm,
    rows: BasePatientRows,
    started: datetime,
    now: datetime,
) -> HttpResponse:
    if rows.is_bound:
        shown = 0
        for row in rows.forms:
            row.find_duplicates()
            shown += len(row.duplicates)
        _audit_shown(request, shown)
    elapsed = max(0, int((now - started).total_seconds()))
    context = {
        "form": form,
        "rows": rows,
        "started": sign_start(started, request.user),
        "elapsed": elapsed,
        "clock": f"{elapsed // 60:02d}:{elapsed % 60:02d}",
        "most_patients": MOST_PATIENTS,
    }
    return render(request, "intake/call.html", context)


def _show(error: CasepathError, form: CallForm, filled: list[PatientRowForm]) -> None:
    """A refusal of the service beside the field it names: the call's fields on the
    call, `patient.<field>` on the new patient's row that has that field."""
    new_rows = [row for row in filled if row.cleaned_data.get("patient") is None]
    for problem in error.errors:
        row_of = ROW_PATH.match(problem.path)
        if row_of and int(row_of[1]) < len(filled):
            filled[int(row_of[1])].add_error(None, problem.message)
        elif problem.path.startswith("patient.") and new_rows:
            name = problem.path.removeprefix("patient.")
            row = next((r for r in new_rows if r.cleaned_data.get(name)), new_rows[0])
            row.add_error(name if name in row.fields else None, problem.message)
        elif problem.path in form.fields:
            form.add_error(problem.path, problem.message)
        else:
            form.add_error(None, problem.message)


def _audit_shown(request: HttpRequest, shown: int) -> None:
    """Patients on file shown to the TC are a read of patient data."""
    if shown:
        audit_request(
            request,
            action=Action.SEARCH,
            object_type="patient",
            summary=f"Checked the caller's patients against those on file ({shown} shown)",
        )


@require_http_methods(["GET", "POST"])
@practice_view(Permission.EDIT_PATIENTS)
def duplicates(request: HttpRequest) -> HttpResponse:
    """The possible duplicates of one patient row, for the fields typed so far."""
    data = request.POST if request.method == "POST" else request.GET
    prefix = str(data.get("row", ""))
    if not ROW_PREFIX.match(prefix):
        return HttpResponseBadRequest("Which patient row?")
    row = row_for(request.practice, prefix, data)  # type: ignore[attr-defined]
    row.find_duplicates()
    _audit_shown(request, len(row.duplicates))
    return render(request, "intake/_duplicates.html", {"row": row})


urlpatterns = [
    path("call/", call, name="call"),
    path("call/duplicates/", duplicates, name="duplicates"),
]
