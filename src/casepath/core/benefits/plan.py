"""A plan compiled once into per-code lookups.

`compiled_plan(plan, path)` checks a `Plan` and compiles it; the result is kept
for the same plan object, so a practice's plan is compiled once however many
estimates use it. `CompiledPlan.resolve(code)` works out, once per code, every
rule that touches the code (coverage percent, exclusions, waiting period, age
limit, frequencies, deductibles, maximums, allowed fee, copay, downgrade).
"""

from __future__ import annotations

from collections.abc import Mapping

from casepath.core.benefits import rules as r
from casepath.core.benefits.checks import cents, choice, known_code, whole
from casepath.core.benefits.model import Amount, Plan
from casepath.core.catalog import category_of, code_number
from casepath.core.errors import CasepathError

PLAN_TYPES = ("percentage", "ppo", "flat_copay", "capitation")
COB_METHODS = ("standard", "non_duplication", "secondary_allowed")
PLANS_KEPT = 256


class CodeRules:
    """Everything a plan says about one code."""

    __slots__ = (
        "allowed",
        "category",
        "copay",
        "covered",
        "deductibles",
        "downgrade",
        "excluded",
        "frequencies",
        "limited",
        "max_age",
        "maximums",
        "percent",
        "waiting",
    )

    def __init__(self, plan: CompiledPlan, code: str) -> None:
        number = code_number(code)
        self.category = category_of(code)
        self.allowed = plan.allowed_fees.get(code)
        self.copay = plan.copays.get(code, 0)
        self.downgrade = plan.downgrades.get(code)
        best = _best_percent(plan.percents, number)
        self.covered = best is not None
        self.percent = best or 0
        self.excluded = any(scope.matches(number) for scope in plan.exclusions)
        waits = [rule for rule in plan.waiting_periods if rule.scope.matches(number)]
        self.waiting = max(waits, key=lambda rule: rule.number, default=None)
        ages = [rule.number for rule in plan.age_limits if rule.scope.matches(number)]
        self.max_age = min(ages, default=None)
        self.frequencies = tuple(f for f in plan.frequencies if f.scope.matches(number))
        self.deductibles = tuple(d for d in plan.deductibles if d.scope.matches(number))
        self.maximums = _governing_maximums(plan.maximums, number)
        self.limited = bool(
            self.excluded
            or not self.percent
            or self.waiting is not None
            or self.max_age is not None
            or self.frequencies
        )


def _best_percent(percents: tuple[r.Percent, ...], number: int) -> int | None:
    matching = [rule for rule in percents if rule.scope.matches(number)]
    if not matching:
        return None
    best = min(matching, key=lambda rule: (rule.scope.rank, rule.scope.width, rule.order))
    return best.percent


def _governing_maximums(maximums: tuple[r.Limit, ...], number: int) -> tuple[r.Limit, ...]:
    """Scoped maximums alone govern the codes they match; the general ones the rest."""
    matching = [rule for rule in maximums if rule.scope.matches(number)]
    scoped = tuple(rule for rule in matching if not rule.scope.general)
    return scoped or tuple(matching)


class CompiledPlan:
    __slots__ = (
        "age_limits",
        "allowed_fees",
        "annual_maximums",
        "by_code",
        "capitation",
        "cob",
        "copays",
        "deductibles",
        "downgrades",
        "exclusions",
        "frequencies",
        "general_deductibles",
        "maximums",
        "percents",
        "start_month",
        "takes_write_off",
        "type",
        "waiting_periods",
    )

    def __init__(self, plan: Plan, path: str) -> None:
        self.type = choice(plan.type, PLAN_TYPES, f"{path}.type")
        self.start_month = whole(
            plan.benefit_year_start_month, f"{path}.benefit_year_start_month", 1, 12
        )
        self.cob = choice(plan.cob, COB_METHODS, f"{path}.cob")
        self.allowed_fees = _amounts_by_code(plan.allowed_fees, f"{path}.allowed_fees")
        self.copays = _amounts_by_code(plan.copays, f"{path}.copays")
        self.percents = r.compile_list(plan.coverage, f"{path}.coverage", r.percent_rule)
        self.deductibles = r.compile_list(
            plan.deductibles, f"{path}.deductibles", r.deductible_rule
        )
        self.maximums = r.compile_list(plan.maximums, f"{path}.maximums", r.maximum_rule)
        self.frequencies = r.compile_list(plan.frequencies, f"{path}.frequencies", r.frequency_rule)
        self.age_limits = r.compile_list(plan.age_limits, f"{path}.age_limits", r.age_limit)
        self.waiting_periods = r.compile_list(
            plan.waiting_periods, f"{path}.waiting_periods", r.waiting_period
        )
        self.exclusions = r.compile_list(plan.exclusions, f"{path}.exclusions", r.exclusion)
        self.downgrades = r.downgrades(plan.downgrades, f"{path}.downgrades")
        self._refuse_contradictions(path)
        self.general_deductibles = tuple(d for d in self.deductibles if d.scope.general)
        self.annual_maximums = tuple(m for m in self.maximums if m.scope.general and not m.lifetime)
        self.takes_write_off = self.type in ("ppo", "flat_copay")
        self.capitation = self.type == "capitation"
        self.by_code: dict[str, CodeRules] = {}

    def _refuse_contradictions(self, path: str) -> None:
        r.refuse_duplicates(
            [(rule.scope.rank, rule.scope.spans) for rule in self.percents],
            f"{path}.coverage",
            "coverage",
        )
        for name, limits in (("deductibles", self.deductibles), ("maximums", self.maximums)):
            keys = [
                (rule.scope.rank, rule.scope.spans, rule.family, rule.lifetime) for rule in limits
            ]
            r.refuse_duplicates(keys, f"{path}.{name}", name)

    def resolve(self, code: str) -> CodeRules:
        """Work out and keep the rules of a code Casepath knows. Callers look in
        `by_code` first: `plan.by_code.get(code) or plan.resolve(code)`."""
        rules = self.by_code[code] = CodeRules(self, code)
        return rules


def _amounts_by_code(amounts: Mapping[str, Amount], path: str) -> dict[str, int]:
    if not isinstance(amounts, Mapping):
        raise CasepathError.at(path, "must map procedure codes to amounts")
    return {
        known_code(code, f"{path}.{code}"): cents(amount, f"{path}.{code}")
        for code, amount in amounts.items()
    }


_compiled: dict[int, tuple[Plan, CompiledPlan]] = {}


def compiled_plan(plan: Plan, path: str) -> CompiledPlan:
    """The plan compiled, once per plan object (plans are immutable)."""
    kept = _compiled.get(id(plan))
    if kept is not None and kept[0] is plan:
        return kept[1]
    compiled = CompiledPlan(plan, path)
    if len(_compiled) >= PLANS_KEPT:
        del _compiled[next(iter(_compiled))]
    _compiled[id(plan)] = (plan, compiled)
    return compiled
