"""The life of a pre-determination: drafted, sent, answered, and then it expires.

A pre-determination asks the insurer what it will pay before treatment. It is
drafted from a case option, sent through one channel, and received with the
payer's answer, which holds until it expires. It can also turn out not to be
needed, or be voided. `ALLOWED` is the only source of truth; `check_transition`
explains every refusal in words a Treatment Coordinator can act on.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from casepath.core.errors import CasepathError, FieldError


class Status(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    RECEIVED = "received"
    EXPIRED = "expired"
    NOT_NEEDED = "not_needed"
    VOIDED = "voided"


S = Status

LABELS: Final[dict[Status, str]] = {
    S.DRAFT: "Draft",
    S.SENT: "Sent",
    S.RECEIVED: "Received",
    S.EXPIRED: "Expired",
    S.NOT_NEEDED: "Not needed",
    S.VOIDED: "Voided",
}

ALLOWED: Final[Mapping[Status, frozenset[Status]]] = MappingProxyType(
    {
        S.DRAFT: frozenset({S.SENT, S.NOT_NEEDED, S.VOIDED}),
        S.SENT: frozenset({S.RECEIVED, S.VOIDED, S.NOT_NEEDED}),
        S.RECEIVED: frozenset({S.EXPIRED, S.VOIDED}),
        S.EXPIRED: frozenset(),
        S.NOT_NEEDED: frozenset(),
        S.VOIDED: frozenset(),
    }
)

FINAL: Final = frozenset(s for s, targets in ALLOWED.items() if not targets)
"""Nothing more happens to these; a new question to the payer is a new pre-determination."""

_AS_MOVE: Final = {
    S.DRAFT: "go back to draft",
    S.SENT: "be sent",
    S.RECEIVED: "be marked received",
    S.EXPIRED: "expire",
    S.NOT_NEEDED: "be marked not needed",
    S.VOIDED: "be voided",
}

_ALREADY: Final = {S.DRAFT: "a draft", S.NOT_NEEDED: "marked not needed"}


def check_transition(current: str, target: str) -> Status:
    """The target status when the table allows the move; CasepathError otherwise."""
    now, then = _status(current), _status(target)
    if then not in ALLOWED[now]:
        raise CasepathError.at("status", _refusal(now, then))
    return then


def _status(value: str) -> Status:
    try:
        return Status(value)
    except ValueError:
        known = ", ".join(s.value for s in S)
        raise CasepathError.at(
            "status", f"{value!r} is not a pre-determination status: use one of {known}."
        ) from None


def _refusal(now: Status, then: Status) -> str:
    if now == then:
        return f"The pre-determination is already {_ALREADY.get(now, LABELS[now].lower())}."
    if now in FINAL:
        return (
            f"A pre-determination that is {LABELS[now].lower()} is final; "
            "create a new one to ask the payer again."
        )
    refused = f"A {LABELS[now].lower()} pre-determination cannot {_AS_MOVE[then]}"
    hint = _hint(now, then)
    return f"{refused}: {hint}." if hint else f"{refused}."


def _hint(now: Status, then: Status) -> str | None:
    """What the TC can do instead, for the refusals people actually meet."""
    if now == S.DRAFT:
        return "send it first"
    if now == S.SENT and then == S.EXPIRED:
        return "record the payer's response first"
    if now == S.RECEIVED:
        return "the payer has answered; void it to set it aside"
    if then == S.DRAFT:
        return "void it and create a new one to change what is asked"
    return None


class Channel(StrEnum):
    ELECTRONIC = "electronic"
    PORTAL = "portal"
    MAIL = "mail"
    FAX = "fax"


CHANNEL_LABELS: Final[dict[Channel, str]] = {
    Channel.ELECTRONIC: "Electronic",
    Channel.PORTAL: "Payer portal",
    Channel.MAIL: "Mail",
    Channel.FAX: "Fax",
}


def check_sent(sent_on: date, created_on: date, channel: str) -> Channel:
    """The channel, when the send date is not before the pre-determination was made."""
    problems: list[FieldError] = []
    if sent_on < created_on:
        problems.append(
            FieldError(
                "sent_on",
                f"It cannot be sent on {sent_on.isoformat()}, before it was created "
                f"on {created_on.isoformat()}.",
            )
        )
    try:
        chosen = Channel(channel)
    except ValueError:
        known = ", ".join(CHANNEL_LABELS[c].lower() for c in Channel)
        problems.append(FieldError("channel", f"Choose how it was sent: {known}."))
    if problems:
        raise CasepathError(*problems)
    return chosen


MIN_DEFAULT_MONTHS: Final = 1
MAX_DEFAULT_MONTHS: Final = 60


def expires_on(received_on: date, response_expiry: date | None, default_months: int) -> date:
    """The last day the payer's answer holds.

    The date on the response wins; otherwise the practice's default number of
    months after it was received, on the same day of the month or the month's
    last day when that month is shorter (31 January + 1 month = 28 February).
    """
    if response_expiry is not None:
        if response_expiry < received_on:
            raise CasepathError.at(
                "response_expiry",
                f"The response cannot expire on {response_expiry.isoformat()}, before it "
                f"was received on {received_on.isoformat()}.",
            )
        return response_expiry
    if isinstance(default_months, bool) or not isinstance(default_months, int):
        raise CasepathError.at("default_months", "Give the default as a whole number of months.")
    if not MIN_DEFAULT_MONTHS <= default_months <= MAX_DEFAULT_MONTHS:
        raise CasepathError.at(
            "default_months",
            f"A response holds {MIN_DEFAULT_MONTHS} to {MAX_DEFAULT_MONTHS} months by "
            f"default, not {default_months}.",
        )
    return add_months(received_on, default_months)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_waiting_too_long(sent_on: date, today: date, days: int = 30) -> bool:
    """Sent more than `days` days ago with no answer yet (day `days` is still fine)."""
    return today - sent_on > timedelta(days=days)


def expiring_soon(expires_on: date, today: date, days: int = 30) -> bool:
    """Still holds today and expires within `days` days; an expired answer is not "soon"."""
    return today <= expires_on <= today + timedelta(days=days)
