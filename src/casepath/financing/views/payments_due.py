"""Payments due across the practice: instalments late and due in the next two weeks."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.financing.selectors import DUE_DAYS, payments_due
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission


@practice_view(Permission.VIEW_INSURANCE)
def due_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    due = payments_due(request.practice, today)  # type: ignore[attr-defined]
    audit_request(
        request,
        action=Action.VIEW,
        object_type="paymentplan",
        summary=f"Listed payments due: {len(due['late'])} late, {len(due['upcoming'])} upcoming",
    )
    horizon = today + timedelta(days=DUE_DAYS)
    context = {**due, "horizon": horizon, "days": DUE_DAYS, "section": "due"}
    return render(request, "financing/payments_due.html", context)


urlpatterns = [path("payments/", due_list, name="payments_due")]
