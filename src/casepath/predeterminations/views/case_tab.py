"""The Pre-determinations section of the case page, and the form that asks a payer.

The case page loads the section with htmx; its small forms (send, not needed, void,
discussed) post with htmx and get the section back, a refusal beside the form that
was refused (status 200). Without htmx the section is a page of its own and a post that
worked redirects to the case page. Everyone who sees cases sees the section; the buttons
are for roles that SEND_PREDETERMINATIONS. The payer's answer: views/response.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.cases.forms import show_errors
from casepath.cases.models import Case
from casepath.core.errors import CasepathError
from casepath.core.money import ZERO
from casepath.core.predeterminations import (
    ALLOWED,
    LABELS,
    Status,
    expiring_soon,
    is_waiting_too_long,
)
from casepath.estimates.models import Estimate
from casepath.predeterminations import response_services, services
from casepath.predeterminations.amounts import label_of
from casepath.predeterminations.forms import (
    Asking,
    CloseForm,
    DiscussedForm,
    SendForm,
    bound_to,
    choices_for,
)
from casepath.predeterminations.models import (
    Predetermination,
    PredeterminationLine,
    PredeterminationSettings,
)
from casepath.predeterminations.selectors import (
    predetermination_get,
    predetermination_settings,
    predeterminations_of_case,
)
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404, scoped
from casepath.web.htmx import is_partial

S = Status
ANCHOR = "#case-predeterminations"
DOCUMENTS = (
    ("predeterminations:request_pdf", "Request PDF"),
    ("predeterminations:claim_json", "FHIR Claim (JSON)"),
)


def case_of(request: HttpRequest, case_id: int) -> Case:
    practice = request.practice  # type: ignore[attr-defined]
    return get_scoped_or_404(Case, practice, case_id, related=("patient", "practice"))


def can_send(request: HttpRequest) -> bool:
    return bool(request.membership.can(Permission.SEND_PREDETERMINATIONS))  # type: ignore[attr-defined]


def case_url(case_id: int) -> str:
    return f"{reverse('cases:detail', args=[case_id])}{ANCHOR}"


# The section


@dataclass
class Shown:
    """One pre-determination as the section shows it."""

    pd: Predetermination
    status: str
    lines: list[PredeterminationLine]
    waiting_days: int | None  # sent and unanswered for too long: days since sent
    expiring_days: int | None  # the answer ends soon: days left
    estimate: Estimate | None
    notes: list[str]
    documents: list[tuple[str, str]]
    actions: set[str] = field(default_factory=set)
    forms: dict[str, Any] = field(default_factory=dict)
    open_form: str = ""  # the form a refusal is shown in
    refusal: list[str] = field(default_factory=list)

    @property
    def answered(self) -> list[PredeterminationLine]:
        return [line for line in self.lines if line.answered]

    @property
    def approved_total(self) -> Decimal:
        return sum((line.approved or ZERO for line in self.answered), ZERO)

    @property
    def answered_fee(self) -> Decimal:
        return sum((line.fee for line in self.answered), ZERO)


def render_section(
    request: HttpRequest,
    case: Case,
    *,
    failed: tuple[int, str, Any] | None = None,
    notice: str = "",
) -> HttpResponse:
    """The section (a fragment for htmx, else a page); `failed` is (pd, form name, form)."""
    today = timezone.localdate()
    rules = predetermination_settings(case.practice)
    pds = list(predeterminations_of_case(case.practice, case.pk))
    estimates = _estimates(case, pds)
    writer = can_send(request)
    rows = [_shown(pd, rules, today, estimates.get(pd.option.estimate_id), writer) for pd in pds]
    for row in rows:
        if failed is not None and failed[0] == row.pd.pk:
            _show_failed(row, *failed[1:])
    context = {"case": case, "rows": rows, "can_send": writer, "notice": notice}
    partial = is_partial(request)
    template = "section.html" if partial else "page.html"
    return render(request, f"predeterminations/case/{template}", context)


def _show_failed(row: Shown, name: str, form: Any) -> None:
    """The refused form, open; its words above the request when it is no longer offered."""
    if name in row.actions:
        row.forms[name], row.open_form = form, name
    else:  # moved on meanwhile (sent twice, say): nothing to show the form for
        row.refusal = [str(m) for errors in form.errors.values() for m in errors]


def _estimates(case: Case, pds: list[Predetermination]) -> dict[int | None, Estimate]:
    ids = {pd.option.estimate_id for pd in pds if pd.option.estimate_id}
    found = scoped(Estimate, case.practice).filter(pk__in=ids) if ids else []
    return {estimate.pk: estimate for estimate in found}


def _shown(
    pd: Predetermination,
    rules: PredeterminationSettings,
    today: date,
    estimate: Estimate | None,
    writer: bool,
) -> Shown:
    status, sent_on, ends = S(pd.status), pd.sent_on, pd.expires_on
    waiting = sent_on is not None and status == S.SENT
    waiting = waiting and is_waiting_too_long(sent_on, today, rules.waiting_days)
    ending = ends is not None and status == S.RECEIVED
    ending = ending and expiring_soon(ends, today, rules.expiring_days)
    lines = list(pd.lines.all())
    row = Shown(
        pd=pd,
        status=LABELS[status],
        lines=lines,
        waiting_days=(today - sent_on).days if waiting and sent_on else None,
        expiring_days=(ends - today).days if ending and ends else None,
        estimate=estimate,
        notes=payer_notes(pd, estimate, lines) if status == S.RECEIVED else [],
        documents=_documents(pd),
    )
    if writer:
        row.actions = _actions(pd, status)
        row.forms = _forms(pd, today)
    return row


def payer_notes(
    pd: Predetermination, estimate: Estimate | None, lines: list[PredeterminationLine]
) -> list[str]:
    """What the option's estimate says of this answer ("from pre-determination of <date>")."""
    response = estimate.response if estimate is not None else None
    procedures = response.get("procedures") if isinstance(response, dict) else None
    if not isinstance(procedures, list) or pd.received_on is None:
        return []
    label, codes = label_of(pd).lower(), {line.code for line in lines if line.answered}
    found: list[str] = []
    for procedure in procedures:
        if not isinstance(procedure, dict) or procedure.get("code") not in codes:
            continue
        notes = [*procedure.get("notes", [])]
        notes += [n for c in procedure.get("coverages", []) for n in c.get("notes", [])]
        found += [f"{procedure['code']}: {n}" for n in notes if label in str(n).lower()]
    return found


