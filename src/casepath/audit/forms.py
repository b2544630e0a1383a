from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from casepath.audit.models import Action
from casepath.audit.selectors import AuditFilter
from casepath.core.patient_search import chart_key
from casepath.patients.models import Patient
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

DATE = forms.DateInput(attrs={"type": "date"})


class AuditFilterForm(forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False)
    patient = forms.CharField(label="Patient chart number", required=False)
    action = forms.ChoiceField(choices=[("", "Any action"), *Action.choices], required=False)
    start = forms.DateField(label="From", required=False, widget=DATE)
    end = forms.DateField(label="To", required=False, widget=DATE)

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.practice = practice
        self.fields["user"].queryset = (
            get_user_model().objects.filter(memberships__practice=practice).order_by("username")
        )
        self.fields["user"].empty_label = "Anyone"

    def clean_patient(self) -> Patient | None:
        chart = chart_key(self.cleaned_data.get("patient") or "")
        if not chart:
            return None
        found = scoped(Patient, self.practice).filter(chart_number=chart).first()
        if found is None:
            raise forms.ValidationError(f"No patient of this practice has chart number {chart}.")
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The end date is before the start date.")
        return data

    def filter(self) -> AuditFilter:
        if not self.is_bound or not self.is_valid():
            return AuditFilter()
        data = self.cleaned_data
        return AuditFilter(
            actor_id=data["user"].pk if data.get("user") else None,
            patient_id=data["patient"].pk if data.get("patient") else None,
            action=data.get("action") or "",
            on_or_after=data.get("start"),
            on_or_before=data.get("end"),
        )

    def describe(self) -> str:
        if not self.is_bound or not self.is_valid():
            return "all rows"
        parts = [f"{k}={v}" for k, v in self.cleaned_data.items() if v]
        return ", ".join(parts) or "all rows"
