"""What the Insurance tab says about a coverage: verification status and remaining benefits.

Plain functions of values: today's date is always passed in (`as_of`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Protocol

from casepath.core.money import ZERO, money


class CheckFacts(Protocol):
    """The parts of an eligibility check the status needs."""

    checked_on: date
    checked_by_name: str
    is_active: bool
    next_check_due: date


class LeftFacts(Protocol):
    """What the estimator says is left of a coverage (core.benefits.Remaining)."""

    annual_max: Decimal | None
    deductible: Decimal


@dataclass(frozen=True)
class VerificationStatus:
    kind: str  # "unverified", "verified", "out_of_date" or "inactive"
    label: str
    needs_check: bool


def verification_status(latest: CheckFacts | None, as_of: date) -> VerificationStatus:
    """ "Verified 12 days ago by Tessa", "Not verified", "Out of date (over 30 days)"."""
    if latest is None:
        return VerificationStatus("unverified", "Not verified", True)
    days = (as_of - latest.checked_on).days
    ago = _days_ago(days)
    if not latest.is_active:
        text = f"Not active (verified {ago} by {latest.checked_by_name})"
        return VerificationStatus("inactive", text, True)
    if as_of > latest.next_check_due:
        reason = "over 30 days" if days > 30 else f"was due {latest.next_check_due:%m/%d/%Y}"
        text = f"Out of date ({reason}; verified {ago} by {latest.checked_by_name})"
        return VerificationStatus("out_of_date", text, True)
    return VerificationStatus("verified", f"Verified {ago} by {latest.checked_by_name}", False)


def _days_ago(days: int) -> str:
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


@dataclass(frozen=True)
class BenefitYear:
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def benefit_year(as_of: date, start_month: int) -> BenefitYear:
    """The benefit year holding `as_of` for a plan whose year starts in `start_month`."""
    year = as_of.year if as_of.month >= start_month else as_of.year - 1
    start = date(year, start_month, 1)
    following = date(year + 1, start_month, 1)
    return BenefitYear(start, following - timedelta(days=1))


@dataclass(frozen=True)
class Remaining:
    """One limit (annual maximum or deductible) for this benefit year."""

    limit: Decimal
    used: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(ZERO, self.limit - self.used)


@dataclass(frozen=True)
class RemainingBenefits:
    year: BenefitYear
    annual_max: Remaining | None
    deductible: Remaining | None


def remaining_benefits(
    design: Mapping[str, Any], *, start_month: int, left: LeftFacts, as_of: date
) -> RemainingBenefits:
    """The annual maximum and deductible of the plan, with what the estimator says is
    left of them this benefit year (`left`: its `remaining` for this coverage)."""
    year = benefit_year(as_of, start_month)
    max_limit = _general_amount(design.get("maximums", []))
    deductible_limit = _general_amount(design.get("deductibles", []))
    annual_max = None
    if max_limit is not None and left.annual_max is not None:
        annual_max = Remaining(max_limit, max_limit - left.annual_max)
    deductible = None
    if deductible_limit is not None:
        deductible = Remaining(deductible_limit, deductible_limit - left.deductible)
    return RemainingBenefits(year, annual_max, deductible)


def _general_amount(rules: Iterable[Mapping[str, Any]]) -> Decimal | None:
    """The individual, benefit-year rule that applies to every code (no category)."""
    for rule in rules:
        scoped = any(key in rule for key in ("category", "codes", "code"))
        lifetime = rule.get("period") == "lifetime"
        if rule.get("level", "individual") == "individual" and not scoped and not lifetime:
            return money(rule["amount"])
    return None
