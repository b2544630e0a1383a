"""Properties of statements that hold for any payments and terms."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from casepath.core.compensation import (
    Band,
    BonusKind,
    BonusPool,
    BonusSplit,
    PaymentLine,
    Terms,
    TierMode,
    allot,
    band_commissions,
    share_bonus,
    statement,
    statements,
)

START, END = date(2026, 10, 1), date(2026, 10, 31)
cents = st.integers(min_value=-500_000, max_value=5_000_000).map(lambda c: Decimal(c).scaleb(-2))
positive = st.integers(min_value=0, max_value=5_000_000).map(lambda c: Decimal(c).scaleb(-2))
rates = st.integers(min_value=0, max_value=1000).map(lambda r: Decimal(r).scaleb(-1))


@st.composite
def bands(draw: st.DrawFn) -> tuple[Band, ...]:
    starts = draw(st.lists(st.integers(1, 100_000), max_size=4, unique=True))
    froms = [0, *sorted(starts)]
    return tuple(Band(Decimal(f), draw(rates)) for f in froms)


@st.composite
def payment_lines(draw: st.DrawFn) -> list[PaymentLine]:
    out = []
    for i in range(draw(st.integers(0, 12))):
        amount = draw(cents.filter(bool))
        out.append(
            PaymentLine(
                payment_id=i,
                case_id=i,
                patient="P",
                received_on=START + timedelta(days=draw(st.integers(-5, 35))),
                amount=amount,
                accepted=draw(st.booleans()),
                first_presenter=draw(st.sampled_from([1, 2, None])),
                last_presenter=draw(st.sampled_from([1, 2, None])),
            )
        )
    return out


@given(bands(), st.sampled_from(list(TierMode)), payment_lines(), positive)
def test_lines_add_up_to_the_commission_and_total_adds_up(
    b: tuple[Band, ...], mode: TierMode, lines: list[PaymentLine], base: Decimal
) -> None:
    s = statement(Terms(b, mode=mode, base_pay=base), 1, START, END, lines)
    assert sum((c.commission for c in s.counted), Decimal(0)) == s.commission
    assert s.total == s.base + s.commission + s.bonus
    assert s.commission >= 0


@given(bands(), positive, positive)
def test_marginal_commission_never_falls_when_collections_rise(
    b: tuple[Band, ...], low: Decimal, more: Decimal
) -> None:
    def paid(x: Decimal) -> Decimal:
        return sum((c.commission for c in band_commissions(b, TierMode.MARGINAL, x)), Decimal(0))

    assert paid(low + more) >= paid(low)


@given(positive, st.dictionaries(st.integers(1, 9), cents, max_size=6), st.booleans())
def test_bonus_shares_add_up_to_the_pool(
    pool: Decimal, eligible: dict[int, Decimal], equal: bool
) -> None:
    split = BonusSplit.EQUAL if equal else BonusSplit.BY_COLLECTED
    shares = share_bonus(pool, split, eligible)
    if eligible:
        assert sum(shares.values(), Decimal(0)) == pool
    assert all(v >= 0 for v in shares.values())


@given(positive, st.lists(positive.filter(bool), min_size=1, max_size=10))
def test_allot_is_exact_and_fair_to_the_cent(total: Decimal, weights: list[Decimal]) -> None:
    parts = allot(total, weights)
    assert sum(parts, Decimal(0)) == total
    whole = sum(weights, Decimal(0))
    for part, w in zip(parts, weights, strict=True):
        assert abs(part - total * w / whole) < Decimal("0.01")


@given(bands(), payment_lines(), positive, st.one_of(st.none(), rates), st.one_of(st.none(), rates))
def test_threshold_and_minimum_acceptance_gate(
    b: tuple[Band, ...],
    lines: list[PaymentLine],
    threshold: Decimal,
    minimum: Decimal | None,
    acceptance: Decimal | None,
) -> None:
    terms = Terms(
        b,
        threshold=threshold,
        minimum_acceptance=minimum,
        bonus=BonusPool(BonusKind.FIXED, amount=Decimal("100.00")),
    )
    s = statements(terms, [1, 2], START, END, lines, {1: acceptance})[1]
    below_minimum = minimum is not None and (acceptance is None or acceptance < minimum)
    gated = s.collected < threshold or s.collected <= 0 or below_minimum
    assert s.eligible is not gated
    if gated:
        assert s.commission == 0
        assert s.bonus == 0
