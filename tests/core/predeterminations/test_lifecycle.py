"""The pre-determination lifecycle: the table, refusals in words, sending and expiry."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.errors import CasepathError
from casepath.core.predeterminations import (
    ALLOWED,
    FINAL,
    Channel,
    Status,
    add_months,
    check_sent,
    check_transition,
    expires_on,
    expiring_soon,
    is_waiting_too_long,
)

# Written out again, independently of ALLOWED, so a slip in either one fails.
MOVES = {
    ("draft", "sent"),
    ("draft", "not_needed"),
    ("draft", "voided"),
    ("sent", "received"),
    ("sent", "voided"),
    ("sent", "not_needed"),
    ("received", "expired"),
    ("received", "voided"),
}
STATUSES = ["draft", "sent", "received", "expired", "not_needed", "voided"]


def test_statuses_are_the_six_of_the_issue() -> None:
    assert [s.value for s in Status] == STATUSES


@pytest.mark.parametrize(("current", "target"), sorted(MOVES))
def test_allowed_moves(current: str, target: str) -> None:
    assert check_transition(current, target) == Status(target)


REFUSED = sorted(set(itertools.product(STATUSES, STATUSES)) - MOVES)


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_every_other_move_is_refused_at_status(current: str, target: str) -> None:
    with pytest.raises(CasepathError) as caught:
        check_transition(current, target)
    (error,) = caught.value.errors
    assert error.path == "status"
    assert error.message.endswith(".")
    assert "_" not in error.message


def test_table_matches_the_written_moves() -> None:
    assert {(a.value, b.value) for a, targets in ALLOWED.items() for b in targets} == MOVES
    assert {Status.EXPIRED, Status.NOT_NEEDED, Status.VOIDED} == FINAL


@pytest.mark.parametrize(
    ("current", "target", "message"),
    [
        (
            "draft",
            "received",
            "A draft pre-determination cannot be marked received: send it first.",
        ),
        (
            "sent",
            "expired",
            "A sent pre-determination cannot expire: record the payer's response first.",
        ),
        (
            "voided",
            "sent",
            "A pre-determination that is voided is final; create a new one to ask the payer again.",
        ),
        (
            "not_needed",
            "draft",
            "A pre-determination that is not needed is final; create a new one to ask the "
            "payer again.",
        ),
        ("sent", "sent", "The pre-determination is already sent."),
        ("draft", "draft", "The pre-determination is already a draft."),
        (
            "received",
            "not_needed",
            "A received pre-determination cannot be marked not needed: the payer has "
            "answered; void it to set it aside.",
        ),
    ],
)
def test_refusals_read_as_sentences(current: str, target: str, message: str) -> None:
    with pytest.raises(CasepathError) as caught:
        check_transition(current, target)
    assert caught.value.errors[0].message == message


def test_unknown_status_is_named() -> None:
    with pytest.raises(CasepathError) as caught:
        check_transition("pending", "sent")
    assert caught.value.errors[0].path == "status"
    assert "'pending' is not a pre-determination status" in caught.value.errors[0].message


def test_check_sent_returns_the_channel() -> None:
    assert check_sent(date(2025, 3, 4), date(2025, 3, 4), "fax") is Channel.FAX
    assert check_sent(date(2025, 3, 5), date(2025, 3, 4), "portal") is Channel.PORTAL


def test_check_sent_reports_both_problems() -> None:
    with pytest.raises(CasepathError) as caught:
        check_sent(date(2025, 3, 3), date(2025, 3, 4), "email")
    assert [e.path for e in caught.value.errors] == ["sent_on", "channel"]
    assert "before it was created on 2025-03-04" in caught.value.errors[0].message
    assert caught.value.errors[1].message == (
        "Choose how it was sent: electronic, payer portal, mail, fax."
    )


def test_response_expiry_wins() -> None:
    assert expires_on(date(2025, 1, 10), date(2025, 6, 30), 12) == date(2025, 6, 30)


def test_default_months_from_receipt() -> None:
    assert expires_on(date(2025, 1, 10), None, 12) == date(2026, 1, 10)
    assert expires_on(date(2025, 11, 15), None, 3) == date(2026, 2, 15)


@pytest.mark.parametrize(
    ("received", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
    ],
)
def test_default_is_clamped_to_month_end(received: date, months: int, expected: date) -> None:
    assert expires_on(received, None, months) == expected


def test_response_expiry_before_receipt_is_refused() -> None:
    with pytest.raises(CasepathError) as caught:
        expires_on(date(2025, 5, 1), date(2025, 4, 30), 12)
    assert caught.value.errors[0].path == "response_expiry"


@pytest.mark.parametrize("months", [0, -1, 61, True])
def test_default_months_out_of_range(months: int) -> None:
    with pytest.raises(CasepathError) as caught:
        expires_on(date(2025, 5, 1), None, months)
    assert caught.value.errors[0].path == "default_months"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(1, 60))
def test_add_months_lands_in_the_right_month(day: date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day <= day.day
    assert later.day == day.day or (later + timedelta(days=1)).day == 1


def test_waiting_too_long_after_more_than_n_days() -> None:
    sent = date(2025, 3, 1)
    assert not is_waiting_too_long(sent, date(2025, 3, 31))  # day 30
    assert is_waiting_too_long(sent, date(2025, 4, 1))  # day 31
    assert not is_waiting_too_long(sent, date(2025, 3, 11), days=10)
    assert is_waiting_too_long(sent, date(2025, 3, 12), days=10)


def test_expiring_soon_window() -> None:
    expiry = date(2025, 6, 30)
    assert not expiring_soon(expiry, date(2025, 5, 30))  # 31 days ahead
    assert expiring_soon(expiry, date(2025, 5, 31))  # 30 days ahead
    assert expiring_soon(expiry, date(2025, 6, 30))  # last day
    assert not expiring_soon(expiry, date(2025, 7, 1))  # already expired
    assert expiring_soon(expiry, date(2025, 6, 25), days=5)
    assert not expiring_soon(expiry, date(2025, 6, 24), days=5)
