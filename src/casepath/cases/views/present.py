"""Presenting a case: the presentations section of the case page (presentations, patient
links, the patient's questions, signed consents), the Present form, and the
presentation mode for the consult room.

The section is a fragment for htmx (the case page loads it) and a page of its own
without htmx; its forms post with htmx and get the section back. A refusal shows as a
message above the section. The presentation mode is rendered from the frozen snapshot
only: what the patient sees there is what the presentation keeps.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Model, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.cases import links, presentation_services
from casepath.cases.files import private_file
from casepath.cases.models import Case, CaseQuestion, Consent, PatientLink, Presentation
from casepath.cases.present_forms import AnswerForm, LinkForm, PresentForm
from casepath.cases.snapshot import shown
from casepath.core.cases import AWAITING_DECISION, CaseStatus, check_transition
from casepath.core.errors import CasepathError
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404, scoped
from casepath.web.htmx import is_partial


def _case(request: HttpRequest, case_id: int) -> Case:
    return get_scoped_or_404(Case, request.practice, case_id, related=("patient",))  # type: ignore[attr-defined]


def _of_case(model: type[Model], request: HttpRequest, case: Case, pk: int) -> Any:
    """A row of `model` that belongs to `case` (404 otherwise, whoever owns it)."""
    rows = scoped(model, request.practice).filter(case=case)  # type: ignore[attr-defined,type-var]
    return get_object_or_404(rows, pk=pk)


def _can_present(request: HttpRequest) -> bool:
    return bool(request.membership.can(Permission.PRESENT_CASES))  # type: ignore[attr-defined]


def _presentable(case: Case) -> bool:
    try:
        check_transition(case.status, CaseStatus.PRESENTED)
    except CasepathError:
        return False
    return True


def _refused(request: HttpRequest, error: CasepathError) -> None:
    for problem in error.errors:
        messages.error(request, problem.message)


def _section(
    request: HttpRequest,
    case: Case,
    *,
    new_link: dict[str, Any] | None = None,
    failed: tuple[int, AnswerForm] | None = None,
) -> HttpResponse:
    """The section: a fragment for htmx, else a page of its own."""
    practice = request.practice  # type: ignore[attr-defined]
    presentations = _presentations(practice, case)
    questions = scoped(CaseQuestion, practice).filter(case=case, answered_at=None)
    can_present = _can_present(request)
    latest = presentations[0] if presentations else None
    partial = is_partial(request)
    context = {
        "case": case,
        "presentations": presentations,
        "latest": latest,
        "changed": latest is not None and latest.plan_version != case.plan_version,
        "questions": [(q, _answer_form(q, failed)) for q in questions.order_by("created_at")],
        "consents": scoped(Consent, practice)
        .filter(case=case)
        .select_related("option", "presentation"),
        "can_present": can_present,
        "present_form": PresentForm() if can_present and _presentable(case) else None,
        "link_form": _link_form(case, latest) if can_present else None,
        "new_link": new_link,
        "partial": partial,
    }
    template = "cases/present/section.html" if partial else "cases/present/page.html"
    return render(request, template, context)


def _presentations(practice: Any, case: Case) -> list[Presentation]:
    """The case's presentations, latest first, each link with its state."""
    link_rows = scoped(PatientLink, practice).select_related("chosen_option", "made_by")
    presentations = list(
        scoped(Presentation, practice)
        .filter(case=case)
        .select_related("presented_by")
        .prefetch_related(Prefetch("links", link_rows))
        .order_by("-number")
    )
    now = timezone.now()
    for presentation in presentations:
        for link in presentation.links.all():
            link.state = links.link_state(link, now)  # type: ignore[attr-defined]
    return presentations


def _answer_form(question: CaseQuestion, failed: tuple[int, AnswerForm] | None) -> AnswerForm:
    if failed is not None and failed[0] == question.pk:
        return failed[1]
    return AnswerForm(prefix=f"q{question.pk}")


def _link_form(case: Case, latest: Presentation | None) -> LinkForm | None:
    """Links go to the latest presentation while the plan is unchanged and undecided."""
    if latest is None or latest.plan_version != case.plan_version:
        return None
    if case.status not in AWAITING_DECISION:
        return None
    form = LinkForm()
    if not case.patient.email:
        del form.fields["email"]
    return form


def _back(request: HttpRequest, case: Case) -> HttpResponse:
    """After a write: the section again (htmx), or its page."""
    if is_partial(request):
        case.refresh_from_db()
        return _section(request, case)
    return redirect("cases:presentations", case_id=case.pk)


@practice_view(Permission.VIEW_CASES)
def presentations(request: HttpRequest, case_id: int) -> HttpResponse:
    return _section(request, _case(request, case_id))


