"""The value at stake of a follow-up: the case's amount weighted by how close it is.

The worklist ranks the day's tasks by it, so the call most likely to bring treatment
forward comes first. An accepted case that is not scheduled is nearly won and easily
lost; a presented or pending case is the core of the TC's work; a declined or expired
one is worth a call, but less. Stages not listed weigh 0.5.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from casepath.core.money import ZERO, to_cents

STAGE_WEIGHTS: Final[dict[str, Decimal]] = {
    "accepted": Decimal("1.0"),
    "pending": Decimal("0.9"),
    "presented": Decimal("0.8"),
    "ready": Decimal("0.6"),
    "expired": Decimal("0.4"),
    "declined": Decimal("0.3"),
    "scheduled": Decimal("0.2"),
    "in_progress": Decimal("0.1"),
    "completed": ZERO,
}
OTHER_WEIGHT: Final = Decimal("0.5")


def value_at_stake(amount: Decimal, stage: str) -> Decimal:
    """`amount` (the case's fees) times its stage's weight, in cents; never negative."""
    if amount <= ZERO:
        return ZERO
    return to_cents(amount * STAGE_WEIGHTS.get(stage, OTHER_WEIGHT))
