"""Measures.plus (and Tally.plus): the sums of two groups with nothing in common."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

import pytest
from hypothesis import given

from casepath.core.metrics import AcceptedMeans, Measures, Tally
from tests.core.metrics.strategies import measures, tallies


@given(measures, measures)
def test_plus_is_commutative(a: Measures, b: Measures) -> None:
    assert a.plus(b) == b.plus(a)


@given(measures, measures, measures)
def test_plus_is_associative(a: Measures, b: Measures, c: Measures) -> None:
    assert a.plus(b).plus(c) == a.plus(b.plus(c))


@given(measures)
def test_nothing_is_the_identity(a: Measures) -> None:
    assert a.plus(Measures()) == a
    assert Measures().plus(a) == a


@given(tallies, tallies, tallies)
def test_tallies_add_field_by_field(a: Tally, b: Tally, c: Tally) -> None:
    assert a.plus(b) == b.plus(a)
    assert a.plus(b).plus(c) == a.plus(b.plus(c))
    assert a.plus(Tally()) == a


@given(measures, measures)
def test_plus_adds_every_sum(a: Measures, b: Measures) -> None:
    both = a.plus(b)
    assert both.diagnosed_usd == a.diagnosed_usd + b.diagnosed_usd
    assert both.presented.patients == a.presented.patients + b.presented.patients
    assert both.collected_usd == a.collected_usd + b.collected_usd
    assert both.financing_approved == a.financing_approved + b.financing_approved
    for means in AcceptedMeans:
        assert both.accepted[means] == a.accepted[means].plus(b.accepted[means])
        assert both.followed_up_accepted[means] == (
            a.followed_up_accepted[means] + b.followed_up_accepted[means]
        )


def test_the_two_halves_of_a_month_make_its_row() -> None:
    """How the report builds a month: diagnosed in it, plus presented in it (C7 of the
    dataset is diagnosed in October and presented in November)."""
    diagnosed = Measures(diagnosed_cases=8, diagnosed_usd=Decimal("14700.00"))
    presented = Measures(
        presented=Tally(8, 7, 12, Decimal("13200.00")),
        accepted=MappingProxyType({m: Tally(5, 5, 8, Decimal("7150.00")) for m in AcceptedMeans}),
        declined_cases=2,
    )
    month = diagnosed.plus(presented)
    assert (month.diagnosed_cases, month.presented.cases, month.declined_cases) == (8, 8, 2)
    assert month.accepted[AcceptedMeans.SAID_YES].usd == Decimal("7150.00")


def test_measures_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        Measures().accepted[AcceptedMeans.SAID_YES] = Tally(1)  # type: ignore[index]
