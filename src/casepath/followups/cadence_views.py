"""Cadence screens: the practice's cadence settings, and on a case the running cadence
with the follow-up time agreed with the patient and the patient's opt-out.

The case's part is loaded into its tasks section (templates/followups/cadences/
agreed.html is included there). Its forms post with htmx: done, the whole tasks section
comes back (a redirect htmx follows), since the moved task is listed there; refused,
the form comes back with the message beside its field (status 200).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casepath.cases.forms import show_errors
from casepath.cases.models import Case
from casepath.core.errors import CasepathError
from casepath.core.followups import KINDS, Step
from casepath.core.followups.cadence import MAX_STEPS
from casepath.followups import cadence_services
from casepath.followups.cadence_models import Cadence, CadenceReason, CadenceRun
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404
from casepath.web.htmx import is_partial

BLANK_ROWS = 2


# The service checks every value (naming the step): the form only carries them.
class CadenceForm(forms.Form):
    name = forms.CharField(label="Name of the cadence", max_length=80, required=False)
    is_active = forms.BooleanField(
        label="Active", required=False, help_text="Off: presenting a case starts no follow-ups."
    )


class StepForm(forms.Form):
    kind = forms.CharField(
        label="Contact", required=False, widget=forms.Select(choices=[("", "—"), *KINDS.items()])
    )
    offset = forms.CharField(
        label="After",
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
    )
    unit = forms.CharField(
        label="Counted in", widget=forms.Select(choices=[("days", "days"), ("hours", "hours")])
    )

    def is_blank(self) -> bool:
        data = self.cleaned_data if self.is_valid() else {}
        return not data.get("kind") and not str(data.get("offset") or "").strip()


def _step_forms(cadence: Cadence, data: Any = None) -> list[StepForm]:
    """The rows of the steps: the saved ones and blanks to add; as posted when posted."""
    if data is not None:
        return [
            StepForm(data, prefix=f"step-{i}") for i in range(MAX_STEPS) if f"step-{i}-unit" in data
        ]
    saved = [step.as_json() for step in cadence_services.steps_of(cadence)]
    rows = min(len(saved) + BLANK_ROWS, MAX_STEPS)
    return [
        StepForm(prefix=f"step-{i}", initial=saved[i] if i < len(saved) else None)
        for i in range(rows)
    ]


@practice_view(Permission.MANAGE_PRACTICE)
def cadence_settings(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    cadence = cadence_services.cadence_of(practice, CadenceReason.PRESENTED)
    data = request.POST if request.method == "POST" else None
    form = CadenceForm(data, initial={"name": cadence.name, "is_active": cadence.is_active})
    rows = _step_forms(cadence, data)
    if data is not None and form.is_valid() and all(row.is_valid() for row in rows):
        kept = [row for row in rows if not row.is_blank()]
        try:
            cadence_services.cadence_update(
                acting_user=request.user,
                practice=practice,
                reason=cadence.reason,
                name=form.cleaned_data["name"],
                steps=[row.cleaned_data for row in kept],
                is_active=form.cleaned_data["is_active"],
            )
        except CasepathError as refused:
            _show_step_errors(form, kept, refused)
        else:
            messages.success(request, f"Saved the cadence “{form.cleaned_data['name']}”.")
            return redirect("followups:cadences")
    context = {"form": form, "rows": rows, "cadence": cadence}
    return render(request, "followups/cadences/settings.html", context)


def _show_step_errors(form: CadenceForm, kept: list[StepForm], refused: CasepathError) -> None:
    """`steps[i].offset` beside row i's offset; the others beside their field or above."""
    for problem in refused.errors:
        where, _, field = problem.path.partition(".")
        if where.startswith("steps[") and field:
            kept[int(where[6:-1])].add_error(field, problem.message)
        else:
            show_errors(form, CasepathError(problem))


class AgreedForm(forms.Form):
    agreed_at = forms.DateTimeField(
        label="Agreed follow-up time",
        help_text="When the patient asked to be contacted: it replaces the next follow-up.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, zone: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "cadence_%s")  # unique on the case page
        super().__init__(*args, **kwargs)
        self.zone = zone

    def full_clean(self) -> None:
        """The time typed is the practice's local time, whatever the server's zone."""
        with timezone.override(self.zone):
            super().full_clean()


@dataclass(frozen=True)
class Running:
    run: CadenceRun
    steps: tuple[Step, ...]

    @property
    def step(self) -> Step:
        return self.steps[self.run.step - 1]

    @property
    def kind(self) -> str:
        return KINDS[self.step.kind]


def _case(request: HttpRequest, case_id: int) -> Case:
    return get_scoped_or_404(Case, request.practice, case_id, related=("patient",))  # type: ignore[attr-defined]


@require_GET
@practice_view(Permission.VIEW_CASES)
def case_cadence(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    return _shown(request, case, AgreedForm(zone=practice_zone(case.practice)))


def _shown(request: HttpRequest, case: Case, form: AgreedForm, status: int = 200) -> HttpResponse:
    run = cadence_services.open_run_of(case)
    context = {
        "case": case,
        "running": Running(run, cadence_services.steps_of(run)) if run else None,
        "last": None if run else cadence_services.last_run_of(case),
        "form": form,
        "can_work": request.membership.can(Permission.WORK_FOLLOW_UPS),  # type: ignore[attr-defined]
        "zone": practice_zone(case.practice),
    }
    if is_partial(request):
        response = render(request, "followups/cadences/case.html", context, status=status)
        response["HX-Retarget"], response["HX-Reswap"] = "#case-cadence", "outerHTML"
        return response
    return render(request, "followups/cadences/case_page.html", context, status=status)


@require_POST
@practice_view(Permission.WORK_FOLLOW_UPS)
def cadence_agree(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = AgreedForm(request.POST, zone=practice_zone(case.practice))
    run = cadence_services.open_run_of(case)
    if form.is_valid():
        try:
            if run is None:
                raise CasepathError.at(
                    "agreed_at", "No follow-up cadence is running for this case."
                )
            task = cadence_services.cadence_agree(
                acting_user=request.user,
                run=run,
                at=form.cleaned_data["agreed_at"],
                now=timezone.now(),
            )
        except CasepathError as refused:
            show_errors(form, refused)
        else:
            return _done(request, case, f"Moved to the agreed time: {task.title}")
    return _shown(request, case, form)


@require_POST
@practice_view(Permission.WORK_FOLLOW_UPS)
def cadence_opt_out(request: HttpRequest, case_id: int) -> HttpResponse:
    """The patient asked not to be contacted: every cadence of theirs stops."""
    case = _case(request, case_id)
    stopped = cadence_services.patient_opt_out(patient=case.patient, now=timezone.now())
    return _done(request, case, f"Stopped {stopped} follow-up cadence(s) of {case.patient}.")


def _done(request: HttpRequest, case: Case, words: str) -> HttpResponse:
    """The case's tasks section again (htmx follows the redirect), or the case page."""
    if is_partial(request):
        return redirect(reverse("followups:case_tasks", args=[case.pk]))
    messages.success(request, words)
    return redirect(f"{reverse('cases:detail', args=[case.pk])}#case-tasks")


urlpatterns = [
    path("cadences/", cadence_settings, name="cadences"),
    path("cases/<int:case_id>/cadence/", case_cadence, name="case_cadence"),
    path("cases/<int:case_id>/cadence/agree/", cadence_agree, name="cadence_agree"),
    path("cases/<int:case_id>/cadence/opt-out/", cadence_opt_out, name="cadence_opt_out"),
]
