"""Where a plan stands on a day, from plain values (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from casepath.financing.standing import Scheduled, standing, unpaid_parts

D = Decimal
SCHEDULE = [
    Scheduled(1, date(2026, 4, 10), D("160.00")),
    Scheduled(2, date(2026, 5, 10), D("160.00")),
    Scheduled(3, date(2026, 6, 10), D("150.00")),
]


def test_payments_cover_the_oldest_instalments_first() -> None:
    assert unpaid_parts(SCHEDULE, D("200.00")) == [D("0.00"), D("120.00"), D("150.00")]
    assert unpaid_parts(SCHEDULE, D("0.00")) == [D("160.00"), D("160.00"), D("150.00")]
    assert unpaid_parts(SCHEDULE, D("470.00")) == [D("0.00"), D("0.00"), D("0.00")]


def test_nothing_due_yet_is_current() -> None:
    now = standing("signed", SCHEDULE, D("0.00"), date(2026, 4, 10))
    assert now.status == "current"
    assert now.late_amount == D("0.00")
    assert now.balance == D("470.00")
    assert now.next_due is not None
    assert (now.next_due.number, now.next_due.unpaid) == (1, D("160.00"))


def test_an_instalment_due_before_the_day_and_not_covered_is_late() -> None:
    now = standing("signed", SCHEDULE, D("100.00"), date(2026, 4, 11))
    assert now.status == "late"
    assert now.late_amount == D("60.00")
    assert [o.number for o in now.owed if o.is_late] == [1]


def test_a_partial_payment_covering_what_is_due_keeps_the_plan_current() -> None:
    now = standing("signed", SCHEDULE, D("200.00"), date(2026, 5, 10))
    assert now.status == "current"
    assert now.next_due is not None
    assert (now.next_due.number, now.next_due.unpaid) == (2, D("120.00"))


def test_every_instalment_covered_is_paid_off() -> None:
    now = standing("signed", SCHEDULE, D("470.00"), date(2026, 4, 1))
    assert (now.status, now.balance, now.owed) == ("paid_off", D("0.00"), ())


def test_draft_and_cancelled_keep_their_status_whatever_the_day() -> None:
    assert standing("draft", SCHEDULE, D("0.00"), date(2027, 1, 1)).status == "draft"
    assert standing("cancelled", SCHEDULE, D("0.00"), date(2027, 1, 1)).status == "cancelled"
