"""One coverage, one procedure: what the plan would pay as if it were primary.

All amounts are whole cents. The insurance is
`(min(allowed, fee) x units - copay x units - deductible) x percent`, rounded
half-up to the cent, then capped by the remaining maximum(s). Coordination
with earlier coverages happens afterwards (cob.py). `price` runs for every
procedure and coverage, so it keeps the usual path in one function and leaves
the rarer cases (denials, downgrades, capitation, notes) to helpers.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from casepath.core.benefits import notes
from casepath.core.benefits.job import Job
from casepath.core.benefits.limits import frequency_reached, over_age, waiting_ends
from casepath.core.benefits.model import Policy
from casepath.core.benefits.plan import CodeRules, CompiledPlan
from casepath.core.benefits.usage import Usage
from casepath.core.catalog import Tooth

# Why a plan pays nothing. The first four also mean no network write-off.
INACTIVE, EXCLUDED, NOT_COVERED, NO_FEE, WAITING, AGE, FREQUENCY, MAX_USED = range(8)
_new = tuple.__new__


class Share(NamedTuple):
    """One coverage's part of one procedure (cents), before it becomes a CoverageLine."""

    rules: CodeRules
    year: int
    allowed: int  # per unit
    copay: int  # per unit
    deductible: int
    percent: int
    insurance: int
    write_off: int
    notes: list[str]
    denied: int | None  # why the plan pays nothing, if it does not


class Pricing:
    """What pricing needs besides the procedure: the plan, its usage, the policy."""

    __slots__ = (
        "_waiting_ends",
        "birth_date",
        "effective_date",
        "no_fee_denies",
        "plan",
        "policy",
        "starts",
        "usage",
    )

    def __init__(
        self,
        plan: CompiledPlan,
        usage: Usage,
        effective_date: date | None,
        birth_date: date,
        policy: Policy,
    ) -> None:
        self.plan, self.usage, self.effective_date = plan, usage, effective_date
        self.birth_date, self.policy = birth_date, policy
        self.starts = date.min if effective_date is None else effective_date
        self.no_fee_denies = policy.blank_allowed_fee == "not_covered"
        self._waiting_ends: dict[int, date | None] = {}

    def waiting_ends(self, rules: CodeRules) -> date | None:
        """The day the code's waiting period ends (None: none, or no start date)."""
        if rules.waiting is None:
            return None
        months = rules.waiting.number
        if months not in self._waiting_ends:
            self._waiting_ends[months] = waiting_ends(months, self.effective_date)
        return self._waiting_ends[months]


def price(ctx: Pricing, job: Job) -> Share:
    plan = ctx.plan
    rules = plan.by_code.get(job.code) or plan.resolve(job.code)
    day, fee = job.day, job.fee
    year = day.year if day.month >= plan.start_month else day.year - 1
    allowed = rules.allowed
    if allowed is None:
        if ctx.no_fee_denies:
            return _denied(ctx, rules, year, fee, job, (NO_FEE, notes.no_allowed_fee(job.code)))
        allowed = fee
    elif allowed > fee:
        allowed = fee
    if rules.limited or day < ctx.starts:
        denial = _denial(ctx, rules, job, year)
        if denial is not None:
            return _denied(ctx, rules, year, allowed, job, denial)
    said: list[str] = []
    basis = allowed if rules.downgrade is None else _downgraded(ctx, rules, allowed, job, said)
    if basis is None:
        return _denied(ctx, rules, year, allowed, job, (NO_FEE, said.pop()))
    if plan.capitation:
        return _capitation(rules, year, allowed, job, said)
    copay = rules.copay
    base = (basis - copay) * job.units if basis > copay else 0
    deductible = _deductible(ctx.usage, rules, year, base, said) if rules.deductibles else 0
    insurance = ((base - deductible) * rules.percent + 50) // 100
    denied = None
    if insurance and rules.maximums:
        capped = _capped(ctx.usage, rules, year, insurance, said)
        denied = MAX_USED if capped == 0 else None
        insurance = capped
    if rules.waiting is not None or not (insurance or said):
        _closing_notes(ctx, rules, insurance, said)
    write_off = 0
    if fee > allowed and plan.takes_write_off:
        write_off = (
            _write_off(ctx, allowed, job, denied, said) if denied else (fee - allowed) * job.units
        )
    percent = rules.percent
    share = (rules, year, allowed, copay, deductible, percent, insurance, write_off, said, denied)
    return _new(Share, share)


