"""The new patient's way from the first call to a case: the stages and the moves.

A call makes an inquiry; booking the first visit, sending the welcome package and the
patient's confirmation follow; the patient arrives (or does not: a no-show, which is
followed up and rebooked), is welcomed and perhaps given a tour, tells the TC their
needs and goals, and is handed to the provider for the clinical assessment; the case
the provider diagnoses ends the pipeline. `ALLOWED` is the only source of truth;
`check_move` explains every refusal in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from casepath.core.errors import CasepathError


class Stage(StrEnum):
    INQUIRY = "inquiry"
    BOOKED = "booked"
    WELCOME_SENT = "welcome_sent"
    CONFIRMED = "confirmed"
    ARRIVED = "arrived"
    NO_SHOW = "no_show"
    WELCOMED = "welcomed"
    INTERVIEWED = "interviewed"
    HANDED_OFF = "handed_off"
    CASE_CREATED = "case_created"
    CLOSED = "closed"


S = Stage

LABELS: Final[dict[Stage, str]] = {
    S.INQUIRY: "Inquiry",
    S.BOOKED: "First visit booked",
    S.WELCOME_SENT: "Welcome package sent",
    S.CONFIRMED: "Visit confirmed",
    S.ARRIVED: "Arrived",
    S.NO_SHOW: "No-show",
    S.WELCOMED: "Welcomed / tour given",
    S.INTERVIEWED: "Needs and goals interview done",
    S.HANDED_OFF: "Handed off to the provider",
    S.CASE_CREATED: "Case created",
    S.CLOSED: "Closed (not coming)",
}

BOARD: Final[tuple[Stage, ...]] = (
    S.INQUIRY,
    S.BOOKED,
    S.WELCOME_SENT,
    S.CONFIRMED,
    S.NO_SHOW,
    S.ARRIVED,
    S.WELCOMED,
    S.INTERVIEWED,
    S.HANDED_OFF,
    S.CASE_CREATED,
)
"""The board's columns, in order (closed inquiries are listed apart)."""

BEFORE_THE_VISIT: Final = frozenset({S.BOOKED, S.WELCOME_SENT, S.CONFIRMED})
"""A first visit is on the calendar and the patient has not come yet."""
AT_THE_VISIT: Final = frozenset({S.ARRIVED, S.WELCOMED, S.INTERVIEWED})
"""Here today, before the hand-off."""
_REBOOKED: Final = frozenset({S.BOOKED, S.WELCOME_SENT})

ALLOWED: Final[Mapping[Stage, frozenset[Stage]]] = MappingProxyType(
    {
        S.INQUIRY: frozenset({S.BOOKED, S.CLOSED}),
        # A visit moved goes back to booked (or welcome sent): the patient confirms again.
        S.BOOKED: frozenset({S.WELCOME_SENT, S.CONFIRMED, S.ARRIVED, S.NO_SHOW, *_REBOOKED})
        | {S.INQUIRY, S.CLOSED},
        S.WELCOME_SENT: frozenset({S.CONFIRMED, S.ARRIVED, S.NO_SHOW, *_REBOOKED})
        | {S.INQUIRY, S.CLOSED},
        S.CONFIRMED: frozenset({S.ARRIVED, S.NO_SHOW, *_REBOOKED, S.INQUIRY, S.CLOSED}),
        S.NO_SHOW: frozenset({*_REBOOKED, S.CLOSED}),
        S.ARRIVED: frozenset({S.WELCOMED, S.INTERVIEWED, S.HANDED_OFF}),
        S.WELCOMED: frozenset({S.INTERVIEWED, S.HANDED_OFF}),
        S.INTERVIEWED: frozenset({S.HANDED_OFF}),
        S.HANDED_OFF: frozenset({S.CASE_CREATED}),
        S.CASE_CREATED: frozenset(),
        S.CLOSED: frozenset({S.INQUIRY}),
    }
)

_WHY: Final[dict[Stage, str]] = {
    S.BOOKED: "book the first visit",
    S.WELCOME_SENT: "send the welcome package",
    S.CONFIRMED: "confirm the visit",
    S.ARRIVED: "mark the patient arrived",
    S.NO_SHOW: "record a no-show",
    S.WELCOMED: "record the welcome",
    S.INTERVIEWED: "record the needs and goals interview",
    S.HANDED_OFF: "hand the patient off",
    S.CASE_CREATED: "link a case",
    S.CLOSED: "close the inquiry",
    S.INQUIRY: "reopen the inquiry",
}
_HINT: Final[dict[Stage, str]] = {
    S.INQUIRY: "Book the first visit first.",
    S.NO_SHOW: "Book the visit again first.",
    S.CASE_CREATED: "The pipeline is finished: the case carries on.",
    S.CLOSED: "Reopen the inquiry first.",
    S.HANDED_OFF: "The provider has the patient; the case comes next.",
}


def can_move(from_stage: Stage, to_stage: Stage) -> bool:
    return to_stage in ALLOWED[from_stage]


def check_move(from_stage: Stage, to_stage: Stage) -> None:
    """Raise a CasepathError (on `stage`) when the move is not allowed."""
    if can_move(from_stage, to_stage):
        return
    hint = _HINT.get(from_stage, "")
    message = f"Cannot {_WHY[to_stage]}: the patient is at “{LABELS[from_stage]}”."
    raise CasepathError.at("stage", f"{message} {hint}".strip())


def is_open(stage: Stage) -> bool:
    """Still in the pipeline (not closed, no case yet)."""
    return stage not in (S.CLOSED, S.CASE_CREATED)
