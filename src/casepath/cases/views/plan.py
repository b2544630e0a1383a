"""The plan section of the case page: options, phases, planned procedures, the side-by-side
comparison, a tooth chart per option, and the case's images.

The case page loads the section with htmx; every form of the section posts with htmx and
gets the section back, re-rendered (with the failed form's errors beside its fields and
status 200). Without htmx the section is a page of its own and a post that worked
redirects to it. Every write goes through plan_services, which checks the whole option
and refuses changes once treatment is scheduled; the forms are hidden then as well.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casepath.cases import plan_forms, plan_selectors, plan_services
from casepath.cases.models import Case
from casepath.cases.plan_forms import Failed, OptionForm, PhaseForm, ProcedureForm
from casepath.core.errors import CasepathError
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404
from casepath.web.htmx import is_partial

CHANGED = "case-plan-changed"  # HX-Trigger: other sections of the case page may refresh


def case_of(request: HttpRequest, case_id: int) -> Case:
    return get_scoped_or_404(Case, request.practice, case_id, related=("patient", "practice"))  # type: ignore[attr-defined]


def can_edit(request: HttpRequest, case: Case) -> bool:
    member = request.membership  # type: ignore[attr-defined]
    return bool(member.can(Permission.EDIT_CASES)) and case.status not in plan_services.LOCKED


def render_section(
    request: HttpRequest,
    case: Case,
    *,
    failed: Failed | None = None,
    errors: Sequence[str] = (),
    changed: bool = False,
) -> HttpResponse:
    """The section (a fragment for htmx, else a page), with `failed`'s errors in place."""
    section = plan_selectors.plan_section(case)
    editing = can_edit(request, case)
    problems = list(errors)
    if failed is not None and not editing:  # the form is hidden: say why above the section
        problems += [str(m) for messages in failed[1].errors.values() for m in messages]
    context: dict[str, Any] = {
        "case": case,
        "section": section,
        "editing": editing,
        "locked": case.status in plan_services.LOCKED,
        "errors": problems,
    }
    if editing:
        context["forms"] = plan_forms.attach_forms(
            section,
            providers=plan_selectors.providers_for_plan(request.practice),  # type: ignore[attr-defined]
            procedures=plan_selectors.procedure_choices(s.option for s in section.options),
            failed=failed,
        )
    partial = is_partial(request)
    response = render(
        request, "cases/plan/section.html" if partial else "cases/plan/page.html", context
    )
    if changed and partial:
        response["HX-Trigger"] = CHANGED
    return response


