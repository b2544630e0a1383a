"""The new patient's pipeline: every move of the matrix, reachability, the board."""

from __future__ import annotations

from collections import deque
from itertools import pairwise, product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.errors import CasepathError
from casepath.core.intake import (
    ALLOWED,
    AT_THE_VISIT,
    BEFORE_THE_VISIT,
    BOARD,
    LABELS,
    Stage,
    can_move,
    check_move,
    is_open,
)

S = Stage

# Written out again, independently of the module, so a slip in either one fails.
EXPECTED: dict[Stage, set[Stage]] = {
    S.INQUIRY: {S.BOOKED, S.CLOSED},
    S.BOOKED: {
        S.BOOKED,
        S.WELCOME_SENT,
        S.CONFIRMED,
        S.ARRIVED,
        S.NO_SHOW,
        S.INQUIRY,
        S.CLOSED,
    },
    S.WELCOME_SENT: {
        S.BOOKED,
        S.WELCOME_SENT,
        S.CONFIRMED,
        S.ARRIVED,
        S.NO_SHOW,
        S.INQUIRY,
        S.CLOSED,
    },
    S.CONFIRMED: {S.BOOKED, S.WELCOME_SENT, S.ARRIVED, S.NO_SHOW, S.INQUIRY, S.CLOSED},
    S.NO_SHOW: {S.BOOKED, S.WELCOME_SENT, S.CLOSED},
    S.ARRIVED: {S.WELCOMED, S.INTERVIEWED, S.HANDED_OFF},
    S.WELCOMED: {S.INTERVIEWED, S.HANDED_OFF},
    S.INTERVIEWED: {S.HANDED_OFF},
    S.HANDED_OFF: {S.CASE_CREATED},
    S.CASE_CREATED: set(),
    S.CLOSED: {S.INQUIRY},
}
PAIRS = list(product(Stage, Stage))


def test_the_expected_table_names_every_stage() -> None:
    assert set(EXPECTED) == set(Stage) == set(ALLOWED)
    assert len(PAIRS) == 121


@pytest.mark.parametrize(("from_stage", "to_stage"), PAIRS, ids=lambda s: str(s))
def test_every_pair_is_allowed_or_refused_in_words(from_stage: Stage, to_stage: Stage) -> None:
    allowed = to_stage in EXPECTED[from_stage]
    assert can_move(from_stage, to_stage) is allowed
    if allowed:
        assert check_move(from_stage, to_stage) is None
        return
    with pytest.raises(CasepathError) as caught:
        check_move(from_stage, to_stage)
    (error,) = caught.value.errors
    assert error.path == "stage"
    assert f"“{LABELS[from_stage]}”" in error.message
    assert error.message.startswith("Cannot ")
    assert "_" not in error.message  # words, not the stage's code


@pytest.mark.parametrize(
    ("from_stage", "to_stage", "message"),
    [
        (
            S.INQUIRY,
            S.CONFIRMED,
            "Cannot confirm the visit: the patient is at “Inquiry”. Book the first visit first.",
        ),
        (
            S.CLOSED,
            S.BOOKED,
            "Cannot book the first visit: the patient is at “Closed (not coming)”. "
            "Reopen the inquiry first.",
        ),
        (
            S.NO_SHOW,
            S.ARRIVED,
            "Cannot mark the patient arrived: the patient is at “No-show”. "
            "Book the visit again first.",
        ),
        (
            S.CASE_CREATED,
            S.CLOSED,
            "Cannot close the inquiry: the patient is at “Case created”. "
            "The pipeline is finished: the case carries on.",
        ),
        (
            S.ARRIVED,
            S.NO_SHOW,
            "Cannot record a no-show: the patient is at “Arrived”.",
        ),
    ],
)
def test_refusals_say_what_to_do(from_stage: Stage, to_stage: Stage, message: str) -> None:
    with pytest.raises(CasepathError) as caught:
        check_move(from_stage, to_stage)
    assert caught.value.errors[0].message == message


def reachable_from(start: Stage) -> set[Stage]:
    seen, todo = {start}, deque([start])
    while todo:
        for nxt in ALLOWED[todo.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_every_stage_is_reachable_from_inquiry() -> None:
    assert reachable_from(S.INQUIRY) == set(Stage)


def test_the_usual_way_reaches_a_case() -> None:
    way = [
        S.INQUIRY,
        S.BOOKED,
        S.WELCOME_SENT,
        S.CONFIRMED,
        S.ARRIVED,
        S.WELCOMED,
        S.INTERVIEWED,
        S.HANDED_OFF,
        S.CASE_CREATED,
    ]
    for here, there in pairwise(way):
        check_move(here, there)
    # and after a no-show, by booking again
    for here, there in [(S.CONFIRMED, S.NO_SHOW), (S.NO_SHOW, S.BOOKED), (S.BOOKED, S.ARRIVED)]:
        check_move(here, there)


def test_every_open_stage_can_still_reach_a_case() -> None:
    for stage in Stage:
        if stage is not S.CLOSED:
            assert S.CASE_CREATED in reachable_from(stage), stage


def test_closed_only_reopens_and_a_case_ends_the_pipeline() -> None:
    assert ALLOWED[S.CLOSED] == frozenset({S.INQUIRY})
    assert ALLOWED[S.CASE_CREATED] == frozenset()
    assert not is_open(S.CLOSED) and not is_open(S.CASE_CREATED)
    assert all(is_open(s) for s in Stage if s not in (S.CLOSED, S.CASE_CREATED))


def test_nothing_closes_after_arrival() -> None:
    # once here, the patient goes on to the provider: closing is for those not coming
    for stage in (*AT_THE_VISIT, S.HANDED_OFF, S.CASE_CREATED):
        assert not can_move(stage, S.CLOSED)


def test_the_board_has_every_stage_but_closed_once_in_order() -> None:
    assert len(BOARD) == len(set(BOARD))
    assert set(BOARD) == set(Stage) - {S.CLOSED}
    assert BOARD[0] is S.INQUIRY and BOARD[-1] is S.CASE_CREATED
    assert BOARD.index(S.BOOKED) < BOARD.index(S.CONFIRMED) < BOARD.index(S.ARRIVED)
    assert BOARD.index(S.ARRIVED) < BOARD.index(S.HANDED_OFF)


def test_every_stage_has_a_label_and_the_groups_are_apart() -> None:
    assert set(LABELS) == set(Stage)
    assert len(set(LABELS.values())) == len(Stage)
    assert {S.BOOKED, S.WELCOME_SENT, S.CONFIRMED} == BEFORE_THE_VISIT
    assert {S.ARRIVED, S.WELCOMED, S.INTERVIEWED} == AT_THE_VISIT
    assert not BEFORE_THE_VISIT & AT_THE_VISIT


def test_allowed_cannot_be_changed_at_run_time() -> None:
    with pytest.raises(TypeError):
        ALLOWED[S.CLOSED] = frozenset(Stage)  # type: ignore[index]


@given(st.lists(st.sampled_from(list(Stage)), max_size=30))
def test_a_walk_is_accepted_exactly_when_each_step_is_allowed(targets: list[Stage]) -> None:
    here = S.INQUIRY
    for target in targets:
        try:
            check_move(here, target)
        except CasepathError:
            assert target not in EXPECTED[here]
        else:
            assert target in EXPECTED[here]
            here = target
    assert here in reachable_from(S.INQUIRY)
