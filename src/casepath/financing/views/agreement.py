"""The payment plan agreement in the office: read it (parties, the Truth-in-Lending box,
the schedule), have the patient sign it on this screen, and open the signed PDF.

Everyone who sees cases reads it; PRESENT_CASES has it signed. The patient can also
sign from their own link (financing/patient_views.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from casepath.audit.models import Action
from casepath.audit.services import audit_request, client_ip
from casepath.cases.files import private_file
from casepath.cases.forms import show_errors
from casepath.cases.patient.forms import SignForm
from casepath.cases.patient.phrases import phrases
from casepath.core.errors import CasepathError
from casepath.financing.agreement import (
    REFUSALS,
    agreement_context,
    agreement_refusal,
    agreement_sign,
)
from casepath.financing.models import PaymentPlan
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404

RELATED = ("patient", "case", "choice__option", "practice")
AGREE = "The patient read this agreement and agrees to pay as it says."


def _plan(request: HttpRequest, payment_plan_id: int) -> PaymentPlan:
    practice = request.practice  # type: ignore[attr-defined]
    return get_scoped_or_404(PaymentPlan, practice, payment_plan_id, related=RELATED)


def _can_sign(request: HttpRequest) -> bool:
    return bool(request.membership.can(Permission.PRESENT_CASES))  # type: ignore[attr-defined]


def sign_form(data: Any = None) -> SignForm:
    form = SignForm(data, language="en")
    form.fields["agree"].label = AGREE
    return form


@require_http_methods(["GET", "POST"])
@practice_view(Permission.VIEW_CASES)
def agreement(request: HttpRequest, payment_plan_id: int) -> HttpResponse:
    plan = _plan(request, payment_plan_id)
    today = timezone.localdate()
    form = sign_form(request.POST or None)
    if request.method == "POST":
        if not _can_sign(request):
            raise PermissionDenied(f"Your role cannot {Permission.PRESENT_CASES.label.lower()}.")
        if form.is_valid():
            try:
                agreement_sign(
                    plan=plan,
                    signature=form.signature(),
                    ip_address=client_ip(request),
                    now=timezone.now(),
                    today=today,
                    acting_user=request.user,
                )
            except CasepathError as refused:
                show_errors(form, refused)
            else:
                messages.success(request, "The patient signed the payment plan agreement.")
                return redirect("financing:agreement", payment_plan_id=plan.pk)
    else:
        audit_request(
            request,
            action=Action.VIEW,
            target=plan,
            patient=plan.patient,
            summary=f"Opened the agreement of payment plan {plan.pk} of {plan.patient}",
        )
    refusal = agreement_refusal(plan, today)
    # A signed plan says so on the page; only a post (signing again) is told it is refused.
    told = refusal and (refusal != "signed" or request.method == "POST")
    context = agreement_context(plan) | {
        "form": form,
        "refusal": REFUSALS[refusal] if told else "",
        "can_sign": _can_sign(request) and not refusal,
        "words": phrases("en"),
    }
    return render(request, "financing/agreement/page.html", context)


@require_GET
@practice_view(Permission.VIEW_CASES)
def agreement_pdf(request: HttpRequest, payment_plan_id: int) -> HttpResponse:
    plan = _plan(request, payment_plan_id)
    if not plan.pdf:
        raise Http404("This agreement is not signed yet.")
    audit_request(
        request,
        action=Action.VIEW,
        target=plan,
        patient=plan.patient,
        summary=f"Opened the signed agreement of payment plan {plan.pk} of {plan.patient}",
    )
    return private_file(
        plan.pdf,
        content_type="application/pdf",
        filename=f"payment-plan-{plan.pk}.pdf",
        download=True,
    )


urlpatterns = [
    path("plans/<int:payment_plan_id>/agreement/", agreement, name="agreement"),
    path("plans/<int:payment_plan_id>/agreement.pdf", agreement_pdf, name="agreement_pdf"),
]
