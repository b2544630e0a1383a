"""The directory of providers who send us patients or take ours: search, add, change,
take out of use; each provider's page with its referrals both ways and their counts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.cases.forms import show_errors
from casepath.core.errors import CasepathError
from casepath.referrals import selectors, services
from casepath.referrals.forms import ActiveForm, DirectorySearchForm, ProviderForm
from casepath.referrals.models import ReferringProvider
from casepath.referrals.services import local_day
from casepath.tenancy.access import practice_view
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission
from casepath.web.htmx import is_partial


def _practice(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined, no-any-return]


def _can_edit(request: HttpRequest) -> bool:
    return bool(request.membership.can(Permission.EDIT_PATIENTS))  # type: ignore[attr-defined]


@practice_view(Permission.VIEW_PATIENTS)
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET)
    form.is_valid()
    text = form.cleaned_data.get("q") or ""
    include_inactive = bool(form.cleaned_data.get("inactive"))
    context = {
        "form": form,
        "q": text,
        "providers": selectors.directory_search(
            _practice(request), text, include_inactive=include_inactive
        ),
        "most": selectors.MOST_ROWS,
        "can_edit": _can_edit(request),
    }
    if is_partial(request):
        return render(request, "referrals/_directory_rows.html", context)
    return render(request, "referrals/directory.html", context)


@practice_view(Permission.EDIT_PATIENTS)
def provider_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _form(request, ProviderForm(), None)
    form = ProviderForm(request.POST)
    if form.is_valid():
        try:
            provider = services.provider_create(
                practice=_practice(request), acting_user=request.user, data=form.cleaned_data
            )
        except (CasepathError, ValidationError) as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{provider.name} is in the directory.")
            return redirect("referrals:provider", referring_id=provider.pk)
    return _form(request, form, None)


@practice_view(Permission.EDIT_PATIENTS)
def provider_edit(request: HttpRequest, referring_id: int) -> HttpResponse:
    provider = selectors.provider_get(_practice(request), referring_id)
    if request.method != "POST":
        return _form(request, ProviderForm.of(provider), provider)
    form = ProviderForm(request.POST)
    if form.is_valid():
        try:
            services.provider_update(
                provider=provider, acting_user=request.user, data=form.cleaned_data
            )
        except (CasepathError, ValidationError) as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{provider.name}: saved.")
            return redirect("referrals:provider", referring_id=provider.pk)
    return _form(request, form, provider)


def _form(
    request: HttpRequest, form: ProviderForm, provider: ReferringProvider | None
) -> HttpResponse:
    return render(request, "referrals/provider_form.html", {"form": form, "provider": provider})


@practice_view(Permission.VIEW_PATIENTS)
def provider_page(request: HttpRequest, referring_id: int) -> HttpResponse:
    practice = _practice(request)
    provider = selectors.provider_get(practice, referring_id)
    today = local_day(practice, timezone.now())
    referrals = selectors.provider_referrals(provider)
    audit_request(
        request,
        action=Action.VIEW,
        target=provider,
        summary=f"Opened the referrals of {provider} ({len(referrals)} shown)",
    )
    context = {
        "provider": provider,
        "figures": selectors.provider_figures(provider, today),
        "referrals": referrals,
        "inbound": [r for r in referrals if r.direction == "in"],
        "outbound": [r for r in referrals if r.direction == "out"],
        "today": today,
        "can_edit": _can_edit(request),
    }
    return render(request, "referrals/provider.html", context)


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def provider_active(request: HttpRequest, referring_id: int) -> HttpResponse:
    provider = selectors.provider_get(_practice(request), referring_id)
    form = ActiveForm(request.POST)
    active = bool(form.is_valid() and form.cleaned_data["active"])
    services.provider_set_active(provider=provider, acting_user=request.user, active=active)
    if active:
        messages.success(request, f"{provider.name} is back in use.")
    else:
        messages.success(
            request,
            f"{provider.name} is out of use: kept with their referrals, "
            "no longer offered for new ones.",
        )
    return redirect("referrals:provider", referring_id=provider.pk)


urlpatterns = [
    path("directory/", directory, name="directory"),
    path("directory/new/", provider_new, name="provider_new"),
    path("directory/<int:referring_id>/", provider_page, name="provider"),
    path("directory/<int:referring_id>/edit/", provider_edit, name="provider_edit"),
    path("directory/<int:referring_id>/in-use/", provider_active, name="provider_active"),
]