def _documents(pd: Predetermination) -> list[tuple[str, str]]:
    """The request PDF and the FHIR Claim, when their views exist."""
    found = []
    for name, label in DOCUMENTS:
        try:
            found.append((reverse(name, args=[pd.pk]), label))
        except NoReverseMatch:
            continue
    return found


def _actions(pd: Predetermination, status: Status) -> set[str]:
    """The buttons the lifecycle allows from here."""
    allowed = ALLOWED[status]
    actions = {
        name for name, to in (("send", S.SENT), ("not_needed", S.NOT_NEEDED)) if to in allowed
    }
    if S.VOIDED in allowed:
        actions.add("void")
    if status in (S.SENT, S.RECEIVED):
        actions.add("respond")
    if status == S.RECEIVED and pd.discussed_on is None:
        actions.add("discussed")
    return actions


def _forms(pd: Predetermination, today: date) -> dict[str, Any]:
    return {
        "send": bound_to(SendForm, None, pd.pk, "send", initial={"sent_on": today}),
        "not_needed": bound_to(CloseForm, None, pd.pk, "not_needed", initial={"to": S.NOT_NEEDED}),
        "void": bound_to(CloseForm, None, pd.pk, "void", initial={"to": S.VOIDED}),
        "discussed": bound_to(DiscussedForm, None, pd.pk, "discussed", initial={"on": today}),
    }


