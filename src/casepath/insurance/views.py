"""Insurance settings: carriers, plans with their benefit design, fee schedules.

Every member may look; EDIT_PLANS adds and changes carriers and plans, and
MANAGE_FEES (managers) changes fees. A page that names a record finds it first
and checks the role after, so a record of another practice is 404 for anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casepath.insurance import selectors, services
from casepath.insurance.fee_csv import read_fee_csv
from casepath.insurance.forms.plans import PLAN_FIELDS, PlanEditor
from casepath.insurance.forms.rows import ROW_KINDS
from casepath.insurance.forms.setup import (
    CarrierForm,
    FeeForm,
    FeeImportForm,
    FeeScheduleForm,
    NewFeeForm,
)
from casepath.insurance.models import Fee, FeeSchedule, InsurancePlan
from casepath.insurance.presets import PRESET_LABELS, PRESETS, preset
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.web.forms import add_service_errors
from casepath.web.htmx import is_partial

MAX_ROWS = 200


def _can(request: HttpRequest, permission: Permission) -> bool:
    return bool(request.membership.can(permission))  # type: ignore[attr-defined]


def _allow(request: HttpRequest, permission: Permission) -> None:
    """The role check of a page that names a record, made once the record is found."""
    if not _can(request, permission):
        raise PermissionDenied(f"Your role cannot {permission.label.lower()}.")


def _form_page(
    request: HttpRequest,
    form: BaseForm,
    context: dict[str, Any],
    save: Callable[[], tuple[str, str]],
) -> HttpResponse:
    """Show `form` on a simple page; on a valid post `save()` returns (message, next URL)."""
    if request.method == "POST" and form.is_valid():
        try:
            message, next_url = save()
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(next_url)
    return render(request, "insurance/simple_form.html", {"form": form, **context})


# Carriers


@practice_view(Permission.VIEW_INSURANCE)
def carrier_list(request: HttpRequest) -> HttpResponse:
    carriers = selectors.carriers_listed(request.practice)  # type: ignore[attr-defined]
    can_edit = _can(request, Permission.EDIT_PLANS)
    return render(request, "insurance/carriers.html", {"carriers": carriers, "can_edit": can_edit})


@practice_view(Permission.EDIT_PLANS)
def carrier_create(request: HttpRequest) -> HttpResponse:
    form = CarrierForm(request.POST or None)

    def save() -> tuple[str, str]:
        carrier = services.carrier_create(
            practice=request.practice,  # type: ignore[attr-defined]
            data=form.cleaned_data,
            acting_user=request.user,
        )
        return f"Carrier {carrier} added.", reverse("insurance:carriers")

    return _form_page(request, form, _carrier_page("Add a carrier"), save)


@practice_view(Permission.VIEW_INSURANCE)
def carrier_edit(request: HttpRequest, carrier_id: int) -> HttpResponse:
    carrier = selectors.carrier_get(request.practice, carrier_id)  # type: ignore[attr-defined]
    _allow(request, Permission.EDIT_PLANS)
    form = CarrierForm(request.POST or None, instance=carrier)

    def save() -> tuple[str, str]:
        services.carrier_update(carrier=carrier, data=form.cleaned_data, acting_user=request.user)
        return f"Carrier {carrier} saved.", reverse("insurance:carriers")

    return _form_page(request, form, _carrier_page(f"Edit {carrier.name}"), save)


def _carrier_page(title: str) -> dict[str, Any]:
    return {"title": title, "section": "carriers", "cancel_url": reverse("insurance:carriers")}


# Plans


@practice_view(Permission.VIEW_INSURANCE)
def plan_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    context = {
        "q": text,
        "rows": selectors.plans_listed(request.practice, text),  # type: ignore[attr-defined]
        "can_edit": _can(request, Permission.EDIT_PLANS),
    }
    template = (
        "insurance/partials/plan_rows.html" if is_partial(request) else "insurance/plans.html"
    )
    return render(request, template, context)


def _chosen_preset(request: HttpRequest) -> str:
    key = request.GET.get("preset", "")
    return key if key in PRESETS else ""


@practice_view(Permission.EDIT_PLANS)
def plan_create(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    chosen = _chosen_preset(request)
    editor = PlanEditor(
        request.POST or None,
        practice=practice,
        design=preset(chosen) if chosen else None,
        # Typed before "Fill in" without JavaScript, or "Add a plan" of one carrier.
        initial={name: request.GET[name] for name in PLAN_FIELDS if request.GET.get(name)},
    )
    if request.method == "POST" and editor.is_valid():
        try:
            plan = services.plan_create(
                practice=practice,
                data=editor.plan_data(),
                benefits=editor.design(),
                acting_user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(editor.plan, exc)
        else:
            messages.success(request, f"Plan {plan} added.")
            return redirect("insurance:plans")
    return _plan_page(request, editor, None, chosen)


@practice_view(Permission.VIEW_INSURANCE)
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(request.practice, plan_id)  # type: ignore[attr-defined]
    _allow(request, Permission.EDIT_PLANS)
    chosen = _chosen_preset(request)
    editor = PlanEditor(
        request.POST or None,
        practice=plan.practice,
        plan=plan,
        design=preset(chosen) if chosen else plan.benefits,
    )
    if request.method == "POST" and editor.is_valid():
        try:
            services.plan_update(
                plan=plan,
                data=editor.plan_data(),
                benefits=editor.design(),
                acting_user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(editor.plan, exc)
        else:
            messages.success(request, f"Plan {plan} saved.")
            return redirect("insurance:plans")
    return _plan_page(request, editor, plan, chosen)


def _plan_page(
    request: HttpRequest, editor: PlanEditor, plan: InsurancePlan | None, chosen: str
) -> HttpResponse:
    context = {
        "editor": editor,
        "plan": plan,
        "presets": PRESET_LABELS,
        "chosen": chosen,
        "has_carriers": selectors.carriers_of(request.practice).exists(),  # type: ignore[attr-defined]
    }
    if is_partial(request) and chosen:
        return render(request, "insurance/partials/benefit_design.html", context)
    return render(request, "insurance/plan_form.html", context)


@practice_view(Permission.EDIT_PLANS)
def plan_row(request: HttpRequest) -> HttpResponse:
    """One more blank row of a benefit design section ("Add a row")."""
    kind = request.GET.get("kind", "")
    if kind not in ROW_KINDS:
        raise Http404("No such kind of row")
    total = request.GET.get(f"{kind}-TOTAL_FORMS", "")
    index = int(total) if total.isdigit() else 0
    if index >= MAX_ROWS:
        return HttpResponse(status=204)
    rows = ROW_KINDS[kind](prefix=kind)
    form = rows.form(prefix=f"{kind}-{index}", empty_permitted=True, use_required_attribute=False)
    context = {"form": form, "kind": kind, "total": index + 1}
    return render(request, "insurance/partials/row_added.html", context)


# Fee schedules


@practice_view(Permission.VIEW_INSURANCE)
def fee_schedule_list(request: HttpRequest) -> HttpResponse:
    schedules = selectors.fee_schedules_listed(request.practice)  # type: ignore[attr-defined]
    can_manage = _can(request, Permission.MANAGE_FEES)
    context = {"schedules": schedules, "can_manage": can_manage}
    return render(request, "insurance/fee_schedules.html", context)


@practice_view(Permission.MANAGE_FEES)
def fee_schedule_create(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    form = FeeScheduleForm(request.POST or None, practice=practice)

    def save() -> tuple[str, str]:
        schedule = services.fee_schedule_create(
            practice=practice, data=form.cleaned_data, acting_user=request.user
        )
        return f"Fee schedule {schedule} added.", _schedule_url(schedule)

    context = {
        "title": "Add a fee schedule",
        "section": "fees",
        "cancel_url": reverse("insurance:fee_schedules"),
        "intro": "Office fees are what the practice charges; a PPO schedule holds what "
        "one PPO allows. After saving, add codes or import a CSV file.",
    }
    return _form_page(request, form, context, save)


@practice_view(Permission.VIEW_INSURANCE)
def fee_schedule_edit(request: HttpRequest, schedule_id: int) -> HttpResponse:
    schedule = selectors.fee_schedule_get(request.practice, schedule_id)  # type: ignore[attr-defined]
    _allow(request, Permission.MANAGE_FEES)
    form = FeeScheduleForm(request.POST or None, instance=schedule, practice=schedule.practice)

    def save() -> tuple[str, str]:
        services.fee_schedule_update(
            schedule=schedule, data=form.cleaned_data, acting_user=request.user
        )
        return f"Fee schedule {schedule} saved.", _schedule_url(schedule)

    context = {
        "title": f"Edit {schedule.name}",
        "section": "fees",
        "cancel_url": _schedule_url(schedule),
    }
    return _form_page(request, form, context, save)


def _schedule_url(schedule: FeeSchedule) -> str:
    return reverse("insurance:fee_schedule", args=[schedule.pk])


@practice_view(Permission.VIEW_INSURANCE)
def fee_schedule_detail(request: HttpRequest, schedule_id: int) -> HttpResponse:
    schedule = selectors.fee_schedule_get(request.practice, schedule_id)  # type: ignore[attr-defined]
    return _schedule_page(request, schedule, NewFeeForm(schedule=schedule))


def _schedule_page(request: HttpRequest, schedule: FeeSchedule, form: NewFeeForm) -> HttpResponse:
    context = {
        "schedule": schedule,
        "rows": selectors.fees_listed(schedule),
        "form": form,
        "can_manage": _can(request, Permission.MANAGE_FEES),
    }
    return render(request, "insurance/fee_schedule.html", context)


@require_POST
@practice_view(Permission.VIEW_INSURANCE)
def fee_add(request: HttpRequest, schedule_id: int) -> HttpResponse:
    schedule = selectors.fee_schedule_get(request.practice, schedule_id)  # type: ignore[attr-defined]
    _allow(request, Permission.MANAGE_FEES)
    form = NewFeeForm(request.POST, schedule=schedule)
    if form.is_valid():
        try:
            fee = services.fee_set(schedule=schedule, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{fee.code} added at ${fee.amount:,}.")
            return redirect(_schedule_url(schedule))
    return _schedule_page(request, schedule, form)


@practice_view(Permission.VIEW_INSURANCE)
def fee_row(request: HttpRequest, schedule_id: int, fee_id: int) -> HttpResponse:
    """A fee's row as shown in the list (what "Cancel" puts back)."""
    schedule = selectors.fee_schedule_get(request.practice, schedule_id)  # type: ignore[attr-defined]
    fee = selectors.fee_get(schedule, fee_id)
    if not is_partial(request):
        return redirect(_schedule_url(schedule))
    return _fee_row(request, schedule, fee)


