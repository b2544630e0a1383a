"""In-house payment plans: prepare one for a patient, the plan page (schedule, payments,
standing), record a payment, cancel a draft. Everyone who sees insurance reads a plan;
RECORD_PAYMENTS writes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.core.errors import CasepathError
from casepath.financing import plan_services
from casepath.financing.forms import PaymentForm, PaymentPlanForm, show_errors
from casepath.financing.models import PaymentPlan
from casepath.financing.selectors import financial_policy, payment_plan_detail
from casepath.financing.views.shared import allow, can, form_page
from casepath.patients.selectors import patient_get
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404

PLAN_RELATED = ("patient", "case", "made_by")


def _plan(request: HttpRequest, payment_plan_id: int) -> PaymentPlan:
    practice = request.practice  # type: ignore[attr-defined]
    return get_scoped_or_404(PaymentPlan, practice, payment_plan_id, related=PLAN_RELATED)


@practice_view(Permission.RECORD_PAYMENTS)
def plan_create(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_get(request.practice, patient_id)  # type: ignore[attr-defined]
    policy = financial_policy(patient.practice)
    today = timezone.localdate()
    form = PaymentPlanForm(request.POST or None, patient=patient, policy=policy, today=today)

    def save() -> tuple[str, str]:
        plan = plan_services.payment_plan_create(
            acting_user=request.user, patient=patient, **form.values()
        )
        return "Prepared the payment plan: it is a draft until signed.", _url(plan)

    context = {
        "title": f"Payment plan for {patient.display_name}",
        "patient": patient,
        "policy": policy,
        "cancel_url": reverse("patients:tab", args=[patient.pk, "financing"]),
    }
    return form_page(request, form, context, save, "financing/plan_new.html")


@practice_view(Permission.VIEW_INSURANCE)
def plan_detail(request: HttpRequest, payment_plan_id: int) -> HttpResponse:
    plan = _plan(request, payment_plan_id)
    return _page(request, plan, PaymentForm(today=timezone.localdate()))


def _page(request: HttpRequest, plan: PaymentPlan, form: PaymentForm) -> HttpResponse:
    audit_request(
        request,
        action=Action.VIEW,
        target=plan,
        patient=plan.patient,
        summary=f"Opened payment plan {plan.pk} of {plan.patient}",
    )
    context: dict[str, Any] = {
        "plan": plan,
        "patient": plan.patient,
        "form": form,
        "can_record": can(request, Permission.RECORD_PAYMENTS),
        **payment_plan_detail(plan, timezone.localdate()),
    }
    return render(request, "financing/plan.html", context)


@require_POST
@practice_view(Permission.VIEW_INSURANCE)
def payment_add(request: HttpRequest, payment_plan_id: int) -> HttpResponse:
    plan = _plan(request, payment_plan_id)
    allow(request, Permission.RECORD_PAYMENTS)
    form = PaymentForm(request.POST, today=timezone.localdate())
    if form.is_valid():
        try:
            payment = plan_services.payment_record(
                acting_user=request.user, plan=plan, **form.cleaned_data
            )
        except CasepathError as refused:
            show_errors(form, refused)
        else:
            messages.success(request, f"Recorded a payment of ${payment.amount:,.2f}.")
            return redirect(_url(plan))
    return _page(request, plan, form)


@require_POST
@practice_view(Permission.VIEW_INSURANCE)
def plan_cancel(request: HttpRequest, payment_plan_id: int) -> HttpResponse:
    plan = _plan(request, payment_plan_id)
    allow(request, Permission.RECORD_PAYMENTS)
    try:
        plan_services.payment_plan_cancel(acting_user=request.user, plan=plan)
    except CasepathError as refused:
        messages.error(request, refused.errors[0].message)
    else:
        messages.success(request, "Cancelled the draft payment plan.")
    return redirect(_url(plan))


def _url(plan: PaymentPlan) -> str:
    return reverse("financing:plan", args=[plan.pk])


urlpatterns = [
    path("patients/<int:patient_id>/plans/new/", plan_create, name="plan_create"),
    path("plans/<int:payment_plan_id>/", plan_detail, name="plan"),
    path("plans/<int:payment_plan_id>/payments/", payment_add, name="payment_add"),
    path("plans/<int:payment_plan_id>/cancel/", plan_cancel, name="plan_cancel"),
]