@require_GET
@practice_view(Permission.VIEW_CASES)
def case_section(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    audit_request(
        request,
        action=Action.VIEW,
        target=case,
        patient=case.patient,
        summary=f"Read the pre-determinations of the case “{case.title}”",
    )
    return render_section(request, case)


# Send, not needed, void, discussed


def _pd(request: HttpRequest, pd_id: int) -> Predetermination:
    return predetermination_get(request.practice, pd_id)  # type: ignore[attr-defined]


def _done(
    request: HttpRequest, pd: Predetermination, words: str, reload: bool = False
) -> HttpResponse:
    """The section again (htmx), or the whole case page when estimates changed too."""
    if is_partial(request) and not reload:
        return render_section(request, pd.case, notice=words)
    messages.success(request, words)
    if is_partial(request):
        return HttpResponse(headers={"HX-Redirect": case_url(pd.case_id)})
    return redirect(case_url(pd.case_id))


def _refused(request: HttpRequest, pd: Predetermination, name: str, form: Any) -> HttpResponse:
    return render_section(request, pd.case, failed=(pd.pk, name, form))


@require_POST
@practice_view(Permission.SEND_PREDETERMINATIONS)
def send(request: HttpRequest, pd_id: int) -> HttpResponse:
    pd = _pd(request, pd_id)
    form = bound_to(SendForm, request.POST, pd.pk, "send")
    if form.is_valid():
        try:
            services.predetermination_send(
                acting_user=request.user, predetermination=pd, **form.cleaned_data
            )
        except CasepathError as error:
            show_errors(form, error)
        else:
            return _done(request, pd, "Marked the pre-determination sent.")
    return _refused(request, pd, "send", form)


@require_POST
@practice_view(Permission.SEND_PREDETERMINATIONS)
def close(request: HttpRequest, pd_id: int) -> HttpResponse:
    pd = _pd(request, pd_id)
    name = "void" if request.POST.get("to") == S.VOIDED else "not_needed"
    form = bound_to(CloseForm, request.POST, pd.pk, name)
    if form.is_valid():
        was_answered = pd.status == S.RECEIVED
        try:
            services.predetermination_close(
                acting_user=request.user,
                predetermination=pd,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
                as_of=timezone.localdate(),
            )
        except CasepathError as error:
            show_errors(form, error)
        else:
            words = f"The pre-determination is {LABELS[S(form.cleaned_data['to'])].lower()}."
            return _done(request, pd, words, reload=was_answered)
    return _refused(request, pd, name, form)


@require_POST
@practice_view(Permission.SEND_PREDETERMINATIONS)
def discussed(request: HttpRequest, pd_id: int) -> HttpResponse:
    pd = _pd(request, pd_id)
    form = bound_to(DiscussedForm, request.POST, pd.pk, "discussed")
    if form.is_valid():
        try:
            response_services.predetermination_discussed(
                acting_user=request.user,
                predetermination=pd,
                on=form.cleaned_data["on"],
                today=timezone.localdate(),
            )
        except CasepathError as error:
            show_errors(form, error, {"discussed_on": "on"})
        else:
            return _done(request, pd, "Marked the answer discussed with the patient.")
    return _refused(request, pd, "discussed", form)


# Asking a payer


@practice_view(Permission.SEND_PREDETERMINATIONS)
def new(request: HttpRequest, case_id: int) -> HttpResponse:
    """Full page; changing the option reloads the procedures (htmx: just that list)."""
    case = case_of(request, case_id)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    choices = choices_for(case, (data or request.GET).get("option"), today)
    asking = Asking.of(choices, data, reload_url=request.path)
    if data is not None and asking.is_valid():
        try:
            services.predetermination_create(
                acting_user=request.user, case=case, draft=asking.draft(), created_on=today
            )
        except CasepathError as error:
            asking.show_refusal(error)
        else:
            messages.success(request, "Drafted the pre-determination.")
            return redirect(case_url(case.pk))
    context = {
        "case": case,
        "choices": choices,
        "form": asking.form,
        "rows": asking.rows,
        "attachment_errors": any(row.errors for row in asking.rows),
    }
    if is_partial(request) and data is None:
        return render(request, "predeterminations/case/procedures.html", context)
    if data is None:
        audit_request(
            request,
            action=Action.VIEW,
            target=case,
            patient=case.patient,
            summary=f"Opened a new pre-determination for the case “{case.title}”",
        )
    return render(request, "predeterminations/case/new.html", context)


urlpatterns = [
    path("cases/<int:case_id>/section/", case_section, name="case_section"),
    path("cases/<int:case_id>/new/", new, name="new"),
    path("<int:pd_id>/send/", send, name="send"),
    path("<int:pd_id>/close/", close, name="close"),
    path("<int:pd_id>/discussed/", discussed, name="discussed"),
]
