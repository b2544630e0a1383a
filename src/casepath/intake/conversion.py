"""Conversion of new-patient calls by where the caller heard of the practice.

Every new patient whose first call falls in the date range (the practice's days) counts
once, at the furthest step reached: booked (a first visit was booked, even if it was
later cancelled), arrived, a case presented (the intake's case was presented, or is past
presented), accepted (the case's status is accepted or later). The funnel arithmetic is
`core.intake.conversion`. One query, whatever the number of calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

from casepath.core.cases import ACCEPTED_OR_LATER, CaseStatus
from casepath.core.intake import Funnel, Inquiry, Step, by_source
from casepath.intake.models import Intake
from casepath.patients.models import ReferralSource
from casepath.scheduling.selectors import day_start, practice_zone
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

DEFAULT_DAYS: Final = 90
ALL: Final = "all"
ALL_LABEL: Final = "All sources"
PRESENTED_OR_LATER: Final = frozenset(CaseStatus) - {CaseStatus.DRAFT, CaseStatus.READY}
"""A case in one of these statuses was presented to the patient at least once."""
ACCEPTED: Final = frozenset(s.value for s in ACCEPTED_OR_LATER)
SOURCE_LABELS: Final[dict[str, str]] = dict(ReferralSource.choices) | {ALL: ALL_LABEL}


@dataclass(frozen=True)
class Row:
    source: str
    funnel: Funnel

    @property
    def label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def is_all(self) -> bool:
        return self.source == ALL


@dataclass(frozen=True)
class Conversion:
    start: date
    end: date
    rows: tuple[Row, ...]
    """One per source with calls (in ReferralSource order), then "All sources"."""

    @property
    def calls(self) -> int:
        return self.rows[-1].funnel.calls


def default_range(today: date) -> tuple[date, date]:
    """The last 90 days, today included."""
    return today - timedelta(days=DEFAULT_DAYS - 1), today


def furthest_step(
    booked_at: datetime | None,
    arrived_at: datetime | None,
    presented_on: date | None,
    case_status: str | None,
) -> Step:
    """The furthest step an intake reached, from what is on file."""
    if case_status in ACCEPTED:
        return Step.ACCEPTED
    if presented_on is not None or case_status in PRESENTED_OR_LATER:
        return Step.PRESENTED
    if arrived_at is not None:
        return Step.ARRIVED
    if booked_at is not None:
        return Step.BOOKED
    return Step.CALLED


def inquiries(practice: Practice, *, start: date, end: date) -> list[Inquiry]:
    """Each new patient whose first call was between `start` and `end` (included)."""
    zone = practice_zone(practice)
    rows: Iterable[tuple[Any, ...]] = (
        scoped(Intake, practice)
        .filter(
            call__started_at__gte=day_start(start, zone),
            call__started_at__lt=day_start(end + timedelta(days=1), zone),
        )
        .values_list(
            "call__source", "booked_at", "arrived_at", "case__presented_on", "case__status"
        )
    )
    return [Inquiry(source, furthest_step(*facts)) for source, *facts in rows]


def conversion_by_source(practice: Practice, *, start: date, end: date) -> Conversion:
    """The funnel per source (called, booked, arrived, case presented, accepted) and for
    all sources, for the calls between `start` and `end`."""
    funnels = by_source(inquiries(practice, start=start, end=end), order=ReferralSource.values)
    return Conversion(start, end, tuple(Row(f.source, f) for f in funnels))
