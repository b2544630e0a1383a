"""Idle logoff and the two-factor gate, applied to every signed-in request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from casepath.accounts.two_factor import needs_enrolment, needs_verification

LAST_SEEN_KEY = "casepath_last_seen"


class IdleLogoffMiddleware:
    """Sign the user out after CASEPATH_IDLE_SECONDS without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and _session_is_web(request):
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.CASEPATH_IDLE_SECONDS:
                logout(request)
                return redirect(f"{reverse('accounts:login')}?idle=1&next={request.path}")
            request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def _session_is_web(request: HttpRequest) -> bool:
    return not request.path.startswith("/static/")


EXEMPT_PREFIXES = ("/accounts/", "/static/", "/api/")


class TwoFactorMiddleware:
    """Ask for the second factor of users who set it up; make org admins set it up.

    Users with a confirmed TOTP device must pass it after the password. When
    CASEPATH_REQUIRE_ADMIN_2FA is on (always, outside demo mode), an organization
    admin without a device is sent to set one up before anything else.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or request.path.startswith(EXEMPT_PREFIXES):
            return self.get_response(request)
        if needs_verification(user):
            return redirect(f"{reverse('accounts:verify')}?next={request.path}")
        if needs_enrolment(user):
            return redirect("accounts:two_factor")
        return self.get_response(request)
