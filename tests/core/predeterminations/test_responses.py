"""Checking the payer's answer: every problem at once, with the field named."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casepath.core.errors import CasepathError
from casepath.core.predeterminations import (
    RequestedLine,
    ResponseLine,
    approved_by_line,
    check_response,
    unanswered,
)

REQUESTED = [
    RequestedLine(11, "D2740", "8", "", Decimal("1200.00")),
    RequestedLine(12, "D4341", "", "", Decimal("250.00")),
    RequestedLine(13, "D2392", "30", "MOD", Decimal("310.00")),
]
SENT, RECEIVED = date(2025, 3, 1), date(2025, 3, 20)


def answer(
    line_id: int, approved: str | None, allowed: str | None = None, **kw: object
) -> ResponseLine:
    return ResponseLine(
        line_id,
        None if approved is None else Decimal(approved),
        None if allowed is None else Decimal(allowed),
        bool(kw.get("denied", False)),
        str(kw.get("reason", "")),
        str(kw.get("remarks", "")),
    )


def problems(
    lines: list[ResponseLine], sent: date = SENT, received: date = RECEIVED
) -> list[tuple[str, str]]:
    with pytest.raises(CasepathError) as caught:
        check_response(REQUESTED, lines, sent_on=sent, received_on=received)
    return [(e.path, e.message) for e in caught.value.errors]


def test_a_good_response_passes() -> None:
    lines = [
        answer(11, "600.00", "1000.00"),
        answer(12, None, denied=True, reason="Frequency limit"),
        answer(13, "310.00", "310.00", remarks="Paid at 80%"),
    ]
    assert check_response(REQUESTED, lines, sent_on=SENT, received_on=RECEIVED) is None


def test_denied_with_zero_approved_is_fine() -> None:
    lines = [answer(12, "0", denied=True, reason="Not a covered benefit")]
    assert check_response(REQUESTED, lines, sent_on=SENT, received_on=SENT) is None


def test_every_problem_is_reported_at_once() -> None:
    found = problems(
        [
            answer(99, "10.00"),
            answer(11, "1300.00", "-1"),
            answer(12, "50.00", denied=True),
            answer(11, "100.00"),
        ],
        received=date(2025, 2, 28),
    )
    assert [path for path, _ in found] == [
        "received_on",
        "lines[0].line_id",
        "lines[1].approved",
        "lines[1].allowed",
        "lines[2].reason",
        "lines[2].approved",
        "lines[3].line_id",
    ]
    messages = dict(found)
    assert messages["received_on"] == (
        "The response cannot arrive on 2025-02-28, before the request was sent on 2025-03-01."
    )
    assert messages["lines[0].line_id"] == "Line 1 answers a procedure that is not on this request."
    assert messages["lines[1].approved"] == (
        "The approved $1,300.00 for D2740 on line 2 is more than its fee of $1,200.00."
    )
    assert (
        messages["lines[1].allowed"] == "The allowed amount for D2740 on line 2 cannot be negative."
    )
    assert messages["lines[2].reason"] == "Give the payer's reason for denying D4341 on line 3."
    assert "marked denied but has $50.00 approved" in messages["lines[2].approved"]
    assert messages["lines[3].line_id"] == (
        "Line 4 answers the same procedure as line 2; keep one answer per procedure."
    )


def test_negative_approved_and_allowed_above_fee() -> None:
    assert problems([answer(13, "-5", "400")]) == [
        ("lines[0].approved", "The approved amount for D2392 on line 1 cannot be negative."),
        (
            "lines[0].allowed",
            "The allowed $400.00 for D2392 on line 1 is more than its fee of $310.00.",
        ),
    ]


def test_approved_above_allowed() -> None:
    assert problems([answer(11, "900", "800")]) == [
        (
            "lines[0].approved",
            "The approved $900.00 for D2740 on line 1 is more than the allowed $800.00.",
        )
    ]


def test_not_denied_needs_an_approved_amount() -> None:
    assert problems([answer(11, None, "800")]) == [
        ("lines[0].approved", "Enter the amount approved for D2740 on line 1, or mark it denied."),
    ]


def test_amount_equal_to_fee_is_fine() -> None:
    check_response(REQUESTED, [answer(11, "1200", "1200")], sent_on=SENT, received_on=RECEIVED)


def test_approved_by_line() -> None:
    lines = [
        answer(11, "600.00", "1000.00"),
        answer(12, None, denied=True, reason="Frequency"),
        answer(13, None),
    ]
    assert approved_by_line(lines) == {11: Decimal("600.00"), 12: Decimal("0.00")}


def test_unanswered_in_request_order() -> None:
    assert unanswered(REQUESTED, [answer(12, "5")]) == [11, 13]
    assert unanswered(REQUESTED, []) == [11, 12, 13]
