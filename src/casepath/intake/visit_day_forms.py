"""Forms of the visit day: readiness ticks, the welcome (and tour), the needs and goals
interview, and the hand-off to the provider. Required fields say what to write in the
same words as the services."""

from __future__ import annotations

from typing import Any

from django import forms

from casepath.cases.forms import in_house
from casepath.intake.models import Intake
from casepath.tenancy.models import Practice, Provider

TEXT = {"rows": 3}


class ReadinessForm(forms.Form):
    """All three ticks are posted together: a box left unticked is unticked."""

    chart_prepared = forms.BooleanField(label="Chart prepared", required=False)
    forms_received = forms.BooleanField(label="Forms received", required=False)
    insurance_verified = forms.BooleanField(label="Insurance verified", required=False)


class WelcomedForm(forms.Form):
    tour_given = forms.BooleanField(label="Tour given", required=False)


class InterviewForm(forms.Form):
    chief_concern = forms.CharField(
        label="Chief concern",
        help_text="In the patient's words.",
        widget=forms.Textarea(attrs=TEXT),
        error_messages={"required": "Write down the chief concern in the patient's words."},
    )
    goals = forms.CharField(
        label="Goals for their teeth, mouth and smile",
        widget=forms.Textarea(attrs=TEXT),
        error_messages={"required": "Write down the patient's goals in the patient's words."},
    )
    fears = forms.CharField(
        label="Fears or anxiety", required=False, widget=forms.Textarea(attrs=TEXT)
    )
    needs = forms.CharField(
        label="Needs",
        required=False,
        help_text="What the patient needs from us.",
        widget=forms.Textarea(attrs=TEXT),
    )
    what_matters = forms.CharField(
        label="What matters most",
        required=False,
        max_length=200,
        help_text="Looks, comfort, chewing, keeping their teeth, time, cost.",
    )

    @classmethod
    def for_intake(cls, intake: Intake) -> InterviewForm:
        """Blank, with what the TC heard on the call (or at an earlier interview)."""
        return cls(initial={name: getattr(intake, name) for name in cls.base_fields})


class HandOffForm(forms.Form):
    provider = forms.ModelChoiceField(
        label="Hand off to",
        queryset=Provider.objects.none(),
        empty_label="Choose the provider",
        error_messages={
            "required": "Choose the provider who does the clinical assessment.",
            "invalid_choice": "Choose a provider of this practice.",
        },
    )
    note = forms.CharField(
        label="Hand-off note",
        help_text="What the provider reads first: concern, goals, fears, what matters most.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write the hand-off note the provider reads first."},
    )

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = in_house(practice)  # type: ignore[attr-defined]

    @classmethod
    def for_intake(cls, intake: Intake, practice: Practice) -> HandOffForm:
        """Blank, with the first visit's provider and a suggested note."""
        visit = intake.first_visit
        initial = {"provider": visit.provider_id if visit else None, "note": suggested_note(intake)}
        return cls(practice=practice, initial=initial)


def suggested_note(intake: Intake) -> str:
    """A first draft of the hand-off note, from what the TC heard."""
    lines = [
        ("Chief concern", intake.chief_concern),
        ("Goals", intake.goals),
        ("Fears or anxiety", intake.fears),
        ("Needs", intake.needs),
        ("What matters most", intake.what_matters),
    ]
    return "\n".join(f"{label}: {text.strip()}" for label, text in lines if text.strip())
