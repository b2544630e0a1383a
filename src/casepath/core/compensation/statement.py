"""A TC's statement for a period: which payments count, the commission, bonus, total.

Counted: a payment received in the period (inclusive), on a case accepted or later
(said yes, scheduled, in progress, completed), that the TC presented under the plan's
rule (first or last presenter). Refunds are negative payments and count the same way.

Rounding (half-up to cents) happens at three points only: each band's commission, the
bonus pool, and nothing else: the commission of a line and a TC's bonus share are cents
allotted by largest remainder (`allot`), so lines add up to the commission and shares
to the pool exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from casepath.core.compensation.allot import allot
from casepath.core.compensation.terms import (
    HUNDRED,
    Band,
    BonusKind,
    BonusSplit,
    Terms,
    TierMode,
)
from casepath.core.metrics import PresenterRule
from casepath.core.money import ZERO, to_cents


class LeftOut(StrEnum):
    OUTSIDE_PERIOD = "outside_period"
    NOT_ACCEPTED = "not_accepted"
    SOMEONE_ELSE = "someone_else"


REASON_TEXT: dict[LeftOut, str] = {
    LeftOut.OUTSIDE_PERIOD: "Received outside the period",
    LeftOut.NOT_ACCEPTED: "The case is not accepted",
    LeftOut.SOMEONE_ELSE: "Presented by someone else under the plan's rule",
}


@dataclass(frozen=True)
class PaymentLine:
    payment_id: int
    case_id: int
    patient: str
    received_on: date
    amount: Decimal
    accepted: bool
    """The case is accepted or later (said yes, scheduled, in progress, completed)."""
    first_presenter: int | None
    last_presenter: int | None
    case_title: str = ""

    def presenter(self, rule: PresenterRule) -> int | None:
        return self.first_presenter if rule is PresenterRule.FIRST else self.last_presenter


@dataclass(frozen=True)
class Counted:
    line: PaymentLine
    commission: Decimal


@dataclass(frozen=True)
class Excluded:
    line: PaymentLine
    reason: LeftOut


@dataclass(frozen=True)
class BandCommission:
    from_usd: Decimal
    to_usd: Decimal | None
    rate_percent: Decimal
    collected_in_band: Decimal
    commission: Decimal


@dataclass(frozen=True)
class Statement:
    tc_id: int
    start: date
    end: date
    counted: tuple[Counted, ...]
    left_out: tuple[Excluded, ...]
    collected: Decimal
    acceptance: Decimal | None
    no_commission_because: str
    """Empty when the commission gates (threshold, minimum acceptance) are passed."""
    bands: tuple[BandCommission, ...]
    commission: Decimal
    base: Decimal
    bonus: Decimal = ZERO

    @property
    def eligible(self) -> bool:
        return not self.no_commission_because

    @property
    def total(self) -> Decimal:
        return self.base + self.commission + self.bonus


def sort_lines(
    tc_id: int, start: date, end: date, lines: Sequence[PaymentLine], rule: PresenterRule
) -> tuple[list[PaymentLine], list[Excluded]]:
    """The TC's counted lines in date order, and the left-out lines the TC presented
    (first or last); payments on cases the TC never presented are not theirs to list."""
    counted: list[PaymentLine] = []
    left_out: list[Excluded] = []
    for line in sorted(lines, key=lambda x: (x.received_on, x.payment_id)):
        if tc_id not in (line.first_presenter, line.last_presenter):
            continue
        if not start <= line.received_on <= end:
            left_out.append(Excluded(line, LeftOut.OUTSIDE_PERIOD))
        elif not line.accepted:
            left_out.append(Excluded(line, LeftOut.NOT_ACCEPTED))
        elif line.presenter(rule) != tc_id:
            left_out.append(Excluded(line, LeftOut.SOMEONE_ELSE))
        else:
            counted.append(line)
    return counted, left_out


def band_commissions(
    bands: Sequence[Band], mode: TierMode, collected: Decimal
) -> tuple[BandCommission, ...]:
    """The commission of each band on `collected` (nothing below zero), each rounded."""
    base = max(collected, ZERO)
    out = []
    for i, band in enumerate(bands):
        upper = bands[i + 1].from_usd if i + 1 < len(bands) else None
        if mode is TierMode.MARGINAL:
            top = base if upper is None else min(base, upper)
            inside = max(top - band.from_usd, ZERO)
        else:
            reached = base >= band.from_usd and (upper is None or base < upper)
            inside = base if reached and base > 0 else ZERO
        commission = to_cents(inside * band.rate_percent / HUNDRED)
        out.append(BandCommission(band.from_usd, upper, band.rate_percent, inside, commission))
    return tuple(out)


def gate(terms: Terms, collected: Decimal, acceptance: Decimal | None) -> str:
    """Why no commission is paid, or "" when it is."""
    if collected <= 0:
        return f"Nothing collected in the period (net ${collected:,})"
    if collected < terms.threshold:
        return f"Collected ${collected:,} is below the threshold of ${terms.threshold:,}"
    minimum = terms.minimum_acceptance
    if minimum is not None and (acceptance is None or acceptance < minimum):
        shown = "no case presented" if acceptance is None else f"{acceptance} %"
        return f"Case acceptance ({shown}) is below the minimum of {minimum} %"
    return ""


def statement(
    terms: Terms,
    tc_id: int,
    start: date,
    end: date,
    lines: Sequence[PaymentLine],
    acceptance: Decimal | None = None,
) -> Statement:
    """The TC's statement before the bonus (see `statements` for the bonus pool)."""
    counted, left_out = sort_lines(tc_id, start, end, lines, terms.presenter_rule)
    collected = sum((line.amount for line in counted), ZERO)
    why_not = gate(terms, collected, acceptance)
    bands = band_commissions(terms.bands, terms.mode, collected)
    commission = ZERO if why_not else sum((b.commission for b in bands), ZERO)
    if commission:
        shares = allot(commission, [line.amount for line in counted])
    else:
        shares = [ZERO] * len(counted)
    return Statement(
        tc_id=tc_id,
        start=start,
        end=end,
        counted=tuple(Counted(line, share) for line, share in zip(counted, shares, strict=True)),
        left_out=tuple(left_out),
        collected=collected,
        acceptance=acceptance,
        no_commission_because=why_not,
        bands=bands,
        commission=commission,
        base=terms.base_pay,
    )


