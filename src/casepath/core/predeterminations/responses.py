"""The payer's answer, procedure by procedure, checked before anything is saved.

A response line answers one requested procedure (its `line_id`): what the payer
would pay (approved), the fee it recognises (allowed), or a denial with the
payer's reason. `check_response` reports every problem at once so the response
form can show them all; nothing is saved while one remains.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from casepath.core.errors import CasepathError, FieldError
from casepath.core.money import ZERO, to_cents


@dataclass(frozen=True)
class RequestedLine:
    """One procedure on the request, as sent."""

    line_id: int
    code: str
    tooth: str
    surfaces: str
    fee: Decimal


@dataclass(frozen=True)
class ResponseLine:
    """The payer's answer for one requested procedure."""

    line_id: int
    approved: Decimal | None
    allowed: Decimal | None
    denied: bool
    reason: str = ""
    remarks: str = ""


def check_response(
    requested: Sequence[RequestedLine],
    lines: Sequence[ResponseLine],
    *,
    sent_on: date,
    received_on: date,
) -> None:
    """Raise one CasepathError listing every problem with the response; None when it is usable."""
    problems: list[FieldError] = []
    if received_on < sent_on:
        problems.append(
            FieldError(
                "received_on",
                f"The response cannot arrive on {received_on.isoformat()}, before the request "
                f"was sent on {sent_on.isoformat()}.",
            )
        )
    fees = {line.line_id: line for line in requested}
    first_seen: dict[int, int] = {}
    for i, line in enumerate(lines):
        where = f"lines[{i}]"
        if line.line_id in first_seen:
            problems.append(
                FieldError(
                    f"{where}.line_id",
                    f"Line {i + 1} answers the same procedure as line "
                    f"{first_seen[line.line_id] + 1}; keep one answer per procedure.",
                )
            )
            continue
        first_seen[line.line_id] = i
        asked = fees.get(line.line_id)
        if asked is None:
            problems.append(
                FieldError(
                    f"{where}.line_id",
                    f"Line {i + 1} answers a procedure that is not on this request.",
                )
            )
            continue
        problems += _line_problems(where, i + 1, line, asked)
    if problems:
        raise CasepathError(*problems)


def _line_problems(
    where: str, number: int, line: ResponseLine, asked: RequestedLine
) -> list[FieldError]:
    label = f"{asked.code} on line {number}"
    problems = [
        FieldError(f"{where}.{name}", message)
        for name, amount in (("approved", line.approved), ("allowed", line.allowed))
        if (message := _amount_problem(name, amount, asked.fee, label))
    ]
    if line.denied:
        if not line.reason.strip():
            problems.append(
                FieldError(f"{where}.reason", f"Give the payer's reason for denying {label}.")
            )
        if line.approved is not None and line.approved != ZERO:
            problems.append(
                FieldError(
                    f"{where}.approved",
                    f"{label} is marked denied but has {_dollars(line.approved)} approved; "
                    "clear the amount or the denial.",
                )
            )
        return problems
    if line.approved is None:
        problems.append(
            FieldError(
                f"{where}.approved",
                f"Enter the amount approved for {label}, or mark it denied.",
            )
        )
    elif line.allowed is not None and line.approved > line.allowed and not problems:
        problems.append(
            FieldError(
                f"{where}.approved",
                f"The approved {_dollars(line.approved)} for {label} is more than the "
                f"allowed {_dollars(line.allowed)}.",
            )
        )
    return problems


def _amount_problem(name: str, amount: Decimal | None, fee: Decimal, label: str) -> str:
    if amount is None:
        return ""
    if amount < ZERO:
        return f"The {name} amount for {label} cannot be negative."
    if amount > fee:
        return f"The {name} {_dollars(amount)} for {label} is more than its fee of {_dollars(fee)}."
    return ""


def _dollars(amount: Decimal) -> str:
    return f"${to_cents(amount):,.2f}"


def approved_by_line(lines: Iterable[ResponseLine]) -> dict[int, Decimal]:
    """What the payer approved per requested line: 0 when denied.

    A line with no approved amount and no denial gives no figure (it is left out).
    """
    result: dict[int, Decimal] = {}
    for line in lines:
        if line.denied:
            result[line.line_id] = ZERO
        elif line.approved is not None:
            result[line.line_id] = line.approved
    return result


def unanswered(requested: Iterable[RequestedLine], lines: Iterable[ResponseLine]) -> list[int]:
    """The requested lines the payer has not answered yet, in request order."""
    answered = {line.line_id for line in lines}
    return [line.line_id for line in requested if line.line_id not in answered]
