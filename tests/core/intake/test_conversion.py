"""Conversion by source: hand-computed funnels, rounding, and properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.intake import STEP_LABELS, Inquiry, Step, by_source, funnel
from casepath.core.intake.conversion import Funnel, percent

C, B, A, P, X = Step.CALLED, Step.BOOKED, Step.ARRIVED, Step.PRESENTED, Step.ACCEPTED


def table(f: Funnel) -> list[tuple[int, Decimal | None, Decimal | None]]:
    return [(s.count, s.of_calls, s.of_previous) for s in f.steps]


def d(text: str) -> Decimal:
    return Decimal(text)


def test_a_hand_computed_funnel() -> None:
    # 8 calls: 2 went no further, 2 booked only, 2 arrived only, 1 presented, 1 accepted
    result = funnel("web", [C, B, B, A, P, X, C, A])
    assert result.source == "web" and result.calls == 8
    assert [s.step for s in result.steps] == [C, B, A, P, X]
    assert [s.label for s in result.steps] == [
        "Called",
        "Booked",
        "Arrived",
        "Case presented",
        "Accepted",
    ]
    assert table(result) == [
        (8, d("100.0"), None),
        (6, d("75.0"), d("75.0")),
        (4, d("50.0"), d("66.7")),  # 4 of 6
        (2, d("25.0"), d("50.0")),
        (1, d("12.5"), d("50.0")),  # 1 of 8
    ]


def test_a_second_hand_computed_funnel() -> None:
    # 3 calls: one accepted, two booked and never came
    assert table(funnel("provider", [B, X, B])) == [
        (3, d("100.0"), None),
        (3, d("100.0"), d("100.0")),
        (1, d("33.3"), d("33.3")),
        (1, d("33.3"), d("100.0")),
        (1, d("33.3"), d("100.0")),
    ]


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (2, 3, "66.7"),
        (1, 3, "33.3"),
        (1, 8, "12.5"),
        (1, 6, "16.7"),
        (1, 16, "6.3"),  # 6.25: half-up, not to even
        (1, 80, "1.3"),  # 1.25
        (3, 80, "3.8"),  # 3.75
        (1, 400, "0.3"),  # 0.25
        (0, 7, "0.0"),
        (7, 7, "100.0"),
    ],
)
def test_percentages_round_half_up_to_a_tenth(part: int, whole: int, expected: str) -> None:
    value = percent(part, whole)
    assert value == Decimal(expected)
    assert isinstance(value, Decimal) and str(value) == expected


def test_a_zero_denominator_gives_none() -> None:
    assert percent(0, 0) is None
    empty = funnel("campaign", [])
    assert empty.calls == 0
    assert table(empty) == [(0, None, None)] * 5
    # calls but no bookings: nothing to take a share of after booking
    assert table(funnel("walk_in", [C, C])) == [
        (2, d("100.0"), None),
        (0, d("0.0"), d("0.0")),
        (0, d("0.0"), None),
        (0, d("0.0"), None),
        (0, d("0.0"), None),
    ]


def test_by_source_in_the_given_order_then_by_name_then_all() -> None:
    inquiries = [
        Inquiry("web", B),
        Inquiry("patient", X),
        Inquiry("web", C),
        Inquiry("provider", A),
        Inquiry("campaign", C),
        Inquiry("web", P),
    ]
    result = by_source(inquiries, order=("provider", "insurance", "web"))
    assert [f.source for f in result] == ["provider", "web", "campaign", "patient", "all"]
    web = result[1]
    assert [s.count for s in web.steps] == [3, 2, 1, 1, 0]
    assert [s.count for s in result[-1].steps] == [6, 4, 3, 2, 1]
    assert result[-1].steps[2].of_calls == d("50.0")


def test_no_inquiries_is_one_empty_all_row() -> None:
    (only,) = by_source([], order=("web",))
    assert only.source == "all" and only.calls == 0


def test_every_step_has_a_label() -> None:
    assert set(STEP_LABELS) == set(Step)
    assert list(Step) == sorted(Step)


sources = st.sampled_from(["web", "patient", "provider", "insurance", "campaign", "other"])
inquiry_lists = st.lists(st.builds(Inquiry, source=sources, furthest=st.sampled_from(list(Step))))
orders = st.lists(sources, unique=True, max_size=4)


@given(inquiry_lists, orders)
def test_counts_never_increase_along_the_steps(rows: list[Inquiry], order: list[str]) -> None:
    for f in by_source(rows, order):
        counts = [s.count for s in f.steps]
        assert counts == sorted(counts, reverse=True)
        for s in f.steps:
            for share in (s.of_calls, s.of_previous):
                assert share is None or Decimal(0) <= share <= Decimal(100)


@given(inquiry_lists, orders)
def test_all_is_the_sum_of_the_sources(rows: list[Inquiry], order: list[str]) -> None:
    *each, everyone = by_source(rows, order)
    assert everyone.source == "all"
    assert everyone.calls == len(rows)
    for i in range(len(Step)):
        assert everyone.steps[i].count == sum(f.steps[i].count for f in each)


@given(inquiry_lists, orders)
def test_the_order_is_respected(rows: list[Inquiry], order: list[str]) -> None:
    names = [f.source for f in by_source(rows, order)][:-1]
    present = {r.source for r in rows}
    known = [s for s in order if s in present]
    assert names == known + sorted(present - set(known))
    assert len(names) == len(set(names))


@given(st.lists(st.sampled_from(list(Step))))
def test_a_step_counts_everyone_who_reached_it_or_further(furthest: list[Step]) -> None:
    f = funnel("x", furthest)
    for s in f.steps:
        assert s.count == sum(1 for reached in furthest if reached >= s.step)