def bonus_pool(terms: Terms, practice_collected: Decimal) -> Decimal:
    """The pool of the period: the fixed amount, or the percentage of the practice's
    collected revenue above the goal, rounded to cents."""
    pool = terms.bonus
    if pool.kind is BonusKind.FIXED:
        return pool.amount
    if pool.kind is BonusKind.OVER_GOAL:
        return to_cents(max(practice_collected - pool.goal, ZERO) * pool.percent / HUNDRED)
    return ZERO


def share_bonus(
    pool: Decimal, split: BonusSplit, eligible: Mapping[int, Decimal]
) -> dict[int, Decimal]:
    """The pool among eligible TCs (id -> collected): by collected, or equally when the
    plan says so or nobody collected; nobody eligible, nobody paid."""
    if not eligible or not pool:
        return dict.fromkeys(eligible, ZERO)
    ids = sorted(eligible)
    weights = [max(eligible[i], ZERO) for i in ids]
    if split is BonusSplit.EQUAL or not any(weights):
        weights = [Decimal(1)] * len(ids)
    return dict(zip(ids, allot(pool, weights), strict=True))


def statements(
    terms: Terms,
    tc_ids: Sequence[int],
    start: date,
    end: date,
    lines: Sequence[PaymentLine],
    acceptance: Mapping[int, Decimal | None] | None = None,
) -> dict[int, Statement]:
    """Every member's statement for the period, bonus included.

    `lines` are the practice's payments (all of them, so the pool can count the
    practice's collected revenue: payments received in the period on accepted cases).
    """
    terms.check()
    made = {
        tc: statement(terms, tc, start, end, lines, (acceptance or {}).get(tc)) for tc in tc_ids
    }
    practice_collected = sum(
        (x.amount for x in lines if x.accepted and start <= x.received_on <= end), ZERO
    )
    pool = bonus_pool(terms, practice_collected)
    eligible = {tc: s.collected for tc, s in made.items() if s.eligible}
    shares = share_bonus(pool, terms.bonus.split, eligible)
    return {tc: replace(s, bonus=shares.get(tc, ZERO)) for tc, s in made.items()}
