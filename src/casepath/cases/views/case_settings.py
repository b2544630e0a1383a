"""The practice's case rules: how long a presented case and a patient link stay open."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from casepath.cases import services
from casepath.cases.forms import show_errors
from casepath.cases.models import CaseSettings
from casepath.cases.selectors import case_settings
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission


class CaseSettingsForm(forms.ModelForm):
    class Meta:
        model = CaseSettings
        fields = ["expiry_days", "link_days"]
        labels = {
            "expiry_days": "Days a presented case waits for a decision",
            "link_days": "Days a patient link stays open",
        }


@practice_view(Permission.MANAGE_PRACTICE)
def case_rules(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    form = CaseSettingsForm(request.POST or None, instance=case_settings(practice))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_settings_update(
                acting_user=request.user,
                practice=practice,
                expiry_days=form.cleaned_data["expiry_days"],
                link_days=form.cleaned_data["link_days"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Saved the case rules.")
            return redirect("cases:rules")
    return render(request, "cases/rules.html", {"form": form})


urlpatterns = [path("rules/", case_rules, name="rules")]
