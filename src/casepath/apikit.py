"""What every API router shares: who is calling, in which practice, the error schema.

Browsers use their session (with the CSRF header on writes); integrations send
`Authorization: Bearer <personal API token>`. Tokens are looked up by hash.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Schema
from ninja.security import HttpBearer, SessionAuth

from casepath.accounts.models import ApiToken, hash_token
from casepath.accounts.two_factor import second_factor_step
from casepath.tenancy.models import Membership
from casepath.tenancy.roles import Permission
from casepath.tenancy.selectors import memberships_for


class ErrorItem(Schema):
    path: str
    message: str


class ErrorEnvelope(Schema):
    errors: list[ErrorItem]


ERRORS = {401: ErrorEnvelope, 403: ErrorEnvelope, 404: ErrorEnvelope, 422: ErrorEnvelope}


class TokenAuth(HttpBearer):
    openapi_description = "A personal API token (Settings → Personal API tokens)."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at=None, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return enter_practice(request, found.user)


class VerifiedSessionAuth(SessionAuth):
    """The browser session, provided the user passed two-factor where it applies."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if (
            user is None
            or second_factor_step(user, getattr(request, "memberships", None)) is not None
        ):
            return None
        return enter_practice(request, user)


def enter_practice(request: HttpRequest, user: Any) -> Any:
    """Resolve the practice in the URL before any input is parsed: 404 for non-members.

    Running this inside authentication means an outsider learns nothing, not even
    whether their request body would have been valid.
    """
    practice_id = (
        request.resolver_match.kwargs.get("practice_id") if request.resolver_match else None
    )
    request.practice = request.membership = None  # type: ignore[attr-defined]
    if practice_id is None:
        return user
    try:
        membership = memberships_for(user).filter(practice_id=int(practice_id)).first()
    except (TypeError, ValueError):
        membership = None
    if membership is None:
        raise Http404("No such practice")
    request.practice = membership.practice  # type: ignore[attr-defined]
    request.membership = membership  # type: ignore[attr-defined]
    return user


def require(request: HttpRequest, permission: Permission) -> Membership:
    """The caller's membership of the URL's practice, if their role has `permission` (else 403)."""
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None:
        raise Http404("No such practice")
    if not membership.can(permission):
        raise PermissionDenied(f"Your role cannot {permission.label.lower()}.")
    return membership