@require_POST
@practice_view(Permission.PRESENT_CASES)
def present(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = PresentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose how the plan is presented: in person or remote.")
        return _back(request, case)
    try:
        made = presentation_services.present_case(
            acting_user=request.user,
            case=case,
            mode=form.cleaned_data["mode"],
            today=timezone.localdate(),
            now=timezone.now(),
        )
    except CasepathError as error:
        _refused(request, error)
        return _back(request, case)
    messages.success(
        request,
        f"Presented: presentation {made.number} is frozen as shown. "
        "Open the presentation mode for the consult room, or make a patient link.",
    )
    url = reverse("cases:detail", args=[case.pk])
    if is_partial(request):
        return HttpResponse(headers={"HX-Location": url})
    return redirect(url)


@require_POST
@practice_view(Permission.PRESENT_CASES)
def link_make(request: HttpRequest, case_id: int, presentation_id: int) -> HttpResponse:
    case = _case(request, case_id)
    presentation = _of_case(Presentation, request, case, presentation_id)
    form = LinkForm(request.POST)
    wants_email = form.is_valid() and form.cleaned_data["email"]
    site = request.build_absolute_uri("/").rstrip("/") if wants_email else ""
    try:
        link, token = links.link_make(
            acting_user=request.user, presentation=presentation, now=timezone.now(), email_site=site
        )
    except CasepathError as error:
        _refused(request, error)
        return _section(request, case)
    url = request.build_absolute_uri(links.link_path(token))
    if wants_email:
        messages.success(request, "The link is on its way to the patient's e-mail.")
    # The raw token is shown now and never again: this answer is not a redirect.
    return _section(request, case, new_link={"link": link, "url": url})


@require_POST
@practice_view(Permission.PRESENT_CASES)
def link_revoke(
    request: HttpRequest, case_id: int, presentation_id: int, link_id: int
) -> HttpResponse:
    case = _case(request, case_id)
    presentation = _of_case(Presentation, request, case, presentation_id)
    link = get_object_or_404(presentation.links.all(), pk=link_id)
    try:
        links.link_revoke(acting_user=request.user, link=link, now=timezone.now())
    except CasepathError as error:
        _refused(request, error)
    else:
        messages.success(request, "Revoked: the link opens nothing any more.")
    return _back(request, case)


@require_POST
@practice_view(Permission.PRESENT_CASES)
def question_answered(request: HttpRequest, case_id: int, question_id: int) -> HttpResponse:
    case = _case(request, case_id)
    question = _of_case(CaseQuestion, request, case, question_id)
    form = AnswerForm(request.POST, prefix=f"q{question.pk}")
    if form.is_valid():
        try:
            presentation_services.question_answer(
                acting_user=request.user,
                question=question,
                note=form.cleaned_data["note"],
                now=timezone.now(),
            )
        except CasepathError as error:
            for problem in error.errors:
                form.add_error("note" if problem.path == "note" else None, problem.message)
        else:
            return _back(request, case)
    return _section(request, case, failed=(question.pk, form))


@practice_view(Permission.VIEW_CASES)
def consent_pdf(request: HttpRequest, case_id: int, consent_id: int) -> HttpResponse:
    case = _case(request, case_id)
    consent = _of_case(Consent, request, case, consent_id)
    audit_request(
        request,
        action=Action.VIEW,
        target=consent,
        patient=case.patient,
        summary=f"Opened the signed consent of {consent.signer_name} ({case.title})",
    )
    return private_file(
        consent.pdf, content_type="application/pdf", filename=f"consent-{consent.pk}.pdf"
    )


@practice_view(Permission.VIEW_CASES)
def show(request: HttpRequest, case_id: int, presentation_id: int) -> HttpResponse:
    """The presentation mode: full screen, for the patient's eyes, from the snapshot."""
    case = _case(request, case_id)
    presentation = _of_case(Presentation, request, case, presentation_id)
    audit_request(
        request,
        action=Action.VIEW,
        target=presentation,
        patient=case.patient,
        summary=f"Showed presentation {presentation.number} of “{case.title}” to the patient",
    )
    context = {"case_id": case.pk, "show": shown(presentation.snapshot)}
    return render(request, "cases/present/show.html", context)


PRESENTATION = "<int:case_id>/presentations/<int:presentation_id>/"
urlpatterns = [
    path("<int:case_id>/presentations/", presentations, name="presentations"),
    path("<int:case_id>/present/", present, name="present"),
    path(PRESENTATION + "show/", show, name="show"),
    path(PRESENTATION + "links/", link_make, name="link_make"),
    path(PRESENTATION + "links/<int:link_id>/revoke/", link_revoke, name="link_revoke"),
    path(
        "<int:case_id>/questions/<int:question_id>/answered/",
        question_answered,
        name="question_answered",
    ),
    path("<int:case_id>/consents/<int:consent_id>.pdf", consent_pdf, name="consent_pdf"),
]
