"""The plan form: who the plan is with, and its benefit design."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from casepath.insurance import selectors
from casepath.insurance.forms.benefits import BenefitDesign
from casepath.insurance.forms.fields import form_errors
from casepath.insurance.models import InsurancePlan, PlanType
from casepath.tenancy.models import Practice

PLAN_FIELDS = (
    "carrier",
    "employer",
    "group_name",
    "group_number",
    "plan_type",
    "benefit_year_start_month",
    "allowed_fees",
)
MONTHS = [
    (n, name)
    for n, name in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        start=1,
    )
]
COPAY_TYPES = (PlanType.FLAT_COPAY, PlanType.CAPITATION)


class PlanForm(forms.ModelForm):
    benefit_year_start_month = forms.TypedChoiceField(
        label="Benefit year starts in", choices=MONTHS, coerce=int, initial=1
    )

    class Meta:
        model = InsurancePlan
        fields = PLAN_FIELDS
        labels = {"allowed_fees": "PPO allowed fee schedule", "plan_type": "Plan type"}
        help_texts = {"group_name": "As printed on the card, when it differs from the employer."}

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Most dental plans sold in the US are PPOs; the TC changes it when the card says so.
        self.fields["plan_type"].initial = PlanType.PPO
        self.fields["carrier"].queryset = selectors.carriers_of(practice)  # type: ignore[attr-defined]
        allowed = self.fields["allowed_fees"]
        allowed.queryset = selectors.ppo_fee_schedules(practice)  # type: ignore[attr-defined]
        allowed.empty_label = "None (office fees)"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("plan_type") != PlanType.PPO:
            data["allowed_fees"] = None  # the field is hidden for other plan types
        return data


class PlanEditor:
    """The plan form and its benefit design, validated and shown together."""

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        practice: Practice,
        plan: InsurancePlan | None = None,
        design: Mapping[str, Any] | None = None,
        initial: Mapping[str, Any] | None = None,
    ) -> None:
        self.plan = PlanForm(data, instance=plan, practice=practice, initial=initial)
        self.benefits = BenefitDesign(data, design=design)

    def is_valid(self) -> bool:
        return all([self.plan.is_valid(), self.benefits.is_valid()])

    def plan_data(self) -> dict[str, Any]:
        return {name: self.plan.cleaned_data.get(name) for name in PLAN_FIELDS}

    def design(self) -> dict[str, Any]:
        design = self.benefits.design()
        if self.plan.cleaned_data.get("plan_type") not in COPAY_TYPES:
            design["copays"] = {}  # the copay rows are hidden for other plan types
        return design

    def errors(self) -> list[tuple[str, str]]:
        """(field id, message) for the list of problems above the form."""
        return form_errors(self.plan) + self.benefits.errors()
