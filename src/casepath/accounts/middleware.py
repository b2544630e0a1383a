"""Idle logoff and the two-factor gate, applied to every signed-in request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django_htmx.http import HttpResponseClientRedirect

from casepath.accounts.two_factor import second_factor_step

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
                return _back_to_sign_in(request)
            # Saved at most every tenth of the idle limit (60 s at most): a case page loads
            # its sections together, and each session save is a database write.
            if LAST_SEEN_KEY not in request.session or now - last_seen >= _last_seen_step():
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def _last_seen_step() -> float:
    return min(60.0, settings.CASEPATH_IDLE_SECONDS / 10)


def _back_to_sign_in(request: HttpRequest) -> HttpResponse:
    """The login page saying why, then back to the page, if a browser can open it again.

    Not back to a POST (idle.js posts the logout form, and GET /accounts/logout/ is a
    405), and not into an htmx fragment: htmx would swap the login page into the target.
    """
    query = QueryDict(mutable=True)
    query["idle"] = "1"
    if request.headers.get("HX-Request"):
        return HttpResponseClientRedirect(f"{reverse('accounts:login')}?{query.urlencode()}")
    if request.method == "GET" and not request.path.startswith(EXEMPT_PREFIXES):
        query["next"] = request.get_full_path()
    return redirect(f"{reverse('accounts:login')}?{query.urlencode(safe='/')}")


def _session_is_web(request: HttpRequest) -> bool:
    return not request.path.startswith("/static/")


EXEMPT_PREFIXES = ("/accounts/", "/static/", "/api/")
# What a user may open between password and second factor. Not the rest of /accounts/:
# a token minted there would reach the API without the second factor. The API checks
# the session itself (apikit.VerifiedSessionAuth).
BEFORE_SECOND_FACTOR = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/verify/",
    "/accounts/two-factor/",
    "/accounts/keepalive/",
    "/accounts/password/",
    "/static/",
    "/api/",
)


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
        if not user.is_authenticated or request.path.startswith(BEFORE_SECOND_FACTOR):
            return self.get_response(request)
        step = second_factor_step(user, getattr(request, "memberships", None))
        if step == "verify":
            return redirect(f"{reverse('accounts:verify')}?next={request.path}")
        if step == "enrol":
            return redirect("accounts:two_factor")
        return self.get_response(request)


class NoStoreMiddleware:
    """Signed-in pages hold patient data: browsers and proxies must not keep them,
    so that Back after signing out shows nothing from the cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