def write(
    request: HttpRequest,
    case: Case,
    form: Any,
    action: Callable[[dict[str, Any]], object],
) -> HttpResponse:
    """Run `action` with the form's data; on any error re-render with the form in place."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except (CasepathError, ValidationError) as error:
            plan_forms.add_errors(form, error)
        else:
            return done(request, case)
    return render_section(request, case, failed=(form.key, form))


def done(request: HttpRequest, case: Case) -> HttpResponse:
    if is_partial(request):
        case.refresh_from_db()
        return render_section(request, case, changed=True)
    return redirect("cases:plan", case_id=case.pk)


def refused(request: HttpRequest, case: Case, error: CasepathError) -> HttpResponse:
    """A remove or an estimate the service refused: its words above the section."""
    return render_section(request, case, errors=[e.message for e in error.errors])


@require_GET
@practice_view(Permission.VIEW_CASES)
def plan_section(request: HttpRequest, case_id: int) -> HttpResponse:
    return render_section(request, case_of(request, case_id))


# Options


@require_POST
@practice_view(Permission.EDIT_CASES)
def option_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    form = OptionForm(request.POST, key=plan_forms.NEW_OPTION)
    return write(
        request,
        case,
        form,
        lambda d: plan_services.option_add(
            acting_user=request.user,
            case=case,
            name=d["name"],
            summary=d["summary"],
            recommended=d["recommended"],
        ),
    )


@require_POST
@practice_view(Permission.EDIT_CASES)
def option_edit(request: HttpRequest, case_id: int, option_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    option = plan_selectors.option_of(case, option_id)
    form = OptionForm(request.POST, key=plan_forms.option_key(option.pk))
    return write(
        request,
        case,
        form,
        lambda d: plan_services.option_update(
            acting_user=request.user,
            option=option,
            name=d["name"],
            summary=d["summary"],
            recommended=d["recommended"],
        ),
    )


@require_POST
@practice_view(Permission.EDIT_CASES)
def option_remove(request: HttpRequest, case_id: int, option_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    option = plan_selectors.option_of(case, option_id)
    try:
        plan_services.option_remove(acting_user=request.user, option=option)
    except CasepathError as error:
        return refused(request, case, error)
    return done(request, case)


# Phases


@require_POST
@practice_view(Permission.EDIT_CASES)
def phase_add(request: HttpRequest, case_id: int, option_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    option = plan_selectors.option_of(case, option_id)
    form = PhaseForm(request.POST, key=plan_forms.new_phase_key(option.pk))
    return write(
        request,
        case,
        form,
        lambda d: plan_services.phase_add(acting_user=request.user, option=option, name=d["name"]),
    )


@require_POST
@practice_view(Permission.EDIT_CASES)
def phase_remove(request: HttpRequest, case_id: int, option_id: int, phase_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    phase = plan_selectors.phase_of(plan_selectors.option_of(case, option_id), phase_id)
    try:
        plan_services.phase_remove(acting_user=request.user, phase=phase)
    except CasepathError as error:
        return refused(request, case, error)
    return done(request, case)


# Planned procedures


@require_POST
@practice_view(Permission.EDIT_CASES)
def procedure_add(
    request: HttpRequest, case_id: int, option_id: int, phase_id: int
) -> HttpResponse:
    case = case_of(request, case_id)
    phase = plan_selectors.phase_of(plan_selectors.option_of(case, option_id), phase_id)
    form = ProcedureForm(
        request.POST,
        key=plan_forms.new_procedure_key(phase.pk),
        providers=plan_selectors.providers_for_plan(request.practice),  # type: ignore[attr-defined]
    )

    def add(_data: dict[str, Any]) -> object:
        return plan_services.procedure_add(
            acting_user=request.user, phase=phase, fee=form.typed_fee, **form.service_fields()
        )

    return write(request, case, form, add)


@require_POST
@practice_view(Permission.EDIT_CASES)
def procedure_edit(
    request: HttpRequest, case_id: int, option_id: int, phase_id: int, procedure_id: int
) -> HttpResponse:
    case = case_of(request, case_id)
    phase = plan_selectors.phase_of(plan_selectors.option_of(case, option_id), phase_id)
    procedure = plan_selectors.procedure_of(phase, procedure_id)
    form = ProcedureForm(
        request.POST,
        key=plan_forms.procedure_key(procedure.pk),
        providers=plan_selectors.providers_for_plan(request.practice),  # type: ignore[attr-defined]
        current=procedure.provider,
    )

    def update(_data: dict[str, Any]) -> object:
        return plan_services.procedure_update(
            acting_user=request.user,
            procedure=procedure,
            fee=form.typed_fee,
            fee_from_schedule=form.typed_fee is None,  # a blank fee is the schedule's again
            **form.service_fields(),
        )

    return write(request, case, form, update)


@require_POST
@practice_view(Permission.EDIT_CASES)
def procedure_remove(
    request: HttpRequest, case_id: int, option_id: int, phase_id: int, procedure_id: int
) -> HttpResponse:
    case = case_of(request, case_id)
    phase = plan_selectors.phase_of(plan_selectors.option_of(case, option_id), phase_id)
    procedure = plan_selectors.procedure_of(phase, procedure_id)
    try:
        plan_services.procedure_remove(acting_user=request.user, procedure=procedure)
    except CasepathError as error:
        return refused(request, case, error)
    return done(request, case)


# Estimates


@require_POST
@practice_view(Permission.EDIT_CASES)
def plan_estimate(request: HttpRequest, case_id: int) -> HttpResponse:
    """Estimate every option as if it were the only one (its own saved estimate)."""
    case = case_of(request, case_id)
    if case.status in plan_services.LOCKED:
        return render_section(
            request, case, errors=["The plan is fixed: it is not estimated again."]
        )
    try:
        plan_services.case_estimate(acting_user=request.user, case=case, as_of=timezone.localdate())
    except CasepathError as error:
        words = [f"The options could not be estimated: {e.message}" for e in error.errors]
        return render_section(request, case, errors=words)
    return done(request, case)


OPTION = "<int:case_id>/plan/options/<int:option_id>/"
PHASE = OPTION + "phases/<int:phase_id>/"
PROCEDURE = PHASE + "procedures/<int:procedure_id>/"

urlpatterns = [
    path("<int:case_id>/plan/", plan_section, name="plan"),
    path("<int:case_id>/plan/estimate/", plan_estimate, name="plan_estimate"),
    path("<int:case_id>/plan/options/", option_add, name="plan_option_add"),
    path(OPTION, option_edit, name="plan_option_edit"),
    path(OPTION + "remove/", option_remove, name="plan_option_remove"),
    path(OPTION + "phases/", phase_add, name="plan_phase_add"),
    path(PHASE + "remove/", phase_remove, name="plan_phase_remove"),
    path(PHASE + "procedures/", procedure_add, name="plan_procedure_add"),
    path(PROCEDURE, procedure_edit, name="plan_procedure_edit"),
    path(PROCEDURE + "remove/", procedure_remove, name="plan_procedure_remove"),
]
