"""What one coverage has already used, kept up to date while an estimate runs.

Counters are whole cents per rule and per period (the benefit year's first
calendar year, or 0 for a lifetime rule). A deductible counts toward every
deductible rule whose codes hold the service, so scoped deductibles count
toward the general one. Insurance counts toward the maximums that govern the
service's code (its scoped maximums, else the general ones). A family member's
service counts toward family rules only, and never toward frequencies.
"""

from __future__ import annotations

from datetime import date

from casepath.core.benefits.checks import a_date, a_flag, a_tooth, known_code, quick_cents
from casepath.core.benefits.dates import benefit_year, months_later
from casepath.core.benefits.model import Coverage, HistoryEntry, PendingEntry
from casepath.core.benefits.plan import CodeRules, CompiledPlan
from casepath.core.benefits.rules import WINDOW, Limit
from casepath.core.catalog import TEETH, Tooth, category_of

# A service as frequencies see it: date, end of its window, benefit year,
# then the tooth, arch and quadrant ("" when no tooth).
Service = tuple[date, date, int, str, str, str]
_NO_TOOTH = ("", "", "")


def area_of(tooth: Tooth | None) -> tuple[str, str, str]:
    return _NO_TOOTH if tooth is None else (tooth.tooth, tooth.arch, tooth.quadrant)


class Usage:
    __slots__ = ("deductibles", "maximums", "plan", "services")

    def __init__(self, plan: CompiledPlan) -> None:
        self.plan = plan
        self.deductibles: list[dict[int, int]] = [{} for _ in plan.deductibles]
        self.maximums: list[dict[int, int]] = [{} for _ in plan.maximums]
        self.services: list[list[Service]] = [[] for _ in plan.frequencies]

    def room(self, limits: tuple[Limit, ...], used: list[dict[int, int]], year: int) -> int:
        """What is left under the tightest of `limits` (never below 0)."""
        left = None
        for slot, _, amount, _, lifetime, _ in limits:
            here = amount - used[slot].get(0 if lifetime else year, 0)
            if left is None or here < left:
                left = here
        return left if left is not None and left > 0 else 0

    def record(
        self,
        rules: CodeRules,
        day: date,
        year: int,
        area: tuple[str, str, str],
        deductible: int,
        insurance: int,
        family_member: bool = False,
    ) -> None:
        """Count one service: its deductible, its insurance, and for frequencies
        the service itself. `year` is the benefit year of `day`."""
        if deductible:
            _add(self.deductibles, rules.deductibles, year, deductible, family_member)
        if insurance:
            _add(self.maximums, rules.maximums, year, insurance, family_member)
        if rules.frequencies and not family_member:
            tooth, arch, quadrant = area
            for slot, _, _, kind, months, _, _ in rules.frequencies:
                ends = months_later[day, months] if kind == WINDOW else day
                self.services[slot].append((day, ends, year, tooth, arch, quadrant))

    def adjust(self, as_of: date, deductible: int, annual_max: int) -> None:
        """Usage known only as totals counts toward the general rules of as_of's year."""
        year = benefit_year(as_of, self.plan.start_month)
        if deductible:
            _add(self.deductibles, self.plan.general_deductibles, year, deductible, False)
        if annual_max:
            _add(self.maximums, self.plan.annual_maximums, year, annual_max, False)

    def remaining(self, year: int) -> tuple[int | None, int]:
        """(annual maximum left or None when there is none, deductible left)."""
        annual, general = self.plan.annual_maximums, self.plan.general_deductibles
        maximum = self.room(annual, self.maximums, year) if annual else None
        deductible = self.room(general, self.deductibles, year) if general else 0
        return maximum, deductible


def _add(
    used: list[dict[int, int]],
    limits: tuple[Limit, ...],
    year: int,
    amount: int,
    family_member: bool,
) -> None:
    for slot, _, _, family, lifetime, _ in limits:
        if family or not family_member:
            counter = used[slot]
            key = 0 if lifetime else year
            counter[key] = counter.get(key, 0) + amount


def load_usage(coverage: Coverage, plan: CompiledPlan, as_of: date, path: str) -> Usage:
    """Counters from the coverage's history, pending claims and adjustments."""
    usage = Usage(plan)
    where = f"{path}.history"
    for index, entry in enumerate(coverage.history):
        paid = quick_cents(entry.insurance_paid, where, index, "insurance_paid")
        _load_entry(usage, entry, paid, where, index)
    where = f"{path}.pending"
    for index, pending in enumerate(coverage.pending):
        paid = quick_cents(pending.insurance_estimate, where, index, "insurance_estimate")
        _load_entry(usage, pending, paid, where, index)
    adjustments = coverage.used_adjustments
    usage.adjust(
        as_of,
        quick_cents(adjustments.deductible, path, None, "used_adjustments.deductible"),
        quick_cents(adjustments.annual_max, path, None, "used_adjustments.annual_max"),
    )
    return usage


def _load_entry(
    usage: Usage, entry: HistoryEntry | PendingEntry, insurance: int, where: str, index: int
) -> None:
    code, day, tooth, member = entry.code, entry.date, entry.tooth, entry.family_member
    if category_of(code) is None:
        known_code(code, f"{where}[{index}].code")
    if type(day) is not date:
        a_date(day, f"{where}[{index}].date")
    info = TEETH.get(tooth) if tooth else None
    if info is None and tooth != "":
        a_tooth(tooth, f"{where}[{index}].tooth")
    if type(member) is not bool:
        a_flag(member, f"{where}[{index}].family_member")
    plan = usage.plan
    usage.record(
        plan.by_code.get(code) or plan.resolve(code),
        day,
        day.year if day.month >= plan.start_month else day.year - 1,
        area_of(info),
        quick_cents(entry.deductible_applied, where, index, "deductible_applied"),
        insurance,
        member,
    )
