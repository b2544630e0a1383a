"""The practice's message templates: a list, and one form to add or change each."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from casepath.cases.forms import show_errors
from casepath.core.errors import CasepathError
from casepath.messaging import selectors, services
from casepath.messaging.compose import Composed, compose
from casepath.messaging.fields import FIELD_HELP, sample_values
from casepath.messaging.forms import TemplateForm
from casepath.messaging.models import MessageTemplate
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission


@require_GET
@practice_view(Permission.MANAGE_CASE_TEMPLATES)
def template_list(request: HttpRequest) -> HttpResponse:
    templates = selectors.templates_of(request.practice)  # type: ignore[attr-defined]
    return render(request, "messaging/templates.html", {"templates": templates})


@require_http_methods(["GET", "POST"])
@practice_view(Permission.MANAGE_CASE_TEMPLATES)
def template_edit(request: HttpRequest, message_template_id: int | None = None) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    template = (
        selectors.template_get(practice, message_template_id) if message_template_id else None
    )
    form = TemplateForm.of(template, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.template_save(
                acting_user=request.user,
                practice=practice,
                data=form.service_data(),
                template=template,
            )
        except (CasepathError, ValidationError) as refused:
            show_errors(form, refused)
        else:
            messages.success(request, f"Saved the template “{saved.name}”.")
            return redirect("messaging:template_edit", message_template_id=saved.pk)
    context = {
        "form": form,
        "template": template,
        "fields": FIELD_HELP,
        "preview": _preview(template),
    }
    return render(request, "messaging/template_form.html", context)


def _preview(template: MessageTemplate | None) -> Composed | None:
    """The saved template filled in for a made-up patient."""
    if template is None:
        return None
    try:
        return compose(template, sample_values(template.channel), "English")
    except CasepathError:
        return None
