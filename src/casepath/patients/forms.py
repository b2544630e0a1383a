"""The patient form: what staff may type, validated field by field."""

from __future__ import annotations

from typing import Any

from django import forms

from casepath.core.patient_search import chart_key
from casepath.patients.models import Patient, Relationship
from casepath.patients.services import EDITABLE_FIELDS
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PatientForm(forms.ModelForm):
    guarantor_chart = forms.CharField(
        label="Responsible party (chart number)",
        required=False,
        help_text="Leave empty when the patient is responsible for the bill.",
    )

    class Meta:
        model = Patient
        fields = [f for f in EDITABLE_FIELDS if f != "guarantor"]
        widgets = {
            "date_of_birth": DATE,
            "sms_consent_on": DATE,
            "first_visit_on": DATE,
            "mobile_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "home_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "work_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.practice = practice
        if self.instance.guarantor_id and not self.is_bound:
            self.initial["guarantor_chart"] = self.instance.guarantor.chart_number

    def clean_guarantor_chart(self) -> Patient | None:
        chart = chart_key(self.cleaned_data.get("guarantor_chart") or "")
        if not chart:
            return None
        found = scoped(Patient, self.practice).filter(chart_number=chart).first()
        if found is None:
            raise forms.ValidationError(f"No patient of this practice has chart number {chart}.")
        if self.instance.pk and found.pk == self.instance.pk:
            raise forms.ValidationError("Leave empty when the patient is responsible.")
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("sms_consent") and not data.get("sms_consent_on"):
            self.add_error("sms_consent_on", "Give the date the patient agreed to texts.")
        if data.get("preferred_contact_method") == "sms" and not data.get("mobile_phone"):
            self.add_error("mobile_phone", "Texts need a mobile phone number.")
        if data.get("preferred_contact_method") == "email" and not data.get("email"):
            self.add_error("email", "E-mail contact needs an e-mail address.")
        return data

    def service_data(self) -> dict[str, Any]:
        """The cleaned values in the shape the patient services take."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "guarantor_chart"}
        data["guarantor"] = self.cleaned_data.get("guarantor_chart")
        return data


class FamilyLinkForm(forms.Form):
    relative_chart = forms.CharField(label="Relative's chart number", max_length=20)
    relationship = forms.ChoiceField(
        label="The relative is this patient's", choices=Relationship.choices
    )

    def __init__(self, *args: Any, patient: Patient, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.patient = patient

    def clean_relative_chart(self) -> Patient:
        chart = chart_key(self.cleaned_data.get("relative_chart") or "")
        found = scoped(Patient, self.patient.practice).filter(chart_number=chart).first()
        if found is None:
            raise forms.ValidationError(f"No patient of this practice has chart number {chart}.")
        if found.pk == self.patient.pk:
            raise forms.ValidationError("A patient cannot be their own relative.")
        return found
