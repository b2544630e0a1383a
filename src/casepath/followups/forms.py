"""Forms of the follow-up screens: closing a task from its row, reassigning in bulk.
Forms parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from casepath.cases.forms import UserChoiceField
from casepath.followups.models import Outcome, TaskStatus

# Where a task's row is shown: the answer to a close re-renders the same place.
PLACES = ("worklist", "today", "case")


class CloseForm(forms.Form):
    """Done with the call's outcome (one button per outcome), or skipped."""

    status = forms.ChoiceField(
        choices=[(TaskStatus.DONE, "Done"), (TaskStatus.SKIPPED, "Skipped")],
        error_messages={
            "required": "Close a task as done or skipped.",
            "invalid_choice": "Close a task as done or skipped.",
        },
    )
    outcome = forms.ChoiceField(
        choices=[("", "No outcome"), *Outcome.choices],
        required=False,
        error_messages={"invalid_choice": "Choose one of the outcomes of a call."},
    )

    decline_reason = forms.CharField(required=False)

    def place(self) -> str:
        """Where the row is shown (the worklist when the form does not say)."""
        place = self.data.get("place", "")
        return place if place in PLACES else "worklist"


class ReassignForm(forms.Form):
    """The new owner of the ticked tasks (whose checkboxes belong to this form)."""

    owner = UserChoiceField(
        label="Reassign the ticked tasks to",
        queryset=None,
        empty_label="Choose someone",
        error_messages={
            "required": "Choose who does these tasks.",
            "invalid_choice": "Choose someone on this practice's staff.",
        },
    )

    def __init__(self, *args: Any, staff: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner: Any = self.fields["owner"]
        owner.queryset = staff

    def task_ids(self) -> list[int]:
        """The ticked tasks' ids (a box that is not a number names no task)."""
        ticked = self.data.getlist("task") if hasattr(self.data, "getlist") else []
        return [int(i) for i in ticked if str(i).isdigit() and len(str(i)) <= 18]
