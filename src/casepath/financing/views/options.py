"""The ways to pay on the case page: for each option (the accepted one once the patient
said yes) every arrangement side by side, a slider between down payment and monthly
payment, the budget mode, the patient's choice, and "Make payment plan".

The case page loads the section with htmx; its forms post with htmx and get the section
back (refusals beside the form, status 200). Without htmx it is a page of its own and a
post that worked redirects to it. Everyone who sees cases sees it; PRESENT_CASES records
a choice and makes the plan.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casepath.cases.models import Case
from casepath.core.errors import CasepathError
from casepath.core.financing.arrangements import Arrangement
from casepath.core.financing.budget import Budget
from casepath.financing import choice_services, options
from casepath.financing.options import OptionWays, PracticeOffer
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404
from casepath.web.htmx import is_partial

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.00")}


class BudgetForm(forms.Form):
    option = forms.IntegerField(widget=forms.HiddenInput)
    monthly_budget = forms.DecimalField(label="Monthly budget", required=False, **MONEY)
    down_payment = forms.DecimalField(label="Down payment", required=False, **MONEY)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("monthly_budget") is None and data.get("down_payment") is None:
            raise forms.ValidationError("Give a monthly budget, a down payment, or both.")
        return data


class ChoiceForm(forms.Form):
    option = forms.IntegerField()
    kind = forms.CharField(max_length=20)
    name = forms.CharField(max_length=120, required=False)
    down_payment = forms.DecimalField(required=False, **MONEY)
    months = forms.IntegerField(required=False, min_value=1, max_value=120)
    step = forms.IntegerField(required=False, min_value=0)


def _case(request: HttpRequest, case_id: int) -> Case:
    practice = request.practice  # type: ignore[attr-defined]
    return get_scoped_or_404(Case, practice, case_id, related=("patient", "practice"))


def _can_present(request: HttpRequest) -> bool:
    return bool(request.membership.can(Permission.PRESENT_CASES))  # type: ignore[attr-defined]


def _require_present(request: HttpRequest) -> None:
    if not _can_present(request):
        raise PermissionDenied(f"Your role cannot {Permission.PRESENT_CASES.label.lower()}.")


def render_section(
    request: HttpRequest,
    case: Case,
    *,
    error: str = "",
    budget_form: BudgetForm | None = None,
    budget: Budget | None = None,
) -> HttpResponse:
    """The section (a fragment for htmx, else a page), with a refusal or a budget."""
    today = timezone.localdate()
    offer = options.practice_offer(case.practice)
    choice = choice_services.latest_choice(case)
    context = {
        "case": case,
        "rows": [_row(w, budget_form, budget) for w in options.case_ways(case, offer, today)],
        "choice": choice,
        "plan": choice_services.choice_plan(choice),
        "can_present": _can_present(request),
        "error": error,
    }
    partial = is_partial(request)
    template = "financing/options/section.html" if partial else "financing/options/page.html"
    return render(request, template, context)


def _row(ways: OptionWays, form: BudgetForm | None, budget: Budget | None) -> dict[str, Any]:
    """One option's ways to pay, its slider's points (as the slider script reads them)
    and its budget form (the one submitted, with its result, for that option)."""
    points = [
        {
            "down": f"${p.down_payment:,.2f}",
            "monthly": f"${p.monthly:,.2f}",
            "months": f"{p.months} months",
            "label": f"${p.down_payment:,.2f} today, then ${p.monthly:,.2f} a month "
            f"for {p.months} months",
        }
        for p in ways.slider
    ]
    mine = form is not None and form.is_bound and form.data.get("option") == str(ways.option_id)
    if not mine:
        form = BudgetForm(initial={"option": ways.option_id}, auto_id=f"id_{ways.option_id}_%s")
        budget = None
    return {
        "ways": ways,
        "points": points,
        "points_id": f"slider-points-{ways.option_id}",
        "budget_form": form,
        "budget": budget,
        "budget_ways": _budget_ways(budget),
    }


def _budget_ways(budget: Budget | None) -> list[Arrangement]:
    if budget is None:
        return []
    found = (budget.in_house, budget.needed, *budget.lenders, budget.pay_in_full)
    return [a for a in found if a is not None]


@require_GET
@practice_view(Permission.VIEW_CASES)
def case_options(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if "option" not in request.GET:
        return render_section(request, case)
    form = BudgetForm(request.GET)
    return render_section(request, case, **_budget(case, form))


def _budget(case: Case, form: BudgetForm) -> dict[str, Any]:
    """Budget mode for the option the form names: the result, or the form's errors."""
    shown: dict[str, Any] = {"budget_form": form}
    if not form.is_valid():
        return shown
    ways = _ways_of(case, form.cleaned_data["option"])
    if ways is None:
        form.add_error(None, "Choose an option of this case.")
        return shown
    try:
        shown["budget"] = options.budget_for(
            ways,
            options.practice_offer(case.practice),
            timezone.localdate(),
            monthly_budget=form.cleaned_data["monthly_budget"],
            down_payment=form.cleaned_data["down_payment"],
        )
    except CasepathError as refused:
        for problem in refused.errors:
            form.add_error(problem.path if problem.path in form.fields else None, problem.message)
    return shown


