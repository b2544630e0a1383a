"""Compensation plans: the list with their tiers and members, adding and changing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from casepath.cases.forms import show_errors
from casepath.compensation import selectors, services
from casepath.compensation.forms import PlanForm
from casepath.compensation.models import CompensationPlan
from casepath.compensation.views.common import practice_of, require_manager, today
from casepath.core.errors import CasepathError
from casepath.tenancy.access import practice_view
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission


@practice_view(Permission.MANAGE_COMPENSATION)
def plan_list(request: HttpRequest) -> HttpResponse:
    practice = practice_of(request)
    context = {"plans": selectors.plans(practice), "today": today(practice)}
    return render(request, "compensation/plans.html", context)


@practice_view(Permission.MANAGE_COMPENSATION)
def plan_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@practice_view(Permission.VIEW_REPORTS)
def plan_edit(request: HttpRequest, compensation_plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(practice_of(request), compensation_plan_id)
    require_manager(request)
    return _edit(request, plan)


def _edit(request: HttpRequest, plan: CompensationPlan | None) -> HttpResponse:
    practice = practice_of(request)
    coordinators = selectors.coordinators(practice)
    if request.method != "POST":
        form = PlanForm(instance=plan, coordinators=coordinators, initial=_initial(plan, practice))
        return _render(request, form, plan)
    form = PlanForm(request.POST, instance=plan, coordinators=coordinators)
    saved = _save(request, form, plan) if form.is_valid() else None
    if saved is None:
        return _render(request, form, plan)
    messages.success(request, f"{saved.name}: saved.")
    return redirect("compensation:plans")


def _save(
    request: HttpRequest, form: PlanForm, plan: CompensationPlan | None
) -> CompensationPlan | None:
    tiers = form.tiers()
    if not form.is_valid():
        return None
    try:
        return services.plan_save(
            practice=practice_of(request),
            acting_user=request.user,
            data={f: form.cleaned_data[f] for f in services.PLAN_FIELDS},
            tiers=tiers,
            members=list(form.cleaned_data["members"]),
            members_from=form.cleaned_data["members_from"],
            plan=plan,
        )
    except CasepathError as error:
        form.show(error)
    except ValidationError as error:
        show_errors(form, error)
    return None


def _initial(plan: CompensationPlan | None, practice: Practice) -> dict[str, object]:
    on = today(practice)
    initial: dict[str, object] = {"members_from": on}
    if plan is None:
        return initial | {"tier_1_from": "0.00"}
    for i, tier in enumerate(selectors.tiers_of(plan), start=1):
        initial |= {f"tier_{i}_from": tier.from_usd, f"tier_{i}_rate": tier.rate_percent}
    return initial | {"members": selectors.member_ids_on(plan, on)}


def _render(request: HttpRequest, form: PlanForm, plan: CompensationPlan | None) -> HttpResponse:
    return render(request, "compensation/plan_form.html", {"form": form, "plan": plan})


urlpatterns = [
    path("plans/", plan_list, name="plans"),
    path("plans/new/", plan_new, name="plan_new"),
    path("plans/<int:compensation_plan_id>/", plan_edit, name="plan_edit"),
]
