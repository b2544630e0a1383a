"""/payments/new/?case=<id>: a payment entered against a case (or a refund, negative)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from casepath.cases.forms import show_errors
from casepath.cases.models import Case
from casepath.core.errors import CasepathError
from casepath.payments import selectors, services
from casepath.payments.forms import PaymentForm
from casepath.payments.parsing import dollars
from casepath.payments.views.common import practice, today
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission


@practice_view(Permission.RECORD_PAYMENTS)
def payment_new(request: HttpRequest) -> HttpResponse:
    case = selectors.case_get(practice(request), request.GET.get("case"))
    day = today(request)
    if request.method != "POST":
        form = PaymentForm(initial={"received_on": day})
        return _page(request, form, case)
    form = PaymentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.payment_record(
                acting_user=request.user,
                case=case,
                amount=data["amount"],
                received_on=data["received_on"],
                payer=data["payer"],
                reference=data["reference"],
                note=data["note"],
                today=day,
            )
        except (CasepathError, ValidationError) as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Recorded {dollars(payment.amount)} on “{case.title}”.")
            return redirect("cases:detail", case_id=case.pk)
    return _page(request, form, case)


def _page(request: HttpRequest, form: PaymentForm, case: Case) -> HttpResponse:
    context = {"form": form, "case": case, "collected": selectors.collected_for_case(case)}
    return render(request, "payments/new.html", context)


urlpatterns = [path("new/", payment_new, name="new")]
