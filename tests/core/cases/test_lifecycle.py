"""The case lifecycle: the table, the refusals in words, and when a plan expires."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.cases import (
    ACCEPTED_OR_LATER,
    ALLOWED,
    LABELS,
    WORK_QUEUE,
    CaseStatus,
    check_transition,
    expiry_date,
    is_expired,
)
from casepath.core.errors import CasepathError

# Written out again, independently of ALLOWED, so a slip in either one fails.
MOVES = {
    ("draft", "ready"),
    ("ready", "draft"),
    ("ready", "presented"),
    ("presented", "pending"),
    ("presented", "accepted"),
    ("presented", "declined"),
    ("presented", "expired"),
    ("presented", "presented"),
    ("pending", "accepted"),
    ("pending", "declined"),
    ("pending", "expired"),
    ("pending", "presented"),
    ("declined", "presented"),
    ("expired", "presented"),
    ("accepted", "scheduled"),
    ("accepted", "presented"),
    ("scheduled", "in_progress"),
    ("scheduled", "accepted"),
    ("in_progress", "completed"),
}
STATUSES = [s.value for s in CaseStatus]


def test_the_ten_statuses_and_their_labels() -> None:
    assert STATUSES == [
        "draft",
        "ready",
        "presented",
        "pending",
        "accepted",
        "declined",
        "expired",
        "scheduled",
        "in_progress",
        "completed",
    ]
    assert LABELS[CaseStatus.PENDING] == "Pending decision"
    assert LABELS[CaseStatus.IN_PROGRESS] == "In progress"
    assert set(LABELS) == set(CaseStatus)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(STATUSES, STATUSES)))
def test_a_move_is_allowed_exactly_when_the_table_lists_it(current: str, target: str) -> None:
    if (current, target) in MOVES:
        assert check_transition(current, target) == CaseStatus(target)
        assert CaseStatus(target) in ALLOWED[CaseStatus(current)]
    else:
        with pytest.raises(CasepathError) as refused:
            check_transition(current, target)
        assert [e.path for e in refused.value.errors] == ["status"]
        assert refused.value.errors[0].message.endswith(".")


@pytest.mark.parametrize(
    ("current", "target", "message"),
    [
        ("draft", "presented", "A draft case cannot be presented: mark it ready first."),
        ("draft", "accepted", "A draft case cannot be accepted: mark it ready and present it."),
        ("completed", "declined", "A completed case is final; it cannot become declined."),
        ("completed", "in_progress", "A completed case is final; it cannot become in progress."),
        ("ready", "accepted", "A ready case cannot be accepted: present it first."),
        ("declined", "accepted", "A declined case cannot be accepted: present it again first."),
        ("expired", "accepted", "An expired case cannot be accepted: present it again first."),
        (
            "presented",
            "scheduled",
            "A presented case cannot be scheduled: the patient has not accepted it yet.",
        ),
        (
            "accepted",
            "in_progress",
            "An accepted case cannot be started: schedule its visits first.",
        ),
        (
            "scheduled",
            "completed",
            "A scheduled case cannot be completed: its treatment has not started yet.",
        ),
        (
            "scheduled",
            "presented",
            "A scheduled case cannot be presented: cancel its visits first.",
        ),
        (
            "scheduled",
            "declined",
            "A scheduled case cannot be declined: cancel its visits and present it again first.",
        ),
        (
            "presented",
            "draft",
            "A presented case cannot go back to draft: revise the plan and present it again.",
        ),
        (
            "accepted",
            "declined",
            "An accepted case cannot be declined: present it again to record a new decision.",
        ),
        (
            "in_progress",
            "declined",
            "An in-progress case cannot be declined: "
            "treatment has started, so it can only be completed.",
        ),
        ("accepted", "expired", "An accepted case cannot expire."),
        ("scheduled", "ready", "A scheduled case cannot be marked ready."),
        ("accepted", "accepted", "The case is already accepted."),
        ("draft", "draft", "The case is already a draft."),
        ("pending", "pending", "The case is already pending decision."),
    ],
)
def test_refusals_say_why_and_what_to_do(current: str, target: str, message: str) -> None:
    with pytest.raises(CasepathError) as refused:
        check_transition(current, target)
    assert refused.value.errors[0].message == message


@pytest.mark.parametrize(("current", "target"), [("archived", "draft"), ("draft", "Ready")])
def test_unknown_statuses_are_refused_at_status(current: str, target: str) -> None:
    with pytest.raises(CasepathError) as refused:
        check_transition(current, target)
    error = refused.value.errors[0]
    assert error.path == "status"
    assert error.message.startswith(f"{(current if current == 'archived' else target)!r} is not")
    assert "in_progress" in error.message


@given(st.sampled_from(STATUSES))
def test_nothing_leaves_completed(target: str) -> None:
    with pytest.raises(CasepathError):
        check_transition("completed", target)


@given(st.lists(st.sampled_from(STATUSES), max_size=12))
def test_any_path_of_allowed_moves_never_leaves_completed(targets: list[str]) -> None:
    status = CaseStatus.COMPLETED
    for target in targets:
        try:
            status = check_transition(status, target)
        except CasepathError:
            continue
    assert status == CaseStatus.COMPLETED


def test_work_queue_keeps_what_the_tc_must_move() -> None:
    assert {s.value for s in WORK_QUEUE} == {"draft", "ready", "presented", "pending", "accepted"}
    assert {s.value for s in ACCEPTED_OR_LATER} == {
        "accepted",
        "scheduled",
        "in_progress",
        "completed",
    }


def test_expiry_is_days_after_presentation() -> None:
    assert expiry_date(date(2026, 1, 31), 30) == date(2026, 3, 2)
    assert expiry_date(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert expiry_date(date(2028, 2, 28), 365) == date(2029, 2, 27)


@pytest.mark.parametrize(
    ("today", "expired"),
    [
        (date(2026, 3, 1), False),
        (date(2026, 3, 31), False),  # the last day: still holds
        (date(2026, 4, 1), True),  # the day after
        (date(2026, 5, 1), True),
    ],
)
def test_a_plan_expires_the_day_after_its_last_day(today: date, expired: bool) -> None:
    assert is_expired(date(2026, 3, 1), 30, today) is expired


@pytest.mark.parametrize("days", [0, -5, 366, 1000])
def test_expiry_days_outside_1_to_365_are_refused(days: int) -> None:
    with pytest.raises(CasepathError) as refused:
        expiry_date(date(2026, 1, 1), days)
    assert refused.value.errors[0].path == "expiry_days"
    assert refused.value.errors[0].message == (
        f"A plan expires 1 to 365 days after it is presented, not {days}."
    )


@pytest.mark.parametrize("days", [True, "30"])
def test_expiry_days_must_be_a_whole_number(days: Any) -> None:
    with pytest.raises(CasepathError) as refused:
        is_expired(date(2026, 1, 1), days, date(2026, 2, 1))
    assert refused.value.errors[0].path == "expiry_days"
