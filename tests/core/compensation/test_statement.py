"""Commission statements computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casepath.core.compensation import (
    Band,
    BonusKind,
    BonusPool,
    BonusSplit,
    LeftOut,
    PaymentLine,
    Terms,
    TierMode,
    allot,
    statement,
    statements,
)
from casepath.core.errors import CasepathError
from casepath.core.metrics import PresenterRule

D = Decimal
TESS, TOM = 1, 2
OCT = (date(2026, 10, 1), date(2026, 10, 31))
TWO_TIERS = (Band(D("0"), D("5")), Band(D("10000"), D("8")))


def line(
    pid: int,
    amount: str,
    day: int,
    *,
    first: int | None = TESS,
    last: int | None = None,
    accepted: bool = True,
    month: int = 10,
) -> PaymentLine:
    return PaymentLine(
        payment_id=pid,
        case_id=100 + pid,
        patient=f"Patient {pid}",
        received_on=date(2026, month, day),
        amount=D(amount),
        accepted=accepted,
        first_presenter=first,
        last_presenter=first if last is None else last,
    )


def test_marginal_tiers_pay_each_dollar_at_its_band_and_lines_add_up() -> None:
    lines = [line(1, "5000.00", 3), line(2, "4500.00", 10), line(3, "3000.00", 20)]
    s = statement(Terms(TWO_TIERS, base_pay=D("3000.00")), TESS, *OCT, lines)
    # collected 5000 + 4500 + 3000 = 12500
    # band 1: 10000 x 5 % = 500.00; band 2: 2500 x 8 % = 200.00; commission 700.00
    assert s.collected == D("12500.00")
    assert [b.commission for b in s.bands] == [D("500.00"), D("200.00")]
    assert s.commission == D("700.00")
    # spread by amount: 700 x 5000/12500 = 280; x 4500/12500 = 252; x 3000/12500 = 168
    assert [c.commission for c in s.counted] == [D("280.00"), D("252.00"), D("168.00")]
    assert s.total == D("3700.00")  # base 3000 + 700


def test_whole_mode_pays_every_dollar_at_the_highest_band_reached() -> None:
    lines = [line(1, "5000.00", 3), line(2, "4500.00", 10), line(3, "3000.00", 20)]
    s = statement(Terms(TWO_TIERS, mode=TierMode.WHOLE), TESS, *OCT, lines)
    # 12500 reaches the 10000 band: 12500 x 8 % = 1000.00
    assert s.commission == D("1000.00")
    assert [b.commission for b in s.bands] == [D("0.00"), D("1000.00")]


def test_cents_go_to_the_largest_remainders_earliest_first() -> None:
    lines = [line(1, "1000.00", 1), line(2, "1000.00", 2), line(3, "1000.00", 3)]
    s = statement(Terms((Band(D("0"), D("10")),)), TESS, *OCT, lines)
    # 3000 x 10 % = 300.00 / 3 = 100 each: no remainder
    assert [c.commission for c in s.counted] == [D("100.00")] * 3
    # 100.00 over three equal weights: 33.333.. each, 33.33 x 3 = 99.99, the one cent
    # left goes to the earliest of the equal remainders
    assert allot(D("100.00"), [D(1), D(1), D(1)]) == [D("33.34"), D("33.33"), D("33.33")]


def test_a_refund_counts_negative_and_takes_back_its_share() -> None:
    lines = [line(1, "6000.00", 2), line(2, "5000.00", 9), line(3, "-1000.00", 15)]
    s = statement(Terms(TWO_TIERS), TESS, *OCT, lines)
    # collected 6000 + 5000 - 1000 = 10000: all in band 1, 10000 x 5 % = 500.00
    assert s.collected == D("10000.00")
    assert s.commission == D("500.00")
    # 500 x 6000/10000 = 300; x 5000/10000 = 250; x -1000/10000 = -50
    assert [c.commission for c in s.counted] == [D("300.00"), D("250.00"), D("-50.00")]


def test_lines_left_out_say_why() -> None:
    lines = [
        line(1, "1000.00", 5),
        line(2, "900.00", 20, month=9),  # September: outside the period
        line(3, "800.00", 6, accepted=False),  # case not accepted
        line(4, "700.00", 7, first=TOM, last=TESS),  # first presenter is Tom
        line(5, "600.00", 8, first=TOM),  # never Tess's case: not listed at all
    ]
    s = statement(Terms(TWO_TIERS), TESS, *OCT, lines)
    assert [c.line.payment_id for c in s.counted] == [1]
    assert [(x.line.payment_id, x.reason) for x in s.left_out] == [
        (2, LeftOut.OUTSIDE_PERIOD),
        (3, LeftOut.NOT_ACCEPTED),
        (4, LeftOut.SOMEONE_ELSE),
    ]


def test_last_presenter_rule_gives_the_case_to_the_other_tc() -> None:
    lines = [line(1, "2000.00", 5, first=TOM, last=TESS)]
    first = statement(Terms(TWO_TIERS), TESS, *OCT, lines)
    last = statement(Terms(TWO_TIERS, presenter_rule=PresenterRule.LAST), TESS, *OCT, lines)
    assert first.collected == D("0")
    assert last.collected == D("2000.00")
    assert last.commission == D("100.00")  # 2000 x 5 %


def test_threshold_gates_the_commission() -> None:
    lines = [line(1, "4999.99", 5)]
    s = statement(Terms(TWO_TIERS, threshold=D("5000.00")), TESS, *OCT, lines)
    assert s.commission == D("0")
    assert "below the threshold of $5,000.00" in s.no_commission_because
    reached = statement(Terms(TWO_TIERS, threshold=D("4999.99")), TESS, *OCT, lines)
    assert reached.commission == D("250.00")  # 4999.99 x 5 % = 249.9995 -> 250.00


def test_minimum_acceptance_gates_the_commission() -> None:
    lines = [line(1, "1000.00", 5)]
    terms = Terms(TWO_TIERS, minimum_acceptance=D("40"))
    assert statement(terms, TESS, *OCT, lines, D("39.9")).commission == D("0")
    assert statement(terms, TESS, *OCT, lines, None).commission == D("0")
    assert statement(terms, TESS, *OCT, lines, D("40.0")).commission == D("50.00")


def test_bonus_over_goal_is_shared_by_collected() -> None:
    lines = [
        line(1, "9000.00", 5, first=TESS),
        line(2, "3000.00", 6, first=TOM),
        line(3, "3000.00", 7, first=None),  # no presenter: counts for the practice only
    ]
    pool = BonusPool(BonusKind.OVER_GOAL, percent=D("10"), goal=D("10000.00"))
    made = statements(Terms(TWO_TIERS, bonus=pool), [TESS, TOM], *OCT, lines)
    # practice collected 15000; above the goal 5000; 10 % = 500.00
    # Tess 9000 / 12000 x 500 = 375.00; Tom 3000 / 12000 x 500 = 125.00
    assert made[TESS].bonus == D("375.00")
    assert made[TOM].bonus == D("125.00")
    # Tess: 9000 x 5 % = 450 commission; total 450 + 375
    assert made[TESS].total == D("825.00")


def test_fixed_bonus_shared_equally_among_eligible_only() -> None:
    lines = [line(1, "9000.00", 5, first=TESS), line(2, "100.00", 6, first=TOM)]
    pool = BonusPool(BonusKind.FIXED, amount=D("1000.00"), split=BonusSplit.EQUAL)
    made = statements(
        Terms(TWO_TIERS, threshold=D("500.00"), bonus=pool), [TESS, TOM, 3], *OCT, lines
    )
    # Tom (100) and 3 (nothing) miss the 500 threshold: Tess takes the whole 1000.00
    assert made[TESS].bonus == D("1000.00")
    assert made[TOM].bonus == made[3].bonus == D("0")


@pytest.mark.parametrize(
    ("terms", "path"),
    [
        (Terms(()), "tiers"),
        (Terms((Band(D("100"), D("5")),)), "tiers[0].from_usd"),
        (Terms((Band(D("0"), D("5")), Band(D("0"), D("6")))), "tiers[1].from_usd"),
        (Terms((Band(D("0"), D("101")),)), "tiers[0].rate_percent"),
        (Terms((Band(D("0"), D("-1")),)), "tiers[0].rate_percent"),
        (Terms(TWO_TIERS, base_pay=D("-1")), "base_pay"),
        (Terms(TWO_TIERS, threshold=D("-0.01")), "threshold"),
        (Terms(TWO_TIERS, minimum_acceptance=D("120")), "minimum_acceptance"),
        (Terms(TWO_TIERS, bonus=BonusPool(BonusKind.FIXED, amount=D("-5"))), "bonus.amount"),
        (Terms(TWO_TIERS, bonus=BonusPool(BonusKind.OVER_GOAL, percent=D("200"))), "bonus.percent"),
    ],
)
def test_bad_terms_name_the_field(terms: Terms, path: str) -> None:
    with pytest.raises(CasepathError) as caught:
        terms.check()
    assert path in [e.path for e in caught.value.errors]
