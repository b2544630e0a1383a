"""Hypothesis strategies for the metrics core: tallies, measures, definitions."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

from hypothesis import strategies as st

from casepath.core.metrics import AcceptedMeans, Definitions, Measures, PresenterRule, Tally

counts = st.integers(min_value=0, max_value=10**6)
dollars = st.decimals(
    min_value=Decimal(0), max_value=Decimal(10**9), places=2, allow_nan=False, allow_infinity=False
)
signed_dollars = st.decimals(
    min_value=Decimal(-(10**6)),
    max_value=Decimal(10**9),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
tallies = st.builds(Tally, counts, counts, counts, dollars)
definitions = st.builds(Definitions, st.sampled_from(AcceptedMeans), st.sampled_from(PresenterRule))


def _per_means(values: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.fixed_dictionaries({m: values for m in AcceptedMeans}).map(MappingProxyType)


measures = st.builds(
    Measures,
    diagnosed_cases=counts,
    diagnosed_usd=dollars,
    presented=tallies,
    accepted=_per_means(tallies),
    days_to_accept_total=counts,
    days_to_accept_cases=counts,
    collected_usd=signed_dollars,  # refunds can outweigh payments
    followed_up_cases=counts,
    followed_up_accepted=_per_means(counts),
    declined_cases=counts,
    predeterminations_sent=counts,
    predeterminations_returned=counts,
    financing_applications=counts,
    financing_approved=counts,
)
