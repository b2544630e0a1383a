"""Forms of the presentations section: present, make a patient link, answer a question."""

from __future__ import annotations

from django import forms

from casepath.cases.models import PresentationMode


class PresentForm(forms.Form):
    mode = forms.ChoiceField(
        label="How",
        choices=PresentationMode.choices,
        initial=PresentationMode.IN_PERSON,
        widget=forms.RadioSelect,
    )


class LinkForm(forms.Form):
    email = forms.BooleanField(
        label="E-mail the link to the patient",
        required=False,
        help_text="Plain text, in the patient's language: the link and until when it works.",
    )


class AnswerForm(forms.Form):
    note = forms.CharField(
        label="How it was answered",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. “Called back on 3/12, explained the healing time.”",
    )