def _ways_of(case: Case, option_id: int) -> OptionWays | None:
    offer = options.practice_offer(case.practice)
    found = options.case_ways(case, offer, timezone.localdate())
    return next((w for w in found if w.option_id == option_id), None)


@require_POST
@practice_view(Permission.VIEW_CASES)
def choice_record(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    _require_present(request)
    form = ChoiceForm(request.POST)
    try:
        if not form.is_valid():
            raise CasepathError.at("arrangement", "Choose a way to pay.")
        choice_services.financial_choice_record(
            acting_user=request.user,
            case=case,
            option_id=form.cleaned_data["option"],
            now=timezone.now(),
            **_arrangement(case, form.cleaned_data),
        )
    except CasepathError as refused:
        case.refresh_from_db()
        return render_section(request, case, error=refused.errors[0].message)
    return _done(request, case)


def _arrangement(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """The arrangement the form names, computed again (and what the patient owes)."""
    ways = _ways_of(case, data["option"])
    if ways is None:
        raise CasepathError.at("option", "Choose an option of this case.")
    offer: PracticeOffer = options.practice_offer(case.practice)
    down, months = data.get("down_payment"), data.get("months")
    if data.get("step") is not None:
        point = options.slider_point(ways, data["step"])
        down, months = point.down_payment, point.months
    arrangement = options.arrangement_for(
        ways,
        offer,
        timezone.localdate(),
        kind=data["kind"],
        name=data.get("name") or "",
        down_payment=down,
        months=months,
    )
    return {"arrangement": arrangement, "owed": ways.owed}


@require_POST
@practice_view(Permission.VIEW_CASES)
def plan_make(request: HttpRequest, case_id: int) -> HttpResponse:
    """Make the payment plan of the case's in-house choice, then show its agreement."""
    case = _case(request, case_id)
    _require_present(request)
    choice = choice_services.latest_choice(case)
    try:
        if choice is None:
            raise CasepathError.at("choice", "Record the patient's choice first.")
        plan = choice_services.payment_plan_for_choice(
            acting_user=request.user, choice=choice, today=timezone.localdate()
        )
    except CasepathError as refused:
        return render_section(request, case, error=refused.errors[0].message)
    url = reverse("financing:agreement", args=[plan.pk])
    if is_partial(request):  # a page of its own, with its own script: load it whole
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


def _done(request: HttpRequest, case: Case) -> HttpResponse:
    if is_partial(request):
        return render_section(request, case)
    return redirect("financing:case_options", case_id=case.pk)


urlpatterns = [
    path("cases/<int:case_id>/options/", case_options, name="case_options"),
    path("cases/<int:case_id>/options/choose/", choice_record, name="case_option_choose"),
    path("cases/<int:case_id>/options/plan/", plan_make, name="case_option_plan"),
]
