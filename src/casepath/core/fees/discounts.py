"""Discounts on what the patient pays: per procedure, per category, or on the whole case.

Order of application (documented in docs.md, and the same everywhere):
1. procedure discounts, then category discounts, then case discounts;
2. within one level, in the order given (the practice's list order);
3. each discount works on what is left of the patient's portion after the
   discounts before it, and never takes a line below zero;
4. a percentage is rounded half-up to the cent per line; a case discount of
   a fixed amount is spread over the lines in proportion to what is left of
   each, the last cent going to the lines with the largest remainders, so the
   lines always add up to the discount given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from enum import Enum

from casepath.core.errors import CasepathError
from casepath.core.money import CENT, ZERO, to_cents

HUNDRED = Decimal(100)


class DiscountKind(Enum):
    PERCENT = "percent"
    AMOUNT = "amount"


class DiscountScope(Enum):
    PROCEDURE = "procedure"
    CATEGORY = "category"
    CASE = "case"


LEVELS = (DiscountScope.PROCEDURE, DiscountScope.CATEGORY, DiscountScope.CASE)


@dataclass(frozen=True)
class Discount:
    """`value` is a percentage (0-100) or an amount; `target` a code or a category."""

    name: str
    kind: DiscountKind
    scope: DiscountScope
    value: Decimal
    target: str = ""


@dataclass(frozen=True)
class PatientLine:
    """One procedure's patient portion before discounts."""

    id: str
    code: str
    category: str
    patient: Decimal


@dataclass(frozen=True)
class DiscountedLine:
    id: str
    patient_before: Decimal
    discount: Decimal
    patient: Decimal
    notes: tuple[str, ...]


def apply_discounts(
    lines: Sequence[PatientLine], discounts: Sequence[Discount]
) -> list[DiscountedLine]:
    """Each line's patient portion after every discount, with a note per discount taken."""
    for index, discount in enumerate(discounts):
        _check(discount, f"discounts[{index}]")
    left = [line.patient for line in lines]
    notes: list[list[str]] = [[] for _ in lines]
    for level in LEVELS:
        for discount in (d for d in discounts if d.scope is level):
            taken = _take(discount, lines, left)
            for i, amount in enumerate(taken):
                if amount:
                    left[i] -= amount
                    notes[i].append(f"{discount.name}: ${amount:,.2f} off")
    return [
        DiscountedLine(line.id, line.patient, line.patient - left[i], left[i], tuple(notes[i]))
        for i, line in enumerate(lines)
    ]


def _take(discount: Discount, lines: Sequence[PatientLine], left: list[Decimal]) -> list[Decimal]:
    chosen = [i for i, line in enumerate(lines) if _applies(discount, line)]
    taken = [ZERO] * len(lines)
    if discount.kind is DiscountKind.PERCENT:
        for i in chosen:
            taken[i] = min(left[i], to_cents(left[i] * discount.value / HUNDRED))
    elif discount.scope is DiscountScope.CASE:
        for i, amount in zip(
            chosen, _spread(discount.value, [left[i] for i in chosen]), strict=True
        ):
            taken[i] = amount
    else:
        for i in chosen:
            taken[i] = min(left[i], discount.value)
    return taken


def _applies(discount: Discount, line: PatientLine) -> bool:
    if discount.scope is DiscountScope.PROCEDURE:
        return line.code == discount.target
    if discount.scope is DiscountScope.CATEGORY:
        return line.category == discount.target
    return True


def _spread(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split `amount` (capped at the total) over lines in proportion, to the cent."""
    total = sum(weights, ZERO)
    amount = min(amount, total)
    if total == ZERO:
        return [ZERO] * len(weights)
    exact = [amount * w / total for w in weights]
    shares = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    short = int((amount - sum(shares, ZERO)) / CENT)
    by_remainder = sorted(range(len(weights)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_remainder[:short]:
        shares[i] += CENT
    return shares


def _check(discount: Discount, path: str) -> None:
    if discount.value < ZERO:
        raise CasepathError.at(f"{path}.value", "a discount cannot be negative")
    if discount.kind is DiscountKind.PERCENT and discount.value > HUNDRED:
        raise CasepathError.at(f"{path}.value", "a percentage discount is at most 100")
    if discount.scope is not DiscountScope.CASE and not discount.target:
        raise CasepathError.at(f"{path}.target", "name the procedure code or category")
