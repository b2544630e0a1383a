"""The practice's membership plans: list (everyone who sees insurance), add, edit,
offer or withdraw (MANAGE_FINANCING)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from casepath.financing import services
from casepath.financing.models import MembershipPlan
from casepath.financing.selectors import membership_plans
from casepath.financing.settings_forms import MembershipPlanForm, discount_words
from casepath.financing.views.shared import allow, can, form_page
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404

TEMPLATE = "financing/membership_plan_form.html"


@practice_view(Permission.VIEW_INSURANCE)
def membership_plan_list(request: HttpRequest) -> HttpResponse:
    plans = membership_plans(request.practice)  # type: ignore[attr-defined]
    context = {
        "rows": [{"plan": p, "discounts": discount_words(p.discounts)} for p in plans],
        "can_edit": can(request, Permission.MANAGE_FINANCING),
        "section": "memberships",
    }
    return render(request, "financing/membership_plans.html", context)


@practice_view(Permission.MANAGE_FINANCING)
def membership_plan_create(request: HttpRequest) -> HttpResponse:
    form = MembershipPlanForm(request.POST or None)

    def save() -> tuple[str, str]:
        plan = services.membership_plan_create(
            acting_user=request.user,
            practice=request.practice,  # type: ignore[attr-defined]
            **form.values(),
        )
        return f"Added {plan}.", reverse("financing:membership_plans")

    return form_page(request, form, _page("Add a membership plan"), save, TEMPLATE)


@practice_view(Permission.VIEW_INSURANCE)
def membership_plan_edit(request: HttpRequest, membership_plan_id: int) -> HttpResponse:
    plan = get_scoped_or_404(MembershipPlan, request.practice, membership_plan_id)  # type: ignore[attr-defined]
    allow(request, Permission.MANAGE_FINANCING)
    form = MembershipPlanForm(request.POST or None, row=plan)

    def save() -> tuple[str, str]:
        services.membership_plan_update(acting_user=request.user, plan=plan, **form.values())
        return f"Saved {plan}.", reverse("financing:membership_plans")

    return form_page(request, form, _page(f"Edit {plan}"), save, TEMPLATE)


@require_POST
@practice_view(Permission.VIEW_INSURANCE)
def membership_plan_offer(request: HttpRequest, membership_plan_id: int) -> HttpResponse:
    plan = get_scoped_or_404(MembershipPlan, request.practice, membership_plan_id)  # type: ignore[attr-defined]
    allow(request, Permission.MANAGE_FINANCING)
    enabled = request.POST.get("enabled") == "1"
    services.offer_set(acting_user=request.user, row=plan, enabled=enabled)
    messages.success(request, f"{'Offering' if enabled else 'No longer offering'} {plan}.")
    return redirect("financing:membership_plans")


def _page(title: str) -> dict[str, object]:
    return {
        "title": title,
        "section": "memberships",
        "cancel_url": reverse("financing:membership_plans"),
    }


urlpatterns = [
    path("settings/memberships/", membership_plan_list, name="membership_plans"),
    path("settings/memberships/new/", membership_plan_create, name="membership_plan_create"),
    path(
        "settings/memberships/<int:membership_plan_id>/",
        membership_plan_edit,
        name="membership_plan_edit",
    ),
    path(
        "settings/memberships/<int:membership_plan_id>/offer/",
        membership_plan_offer,
        name="membership_plan_offer",
    ),
]
