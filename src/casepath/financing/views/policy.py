"""The practice's financial policy: the terms of in-house plans and the pay-in-full
discount (MANAGE_FINANCING)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse

from casepath.financing import services
from casepath.financing.selectors import financial_policy
from casepath.financing.settings_forms import PolicyForm
from casepath.financing.views.shared import form_page
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission

INTRO = (
    "The terms the practice offers for in-house payment plans, and the discount for "
    "paying the whole treatment up front."
)


@practice_view(Permission.MANAGE_FINANCING)
def policy_edit(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    form = PolicyForm(request.POST or None, row=financial_policy(practice))

    def save() -> tuple[str, str]:
        services.financial_policy_update(
            acting_user=request.user, practice=practice, **form.values()
        )
        return "Saved the financial policy.", reverse("financing:policy")

    context = {"title": "Financial policy", "section": "policy", "intro": INTRO}
    return form_page(request, form, context, save)


urlpatterns = [path("settings/policy/", policy_edit, name="policy")]
