"""Reads for pre-determinations: a practice's settings, a case's requests, the work queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from casepath.core.predeterminations import Status
from casepath.predeterminations.models import (
    Predetermination,
    PredeterminationLine,
    PredeterminationSettings,
)
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import get_scoped_or_404, scoped

LIST_RELATED = ("patient", "case", "coverage__plan__carrier")


def predetermination_settings(practice: Practice) -> PredeterminationSettings:
    """The practice's rules (made with the defaults the first time)."""
    found = scoped(PredeterminationSettings, practice).first()
    if found is None:
        found = PredeterminationSettings(practice=practice)
        found.save()
    return found


def predeterminations_of_case(practice: Practice, case_id: int) -> QuerySet[Predetermination]:
    return (
        scoped(Predetermination, practice)
        .filter(case_id=case_id)
        .select_related("coverage__plan__carrier", "option")
        .prefetch_related("lines", "attachments")
        .order_by("-created_on", "-pk")
    )


def predetermination_get(practice: Practice, pk: object) -> Predetermination:
    return get_scoped_or_404(
        Predetermination, practice, pk, related=(*LIST_RELATED, "option", "created_by")
    )


def lines_of(predetermination: Predetermination) -> list[PredeterminationLine]:
    return list(
        scoped(PredeterminationLine, predetermination.practice)
        .filter(predetermination=predetermination)
        .order_by("position")
    )


@dataclass(frozen=True)
class Queue:
    """The work queue: what needs the TC's attention, each list oldest first."""

    waiting: list[Predetermination]  # sent, unanswered for more than the practice's days
    to_discuss: list[Predetermination]  # answered, not yet discussed with the patient
    expiring: list[Predetermination]  # answered, ending within the practice's days

    @property
    def count(self) -> int:
        return len(self.waiting) + len(self.to_discuss) + len(self.expiring)


def work_queue(practice: Practice, today: date, limit: int = 200) -> Queue:
    """Three lists in three queries, however many pre-determinations there are."""
    waiting, to_discuss, expiring = _queue_rows(practice, today)
    return Queue(list(waiting[:limit]), list(to_discuss[:limit]), list(expiring[:limit]))


def work_queue_count(practice: Practice, today: date) -> int:
    """`work_queue(...).count` without loading the rows (Today shows it)."""
    return sum(rows.count() for rows in _queue_rows(practice, today))


def _queue_rows(practice: Practice, today: date) -> tuple[QuerySet[Predetermination], ...]:
    rules = predetermination_settings(practice)
    rows = scoped(Predetermination, practice).select_related(*LIST_RELATED)
    waiting = rows.filter(
        status=Status.SENT, sent_on__lt=today - timedelta(days=rules.waiting_days)
    ).order_by("sent_on", "pk")
    to_discuss = rows.filter(status=Status.RECEIVED, discussed_on__isnull=True).order_by(
        "received_on", "pk"
    )
    expiring = rows.filter(
        Q(status=Status.RECEIVED),
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=rules.expiring_days),
    ).order_by("expires_on", "pk")
    return waiting, to_discuss, expiring
