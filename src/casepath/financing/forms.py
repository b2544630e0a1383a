"""Forms about a patient's financing: a payment plan, a payment, an application to a
lender and its answer, a membership enrolment. Forms parse; services decide."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from casepath.cases.selectors import cases_of
from casepath.core.errors import CasepathError
from casepath.financing.models import (
    ApplicationStatus,
    FinancialPolicy,
    Frequency,
    LenderProduct,
    MembershipPlan,
    PaymentMethod,
)
from casepath.financing.plan_services import add_months
from casepath.financing.selectors import lender_products, membership_plans
from casepath.patients.models import Patient
from casepath.web.forms import add_service_errors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _money(label: str, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, **kwargs)


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE, **kwargs)


def show_errors(form: forms.BaseForm, error: Exception) -> None:
    """A service's refusal beside the field it names (or above the form)."""
    if isinstance(error, ValidationError):
        add_service_errors(form, error)
        return
    assert isinstance(error, CasepathError)
    for problem in error.errors:
        form.add_error(problem.path if problem.path in form.fields else None, problem.message)


class CaseChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.get_status_display().lower()})"


def _case_field(patient: Patient) -> CaseChoiceField:
    cases = cases_of(patient.practice).filter(patient=patient)
    return CaseChoiceField(
        label="For the case", queryset=cases, required=False, empty_label="No case"
    )


class PaymentPlanForm(forms.Form):
    total = _money("Total the patient owes")
    down_payment = _money("Down payment", initial=0)
    apr_percent = forms.DecimalField(label="APR (%)", max_digits=5, decimal_places=2)
    frequency = forms.ChoiceField(label="How often", choices=Frequency.choices)
    agreement_date = _date("Agreement date")
    first_payment_date = _date("First payment due")
    number_of_payments = forms.IntegerField(label="Number of payments", required=False, min_value=1)
    payment_amount = _money("Or: payment amount", required=False)
    interest_free_days = forms.IntegerField(
        label="Days before interest starts", min_value=0, initial=0
    )

    def __init__(
        self, *args: Any, patient: Patient, policy: FinancialPolicy, today: date, **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "apr_percent": policy.apr_percent,
                "frequency": Frequency.MONTHLY,
                "agreement_date": today,
                "first_payment_date": add_months(today, 1),
                "down_payment": 0,
                "interest_free_days": 0,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["case"] = _case_field(patient)

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class PaymentForm(forms.Form):
    amount = _money("Amount")
    paid_on = _date("Paid on")
    method = forms.ChoiceField(label="Method", choices=PaymentMethod.choices)
    note = forms.CharField(label="Note", required=False, max_length=200)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"paid_on": today, "method": PaymentMethod.CARD})
        kwargs.setdefault("auto_id", "payment_%s")
        super().__init__(*args, **kwargs)


class ApplicationForm(forms.Form):
    lender = forms.ModelChoiceField(label="Lender product", queryset=LenderProduct.objects.none())
    amount = _money("Amount applied for")
    submitted_on = _date("Submitted on")

    def __init__(self, *args: Any, patient: Patient, today: date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"submitted_on": today})
        super().__init__(*args, **kwargs)
        self.fields["lender"].queryset = lender_products(  # type: ignore[attr-defined]
            patient.practice, offered_only=True
        )
        self.fields["case"] = _case_field(patient)


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ApplicationStatus.choices)
    approved_amount = _money("Approved amount", required=False)
    decided_on = _date("Answered on", required=False)


class EnrolForm(forms.Form):
    plan = forms.ModelChoiceField(label="Membership plan", queryset=MembershipPlan.objects.none())
    starts_on = _date("Starts on")
    fee_paid = _money("Fee paid", required=False, help_text="Leave empty for the plan's fee.")

    def __init__(self, *args: Any, patient: Patient, today: date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"starts_on": today})
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = membership_plans(  # type: ignore[attr-defined]
            patient.practice, offered_only=True
        )
