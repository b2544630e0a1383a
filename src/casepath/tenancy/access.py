"""Decorators that every practice page goes through: signed in, member, allowed."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casepath.tenancy.roles import Permission

View = Callable[..., HttpResponse]


def practice_view(permission: Permission) -> Callable[[View], View]:
    """Require a signed-in member of the current practice whose role has `permission`."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = getattr(request, "membership", None)
            if membership is None:
                return render(request, "tenancy/no_practice.html", status=403)
            if not membership.can(permission):
                raise PermissionDenied(f"Your role cannot {permission.label.lower()}.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
