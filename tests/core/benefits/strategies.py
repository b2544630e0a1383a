"""Hypothesis strategies for plans, histories and procedures within valid ranges."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from casepath.core.benefits import (
    AgeLimit,
    Coverage,
    CoverageRule,
    DeductibleRule,
    Downgrade,
    EstimateRequest,
    Exclusion,
    FrequencyRule,
    HistoryEntry,
    MaximumRule,
    Months,
    Patient,
    PendingEntry,
    Plan,
    Policy,
    Procedure,
    UsedAdjustments,
    WaitingPeriod,
    Years,
)
from casepath.core.catalog import CATEGORIES, TEETH

AS_OF = date(2026, 3, 1)
CODES = (
    "D0120", "D0150", "D0210", "D0274", "D0330", "D1110", "D1120", "D1206", "D1208",
    "D2140", "D2150", "D2391", "D2392", "D2740", "D2750", "D2950", "D3330", "D4341",
    "D4910", "D5110", "D6010", "D6240", "D7140", "D7210", "D8080", "D9110", "D9972",
)  # fmt: skip
RANGES = ("D2950-D2954", "D2700-D2799", "D0100-D0399", "D4000-D4999", "D7000-D7999")

codes = st.sampled_from(CODES)
teeth = st.sampled_from(("", *TEETH))


def cents(low: int = 0, high: int = 300_000) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda c: Decimal(c).scaleb(-2))


def days(start: date, span: int) -> st.SearchStrategy[date]:
    return st.integers(0, span).map(lambda n: start + timedelta(days=n))


@st.composite
def scopes(draw: Any, general: bool = True) -> dict[str, Any]:
    kinds = ["code", "codes", "list", "category"] + (["general"] if general else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "code":
        return {"code": draw(codes)}
    if kind == "codes":
        return {"codes": draw(st.sampled_from(RANGES))}
    if kind == "list":
        return {"codes": tuple(draw(st.lists(codes, min_size=1, max_size=3, unique=True)))}
    if kind == "category":
        return {"category": draw(st.sampled_from(sorted(CATEGORIES)))}
    return {}


def _scope_key(rule: Any) -> tuple[Any, ...]:
    return (rule.code, rule.codes, rule.category)


def _limit_key(rule: Any) -> tuple[Any, ...]:
    return (*_scope_key(rule), rule.level, rule.period)


coverage_rules = st.lists(
    st.builds(lambda s, p: CoverageRule(percent=p, **s), scopes(), st.integers(0, 100)),
    max_size=6,
    unique_by=_scope_key,
)
deductibles = st.lists(
    st.builds(
        lambda s, a, level, period: DeductibleRule(amount=a, level=level, period=period, **s),
        scopes(),
        cents(0, 30_000),
        st.sampled_from(("individual", "family")),
        st.sampled_from(("benefit_year", "lifetime")),
    ),
    max_size=4,
    unique_by=_limit_key,
)
maximums = st.lists(
    st.builds(
        lambda s, a, level, period: MaximumRule(amount=a, level=level, period=period, **s),
        scopes(),
        cents(0, 300_000),
        st.sampled_from(("individual", "family")),
        st.sampled_from(("benefit_year", "lifetime")),
    ),
    max_size=4,
    unique_by=_limit_key,
)
periods = st.one_of(
    st.sampled_from(("benefit_year", "calendar_year")),
    st.integers(1, 36).map(Months),
    st.integers(1, 5).map(Years),
)
frequencies = st.lists(
    st.builds(
        lambda s, n, p, a: FrequencyRule(count=n, period=p, area=a, **s),
        scopes(general=False),
        st.integers(1, 3),
        periods,
        st.sampled_from(("mouth", "tooth", "arch", "quadrant")),
    ),
    max_size=4,
)
age_limits = st.lists(
    st.builds(lambda s, n: AgeLimit(max_age=n, **s), scopes(general=False), st.integers(0, 30)),
    max_size=2,
)
waiting_periods = st.lists(
    st.builds(lambda s, n: WaitingPeriod(months=n, **s), scopes(general=False), st.integers(0, 24)),
    max_size=2,
)
exclusions = st.lists(st.builds(lambda s: Exclusion(**s), scopes(general=False)), max_size=2)
downgrades = st.lists(
    st.builds(
        lambda source, target, only_if: Downgrade(from_=source, to=target, only_if=only_if),
        st.sampled_from(("D2391", "D2392", "D2740", "D2750", "D6010")),
        st.sampled_from(("D2140", "D2150", "D2790", "D6240")),
        st.sampled_from(("always", "posterior", "molar")),
    ),
    max_size=2,
    unique_by=lambda d: d.from_,
)
amounts_by_code = st.dictionaries(codes, cents(0, 300_000), max_size=12)


@st.composite
def plans(draw: Any) -> Plan:
    allowed = draw(amounts_by_code)
    return Plan(
        type=draw(st.sampled_from(("percentage", "ppo", "flat_copay", "capitation"))),
        benefit_year_start_month=draw(st.integers(1, 12)),
        allowed_fees=allowed,
        copays=draw(st.dictionaries(codes, cents(0, 10_000), max_size=4)),
        coverage=tuple(draw(coverage_rules)),
        deductibles=tuple(draw(deductibles)),
        maximums=tuple(draw(maximums)),
        frequencies=tuple(draw(frequencies)),
        age_limits=tuple(draw(age_limits)),
        waiting_periods=tuple(draw(waiting_periods)),
        exclusions=tuple(draw(exclusions)),
        downgrades=tuple(draw(downgrades)),
        cob=draw(st.sampled_from(("standard", "non_duplication", "secondary_allowed"))),
    )


history_entries = st.builds(
    lambda code, on, tooth, paid, ded, member: HistoryEntry(
        code=code,
        date=on,
        tooth=tooth,
        insurance_paid=paid,
        deductible_applied=ded,
        family_member=member,
    ),
    codes,
    days(date(2019, 1, 1), 2600),
    teeth,
    cents(0, 100_000),
    cents(0, 10_000),
    st.booleans(),
)
pending_entries = st.builds(
    lambda code, on, paid, ded: PendingEntry(
        code=code, date=on, insurance_estimate=paid, deductible_applied=ded
    ),
    codes,
    days(date(2025, 6, 1), 270),
    cents(0, 50_000),
    cents(0, 5_000),
)


@st.composite
def coverages(draw: Any) -> Coverage:
    return Coverage(
        plan=draw(plans()),
        effective_date=draw(days(date(2018, 1, 1), 3400)),
        history=tuple(draw(st.lists(history_entries, max_size=6))),
        pending=tuple(draw(st.lists(pending_entries, max_size=2))),
        used_adjustments=UsedAdjustments(
            annual_max=draw(cents(0, 50_000)), deductible=draw(cents(0, 5_000))
        ),
    )


def procedures(pid: str) -> st.SearchStrategy[Procedure]:
    return st.builds(
        lambda code, fee, tooth, on, units, priority: Procedure(
            id=pid, code=code, fee=fee, tooth=tooth, date=on, units=units, priority=priority
        ),
        codes,
        cents(0, 300_000),
        teeth,
        st.one_of(st.none(), days(AS_OF, 600)),
        st.integers(1, 4),
        st.one_of(st.none(), st.integers(1, 3)),
    )


@st.composite
def requests(draw: Any, max_procedures: int = 8, max_coverages: int = 3) -> EstimateRequest:
    count = draw(st.integers(0, max_procedures))
    return EstimateRequest(
        as_of=AS_OF,
        patient=Patient(birth_date=draw(days(date(1940, 1, 1), 31_000))),
        procedures=tuple(draw(procedures(f"p{index}")) for index in range(count)),
        coverages=tuple(draw(st.lists(coverages(), max_size=max_coverages))),
        policy=Policy(
            zero_writeoff_when_max_used=draw(st.booleans()),
            zero_writeoff_on_frequency_or_age=draw(st.booleans()),
            secondary_ppo_writeoff=draw(st.booleans()),
            blank_allowed_fee=draw(st.sampled_from(("use_fee", "not_covered"))),
        ),
    )
