"""Documents of a case (made from the consult section, downloaded as PDFs) and the
practice's letter templates."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.cases import document_services
from casepath.cases.consult_forms import DocumentForm, DocumentTemplateForm, add_casepath_errors
from casepath.cases.files import private_file
from casepath.cases.merge import FIELD_HELP, sample_fields
from casepath.cases.merge import render as merge_render
from casepath.cases.models import CaseDocument
from casepath.cases.views.consult import case_of, done, section
from casepath.core.errors import CasepathError
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404


@require_POST
@practice_view(Permission.PRESENT_CASES)
def document_make(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    form = DocumentForm(request.POST, practice=request.practice)  # type: ignore[attr-defined]
    if form.is_valid():
        try:
            made = document_services.document_make(
                acting_user=request.user,
                case=case,
                kind=form.cleaned_data["kind"],
                today=timezone.localdate(),
                referrer=form.cleaned_data["referrer"],
            )
        except CasepathError as error:
            add_casepath_errors(form, error)
        else:
            return done(request, case, f"Made “{made.title}”.")
    return section(request, case, forms={"document": form})


@require_GET
@practice_view(Permission.VIEW_CASES)
def document_pdf(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    document = get_scoped_or_404(CaseDocument, request.practice, document_id)  # type: ignore[attr-defined]
    if document.case_id != case.pk:
        raise Http404("No such document")
    audit_request(
        request,
        action=Action.VIEW,
        target=document,
        patient=case.patient,
        summary=f"Opened the document “{document.title}” of {case.patient}",
    )
    return private_file(
        document.pdf,
        content_type="application/pdf",
        filename=f"{slugify(document.title) or 'document'}.pdf",
        download=True,
    )


@require_http_methods(["GET", "POST"])
@practice_view(Permission.MANAGE_CASE_TEMPLATES)
def document_templates(request: HttpRequest) -> HttpResponse:
    """The practice's three letters; saving one makes its next version."""
    practice = request.practice  # type: ignore[attr-defined]
    posted = request.POST.get("letter") if request.method == "POST" else None
    letters = []
    for template in document_services.document_templates(practice):
        if template.kind == posted:
            form = DocumentTemplateForm(request.POST, prefix=template.kind)
            if form.is_valid() and _saved(request, form, template.kind):
                return redirect("cases:document_templates")
        else:
            initial = {"name": template.name, "body": template.body}
            form = DocumentTemplateForm(initial=initial, prefix=template.kind)
        letters.append({"template": template, "form": form, "preview": _preview(template.body)})
    return render(
        request, "cases/documents/templates.html", {"letters": letters, "fields": FIELD_HELP}
    )


def _saved(request: HttpRequest, form: DocumentTemplateForm, kind: str) -> bool:
    try:
        saved = document_services.document_template_save(
            acting_user=request.user,
            practice=request.practice,  # type: ignore[attr-defined]
            kind=kind,
            **form.cleaned_data,
        )
    except CasepathError as error:
        add_casepath_errors(form, error)
        return False
    messages.success(request, f"Saved “{saved.name}”, version {saved.version}.")
    return True


def _preview(body: str) -> str:
    try:
        return merge_render(body, sample_fields())
    except CasepathError:
        return ""


urlpatterns = [
    path("<int:case_id>/documents/", document_make, name="document_make"),
    path("<int:case_id>/documents/<int:document_id>.pdf", document_pdf, name="document_pdf"),
    path("templates/documents/", document_templates, name="document_templates"),
]
