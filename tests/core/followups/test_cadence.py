"""Cadences with no database: the default, due times, the next step, the agreed time,
and steps checked with the field named."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from casepath.core.errors import CasepathError
from casepath.core.followups import (
    DEFAULT_PRESENTED,
    Step,
    check_steps,
    due_at,
    due_times,
    next_step,
    open_at,
    step_title,
    steps_json,
)

START = datetime(2026, 4, 2, 14, 0, tzinfo=UTC)


def test_the_default_is_the_issues_cadence() -> None:
    written = [(s.kind, s.offset, s.unit) for s in DEFAULT_PRESENTED]
    assert written == [
        ("call", 48, "hours"),
        ("email", 7, "days"),
        ("call", 14, "days"),
        ("letter", 30, "days"),
        ("call", 60, "days"),
        ("call", 90, "days"),
    ]


def test_due_times_of_the_default() -> None:
    assert due_times(START, DEFAULT_PRESENTED) == [
        datetime(2026, 4, 4, 14, 0, tzinfo=UTC),
        datetime(2026, 4, 9, 14, 0, tzinfo=UTC),
        datetime(2026, 4, 16, 14, 0, tzinfo=UTC),
        datetime(2026, 5, 2, 14, 0, tzinfo=UTC),
        datetime(2026, 6, 1, 14, 0, tzinfo=UTC),
        datetime(2026, 7, 1, 14, 0, tzinfo=UTC),
    ]
    assert due_at(START, Step("email", 7)) == datetime(2026, 4, 9, 14, 0, tzinfo=UTC)


def test_next_step_until_the_end() -> None:
    assert [next_step(DEFAULT_PRESENTED, n) for n in range(1, 7)] == [2, 3, 4, 5, 6, None]
    with pytest.raises(CasepathError) as refused:
        next_step(DEFAULT_PRESENTED, 7)
    assert refused.value.errors[0].path == "step"


def test_a_step_opened_late_is_due_at_once() -> None:
    late = START + timedelta(days=10)
    assert open_at(START, DEFAULT_PRESENTED, 2, late) == late
    early = START + timedelta(days=3)
    assert open_at(START, DEFAULT_PRESENTED, 2, early) == START + timedelta(days=7)


def test_the_agreed_time_replaces_step_one_only() -> None:
    agreed = START + timedelta(hours=20)
    times = due_times(START, DEFAULT_PRESENTED, agreed)
    assert times[0] == agreed
    assert times[1:] == due_times(START, DEFAULT_PRESENTED)[1:]
    assert open_at(START, DEFAULT_PRESENTED, 1, START, agreed) == agreed


def test_title_and_words() -> None:
    title = step_title(DEFAULT_PRESENTED[0], 1, 6, "Ana Lopez", "Missing molar")
    assert title == "Call Ana Lopez about “Missing molar” (follow-up 1 of 6, within 48 hours)"
    assert step_title(Step("letter", 30), 4, 6, "Ana", "X").startswith("Send a letter to Ana")
    assert Step("call", 1, "hours").when == "within 1 hour"


def test_steps_round_trip_through_json() -> None:
    assert check_steps(steps_json(DEFAULT_PRESENTED)) == DEFAULT_PRESENTED


def test_typed_steps_are_read() -> None:
    typed = [{"kind": "call", "offset": " 2 ", "unit": "days"}, {"kind": "sms", "offset": "5"}]
    assert check_steps(typed) == (Step("call", 2), Step("sms", 5))


def _paths(raw: list[dict[str, object]]) -> dict[str, str]:
    with pytest.raises(CasepathError) as refused:
        check_steps(raw)
    return {e.path: e.message for e in refused.value.errors}


def test_no_steps_is_refused() -> None:
    assert _paths([]) == {"steps": "A cadence needs at least one step."}
    assert list(_paths([{"kind": "call", "offset": n + 1} for n in range(13)])) == ["steps"]


def test_offsets_must_increase() -> None:
    paths = _paths(
        [
            {"kind": "call", "offset": 48, "unit": "hours"},
            {"kind": "email", "offset": 2, "unit": "days"},
            {"kind": "call", "offset": 14},
            {"kind": "letter", "offset": 10},
        ]
    )
    assert paths == {
        "steps[1].offset": "Step 2 must come after step 1 (within 48 hours).",
        "steps[3].offset": "Step 4 must come after step 3 (on day 14).",
    }


def test_every_bad_step_is_named() -> None:
    paths = _paths(
        [
            {"kind": "fax", "offset": 1},
            {"kind": "call", "offset": "two"},
            {"kind": "call", "offset": -3},
            {"kind": "call", "offset": 400},
            {"kind": "call", "offset": 5, "unit": "weeks"},
            {"kind": "call", "offset": True},
            {"kind": "call", "offset": 10**30},
        ]
    )
    assert paths == {
        "steps[0].kind": "Choose a call, e-mail, text or letter.",
        "steps[1].offset": "Give a whole number of days from 0 to 365.",
        "steps[2].offset": "Give a whole number of days from 0 to 365.",
        "steps[3].offset": "Give a whole number of days from 0 to 365.",
        "steps[4].unit": "Count the offset in hours or days.",
        "steps[5].offset": "Give a whole number of days from 0 to 365.",
        "steps[6].offset": "Give a whole number of days from 0 to 365.",
    }


def test_hours_are_limited_to_a_year() -> None:
    assert _paths([{"kind": "call", "offset": 8761, "unit": "hours"}]) == {
        "steps[0].offset": "Give a whole number of hours from 0 to 8760."
    }
    assert check_steps([{"kind": "call", "offset": 8760, "unit": "hours"}])


# Properties -----------------------------------------------------------------------------

offsets = st.lists(
    st.tuples(st.integers(0, 8760), st.sampled_from(["hours", "days"])),
    min_size=1,
    max_size=12,
)
kinds = st.sampled_from(["call", "email", "sms", "letter"])
starts = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001 (hypothesis adds the zone)
    max_value=datetime(2035, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


def _valid(raw: list[tuple[int, str]], kind: str) -> list[dict[str, object]]:
    """Typed steps that pass the checks: distinct offsets, in increasing order."""
    seen: dict[timedelta, dict[str, object]] = {}
    for offset, unit in raw:
        amount = min(offset, 365) if unit == "days" else offset
        after = amount * (timedelta(days=1) if unit == "days" else timedelta(hours=1))
        seen.setdefault(after, {"kind": kind, "offset": amount, "unit": unit})
    return [seen[after] for after in sorted(seen)]


@given(offsets, kinds, starts)
def test_due_times_increase(raw: list[tuple[int, str]], kind: str, start: datetime) -> None:
    steps = check_steps(_valid(raw, kind))
    times = due_times(start, steps)
    assert all(a < b for a, b in itertools.pairwise(times))
    assert times[0] >= start
    assert next_step(steps, len(steps)) is None


@given(offsets, kinds, starts, st.integers(0, 24 * 400))
def test_the_agreed_time_only_replaces_step_one(
    raw: list[tuple[int, str]], kind: str, start: datetime, hours: int
) -> None:
    steps = check_steps(_valid(raw, kind))
    agreed = start + timedelta(hours=hours)
    plain, with_agreed = due_times(start, steps), due_times(start, steps, agreed)
    assert with_agreed[0] == agreed
    assert with_agreed[1:] == plain[1:]


@given(offsets, kinds)
def test_out_of_order_steps_are_refused_naming_the_later_one(
    raw: list[tuple[int, str]], kind: str
) -> None:
    steps = _valid(raw, kind)
    assume(len(steps) >= 2)
    swapped = [steps[1], steps[0], *steps[2:]]
    with pytest.raises(CasepathError) as refused:
        check_steps(swapped)
    assert [e.path for e in refused.value.errors] == ["steps[1].offset"]
