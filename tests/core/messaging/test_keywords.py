"""Replies: STOP (and its synonyms) in any case ends texts; START resumes; other text is a reply."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.messaging import Reply, reply_of

STOPS = [
    "STOP",
    "stop",
    "Stop",
    " stop. ",
    "STOPALL",
    "stop all",
    "Unsubscribe",
    "cancel",
    "END",
    "quit!",
]


@pytest.mark.parametrize("text", STOPS)
def test_every_stop_keyword_in_any_case_stops(text: str) -> None:
    assert reply_of(text) is Reply.STOP


@pytest.mark.parametrize("text", ["START", "unstop", " Start "])
def test_start_resumes(text: str) -> None:
    assert reply_of(text) is Reply.START


@pytest.mark.parametrize("text", ["Yes I will call", "don't stop", "stopping by at 3", "", "OK"])
def test_a_plain_reply_is_neither(text: str) -> None:
    assert reply_of(text) is None


words = st.sampled_from(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"])


@given(words, st.lists(st.booleans(), min_size=11, max_size=11), st.sampled_from(["", " ", "."]))
def test_any_mix_of_upper_and_lower_case_stops(word: str, upper: list[bool], end: str) -> None:
    mixed = "".join(c.upper() if up else c.lower() for c, up in zip(word, upper, strict=False))
    assert reply_of(mixed + end) is Reply.STOP
