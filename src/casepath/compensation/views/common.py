"""What the compensation screens share: the practice, today there, the month asked for."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from casepath.compensation.forms import PeriodForm, month_before
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission


def practice_of(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined, no-any-return]


def today(practice: Practice) -> date:
    return timezone.localtime(timezone.now(), practice_zone(practice)).date()


def can_manage(request: HttpRequest) -> bool:
    return bool(request.membership.can(Permission.MANAGE_COMPENSATION))  # type: ignore[attr-defined]


def require_manager(request: HttpRequest) -> None:
    """After the record is found: routes naming a record check the manager's permission
    only once the record is known to be this practice's, so an outsider sees 404."""
    if not can_manage(request):
        raise PermissionDenied(f"Your role cannot {Permission.MANAGE_COMPENSATION.label.lower()}.")


def period_of(request: HttpRequest, data: object) -> tuple[PeriodForm, tuple[date, date] | None]:
    """The month of `data` (GET or POST), last month when none is given, or None with
    the form's error when the month is written wrong."""
    form = PeriodForm(data)
    if not form.is_valid():
        return form, None
    return form, form.cleaned_data["period"] or month_before(today(practice_of(request)))
