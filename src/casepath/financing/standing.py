"""Where a payment plan stands on a day: current, late or paid off.

Payments go to the instalments oldest first; an instalment is covered once the
payments made up to the day reach the sum of it and every instalment before it.
The plan is late when an instalment due before the day is not covered. Plain
Python on plain values: selectors feed it rows, tests feed it tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ZERO = Decimal("0.00")
# Statuses kept on the row that the day does not change.
FIXED = ("draft", "cancelled")


@dataclass(frozen=True)
class Scheduled:
    """One instalment as the schedule has it."""

    number: int
    due: date
    payment: Decimal


@dataclass(frozen=True)
class Owed:
    """What is still unpaid of one instalment on the day."""

    number: int
    due: date
    payment: Decimal
    unpaid: Decimal
    is_late: bool


@dataclass(frozen=True)
class Standing:
    status: str  # draft, cancelled, current, late or paid_off
    paid: Decimal
    balance: Decimal  # what is left of the total of payments
    late_amount: Decimal
    owed: tuple[Owed, ...]  # every instalment not yet covered, oldest first

    @property
    def next_due(self) -> Owed | None:
        return self.owed[0] if self.owed else None


def unpaid_parts(schedule: Sequence[Scheduled], paid: Decimal) -> list[Decimal]:
    """For each instalment (in order), the part the payments have not covered."""
    left, parts = paid, []
    for line in schedule:
        covered = min(max(left, ZERO), line.payment)
        parts.append(line.payment - covered)
        left -= line.payment
    return parts


def owed_on(schedule: Sequence[Scheduled], paid: Decimal, as_of: date) -> tuple[Owed, ...]:
    """The instalments not fully covered by `paid`, each marked late when due before `as_of`."""
    return tuple(
        Owed(line.number, line.due, line.payment, unpaid, line.due < as_of)
        for line, unpaid in zip(schedule, unpaid_parts(schedule, paid), strict=True)
        if unpaid > 0
    )


def standing(stored: str, schedule: Sequence[Scheduled], paid: Decimal, as_of: date) -> Standing:
    """The plan's standing on `as_of`, from its schedule and the payments made by then."""
    total = sum((line.payment for line in schedule), ZERO)
    owed = owed_on(schedule, paid, as_of)
    late = sum((o.unpaid for o in owed if o.is_late), ZERO)
    if stored in FIXED:
        status = stored
    elif not owed:
        status = "paid_off"
    else:
        status = "late" if late else "current"
    return Standing(status, paid, max(total - paid, ZERO), late, owed)
