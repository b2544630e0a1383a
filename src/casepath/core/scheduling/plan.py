"""What the scheduler is given and what it answers, in plain data (no database).

The app turns an accepted case into `Visit`s (one appointment each: its length, the
providers who may do it, its phase, its kind, the teeth), the sequencing `Gap`s between
them (phase order, healing days, the practice's rules), the providers' free `Window`s
over the horizon (working hours, minus days off, minus what is booked), and the
patient's `Preferences`. The solver (solver.py) answers a `Proposal`, or raises
`Unschedulable` with the reasons in words. `conflicts` (conflicts.py) checks a plan the
TC adjusted before it is booked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo

from casepath.core.errors import CasepathError, FieldError
from casepath.core.scheduling.kinds import VisitKind


@dataclass(frozen=True)
class Visit:
    key: str
    label: str
    minutes: int
    providers: tuple[int, ...]
    phase: int
    kind: VisitKind = VisitKind.OTHER
    teeth: frozenset[str] = frozenset()
    earliest: date | None = None
    """Not before this day (e.g. the next benefit year when the plan is split)."""
    also: frozenset[VisitKind] = frozenset()
    """The other kinds of procedure done at this visit (an implant crown seated at the
    visit of two crowns): the sequencing rules apply to them too."""

    @property
    def kinds(self) -> frozenset[VisitKind]:
        return self.also | {self.kind}


@dataclass(frozen=True)
class Gap:
    """`after` starts at least `min_days` days (calendar days, in the practice's zone)
    after `before` starts, and at most `max_days` when given; 0 days: later the same day
    or after."""

    before: str
    after: str
    min_days: int
    why: str
    max_days: int | None = None
    because: str = ""
    """The reason alone ("the bone graft heals"), for messages that say the days
    themselves; `why` is the whole sentence."""


@dataclass(frozen=True)
class Window:
    """A provider is free from `start` to `end` (aware datetimes)."""

    provider: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Preferences:
    weekdays: frozenset[int] = frozenset(range(7))
    """Monday is 0."""
    earliest: time | None = None
    latest: time | None = None
    """The visit ends by then."""

    def any(self) -> bool:
        return self.weekdays != frozenset(range(7)) or bool(self.earliest or self.latest)


@dataclass(frozen=True)
class Request:
    visits: tuple[Visit, ...]
    gaps: tuple[Gap, ...]
    free: tuple[Window, ...]
    zone: tzinfo
    not_before: datetime
    until: datetime
    preferences: Preferences = field(default_factory=Preferences)
    patient_busy: tuple[tuple[datetime, datetime], ...] = ()
    grid_minutes: int = 15
    provider_names: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Placed:
    visit: str
    provider: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Proposal:
    placed: tuple[Placed, ...]
    notes: tuple[str, ...] = ()
    """What the TC should know, e.g. visits outside the patient's preferred times."""

    def of(self, key: str) -> Placed:
        return next(p for p in self.placed if p.visit == key)


class Unschedulable(CasepathError):
    """No calendar fits: `reasons` say why in words (each names the visit or the rule)."""

    def __init__(self, *reasons: str) -> None:
        self.reasons = reasons
        super().__init__(*(FieldError("visits", reason) for reason in reasons))


@dataclass(frozen=True)
class Conflict:
    """A problem with a placed visit: `blocking` ones refuse the booking, the others warn."""

    visit: str
    message: str
    blocking: bool = True
