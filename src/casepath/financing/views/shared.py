"""What the financing screens share: the role check made after a record is found, and
the simple form page (a valid post calls the service; a refusal shows beside its field)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casepath.core.errors import CasepathError
from casepath.financing.forms import show_errors
from casepath.tenancy.roles import Permission


def can(request: HttpRequest, permission: Permission) -> bool:
    return bool(request.membership.can(permission))  # type: ignore[attr-defined]


def allow(request: HttpRequest, permission: Permission) -> None:
    """The role check of a page that names a record, made once the record is found (so a
    record of another practice is 404 for anyone, whatever their role)."""
    if not can(request, permission):
        raise PermissionDenied(f"Your role cannot {permission.label.lower()}.")


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    context: dict[str, Any],
    save: Callable[[], tuple[str, str]],
    template: str = "financing/form.html",
) -> HttpResponse:
    """Show `form`; on a valid post `save()` returns (message, next URL). Invalid input and
    refusals re-render with status 200."""
    if request.method == "POST" and form.is_valid():
        try:
            message, next_url = save()
        except (CasepathError, ValidationError) as refused:
            show_errors(form, refused)
        else:
            messages.success(request, message)
            return redirect(next_url)
    return render(request, template, {"form": form, **context})
