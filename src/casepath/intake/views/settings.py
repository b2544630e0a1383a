"""The welcome package: its settings (the five sections, sending it by itself, the
reminder), a preview of its PDF for a made-up patient, and a new patient's PDF as it
was sent (audited as an export: it names the patient and the visit)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.cases.forms import show_errors
from casepath.core.errors import CasepathError
from casepath.intake.pdf import welcome_pdf, welcome_preview_pdf
from casepath.intake.selectors import intake_get, welcome_package
from casepath.intake.settings_forms import WelcomePackageForm
from casepath.intake.welcome_services import welcome_package_save, welcome_pdf_sent
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission


@require_http_methods(["GET", "POST"])
@practice_view(Permission.MANAGE_CASE_TEMPLATES)
def welcome_settings(request: HttpRequest) -> HttpResponse:
    package = welcome_package(request.practice)  # type: ignore[attr-defined]
    posted = request.method == "POST"
    form = WelcomePackageForm.of(package, request.POST if posted else None)
    if posted and form.is_valid():
        try:
            welcome_package_save(package=package, acting_user=request.user, data=form.cleaned_data)
        except (CasepathError, ValidationError) as refused:
            show_errors(form, refused)
        else:
            messages.success(request, "Welcome package saved.")
            return redirect("intake:settings")
    templates = [
        ("The welcome e-mail", "sent with the PDF", package.welcome_template),
        ("The reminder e-mail", "asks to confirm the visit", package.reminder_template),
        ("The reminder text", "when the patient agreed to texts", package.reminder_text_template),
    ]
    context = {"form": form, "templates": [t for t in templates if t[2] is not None]}
    return render(request, "intake/settings.html", context)


@require_GET
@practice_view(Permission.MANAGE_CASE_TEMPLATES)
def welcome_preview(request: HttpRequest) -> HttpResponse:
    content = welcome_preview_pdf(request.practice, now=timezone.now())  # type: ignore[attr-defined]
    return _pdf(content, 'inline; filename="welcome-preview.pdf"')


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def welcome_pdf_view(request: HttpRequest, intake_id: int) -> HttpResponse:
    """The intake's welcome package as it was e-mailed, or as it would be now."""
    intake = intake_get(request.practice, intake_id)  # type: ignore[attr-defined]
    sent = welcome_pdf_sent(intake)
    if sent is not None:
        content, how = bytes(sent.content), "as sent"
    else:
        content, how = welcome_pdf(intake, welcome_package(intake.practice)), "not sent yet"
    audit_request(
        request,
        action=Action.EXPORT,
        target=intake,
        patient=intake.patient,
        summary=f"Opened the welcome package of {intake.patient.display_name} ({how})",
    )
    return _pdf(content, f'inline; filename="welcome-{intake.patient.chart_number}.pdf"')


def _pdf(content: bytes, disposition: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("settings/", welcome_settings, name="settings"),
    path("settings/preview.pdf", welcome_preview, name="welcome_preview"),
    path("<int:intake_id>/welcome.pdf", welcome_pdf_view, name="welcome_pdf"),
]
