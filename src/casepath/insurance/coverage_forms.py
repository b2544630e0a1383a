"""Forms of the Insurance tab: coverage, eligibility check, benefits used, FHIR import."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from casepath.insurance.coverage_selectors import patient_coverages, subscriber_choices
from casepath.insurance.models import (
    BenefitUseKind,
    Coverage,
    Ordinal,
    SubscriberRelationship,
    VerificationMethod,
)
from casepath.insurance.selectors import plans_of
from casepath.patients.models import Patient

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OUTSIDE = "outside"
MAX_UPLOAD_BYTES = 1_000_000


def _money(label: str, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, max_digits=9, decimal_places=2, min_value=Decimal(0)
    )


class CoverageForm(forms.Form):
    plan = forms.ModelChoiceField(queryset=None, empty_label="Choose a plan")  # type: ignore[arg-type]
    ordinal = forms.TypedChoiceField(label="Order", choices=Ordinal.choices, coerce=int)
    member_id = forms.CharField(label="Member ID", max_length=40)
    subscriber = forms.ChoiceField(label="Subscriber (who holds the plan)")
    relationship = forms.ChoiceField(
        label="The patient is the subscriber's", choices=SubscriberRelationship.choices
    )
    subscriber_name = forms.CharField(
        label="Subscriber's name", required=False, help_text="Only for someone not a patient here."
    )
    subscriber_birth_date = forms.DateField(
        label="Subscriber's date of birth", required=False, widget=DATE
    )
    group_number = forms.CharField(
        label="Group number",
        max_length=40,
        required=False,
        help_text="Leave empty to use the plan's group number.",
    )
    effective_date = forms.DateField(widget=DATE)
    end_date = forms.DateField(required=False, widget=DATE)

    def __init__(
        self, *args: Any, patient: Patient, coverage: Coverage | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.patient = patient
        self.fields["plan"].queryset = plans_of(patient.practice)  # type: ignore[attr-defined]
        people = subscriber_choices(patient)
        self.subscribers = {str(p.pk): p for p in people}
        self.fields["subscriber"].choices = [
            (str(patient.pk), f"The patient ({patient.display_name})"),
            *((str(p.pk), f"{p.display_name} ({p.chart_number})") for p in people[1:]),
            (OUTSIDE, "Someone who is not a patient here"),
        ]
        if coverage is not None and not self.is_bound:
            self.initial |= _initial(coverage)

    def clean_subscriber(self) -> Patient | None:
        choice = self.cleaned_data["subscriber"]
        return None if choice == OUTSIDE else self.subscribers[choice]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["subscriber_name"] = data["subscriber_name"] if data["subscriber"] is None else ""
        return data


def _initial(coverage: Coverage) -> dict[str, Any]:
    subscriber = str(coverage.subscriber_id) if coverage.subscriber_id else OUTSIDE
    fields = ("plan", "ordinal", "member_id", "relationship", "subscriber_name")
    more = ("subscriber_birth_date", "group_number", "effective_date", "end_date")
    return {f: getattr(coverage, f) for f in (*fields, *more)} | {"subscriber": subscriber}


class EligibilityCheckForm(forms.Form):
    checked_on = forms.DateField(label="Verified on", widget=DATE)
    method = forms.ChoiceField(
        choices=[c for c in VerificationMethod.choices if c[0] != VerificationMethod.FHIR]
    )
    is_active = forms.BooleanField(label="Coverage is active", required=False, initial=True)
    remaining_maximum = _money("Remaining annual maximum")
    deductible_met = _money("Deductible met so far")
    frequencies_used = forms.CharField(
        label="Frequencies used",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: 1 of 2 cleanings used; bitewings 08/2025.",
    )
    waiting_periods = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reference_number = forms.CharField(label="Call reference", max_length=60, required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_check_due = forms.DateField(
        required=False, widget=DATE, help_text="Leave empty for 30 days after this check."
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["checked_on"].initial = today

    def clean_checked_on(self) -> date:
        day: date = self.cleaned_data["checked_on"]
        if day > self.today:
            raise forms.ValidationError("A verification cannot be dated in the future.")
        return day


class BenefitUseForm(forms.Form):
    kind = forms.ChoiceField(label="Paid or pending", choices=BenefitUseKind.choices)
    code = forms.CharField(label="Procedure code", max_length=5)
    service_date = forms.DateField(label="Date of service", widget=DATE)
    tooth = forms.CharField(max_length=2, required=False)
    insurance_amount = _money("Insurance paid (or estimate if pending)", required=True)
    deductible_applied = _money("Deductible applied")
    family_member = forms.BooleanField(label="Another family member's service", required=False)

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["deductible_applied"] = data["deductible_applied"] or Decimal("0.00")
        return data


class UsedAdjustmentsForm(forms.Form):
    used_annual_max_adjustment = _money("Annual maximum used (not itemised)", required=True)
    used_deductible_adjustment = _money("Deductible met (not itemised)", required=True)


class FhirImportForm(forms.Form):
    json_text = forms.CharField(
        label="Paste the FHIR JSON", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    json_file = forms.FileField(label="or choose a .json file", required=False)
    plan = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        required=False,
        empty_label="Match by the file's carrier and group",
        help_text="For a Coverage: the plan to use when the file's carrier does not match one.",
    )
    coverage = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        required=False,
        empty_label="Match by the file (else the primary coverage)",
        help_text="For an eligibility response: the coverage it answers for.",
    )

    def __init__(self, *args: Any, patient: Patient, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans_of(patient.practice)  # type: ignore[attr-defined]
        self.fields["coverage"].queryset = patient_coverages(patient)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("json_file")
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                self.add_error("json_file", "The file is larger than 1 MB; is it the right one?")
                return data
            try:
                data["json_text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("json_file", "The file is not UTF-8 text.")
        if not (data.get("json_text") or "").strip() and not self.errors:
            self.add_error("json_text", "Paste the JSON or choose a file.")
        return data
