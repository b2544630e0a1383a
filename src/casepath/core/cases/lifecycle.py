"""The life of a case: its statuses, the moves between them, and when it expires.

A case is drafted, marked ready, presented to the patient, and then waits for
the patient's decision. An accepted case is scheduled, started and completed;
a declined or expired case can be presented again. The table `ALLOWED` is the
only source of truth; `check_transition` explains every refusal in words a
Treatment Coordinator can act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from casepath.core.errors import CasepathError


class CaseStatus(StrEnum):
    DRAFT = "draft"
    READY = "ready"
    PRESENTED = "presented"
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


S = CaseStatus

LABELS: Final[dict[CaseStatus, str]] = {
    S.DRAFT: "Draft",
    S.READY: "Ready to present",
    S.PRESENTED: "Presented",
    S.PENDING: "Pending decision",
    S.ACCEPTED: "Accepted",
    S.DECLINED: "Declined",
    S.EXPIRED: "Expired",
    S.SCHEDULED: "Scheduled",
    S.IN_PROGRESS: "In progress",
    S.COMPLETED: "Completed",
}

ALLOWED: Final[Mapping[CaseStatus, frozenset[CaseStatus]]] = MappingProxyType(
    {
        S.DRAFT: frozenset({S.READY}),
        S.READY: frozenset({S.DRAFT, S.PRESENTED}),
        # Presenting again (a revised plan, a second visit) is always a move.
        S.PRESENTED: frozenset({S.PENDING, S.ACCEPTED, S.DECLINED, S.EXPIRED, S.PRESENTED}),
        S.PENDING: frozenset({S.ACCEPTED, S.DECLINED, S.EXPIRED, S.PRESENTED}),
        S.DECLINED: frozenset({S.PRESENTED}),
        S.EXPIRED: frozenset({S.PRESENTED}),
        S.ACCEPTED: frozenset({S.SCHEDULED, S.PRESENTED}),
        # Back to accepted when every visit is cancelled.
        S.SCHEDULED: frozenset({S.IN_PROGRESS, S.ACCEPTED}),
        S.IN_PROGRESS: frozenset({S.COMPLETED}),
        S.COMPLETED: frozenset(),
    }
)

WORK_QUEUE: Final = frozenset({S.DRAFT, S.READY, S.PRESENTED, S.PENDING, S.ACCEPTED})
"""Cases the TC still has to move: finish, present, follow up, or schedule."""
AWAITING_DECISION: Final = frozenset({S.PRESENTED, S.PENDING})
"""Presented and not yet decided: the follow-up list."""
ACCEPTED_OR_LATER: Final = frozenset({S.ACCEPTED, S.SCHEDULED, S.IN_PROGRESS, S.COMPLETED})
"""The patient said yes (what acceptance counts)."""
DECIDED: Final = ACCEPTED_OR_LATER | {S.DECLINED}
"""The patient said yes or no."""
CLOSED: Final = frozenset({S.DECLINED, S.EXPIRED, S.COMPLETED})
"""Nothing left to do unless the case is presented again (completed: never)."""

# How each status reads in "A ___ case" and each target in "cannot ___".
_AS_ADJECTIVE: Final = {s: LABELS[s].lower() for s in S} | {
    S.READY: "ready",
    S.PENDING: "pending",
    S.IN_PROGRESS: "in-progress",
}
_AS_MOVE: Final = {
    S.DRAFT: "go back to draft",
    S.READY: "be marked ready",
    S.PRESENTED: "be presented",
    S.PENDING: "be marked pending decision",
    S.ACCEPTED: "be accepted",
    S.DECLINED: "be declined",
    S.EXPIRED: "expire",
    S.SCHEDULED: "be scheduled",
    S.IN_PROGRESS: "be started",
    S.COMPLETED: "be completed",
}

_ALREADY: Final = {S.DRAFT: "a draft"}

MIN_EXPIRY_DAYS: Final = 1
MAX_EXPIRY_DAYS: Final = 365


def check_transition(current: str, target: str) -> CaseStatus:
    """The target status when the table allows the move; CasepathError otherwise."""
    now, then = _status(current), _status(target)
    if then not in ALLOWED[now]:
        raise CasepathError.at("status", _refusal(now, then))
    return then


def _status(value: str) -> CaseStatus:
    try:
        return CaseStatus(value)
    except ValueError:
        known = ", ".join(s.value for s in S)
        raise CasepathError.at(
            "status", f"{value!r} is not a case status: use one of {known}."
        ) from None


def _refusal(now: CaseStatus, then: CaseStatus) -> str:
    if now == then:
        return f"The case is already {_ALREADY.get(now, LABELS[now].lower())}."
    if now == S.COMPLETED:
        return f"A completed case is final; it cannot become {LABELS[then].lower()}."
    refused = f"{_a(_AS_ADJECTIVE[now]).capitalize()} case cannot {_AS_MOVE[then]}"
    hint = _hint(now, then)
    return f"{refused}: {hint}." if hint else f"{refused}."


def _hint(now: CaseStatus, then: CaseStatus) -> str | None:
    """What the TC can do instead, for the refusals people actually meet."""
    if now == S.DRAFT:
        return "mark it ready first" if then == S.PRESENTED else "mark it ready and present it"
    if now == S.IN_PROGRESS:
        return "treatment has started, so it can only be completed"
    if then == S.COMPLETED:
        return "its treatment has not started yet"
    if then == S.IN_PROGRESS and now == S.ACCEPTED:
        return "schedule its visits first"
    if then in (S.SCHEDULED, S.IN_PROGRESS):
        return "the patient has not accepted it yet"
    if now == S.SCHEDULED:
        if then in (S.DRAFT, S.READY):
            return None
        return "cancel its visits first" if then == S.PRESENTED else _CANCEL_AND_PRESENT
    if then in (S.DRAFT, S.READY):
        return "revise the plan and present it again"
    if now == S.READY:
        return "present it first"
    if now in (S.DECLINED, S.EXPIRED):
        return "present it again first"
    if now == S.ACCEPTED and then in (S.DECLINED, S.PENDING):
        return "present it again to record a new decision"
    return None


_CANCEL_AND_PRESENT: Final = "cancel its visits and present it again first"


def _a(words: str) -> str:
    return f"an {words}" if words[0] in "aeiou" else f"a {words}"


def expiry_date(presented_on: date, days: int) -> date:
    """The last day the presented plan holds (the practice's 1-365 day window)."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise CasepathError.at("expiry_days", "The expiry must be a whole number of days.")
    if not MIN_EXPIRY_DAYS <= days <= MAX_EXPIRY_DAYS:
        raise CasepathError.at(
            "expiry_days",
            f"A plan expires {MIN_EXPIRY_DAYS} to {MAX_EXPIRY_DAYS} days after it is "
            f"presented, not {days}.",
        )
    return presented_on + timedelta(days=days)


def is_expired(presented_on: date, days: int, today: date) -> bool:
    """Expired the day after `expiry_date`: the plan still holds on its last day."""
    return today > expiry_date(presented_on, days)
