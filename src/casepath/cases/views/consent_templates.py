"""The practice's consent templates: one per procedure category and language, versioned.

Everyone who sees cases may read them; MANAGE_CASE_TEMPLATES edits. Saving makes the
next version and keeps the old one (consents name the version they were signed on).
The category and language of the edit page travel in the query string: they are not
records, and a practice that never edited a template has no row for it yet.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.text import capfirst

from casepath.cases.consent_services import (
    PARTS,
    consent_template_edit,
    consent_template_versions,
    consent_templates_of,
    template_parts,
)
from casepath.cases.forms import show_errors
from casepath.cases.models import ConsentTemplate
from casepath.core.catalog import CATEGORY_SPANS, category_words
from casepath.core.errors import CasepathError
from casepath.core.explain import LANGUAGES, default_consent
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
LINES_HELP = "One sentence a line; the patient reads them as a list."


def _lines(label: str, rows: int = 4) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows})
    return forms.CharField(label=label, widget=widget, help_text=LINES_HELP)


class ConsentTemplateForm(forms.Form):
    title = forms.CharField(max_length=120)
    risks = _lines("What can go wrong (risks)", rows=5)
    benefits = _lines("How it helps (benefits)")
    alternatives = _lines("Other choices (alternatives)")
    refusal = _lines("If the patient says no (consequences of refusal)")


@practice_view(Permission.VIEW_CASES)
def consent_templates(request: HttpRequest) -> HttpResponse:
    current = consent_templates_of(request.practice)  # type: ignore[attr-defined]
    rows = [
        {
            "category": category,
            "category_label": capfirst(category_words(category)),
            "language": language,
            "language_label": LANGUAGE_NAMES[language],
            "template": current.get((category, language)),
            "title": _title(current.get((category, language)), category, language),
        }
        for category in CATEGORY_SPANS
        for language in LANGUAGES
    ]
    context = {"rows": rows, "can_edit": _can_edit(request)}
    return render(request, "cases/consent/list.html", context)


@practice_view(Permission.VIEW_CASES)
def consent_template_edit_page(request: HttpRequest) -> HttpResponse:
    category, language = _kind(request)
    practice = request.practice  # type: ignore[attr-defined]
    versions = list(consent_template_versions(practice, category, language))
    current = next((v for v in versions if v.is_current), None)
    form = ConsentTemplateForm(initial=_initial(current, category, language))
    if request.method == "POST":
        if not _can_edit(request):
            raise PermissionDenied("Your role cannot edit consent and letter templates.")
        form = ConsentTemplateForm(request.POST)
        if form.is_valid():
            try:
                made = consent_template_edit(
                    acting_user=request.user,
                    practice=practice,
                    category=category,
                    language=language,
                    **form.cleaned_data,
                )
            except CasepathError as refused:
                show_errors(form, refused)
            else:
                messages.success(request, f"Saved version {made.version} of “{made.title}”.")
                return redirect(_edit_url(category, language))
    context = {
        "form": form,
        "category": category,
        "category_label": capfirst(category_words(category)),
        "language_label": LANGUAGE_NAMES[language],
        "versions": versions,
        "current": current,
        "can_edit": _can_edit(request),
    }
    return render(request, "cases/consent/edit.html", context)


@practice_view(Permission.VIEW_CASES)
def consent_template_version(request: HttpRequest, consent_template_id: int) -> HttpResponse:
    template = get_scoped_or_404(ConsentTemplate, request.practice, consent_template_id)  # type: ignore[attr-defined]
    context = {
        "template": template,
        "parts": template_parts(template),
        "category_label": capfirst(category_words(template.category)),
        "language_label": LANGUAGE_NAMES.get(template.language, template.language),
        "edit_url": _edit_url(template.category, template.language),
    }
    return render(request, "cases/consent/version.html", context)


def _can_edit(request: HttpRequest) -> bool:
    return bool(request.membership.can(Permission.MANAGE_CASE_TEMPLATES))  # type: ignore[attr-defined]


def _kind(request: HttpRequest) -> tuple[str, str]:
    category = request.GET.get("category", "")
    language = request.GET.get("language", "")
    if category not in CATEGORY_SPANS or language not in LANGUAGES:
        raise Http404("No such consent template")
    return category, language


def _edit_url(category: str, language: str) -> str:
    return f"{reverse('cases:consent_template_edit')}?category={category}&language={language}"


def _title(template: ConsentTemplate | None, category: str, language: str) -> str:
    return template.title if template else default_consent(category, language).title


def _initial(template: ConsentTemplate | None, category: str, language: str) -> dict[str, Any]:
    """The current version's text, or the default text a first version would have."""
    if template is not None:
        return {"title": template.title, **{p: getattr(template, p) for p in PARTS}}
    text = default_consent(category, language)
    return {"title": text.title, **{p: "\n".join(getattr(text, p)) for p in PARTS}}


urlpatterns = [
    path("templates/consent/", consent_templates, name="consent_templates"),
    path("templates/consent/edit/", consent_template_edit_page, name="consent_template_edit"),
    path(
        "templates/consent/<int:consent_template_id>/",
        consent_template_version,
        name="consent_template",
    ),
]
