"""Referrals: the list (direction, status, overdue, provider), a referral in (a patient a
provider sent us, tied to the new patient and their call), a referral out (procedures of
the case's plan sent to a specialist, with documents), and the referral's page: details,
procedures, events, documents, letters and the moves its status allows.

Documents are PHI: each is read through `document_file` (scoped, audited, not cached).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.cases.files import private_file
from casepath.cases.forms import show_errors
from casepath.core.errors import CasepathError
from casepath.referrals import selectors, services
from casepath.referrals.forms import (
    DocumentForm,
    FilterForm,
    InboundForm,
    MoveForm,
    OutboundForm,
    ReferralEditForm,
)
from casepath.referrals.models import Direction, Referral, ReferralStatus
from casepath.referrals.services import local_day
from casepath.tenancy.access import practice_view
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission
from casepath.web.htmx import is_partial

# Service errors name the referral's fields; the forms say it their way.
INBOUND_ALIASES = {"patient": "chart_number"}
OUTBOUND_ALIASES = {"file": "documents"}


def _practice(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined, no-any-return]


def _can_edit(request: HttpRequest) -> bool:
    return bool(request.membership.can(Permission.EDIT_PATIENTS))  # type: ignore[attr-defined]


# The list ---------------------------------------------------------------------------


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def referral_list(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    today = local_day(practice, timezone.now())
    form = FilterForm(request.GET, practice=practice)
    form.is_valid()
    chosen = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    listed = selectors.referral_list(
        practice,
        today=today,
        direction=chosen.get("direction") or "",
        status=chosen.get("status") or "",
        overdue=bool(chosen.get("overdue")),
        provider=chosen.get("provider"),
    )
    context = {
        "form": form,
        "listed": listed,
        "rows": [(r, selectors.is_overdue(r, today)) for r in listed.rows],
        "today": today,
        "can_edit": _can_edit(request),
    }
    if is_partial(request):
        return render(request, "referrals/_list_rows.html", context)
    return render(request, "referrals/list.html", context)


# A referral in ----------------------------------------------------------------------


@practice_view(Permission.EDIT_PATIENTS)
def new_inbound(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    intake = patient = None
    if request.GET.get("intake"):
        intake = selectors.intake_get(practice, request.GET["intake"])
        patient = intake.patient
    elif request.GET.get("patient"):
        patient = selectors.patient_get(practice, request.GET["patient"])
    ask_patient = patient is None
    now = timezone.now()
    if request.method != "POST":
        form = InboundForm(
            practice=practice,
            ask_patient=ask_patient,
            initial={"received_on": local_day(practice, now)},
        )
        return _inbound_page(request, form, patient, intake)
    form = InboundForm(request.POST, practice=practice, ask_patient=ask_patient)
    if form.is_valid():
        data = form.cleaned_data
        if ask_patient:
            patient = selectors.patient_by_chart(practice, data.get("chart_number") or "")
        try:
            referral = services.referral_receive(
                practice=practice,
                acting_user=request.user,
                now=now,
                other_provider=data["other_provider"],
                patient=patient,
                intake=intake,
                reason=data["reason"],
                urgency=data["urgency"],
                received_on=data["received_on"],
                notes=data["notes"],
            )
        except (CasepathError, ValidationError) as error:
            show_errors(form, error, INBOUND_ALIASES if ask_patient else None)
        else:
            messages.success(request, f"Referral from {referral.other_provider.name} received.")
            return redirect("referrals:detail", referral_id=referral.pk)
    return _inbound_page(request, form, patient, intake)


def _inbound_page(
    request: HttpRequest, form: InboundForm, patient: Any, intake: Any
) -> HttpResponse:
    context = {
        "form": form,
        "patient": patient,
        "intake": intake,
        "source_words": selectors.source_words(intake) if intake is not None else "",
        "from_provider": selectors.source_is_provider(intake) if intake is not None else True,
        "query": request.GET.urlencode(),
    }
    return render(request, "referrals/new_inbound.html", context)


# A referral out ---------------------------------------------------------------------


@practice_view(Permission.EDIT_PATIENTS)
def new_outbound(request: HttpRequest) -> HttpResponse:
    practice = _practice(request)
    case = patient = None
    if request.GET.get("case"):
        case = selectors.case_get(practice, request.GET["case"])
        patient = case.patient
    elif request.GET.get("patient"):
        patient = selectors.patient_get(practice, request.GET["patient"])
    plan = selectors.case_procedures(case) if case is not None else None
    choices = plan.choices if plan is not None else None
    now = timezone.now()
    if request.method != "POST":
        form = OutboundForm(
            practice=practice,
            procedure_choices=choices,
            initial={"sent_on": local_day(practice, now)},
        )
        return _outbound_page(request, form, patient, case, plan)
    form = OutboundForm(request.POST, request.FILES, practice=practice, procedure_choices=choices)
    if patient is None:
        form.add_error(None, "Start from the patient's case (or the patient's page).")
    if form.is_valid() and patient is not None:
        data = form.cleaned_data
        chosen = [plan.by_id[pk] for pk in data.get("procedures") or []] if plan else []
        try:
            referral = services.referral_send(
                practice=practice,
                acting_user=request.user,
                now=now,
                other_provider=data["other_provider"],
                patient=patient,
                case=case,
                procedures=chosen,
                reason=data["reason"],
                urgency=data["urgency"],
                sent_on=data["sent_on"],
                expected_back_on=data["expected_back_on"],
                notes=data["notes"],
                documents=[(upload, "") for upload in data["documents"]],
            )
        except (CasepathError, ValidationError) as error:
            show_errors(form, error, OUTBOUND_ALIASES)
        else:
            messages.success(request, f"Referral to {referral.other_provider.name} sent.")
            return redirect("referrals:detail", referral_id=referral.pk)
    return _outbound_page(request, form, patient, case, plan)


def _outbound_page(
    request: HttpRequest, form: OutboundForm, patient: Any, case: Any, plan: Any
) -> HttpResponse:
    context = {
        "form": form,
        "patient": patient,
        "case": case,
        "option": plan.option if plan is not None else None,
        "query": request.GET.urlencode(),
    }
    return render(request, "referrals/new_outbound.html", context)


# One referral -----------------------------------------------------------------------


def _referral(request: HttpRequest, referral_id: int) -> Referral:
    return selectors.referral_get(_practice(request), referral_id)


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _detail(request, _referral(request, referral_id))


def _detail(
    request: HttpRequest, referral: Referral, failed: dict[str, forms.Form] | None = None
) -> HttpResponse:
    audit_request(
        request,
        action=Action.VIEW,
        target=referral,
        patient=referral.patient,
        summary=f"Opened the referral of {referral.patient} ({referral.other_provider.name})",
    )
    today = local_day(referral.practice, timezone.now())
    inbound = referral.direction == Direction.INBOUND
    shown: dict[str, forms.Form] = {
        "move": MoveForm(),
        "edit": ReferralEditForm(
            inbound=inbound,
            initial={
                "reason": referral.reason,
                "urgency": referral.urgency,
                "expected_back_on": referral.expected_back_on,
                "notes": referral.notes,
            },
        ),
        "document": DocumentForm(),
    } | (failed or {})
    moves = services.next_statuses(referral)
    context = {
        "referral": referral,
        "patient": referral.patient,
        "inbound": inbound,
        "overdue": selectors.is_overdue(referral, today),
        "procedures": selectors.referral_procedures(referral),
        "events": selectors.referral_events(referral),
        "documents": selectors.referral_documents(referral),
        "moves": [(s, ReferralStatus(s).label) for s in moves if s != ReferralStatus.CANCELLED],
        "can_cancel": ReferralStatus.CANCELLED in moves,
        "can_return": ReferralStatus.RETURNED in moves,
        "move_form": shown["move"],
        "edit_form": shown["edit"],
        "document_form": shown["document"],
        "source_words": selectors.source_words(referral.intake) if referral.intake else "",
        "from_provider": selectors.source_is_provider(referral.intake) if referral.intake else True,
        "can_edit": _can_edit(request),
    }
    return render(request, "referrals/detail.html", context)


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def referral_move(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_move(
                referral=referral,
                acting_user=request.user,
                now=timezone.now(),
                to=data["status"],
                note=data["note"],
                on=data["on"],
            )
        except (CasepathError, ValidationError) as error:
            show_errors(form, error)
        else:
            label = ReferralStatus(data["status"]).label.lower()
            messages.success(request, f"The referral is {label}.")
            return redirect("referrals:detail", referral_id=referral.pk)
    referral.refresh_from_db()
    return _detail(request, referral, {"move": form})


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def referral_edit(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    inbound = referral.direction == Direction.INBOUND
    form = ReferralEditForm(request.POST, inbound=inbound)
    if form.is_valid():
        try:
            services.referral_update(
                referral=referral, acting_user=request.user, data=form.cleaned_data
            )
        except (CasepathError, ValidationError) as error:
            show_errors(form, error)
        else:
            messages.success(request, "The referral is saved.")
            return redirect("referrals:detail", referral_id=referral.pk)
    referral.refresh_from_db()
    return _detail(request, referral, {"edit": form})


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def document_add(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.referral_document_add(
                referral=referral,
                acting_user=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except (CasepathError, ValidationError) as error:
            show_errors(form, error)
        else:
            messages.success(request, f"“{document.title}” is kept with the referral.")
            return redirect("referrals:detail", referral_id=referral.pk)
    return _detail(request, referral, {"document": form})


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def document_file(request: HttpRequest, referral_id: int, document_id: int) -> FileResponse:
    referral = _referral(request, referral_id)
    document = selectors.document_of(referral, document_id)
    audit_request(
        request,
        action=Action.VIEW,
        target=document,
        patient=referral.patient,
        summary=f"Opened “{document.title}” of the referral of {referral.patient}",
    )
    return private_file(document.file, content_type=document.content_type)


urlpatterns = [
    path("", referral_list, name="list"),
    path("new/in/", new_inbound, name="new_inbound"),
    path("new/out/", new_outbound, name="new_outbound"),
    path("<int:referral_id>/", referral_detail, name="detail"),
    path("<int:referral_id>/move/", referral_move, name="move"),
    path("<int:referral_id>/edit/", referral_edit, name="edit"),
    path("<int:referral_id>/documents/", document_add, name="document_add"),
    path("<int:referral_id>/documents/<int:document_id>/", document_file, name="document"),
]
