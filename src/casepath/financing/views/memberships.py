"""Membership enrolments: enrol a patient for a year, the renewals coming due, renew
(RECORD_PAYMENTS to write; the list for everyone who sees insurance)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casepath.core.errors import CasepathError
from casepath.financing import patient_services
from casepath.financing.forms import EnrolForm
from casepath.financing.models import MembershipEnrolment
from casepath.financing.selectors import RENEWAL_DAYS, renewals_due
from casepath.financing.views.shared import allow, can, form_page
from casepath.patients.selectors import patient_get
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404


@practice_view(Permission.RECORD_PAYMENTS)
def enrol(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_get(request.practice, patient_id)  # type: ignore[attr-defined]
    form = EnrolForm(request.POST or None, patient=patient, today=timezone.localdate())
    tab = reverse("patients:tab", args=[patient.pk, "financing"])

    def save() -> tuple[str, str]:
        made = patient_services.membership_enrol(
            acting_user=request.user, patient=patient, **form.cleaned_data
        )
        return f"Enrolled {patient.display_name} until {made.renews_on:%m/%d/%Y}.", tab

    context = {"title": f"Membership for {patient.display_name}", "cancel_url": tab}
    return form_page(request, form, context, save)


@practice_view(Permission.VIEW_INSURANCE)
def renewals(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "enrolments": renewals_due(request.practice, today),  # type: ignore[attr-defined]
        "today": today,
        "days": RENEWAL_DAYS,
        "can_record": can(request, Permission.RECORD_PAYMENTS),
        "section": "renewals",
    }
    return render(request, "financing/renewals.html", context)


@require_POST
@practice_view(Permission.VIEW_INSURANCE)
def renew(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """Enrol again in the same plan from the day the current year ends."""
    enrolment = get_scoped_or_404(
        MembershipEnrolment,
        request.practice,  # type: ignore[attr-defined]
        enrolment_id,
        related=("patient", "plan"),
    )
    allow(request, Permission.RECORD_PAYMENTS)
    try:
        made = patient_services.membership_enrol(
            acting_user=request.user,
            patient=enrolment.patient,
            plan=enrolment.plan,
            starts_on=enrolment.renews_on,
        )
    except CasepathError as refused:
        messages.error(request, refused.errors[0].message)
    else:
        name = enrolment.patient.display_name
        messages.success(request, f"Renewed {name} until {made.renews_on:%m/%d/%Y}.")
    return redirect("financing:renewals")


urlpatterns = [
    path("patients/<int:patient_id>/membership/new/", enrol, name="enrol"),
    path("renewals/", renewals, name="renewals"),
    path("enrolments/<int:enrolment_id>/renew/", renew, name="renew"),
]