def _denial(ctx: Pricing, rules: CodeRules, job: Job, year: int) -> tuple[int, str] | None:
    if job.day < ctx.starts:
        return INACTIVE, notes.not_in_force(ctx.starts)
    if rules.excluded:
        return EXCLUDED, notes.EXCLUDED
    if not rules.percent:
        return NOT_COVERED, notes.not_covered(rules.covered)
    if rules.waiting is not None:
        ends = ctx.waiting_ends(rules)
        if ends is not None and job.day < ends:
            return WAITING, notes.waiting(rules.waiting.scope.words, ends, active=True)
    if rules.max_age is not None:
        age = over_age(rules.max_age, ctx.birth_date, job.day)
        if age is not None:
            return AGE, notes.over_age(rules.max_age, age)
    if rules.frequencies:
        rule = frequency_reached(ctx.usage, rules, job.day, year, job.area)
        if rule is not None:
            return FREQUENCY, notes.frequency(rule.words)
    return None


def _denied(
    ctx: Pricing, rules: CodeRules, year: int, allowed: int, job: Job, denial: tuple[int, str]
) -> Share:
    """Nothing from this plan. Where the plan covers the code in principle (waiting
    period, age, frequency), its network write-off still stands."""
    reason, note = denial
    said = [note]
    covered = reason >= WAITING and job.fee > allowed
    write_off = _write_off(ctx, allowed, job, reason, said) if covered else 0
    return _new(Share, (rules, year, allowed, rules.copay, 0, 0, 0, write_off, said, reason))


def _downgraded(
    ctx: Pricing, rules: CodeRules, allowed: int, job: Job, said: list[str]
) -> int | None:
    """The per-unit amount insurance computes on under a downgrade (None: no allowance)."""
    downgrade = rules.downgrade
    assert downgrade is not None
    if not _downgrade_applies(downgrade.only_if, job.tooth):
        return allowed
    lesser = ctx.plan.allowed_fees.get(downgrade.to)
    if lesser is None:
        if ctx.no_fee_denies:
            said.append(notes.no_allowed_fee(downgrade.to))
            return None
        return allowed
    if lesser >= allowed:
        return allowed
    said.append(notes.downgraded(downgrade.to, lesser))
    return lesser


def _downgrade_applies(only_if: str, tooth: Tooth | None) -> bool:
    if only_if == "always":
        return True
    if tooth is None:
        return False
    return tooth.molar if only_if == "molar" else not tooth.anterior


def _deductible(usage: Usage, rules: CodeRules, year: int, base: int, said: list[str]) -> int:
    """What the deductibles leave to take, never more than `base`."""
    used = usage.deductibles
    room = base
    for slot, _, amount, _, lifetime, _ in rules.deductibles:
        left = amount - used[slot].get(0 if lifetime else year, 0)
        if left < room:
            room = left if left > 0 else 0
    if room:
        said.append(notes.deductible(room))
    return room


def _capped(usage: Usage, rules: CodeRules, year: int, insurance: int, said: list[str]) -> int:
    """The insurance, held to what the tightest governing maximum has left."""
    used = usage.maximums
    tightest = ""
    room = insurance
    for slot, _, amount, _, lifetime, words in rules.maximums:
        left = amount - used[slot].get(0 if lifetime else year, 0)
        if left < room:
            room, tightest = (left if left > 0 else 0), words
    if tightest:
        said.append(notes.maximum(tightest, room))
    return room


def _write_off(ctx: Pricing, allowed: int, job: Job, denied: int | None, said: list[str]) -> int:
    """The network discount of a PPO or flat-copay plan, unless the policy drops it."""
    if not ctx.plan.takes_write_off:
        return 0
    policy = ctx.policy
    if denied == MAX_USED and policy.zero_writeoff_when_max_used:
        said.append(notes.NO_WRITE_OFF_MAX)
        return 0
    if denied in (AGE, FREQUENCY) and policy.zero_writeoff_on_frequency_or_age:
        said.append(notes.NO_WRITE_OFF_LIMIT)
        return 0
    return (job.fee - allowed) * job.units


def _capitation(rules: CodeRules, year: int, allowed: int, job: Job, said: list[str]) -> Share:
    copay = rules.copay
    write_off = (allowed - copay) * job.units if allowed > copay else 0
    said.append(notes.CAPITATION)
    return _new(Share, (rules, year, allowed, copay, 0, 0, 0, write_off, said, None))


def _closing_notes(ctx: Pricing, rules: CodeRules, insurance: int, said: list[str]) -> None:
    """A served waiting period is still worth a line (as the contract's example
    shows); a benefit of $0 with no other reason given says why."""
    ends = ctx.waiting_ends(rules)
    if ends is not None and rules.waiting is not None:
        said.append(notes.waiting(rules.waiting.scope.words, ends, active=False))
    if not insurance and not said:
        said.append(notes.NOTHING_LEFT)
