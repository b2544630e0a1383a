"""The practice's default definitions for its acceptance figures (managers): when a
case counts as accepted, and which TC a case belongs to. Each choice is explained in
the words the dashboard and the monthly report print."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from casepath.core.metrics import (
    ACCEPTED_LABELS,
    DEFINITION_TEXT,
    PRESENTER_LABELS,
    AcceptedMeans,
    PresenterRule,
)
from casepath.reports.forms import DefinitionsForm
from casepath.reports.selectors import metric_settings
from casepath.reports.settings_services import metric_settings_save
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.web.forms import add_service_errors


@practice_view(Permission.MANAGE_PRACTICE)
def definitions_page(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    chosen = metric_settings(practice)
    initial = {
        "accepted_means": chosen.accepted_means.value,
        "presenter_rule": chosen.presenter_rule.value,
    }
    form = DefinitionsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        wanted = form.definitions()
        try:
            metric_settings_save(
                practice=practice,
                accepted_means=wanted.accepted_means,
                presenter_rule=wanted.presenter_rule,
                acting_user=request.user,
            )
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, "Saved: the acceptance figures now use these definitions.")
            return redirect("reports:definitions")
    selected = form["accepted_means"].value(), form["presenter_rule"].value()
    context = {
        "form": form,
        "accepted": [
            (m.value, ACCEPTED_LABELS[m], DEFINITION_TEXT[m], m.value == selected[0])
            for m in AcceptedMeans
        ],
        "presenters": [
            (r.value, PRESENTER_LABELS[r], r.value == selected[1]) for r in PresenterRule
        ],
    }
    return render(request, "reports/definitions.html", context)


urlpatterns = [path("definitions/", definitions_page, name="definitions")]
