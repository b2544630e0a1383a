"""Who must pass or set up the second factor (TOTP through django-otp)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from django.conf import settings
from django_otp import user_has_device

from casepath.tenancy.roles import Role


def needs_verification(user: Any) -> bool:
    """A user with a confirmed device who has not entered a code this session."""
    return bool(user_has_device(user, confirmed=True) and not user.is_verified())


def needs_enrolment(user: Any) -> bool:
    """An organization admin without a device, when the practice requires it."""
    if not settings.CASEPATH_REQUIRE_ADMIN_2FA or user_has_device(user, confirmed=True):
        return False
    return user.memberships.filter(role=Role.ORGANIZATION_ADMIN, is_active=True).exists()


def second_factor_step(
    user: Any, memberships: Sequence[Any] | None = None
) -> Literal["verify", "enrol"] | None:
    """What the user must do before anything else, with one look at their devices:
    `needs_verification` and `needs_enrolment` together (a query fewer on every page).
    `memberships`: the user's active ones when already read (a query fewer again)."""
    if user_has_device(user, confirmed=True):
        return None if user.is_verified() else "verify"
    if not settings.CASEPATH_REQUIRE_ADMIN_2FA:
        return None
    if memberships is not None:
        admin = any(m.role == Role.ORGANIZATION_ADMIN for m in memberships)
    else:
        admin = user.memberships.filter(role=Role.ORGANIZATION_ADMIN, is_active=True).exists()
    return "enrol" if admin else None