def _fee_row(request: HttpRequest, schedule: FeeSchedule, fee: Fee) -> HttpResponse:
    context = {
        "schedule": schedule,
        "row": selectors.fee_row_of(fee),
        "can_manage": _can(request, Permission.MANAGE_FEES),
    }
    return render(request, "insurance/partials/fee_row.html", context)


@practice_view(Permission.VIEW_INSURANCE)
def fee_edit(request: HttpRequest, schedule_id: int, fee_id: int) -> HttpResponse:
    """Change one fee: inline in its row with htmx, or on a small page without."""
    schedule = selectors.fee_schedule_get(request.practice, schedule_id)  # type: ignore[attr-defined]
    fee = selectors.fee_get(schedule, fee_id)
    _allow(request, Permission.MANAGE_FEES)
    form = FeeForm(request.POST or None, initial={"amount": fee.amount}, prefix=f"fee{fee.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            fee = services.fee_set(
                schedule=schedule,
                code=fee.code,
                amount=form.cleaned_data["amount"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return (
                _fee_row(request, schedule, fee)
                if is_partial(request)
                else redirect(_schedule_url(schedule))
            )
    context = {
        "schedule": schedule,
        "fee": fee,
        "form": form,
        "name": selectors.fee_row_of(fee).name,
    }
    template = (
        "insurance/partials/fee_edit_row.html" if is_partial(request) else "insurance/fee_edit.html"
    )
    return render(request, template, context)


@practice_view(Permission.VIEW_INSURANCE)
def fee_import(request: HttpRequest, schedule_id: int) -> HttpResponse:
    """Upload code,fee lines, see what would change, then apply (all or nothing)."""
    schedule = selectors.fee_schedule_get(request.practice, schedule_id)  # type: ignore[attr-defined]
    _allow(request, Permission.MANAGE_FEES)
    posted = request.method == "POST"
    form = FeeImportForm(request.POST, request.FILES) if posted else FeeImportForm()
    context: dict[str, Any] = {"schedule": schedule, "form": form}
    if posted and form.is_valid():
        text = form.cleaned_data["text"]
        if "apply" in request.POST:
            try:
                done = services.fees_import_csv(
                    schedule=schedule, text=text, acting_user=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Fees imported: {done.added} added, {done.changed} changed, "
                    f"{done.unchanged} unchanged.",
                )
                return redirect(_schedule_url(schedule))
        found = read_fee_csv(text)
        context |= {"text": text, "errors": found.errors}
        if not found.errors:
            context["preview"] = selectors.fee_import_preview(schedule, found.lines)
    return render(request, "insurance/fee_import.html", context)
