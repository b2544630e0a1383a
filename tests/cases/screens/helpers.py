"""Shared set-up for the case screens: a frozen clock, clients, and cases put in a
status directly (presenting belongs to another module, with its own tests)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from casepath.cases.models import Case, Presentation
from casepath.core.cases import CaseStatus

NOW = datetime(2026, 3, 24, 15, 0, tzinfo=UTC)  # 11 am in New York
TODAY = date(2026, 3, 24)
HTMX = {"HTTP_HX_REQUEST": "true"}


def at_status(case: Case, status: CaseStatus, **fields: Any) -> Case:
    """The case moved to `status` without the services (a fixture, not a transition)."""
    Case.objects.filter(pk=case.pk).update(status=status, **fields)
    case.refresh_from_db()
    return case


def presented(case: Case, by: Any, *, on: date = date(2026, 3, 17)) -> Presentation:
    """A presentation of the case's current plan, and the case marked presented."""
    made = Presentation.objects.create(
        practice=case.practice,
        case=case,
        number=case.presentations.count() + 1,
        presented_at=datetime(on.year, on.month, on.day, 15, tzinfo=UTC),
        presented_by=by,
        mode="in_person",
        plan_version=case.plan_version,
        estimated_on=on,
        expires_on=on + timedelta(days=30),
        snapshot={},
        fingerprint="0" * 64,
    )
    at_status(
        case,
        CaseStatus.PRESENTED,
        presented_on=on,
        expires_on=on + timedelta(days=30),
        first_presenter=by,
        last_presenter=by,
    )
    return made
