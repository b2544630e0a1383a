"""A compensation plan's terms: base pay, commission tiers, threshold, bonus pool.

Every amount is dollars in cents; every rate is a percentage from 0 to 100.
`Terms.check()` refuses bad terms with a `CasepathError` naming the field
(`tiers[1].from_usd`, `bonus.percent`, ...), the paths the plan form maps back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from casepath.core.errors import CasepathError, FieldError
from casepath.core.metrics import PresenterRule
from casepath.core.money import ZERO

HUNDRED = Decimal(100)


class TierMode(StrEnum):
    MARGINAL = "marginal"
    """Each dollar earns its own band's rate, like tax brackets."""
    WHOLE = "whole"
    """Every dollar earns the rate of the highest band reached."""


class BonusKind(StrEnum):
    NONE = "none"
    FIXED = "fixed"
    """A fixed amount each period."""
    OVER_GOAL = "over_goal"
    """A percentage of the practice's collected revenue above a goal."""


class BonusSplit(StrEnum):
    BY_COLLECTED = "by_collected"
    EQUAL = "equal"


@dataclass(frozen=True)
class Band:
    """From `from_usd` collected (up to the next band's start), `rate_percent` %."""

    from_usd: Decimal
    rate_percent: Decimal


@dataclass(frozen=True)
class BonusPool:
    kind: BonusKind = BonusKind.NONE
    amount: Decimal = ZERO
    percent: Decimal = ZERO
    goal: Decimal = ZERO
    split: BonusSplit = BonusSplit.BY_COLLECTED


@dataclass(frozen=True)
class Terms:
    bands: tuple[Band, ...]
    mode: TierMode = TierMode.MARGINAL
    base_pay: Decimal = ZERO
    presenter_rule: PresenterRule = PresenterRule.FIRST
    threshold: Decimal = ZERO
    """No commission unless the TC's collected revenue reaches it."""
    minimum_acceptance: Decimal | None = None
    """No commission unless the TC's case acceptance % reaches it (None: no minimum)."""
    bonus: BonusPool = BonusPool()

    def check(self) -> Terms:
        errors = list(_band_errors(self.bands))
        for path, amount in (
            ("base_pay", self.base_pay),
            ("threshold", self.threshold),
            ("bonus.amount", self.bonus.amount),
            ("bonus.goal", self.bonus.goal),
        ):
            if amount < 0:
                errors.append(FieldError(path, "cannot be negative"))
        for path, rate in (
            ("minimum_acceptance", self.minimum_acceptance),
            ("bonus.percent", self.bonus.percent),
        ):
            if rate is not None and not ZERO <= rate <= HUNDRED:
                errors.append(FieldError(path, "must be a percentage from 0 to 100"))
        if errors:
            raise CasepathError(*errors)
        return self


def _band_errors(bands: tuple[Band, ...]) -> list[FieldError]:
    if not bands:
        return [FieldError("tiers", "a plan needs at least one tier (from $0)")]
    errors = []
    if bands[0].from_usd != 0:
        errors.append(FieldError("tiers[0].from_usd", "the first tier must start at $0"))
    for i, band in enumerate(bands):
        if not ZERO <= band.rate_percent <= HUNDRED:
            errors.append(FieldError(f"tiers[{i}].rate_percent", "must be from 0 to 100"))
        if i and band.from_usd <= bands[i - 1].from_usd:
            errors.append(
                FieldError(
                    f"tiers[{i}].from_usd",
                    f"must be more than the tier before it (${bands[i - 1].from_usd:,})",
                )
            )
    return errors
