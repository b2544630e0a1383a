"""The practice's pre-determination settings: how long answers hold, when the work queue
flags a request, and the billing NPI and tax ID the requests carry."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from casepath.cases.forms import show_errors
from casepath.core.errors import CasepathError
from casepath.core.predeterminations import MAX_DEFAULT_MONTHS, MIN_DEFAULT_MONTHS
from casepath.predeterminations.rules_services import (
    MAX_DAYS,
    MIN_DAYS,
    Rules,
    predetermination_settings_update,
    values_of,
)
from casepath.predeterminations.selectors import predetermination_settings
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission


def _number(label: str, low: int, high: int, help_text: str) -> forms.IntegerField:
    """The range is a hint for the browser; the service checks it with the other fields."""
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"min": low, "max": high}),
    )


class SettingsForm(forms.Form):
    expiry_months = _number(
        "Months an answer holds",
        MIN_DEFAULT_MONTHS,
        MAX_DEFAULT_MONTHS,
        "When the payer's answer gives no end date.",
    )
    waiting_days = _number(
        "Days before a request is waiting too long",
        MIN_DAYS,
        MAX_DAYS,
        "A request unanswered for longer shows in the work queue.",
    )
    expiring_days = _number(
        "Days before an answer expires to show it",
        MIN_DAYS,
        MAX_DAYS,
        "An answer that ends within this many days shows as expiring soon.",
    )
    billing_npi = forms.CharField(
        label="Billing NPI",
        required=False,
        max_length=20,
        help_text="The practice's organization NPI (10 digits), needed for electronic requests.",
    )
    tax_id = forms.CharField(
        label="Tax ID (TIN)",
        required=False,
        max_length=20,
        help_text="9 digits, printed on the requests.",
    )


@practice_view(Permission.MANAGE_PRACTICE)
def rules(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    saved = predetermination_settings(practice)
    form = SettingsForm(request.POST or None, initial=values_of(saved))
    if request.method == "POST" and form.is_valid():
        try:
            predetermination_settings_update(
                acting_user=request.user, practice=practice, rules=Rules(**form.cleaned_data)
            )
        except CasepathError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Saved the pre-determination settings.")
            return redirect("predeterminations:rules")
    return render(request, "predeterminations/rules/rules.html", {"form": form})


urlpatterns = [path("settings/", rules, name="rules")]
