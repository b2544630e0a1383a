"""What the collections screens share: the practice, its day, who may see and record."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from casepath.scheduling.calendar_selectors import practice_today
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission


def practice(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined, no-any-return]


def today(request: HttpRequest) -> date:
    return practice_today(practice(request), timezone.now())


def can(request: HttpRequest, permission: Permission) -> bool:
    return bool(request.membership.can(permission))  # type: ignore[attr-defined]


def require_seeing(request: HttpRequest) -> None:
    """Collections are seen by whoever sees the figures or records payments."""
    if not (can(request, Permission.VIEW_REPORTS) or can(request, Permission.RECORD_PAYMENTS)):
        raise PermissionDenied("Your role cannot see collections.")
