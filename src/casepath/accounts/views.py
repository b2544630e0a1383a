"""Sign in and out, the second factor, API tokens and the Settings page."""

from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from casepath.accounts import selectors, services
from casepath.accounts.forms import CodeForm, TokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["idle"] = self.request.GET.get("idle") == "1"
        return context


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        idle = request.POST.get("idle") == "1"
        response = super().post(request, *args, **kwargs)
        return redirect("/accounts/login/?idle=1") if idle else response


def keepalive(request: HttpRequest) -> HttpResponse:
    """Touch the session so the idle timer starts again ("Stay signed in")."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return HttpResponse(status=204)


def _safe_next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if ok else "/"


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in for a user with an authenticator app."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("code", "That code is not right or has expired; try the current one.")
    return render(request, "accounts/verify.html", {"form": form, "next": _safe_next(request)})


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code, then type one code to confirm."""
    if request.user.totpdevice_set.filter(confirmed=True).exists():  # type: ignore[union-attr]
        return render(request, "accounts/two_factor_on.html")
    device = services.totp_device_pending(acting_user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if services.totp_device_confirm(acting_user=request.user, device=device, code=code):
            otp_login(request, device)
            messages.success(request, "Two-step sign-in is on.")
            return redirect("accounts:settings")
        form.add_error("code", "That code does not match; check the time on your phone.")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR code")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request, "accounts/two_factor.html", {"form": form, "qr_svg": qr_svg, "secret": secret}
    )


@login_required
def settings_home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/settings.html")


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        _, raw = services.api_token_create(acting_user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    rows = selectors.api_tokens_of(request.user)
    return render(request, "accounts/tokens.html", {"form": form, "tokens": rows, "raw": raw})


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.api_token_of(request.user, token_id)
    services.api_token_revoke(acting_user=request.user, token=token)
    messages.success(request, f"Token “{token.name}” revoked; it no longer works.")
    return redirect("accounts:tokens")
