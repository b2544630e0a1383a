"""Decline reasons: known, and explained when the reason is "other"."""

from __future__ import annotations

import pytest

from casepath.core.cases import DECLINE_LABELS, DeclineReason, check_decline
from casepath.core.errors import CasepathError


def test_the_reasons() -> None:
    assert [r.value for r in DeclineReason] == [
        "cost",
        "insurance",
        "timing",
        "fear",
        "second_opinion",
        "not_a_priority",
        "wants_alternative",
        "no_response",
        "other",
    ]
    assert set(DECLINE_LABELS) == set(DeclineReason)
    assert DECLINE_LABELS[DeclineReason.SECOND_OPINION] == "Wants a second opinion"


def test_a_known_reason_needs_no_detail() -> None:
    assert check_decline("cost", "") is DeclineReason.COST
    assert check_decline(" timing ", "") is DeclineReason.TIMING


def test_other_with_words_is_accepted() -> None:
    assert check_decline("other", "Moving abroad next month") is DeclineReason.OTHER


@pytest.mark.parametrize(
    ("reason", "detail", "path", "message"),
    [
        ("", "", "reason", "Choose why the patient declined."),
        ("  ", "too dear", "reason", "Choose why the patient declined."),
        ("price", "", "reason", "'price' is not a decline reason: choose one from the list."),
        ("Cost", "", "reason", "'Cost' is not a decline reason: choose one from the list."),
        ("other", "", "detail", "Say in a few words why the patient declined."),
        ("other", " \n ", "detail", "Say in a few words why the patient declined."),
    ],
)
def test_refusals(reason: str, detail: str, path: str, message: str) -> None:
    with pytest.raises(CasepathError) as refused:
        check_decline(reason, detail)
    assert [(e.path, e.message) for e in refused.value.errors] == [(path, message)]
