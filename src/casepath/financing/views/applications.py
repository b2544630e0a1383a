"""Applications to a lender: record one for a patient, then the lender's answer
(RECORD_PAYMENTS)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone

from casepath.financing import patient_services
from casepath.financing.forms import ApplicationForm, DecisionForm
from casepath.financing.models import FinancingApplication
from casepath.financing.views.shared import allow, form_page
from casepath.patients.selectors import patient_get
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404


def _tab(patient_id: int) -> str:
    return reverse("patients:tab", args=[patient_id, "financing"])


@practice_view(Permission.RECORD_PAYMENTS)
def application_create(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_get(request.practice, patient_id)  # type: ignore[attr-defined]
    form = ApplicationForm(request.POST or None, patient=patient, today=timezone.localdate())

    def save() -> tuple[str, str]:
        made = patient_services.application_create(
            acting_user=request.user, patient=patient, **form.cleaned_data
        )
        return f"Recorded the application to {made.lender}.", _tab(patient.pk)

    context = {
        "title": f"Financing application for {patient.display_name}",
        "cancel_url": _tab(patient.pk),
    }
    return form_page(request, form, context, save)


@practice_view(Permission.VIEW_INSURANCE)
def application_decide(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_scoped_or_404(
        FinancingApplication,
        request.practice,  # type: ignore[attr-defined]
        application_id,
        related=("patient", "lender"),
    )
    allow(request, Permission.RECORD_PAYMENTS)
    initial = {
        "status": application.status,
        "approved_amount": application.approved_amount,
        "decided_on": application.decided_on or timezone.localdate(),
    }
    form = DecisionForm(request.POST or None, initial=initial)

    def save() -> tuple[str, str]:
        patient_services.application_decide(
            acting_user=request.user, application=application, **form.cleaned_data
        )
        label = application.get_status_display().lower()
        return f"The application to {application.lender} is {label}.", _tab(application.patient_id)

    context = {
        "title": f"Application to {application.lender} for ${application.amount:,.2f}",
        "intro": f"{application.patient.display_name} applied on "
        f"{application.submitted_on:%m/%d/%Y}. What did the lender answer?",
        "cancel_url": _tab(application.patient_id),
    }
    return form_page(request, form, context, save)


urlpatterns = [
    path(
        "patients/<int:patient_id>/applications/new/",
        application_create,
        name="application_create",
    ),
    path("applications/<int:application_id>/", application_decide, name="application"),
]
