"""The new-patient board: a column per stage (core BOARD order), each card with the time
the patient has spent in that stage, oldest first; closed inquiries are a count (and a
list of their own).

Reads in a constant number of queries whatever the number of intakes: the open intakes
with their patient, call, first visit (and its provider) and coordinator in one query,
the closed count in another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from django.db.models import QuerySet
from django.utils import timezone

from casepath.core.intake import BEFORE_THE_VISIT, BOARD, LABELS, Stage
from casepath.intake.models import Intake
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

CASE_CREATED_SHOWN: Final = timedelta(days=30)
"""The "Case created" column shows the last 30 days only: the case carries on."""
BOARD_LIMIT: Final = 500
"""More open new patients than this on one board is a sign to filter; the page says so."""
CLOSED_LIMIT: Final = 200

WAITING_LONG: Final[dict[Stage, tuple[timedelta, str]]] = {
    Stage.INQUIRY: (timedelta(days=2), "No first visit booked after 2 days"),
    Stage.BOOKED: (timedelta(days=1), "No welcome package a day after booking"),
    Stage.NO_SHOW: (timedelta(days=1), "Not rebooked a day after the no-show"),
    Stage.ARRIVED: (timedelta(hours=2), "Arrived 2 hours ago and not welcomed yet"),
    Stage.WELCOMED: (timedelta(hours=2), "No needs and goals interview 2 hours after the welcome"),
    Stage.INTERVIEWED: (timedelta(hours=4), "Not handed off 4 hours after the interview"),
    Stage.HANDED_OFF: (timedelta(days=7), "No case a week after the hand-off"),
}
"""How long a card may stay in a stage before it is marked "waiting long", and why."""
VISIT_PASSED: Final = timedelta(hours=1)
"""A visit this long past with no arrival or no-show recorded is waiting long too."""


@dataclass(frozen=True)
class Card:
    intake: Intake
    in_stage: timedelta
    waiting_long: str
    """Why the card waits too long ("" when it does not)."""
    visit_at: datetime | None
    """The first visit in the practice's time zone (None when not booked)."""

    @property
    def in_stage_words(self) -> str:
        return duration_words(self.in_stage)


@dataclass(frozen=True)
class Column:
    stage: Stage
    cards: list[Card]

    @property
    def key(self) -> str:
        return self.stage.value

    @property
    def label(self) -> str:
        return LABELS[self.stage]

    @property
    def count(self) -> int:
        return len(self.cards)


@dataclass(frozen=True)
class Board:
    columns: list[Column]
    closed_count: int
    truncated: bool

    @property
    def count(self) -> int:
        return sum(column.count for column in self.columns)


def duration_words(waited: timedelta) -> str:
    """A short time in a stage: "25 min", "3 h" (under two days), "2 d"."""
    minutes = max(int(waited.total_seconds() // 60), 0)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h"
    return f"{hours // 24} d"


def waiting_long(intake: Intake, now: datetime) -> str:
    """Why `intake` has waited too long in its stage ("" when it has not)."""
    stage = Stage(intake.stage)
    visit = intake.first_visit
    if stage in BEFORE_THE_VISIT and visit is not None and visit.starts_at + VISIT_PASSED < now:
        return "The visit time has passed: record the arrival or the no-show"
    limit = WAITING_LONG.get(stage)
    if limit is not None and now - intake.stage_entered_at > limit[0]:
        return limit[1]
    return ""


def _intakes(practice: Practice, coordinator: Any, source: str | None) -> QuerySet[Intake]:
    rows = scoped(Intake, practice)
    if coordinator is not None:
        rows = rows.filter(coordinator=coordinator)
    if source:
        rows = rows.filter(call__source=source)
    return rows


def _with_card_facts(rows: QuerySet[Intake]) -> QuerySet[Intake]:
    return rows.select_related(
        "patient", "call", "first_visit", "first_visit__provider", "coordinator"
    ).defer("insurance_member_id")


def board(
    practice: Practice,
    *,
    now: datetime,
    coordinator: Any = None,
    source: str | None = None,
) -> Board:
    """The practice's open new patients by stage, oldest in stage first (filtered by
    coordinator and by where they heard of us), and how many inquiries were closed."""
    rows = _intakes(practice, coordinator, source)
    shown = (
        rows.filter(stage__in=[s.value for s in BOARD])
        .exclude(stage=Stage.CASE_CREATED, stage_entered_at__lt=now - CASE_CREATED_SHOWN)
        .order_by("stage_entered_at", "pk")
    )
    found = list(_with_card_facts(shown)[: BOARD_LIMIT + 1])
    zone = practice_zone(practice)
    by_stage: dict[str, list[Card]] = {s.value: [] for s in BOARD}
    for intake in found[:BOARD_LIMIT]:
        by_stage[intake.stage].append(_card(intake, now, zone))
    return Board(
        columns=[Column(stage, by_stage[stage.value]) for stage in BOARD],
        closed_count=rows.filter(stage=Stage.CLOSED).count(),
        truncated=len(found) > BOARD_LIMIT,
    )


def closed_intakes(
    practice: Practice, *, now: datetime, coordinator: Any = None, source: str | None = None
) -> list[Card]:
    """Closed inquiries (not coming), the most recently closed first."""
    rows = _intakes(practice, coordinator, source).filter(stage=Stage.CLOSED)
    zone = practice_zone(practice)
    found = _with_card_facts(rows.order_by("-stage_entered_at", "-pk"))[:CLOSED_LIMIT]
    return [_card(intake, now, zone, mark=False) for intake in found]


def _card(intake: Intake, now: datetime, zone: Any, *, mark: bool = True) -> Card:
    visit = intake.first_visit
    return Card(
        intake=intake,
        in_stage=max(now - intake.stage_entered_at, timedelta(0)),
        waiting_long=waiting_long(intake, now) if mark else "",
        visit_at=timezone.localtime(visit.starts_at, zone) if visit is not None else None,
    )
