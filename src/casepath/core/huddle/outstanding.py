"""Diagnosed treatment still outstanding: not accepted yet, or accepted and not scheduled.

Read with a treatment coordinator's eyes:

- unaccepted: the plan is ready to present, presented, pending the patient's decision,
  or the patient declined it or let it expire. The patient still needs every one of
  them, and a talk in the chair about ways to pay can bring a declined case back.
- unscheduled: accepted, but not on the schedule yet.

A draft is left out (the plan and its fees are not finished), and so are scheduled,
in-progress and completed cases (they are on the books). The amount outstanding is
the net fee (fee less discount) of the option in question: the accepted option of
an accepted case, without the procedures the patient declined; else the recommended
option, else the first one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from casepath.core.cases.lifecycle import CaseStatus
from casepath.core.errors import CasepathError
from casepath.core.money import ZERO, money, to_cents


class Stage(StrEnum):
    UNACCEPTED = "unaccepted"
    UNSCHEDULED = "unscheduled"


UNACCEPTED_STATUSES: Final = frozenset(
    {
        CaseStatus.READY,
        CaseStatus.PRESENTED,
        CaseStatus.PENDING,
        CaseStatus.DECLINED,
        CaseStatus.EXPIRED,
    }
)
UNSCHEDULED_STATUSES: Final = frozenset({CaseStatus.ACCEPTED})
OUTSTANDING_STATUSES: Final = UNACCEPTED_STATUSES | UNSCHEDULED_STATUSES
"""The case statuses whose treatment is outstanding."""

STAGE_LABELS: Final = {Stage.UNACCEPTED: "Not accepted", Stage.UNSCHEDULED: "Not scheduled"}

DEFAULT_THRESHOLD: Final = Decimal("1000.00")
LARGEST_THRESHOLD: Final = Decimal("1000000.00")


def stage_of(status: str) -> Stage | None:
    """Unaccepted, unscheduled, or None when the case's treatment is not outstanding."""
    if status in UNSCHEDULED_STATUSES:
        return Stage.UNSCHEDULED
    if status in UNACCEPTED_STATUSES:
        return Stage.UNACCEPTED
    return None


@dataclass(frozen=True)
class OptionRef:
    """One option of a case, as much as choosing it needs."""

    id: int
    position: int
    recommended: bool


def option_in_question(
    options: Sequence[OptionRef], stage: Stage, accepted_id: int | None
) -> int | None:
    """The option whose fees are outstanding: the accepted one of an accepted case, else
    the recommended one, else the first (by position); None when there is no option."""
    ids = {option.id for option in options}
    if stage is Stage.UNSCHEDULED and accepted_id in ids:
        return accepted_id
    ordered = sorted(options, key=lambda o: (not o.recommended, o.position, o.id))
    return ordered[0].id if ordered else None


@dataclass(frozen=True)
class PlannedFee:
    """One planned procedure's fee and discount, and whether the patient declined it."""

    fee: Decimal
    discount: Decimal = ZERO
    declined: bool = False


def outstanding_fee(fees: Iterable[PlannedFee], stage: Stage) -> Decimal:
    """The net fees (never below zero each) of the procedures still to do, in cents. An
    accepted case leaves out the procedures the patient declined."""
    total = ZERO
    for planned in fees:
        if stage is Stage.UNSCHEDULED and planned.declined:
            continue
        total += max(planned.fee - planned.discount, ZERO)
    return to_cents(total)


def over_threshold(amount: Decimal, threshold: Decimal) -> bool:
    """Whether `amount` makes the huddle: something is owed and it is at least the
    threshold ("over $1,000" includes $1,000.00 itself)."""
    return amount > ZERO and amount >= threshold


def check_threshold(value: Decimal | int | str) -> Decimal:
    """A huddle threshold in dollars and cents, from $0.00 to $1,000,000.00."""
    amount = money(value, field="threshold")
    if amount < ZERO or amount > LARGEST_THRESHOLD:
        raise CasepathError.at("threshold", "Give an amount from $0.00 to $1,000,000.00.")
    if amount != to_cents(amount):
        raise CasepathError.at("threshold", "Give the amount in dollars and cents.")
    return to_cents(amount)
