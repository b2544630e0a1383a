"""The estimate request: a plan, its coverages and the procedures to estimate.

Every class maps one-to-one to an object of the estimate contract
(estimate-v1) and every field to the key of the same name; the only renaming is
`Downgrade.from_` for the key `from`, a Python keyword. Lists are tuples,
objects of codes to amounts are mappings, amounts are `Decimal` (or int) in
whole cents, percents are whole numbers. Defaults are the contract's defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

PlanType = Literal["percentage", "ppo", "flat_copay", "capitation"]
CobMethod = Literal["standard", "non_duplication", "secondary_allowed"]
Level = Literal["individual", "family"]
LimitPeriod = Literal["benefit_year", "lifetime"]
Area = Literal["mouth", "tooth", "arch", "quadrant"]
DowngradeCondition = Literal["always", "posterior", "molar"]
BlankAllowedFee = Literal["use_fee", "not_covered"]
Amount = Decimal | int
# A range "D2950-D2954", one code "D9972", or a list of codes and ranges.
Codes = str | tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Scoped:
    """Which codes a rule is about: one `code`, some `codes`, a `category`, or
    none of them (a general rule that applies to every code)."""

    category: str | None = None
    codes: Codes | None = None
    code: str | None = None


@dataclass(frozen=True, kw_only=True)
class CoverageRule(Scoped):
    percent: int


@dataclass(frozen=True, kw_only=True)
class DeductibleRule(Scoped):
    amount: Amount
    level: Level = "individual"
    period: LimitPeriod = "benefit_year"


@dataclass(frozen=True, kw_only=True)
class MaximumRule(Scoped):
    amount: Amount
    level: Level = "individual"
    period: LimitPeriod = "benefit_year"


@dataclass(frozen=True)
class Months:
    """A rolling window of N months: `{"months": N}`."""

    months: int


@dataclass(frozen=True)
class Years:
    """A rolling window of N years: `{"years": N}`."""

    years: int


FrequencyPeriod = Literal["benefit_year", "calendar_year"] | Months | Years


@dataclass(frozen=True, kw_only=True)
class FrequencyRule(Scoped):
    count: int
    period: FrequencyPeriod
    area: Area = "mouth"


@dataclass(frozen=True, kw_only=True)
class AgeLimit(Scoped):
    max_age: int


@dataclass(frozen=True, kw_only=True)
class WaitingPeriod(Scoped):
    months: int


@dataclass(frozen=True, kw_only=True)
class Exclusion(Scoped):
    pass


@dataclass(frozen=True, kw_only=True)
class Downgrade:
    from_: str
    to: str
    only_if: DowngradeCondition = "always"


@dataclass(frozen=True, kw_only=True)
class Plan:
    type: PlanType = "percentage"
    benefit_year_start_month: int = 1
    allowed_fees: Mapping[str, Amount] = field(default_factory=dict)
    copays: Mapping[str, Amount] = field(default_factory=dict)
    coverage: tuple[CoverageRule, ...] = ()
    deductibles: tuple[DeductibleRule, ...] = ()
    maximums: tuple[MaximumRule, ...] = ()
    frequencies: tuple[FrequencyRule, ...] = ()
    age_limits: tuple[AgeLimit, ...] = ()
    waiting_periods: tuple[WaitingPeriod, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    downgrades: tuple[Downgrade, ...] = ()
    cob: CobMethod = "standard"


@dataclass(frozen=True, kw_only=True)
class HistoryEntry:
    """A service the plan already processed (for this patient or a family member)."""

    code: str
    date: date
    tooth: str = ""
    insurance_paid: Amount = 0
    deductible_applied: Amount = 0
    family_member: bool = False


@dataclass(frozen=True, kw_only=True)
class PendingEntry:
    """A claim sent and not yet paid: its estimate counts as used."""

    code: str
    date: date
    tooth: str = ""
    insurance_estimate: Amount = 0
    deductible_applied: Amount = 0
    family_member: bool = False


@dataclass(frozen=True, kw_only=True)
class UsedAdjustments:
    """Usage known from the payer but missing from history (e.g. its portal),
    counted in the benefit year of `as_of`."""

    annual_max: Amount = 0
    deductible: Amount = 0


@dataclass(frozen=True, kw_only=True)
class Coverage:
    plan: Plan
    effective_date: date | None = None
    history: tuple[HistoryEntry, ...] = ()
    pending: tuple[PendingEntry, ...] = ()
    used_adjustments: UsedAdjustments = UsedAdjustments()


@dataclass(frozen=True, kw_only=True)
class Procedure:
    code: str
    fee: Amount
    id: str = ""
    tooth: str = ""
    surfaces: str = ""
    date: date | None = None
    units: int = 1
    priority: int | None = None


@dataclass(frozen=True, kw_only=True)
class Patient:
    birth_date: date


@dataclass(frozen=True, kw_only=True)
class Policy:
    zero_writeoff_when_max_used: bool = False
    zero_writeoff_on_frequency_or_age: bool = False
    secondary_ppo_writeoff: bool = False
    blank_allowed_fee: BlankAllowedFee = "use_fee"


@dataclass(frozen=True, kw_only=True)
class EstimateRequest:
    as_of: date
    patient: Patient
    procedures: tuple[Procedure, ...] = ()
    coverages: tuple[Coverage, ...] = ()
    policy: Policy = Policy()
