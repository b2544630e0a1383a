"""Lender products the practice offers: list (everyone who sees insurance), add, edit,
offer or withdraw (MANAGE_FINANCING)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from casepath.financing import services
from casepath.financing.models import LenderProduct
from casepath.financing.selectors import lender_products
from casepath.financing.settings_forms import LenderForm
from casepath.financing.views.shared import allow, can, form_page
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404

INTRO = (
    "For a deferred-interest promotion, the months are the promotion and the APR the rate "
    "that applies after it. The practice fee is the lender's discount on what it pays you."
)


@practice_view(Permission.VIEW_INSURANCE)
def lender_list(request: HttpRequest) -> HttpResponse:
    context = {
        "lenders": lender_products(request.practice),  # type: ignore[attr-defined]
        "can_edit": can(request, Permission.MANAGE_FINANCING),
        "section": "lenders",
    }
    return render(request, "financing/lenders.html", context)


@practice_view(Permission.MANAGE_FINANCING)
def lender_create(request: HttpRequest) -> HttpResponse:
    form = LenderForm(request.POST or None)

    def save() -> tuple[str, str]:
        lender = services.lender_product_create(
            acting_user=request.user,
            practice=request.practice,  # type: ignore[attr-defined]
            **form.values(),
        )
        return f"Added {lender}.", reverse("financing:lenders")

    return form_page(request, form, _page("Add a lender product"), save)


@practice_view(Permission.VIEW_INSURANCE)
def lender_edit(request: HttpRequest, lender_id: int) -> HttpResponse:
    lender = get_scoped_or_404(LenderProduct, request.practice, lender_id)  # type: ignore[attr-defined]
    allow(request, Permission.MANAGE_FINANCING)
    form = LenderForm(request.POST or None, row=lender)

    def save() -> tuple[str, str]:
        services.lender_product_update(acting_user=request.user, lender=lender, **form.values())
        return f"Saved {lender}.", reverse("financing:lenders")

    return form_page(request, form, _page(f"Edit {lender}"), save)


@require_POST
@practice_view(Permission.VIEW_INSURANCE)
def lender_offer(request: HttpRequest, lender_id: int) -> HttpResponse:
    lender = get_scoped_or_404(LenderProduct, request.practice, lender_id)  # type: ignore[attr-defined]
    allow(request, Permission.MANAGE_FINANCING)
    enabled = request.POST.get("enabled") == "1"
    services.offer_set(acting_user=request.user, row=lender, enabled=enabled)
    messages.success(request, f"{'Offering' if enabled else 'No longer offering'} {lender}.")
    return redirect("financing:lenders")


def _page(title: str) -> dict[str, object]:
    return {
        "title": title,
        "section": "lenders",
        "intro": INTRO,
        "cancel_url": reverse("financing:lenders"),
    }


urlpatterns = [
    path("settings/lenders/", lender_list, name="lenders"),
    path("settings/lenders/new/", lender_create, name="lender_create"),
    path("settings/lenders/<int:lender_id>/", lender_edit, name="lender_edit"),
    path("settings/lenders/<int:lender_id>/offer/", lender_offer, name="lender_offer"),
]
