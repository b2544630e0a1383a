"""The practice's round robin: whether tasks opened for nobody are shared out in turn,
and among whom (managers only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casepath.cases.forms import show_errors
from casepath.core.errors import CasepathError
from casepath.followups.assignment import followup_settings, round_robin_set, who_can_take_turns
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission


class StaffChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class RoundRobinForm(forms.Form):
    round_robin = forms.BooleanField(
        label="Share out tasks opened for nobody, in turn",
        required=False,
        help_text="Each new task without an owner goes to the next person below.",
    )
    pool = StaffChoices(
        label="Who takes turns",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose people of this practice who work follow-ups.",
            "invalid_pk_value": "Choose people of this practice who work follow-ups.",
        },
    )

    def __init__(self, *args: Any, staff: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pool: Any = self.fields["pool"]
        pool.queryset = staff


@practice_view(Permission.MANAGE_PRACTICE)
def round_robin(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    saved = followup_settings(practice)
    initial = {"round_robin": saved.round_robin, "pool": [u.pk for u in saved.pool.all()]}
    form = RoundRobinForm(request.POST or None, staff=who_can_take_turns(practice), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            round_robin_set(
                acting_user=request.user,
                practice=practice,
                on=form.cleaned_data["round_robin"],
                pool=form.cleaned_data["pool"],
            )
        except CasepathError as refused:
            show_errors(form, refused)
        else:
            messages.success(request, "Saved the round robin.")
            return redirect("followups:round_robin")
    return render(request, "followups/assignment/round_robin.html", {"form": form})
