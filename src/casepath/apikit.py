"""What every API router shares: who is calling, in which practice, the error schema.

Browsers use their session (with the CSRF header on writes); integrations send
`Authorization: Bearer <personal API token>`. Tokens are looked up by hash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Schema
from ninja.security import HttpBearer, SessionAuth

from casepath.accounts.models import ApiToken, hash_token
from casepath.accounts.two_factor import second_factor_step
from casepath.audit.models import Channel
from casepath.audit.services import client_ip
from casepath.core.errors import CasepathError, FieldError
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


_Token, _Session = TokenAuth, VerifiedSessionAuth


def entering(enter: Callable[[HttpRequest], None]) -> list[Any]:
    """Token and session sign-in that, once the user and the URL's practice are known,
    also find the record the URL names (`enter(request)`: 404 when it is another
    practice's), before any input is parsed. The classes keep the names above, so the
    OpenAPI document shows one pair of security schemes."""

    class TokenAuth(_Token):
        def authenticate(self, request: HttpRequest, token: str) -> Any:
            user = super().authenticate(request, token)
            if user:
                enter(request)
            return user

    class VerifiedSessionAuth(_Session):
        def authenticate(self, request: HttpRequest, key: str | None) -> Any:
            user = super().authenticate(request, key)
            if user:
                enter(request)
            return user

    return [TokenAuth(), VerifiedSessionAuth()]


@contextmanager
def renamed_errors(names: Mapping[str, str]) -> Iterator[None]:
    """Error paths as the API names the fields (the service says "option", the caller
    sent "option_id")."""
    try:
        yield
    except CasepathError as error:
        if not any(e.path in names for e in error.errors):
            raise  # as it is (a subclass may carry more, e.g. possible duplicates)
        raise CasepathError(
            *(FieldError(names.get(e.path, e.path), e.message) for e in error.errors)
        ) from None
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): messages for field, messages in error.message_dict.items()}
        ) from None


@contextmanager
def api_writes(request: HttpRequest, names: Mapping[str, str] | None = None) -> Iterator[None]:
    """One transaction for the service and its audit rows, which say channel API and
    the caller's address; error paths renamed as `renamed_errors`."""
    from casepath.cases.events import writes_through  # cases' routers import this module

    with (
        renamed_errors(names or {}),
        transaction.atomic(),
        writes_through(Channel.API, client_ip(request)),
    ):
        yield
