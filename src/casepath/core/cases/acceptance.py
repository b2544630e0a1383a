"""Per-procedure decisions: did the patient take the whole case, part of it, or none?"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from casepath.core.errors import CasepathError
from casepath.core.money import ZERO, to_cents

AcceptanceKind = Literal["whole", "part", "none"]


class Decision(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    UNDECIDED = "undecided"


def acceptance_kind(decisions: Sequence[str]) -> AcceptanceKind:
    """Whole when every procedure is accepted, part when some are, none otherwise.

    Undecided procedures count as not accepted: a case with one procedure
    accepted and the rest still open is a partial acceptance so far.
    """
    known = _decisions(decisions)
    accepted = known.count(Decision.ACCEPTED)
    if accepted == len(known):
        return "whole"
    return "part" if accepted else "none"


def accepted_total(fees: Sequence[Decimal], decisions: Sequence[str]) -> Decimal:
    """The fees of the accepted procedures, in cents (fees and decisions pair up)."""
    known = _decisions(decisions)
    if len(fees) != len(known):
        raise CasepathError.at("decisions", "Give exactly one decision for each fee.")
    total = ZERO
    for i, (fee, decision) in enumerate(zip(fees, known, strict=True)):
        if not fee.is_finite() or fee < 0:
            raise CasepathError.at(f"fees[{i}]", "A fee is an amount of zero or more.")
        if decision == Decision.ACCEPTED:
            total += fee
    return to_cents(total)


def _decisions(decisions: Sequence[str]) -> list[Decision]:
    if not decisions:
        raise CasepathError.at("decisions", "A case needs at least one procedure to decide on.")
    known = []
    for i, decision in enumerate(decisions):
        try:
            known.append(Decision(decision))
        except ValueError:
            raise CasepathError.at(
                f"decisions[{i}]",
                f"{decision!r} is not a decision: use accepted, declined or undecided.",
            ) from None
    return known
