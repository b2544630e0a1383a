"""Whole, part or none; the accepted fees add up."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.cases import Decision, acceptance_kind, accepted_total
from casepath.core.errors import CasepathError

D = Decimal


@pytest.mark.parametrize(
    ("decisions", "kind"),
    [
        (["accepted"], "whole"),
        (["accepted", "accepted"], "whole"),
        (["accepted", "declined"], "part"),
        (["undecided", "accepted"], "part"),
        (["declined", "declined"], "none"),
        (["undecided"], "none"),
        (["declined", "undecided"], "none"),
    ],
)
def test_acceptance_kind(decisions: list[str], kind: str) -> None:
    assert acceptance_kind(decisions) == kind


def test_no_procedures_is_an_error() -> None:
    with pytest.raises(CasepathError) as refused:
        acceptance_kind([])
    assert refused.value.errors[0].path == "decisions"


def test_unknown_decision_names_its_line() -> None:
    with pytest.raises(CasepathError) as refused:
        acceptance_kind(["accepted", "maybe"])
    assert refused.value.errors[0].path == "decisions[1]"
    assert refused.value.errors[0].message == (
        "'maybe' is not a decision: use accepted, declined or undecided."
    )


def test_accepted_total_adds_the_accepted_fees() -> None:
    fees = [D("1250.00"), D("95.50"), D("40.255")]
    assert accepted_total(fees, ["accepted", "declined", "accepted"]) == D("1290.26")
    assert accepted_total(fees, ["undecided"] * 3) == D("0.00")


def test_accepted_total_wants_one_decision_per_fee() -> None:
    with pytest.raises(CasepathError) as refused:
        accepted_total([D("1.00")], ["accepted", "accepted"])
    assert refused.value.errors[0].message == "Give exactly one decision for each fee."


def test_a_negative_fee_is_refused() -> None:
    with pytest.raises(CasepathError) as refused:
        accepted_total([D("1.00"), D("-1.00")], ["accepted", "accepted"])
    assert refused.value.errors[0].path == "fees[1]"


fees_and_decisions = st.lists(
    st.tuples(
        st.decimals(min_value=0, max_value=100_000, places=2),
        st.sampled_from([d.value for d in Decision]),
    ),
    min_size=1,
    max_size=20,
)


@given(fees_and_decisions)
def test_accepted_total_never_exceeds_the_fees(pairs: list[tuple[Decimal, str]]) -> None:
    fees = [fee for fee, _ in pairs]
    decisions = [decision for _, decision in pairs]
    total = accepted_total(fees, decisions)
    assert D(0) <= total <= sum(fees)
    if acceptance_kind(decisions) == "whole":
        assert total == sum(fees)
