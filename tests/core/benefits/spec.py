"""Write estimate requests the way the contract writes them, and expectations.

`plan({...})` takes a plan shaped like the contract's JSON (amounts as text,
`codes` as a list or a range, `period` as {"months": N}) and builds the frozen
dataclasses; `coverage`, `procedure` and `request` do the same for the rest.
`Line` and `Expect` are what a golden case expects of one procedure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from casepath.core.benefits import (
    AgeLimit,
    Coverage,
    CoverageRule,
    DeductibleRule,
    Downgrade,
    EstimateRequest,
    EstimateResult,
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

AS_OF = "2026-03-01"
BORN = "1980-05-05"
EFFECTIVE = "2020-01-01"
_AMOUNT_KEYS = {"amount", "fee", "insurance_paid", "insurance_estimate", "deductible_applied"}


def day(text: str) -> date:
    return date.fromisoformat(text)


def _period(value: Any) -> Any:
    if isinstance(value, dict):
        return Months(value["months"]) if "months" in value else Years(value["years"])
    return value


def _fields(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _AMOUNT_KEYS and isinstance(value, str):
            value = Decimal(value)
        elif key == "codes" and isinstance(value, list):
            value = tuple(value)
        elif key == "period":
            value = _period(value)
        elif key == "date" and isinstance(value, str):
            value = day(value)
        out[key] = value
    return out


def plan(raw: dict[str, Any]) -> Plan:
    rules = {
        "coverage": CoverageRule,
        "deductibles": DeductibleRule,
        "maximums": MaximumRule,
        "frequencies": FrequencyRule,
        "age_limits": AgeLimit,
        "waiting_periods": WaitingPeriod,
        "exclusions": Exclusion,
    }
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        if key in rules:
            kwargs[key] = tuple(rules[key](**_fields(item)) for item in value)
        elif key == "downgrades":
            kwargs[key] = tuple(
                Downgrade(from_=d["from"], to=d["to"], only_if=d.get("only_if", "always"))
                for d in value
            )
        elif key in ("allowed_fees", "copays"):
            kwargs[key] = {code: Decimal(amount) for code, amount in value.items()}
        else:
            kwargs[key] = value
    return Plan(**kwargs)


def coverage(
    plan_raw: dict[str, Any],
    *,
    effective_date: str | None = EFFECTIVE,
    history: tuple[dict[str, Any], ...] | list[dict[str, Any]] = (),
    pending: tuple[dict[str, Any], ...] | list[dict[str, Any]] = (),
    used: dict[str, str] | None = None,
) -> Coverage:
    return Coverage(
        plan=plan(plan_raw),
        effective_date=None if effective_date is None else day(effective_date),
        history=tuple(HistoryEntry(**_fields(h)) for h in history),
        pending=tuple(PendingEntry(**_fields(p)) for p in pending),
        used_adjustments=UsedAdjustments(
            **{key: Decimal(value) for key, value in (used or {}).items()}
        ),
    )


def procedure(code: str, fee: str, pid: str = "a", **extra: Any) -> Procedure:
    return Procedure(id=pid, code=code, fee=Decimal(fee), **_fields(extra))


def request(
    procedures: list[Procedure],
    coverages: list[Coverage],
    *,
    as_of: str = AS_OF,
    born: str = BORN,
    policy: dict[str, Any] | None = None,
) -> EstimateRequest:
    return EstimateRequest(
        as_of=day(as_of),
        patient=Patient(birth_date=day(born)),
        procedures=tuple(procedures),
        coverages=tuple(coverages),
        policy=Policy(**(policy or {})),
    )


@dataclass(frozen=True)
class Line:
    """What one coverage should do; notes must match exactly (none by default)."""

    insurance: str
    write_off: str = "0.00"
    deductible: str = "0.00"
    notes: tuple[str, ...] = ()
    allowed: str | None = None
    copay: str | None = None
    percent: int | None = None


@dataclass(frozen=True)
class Expect:
    patient: str
    lines: tuple[Line, ...]
    notes: tuple[str, ...] = ()


def expect(patient: str, *lines: Line, notes: tuple[str, ...] = ()) -> Expect:
    return Expect(patient, lines, notes)


def line(
    insurance: str, write_off: str = "0.00", deductible: str = "0.00", *said: str, **extra: Any
) -> Line:
    return Line(insurance, write_off, deductible, tuple(said), **extra)


@dataclass(frozen=True)
class Golden:
    reason: str
    request: EstimateRequest
    expected: dict[str, Expect]
    remaining: tuple[tuple[str | None, str], ...] | None = None
    benefit_years: dict[str, str] = field(default_factory=dict)


def check(result: EstimateResult, golden: Golden) -> None:
    by_id = {p.id: p for p in result.procedures}
    assert set(by_id) == set(golden.expected), golden.reason
    for pid, wanted in golden.expected.items():
        got = by_id[pid]
        assert len(got.coverages) == len(wanted.lines), pid
        for number, (have, want) in enumerate(zip(got.coverages, wanted.lines, strict=True), 1):
            where = f"{pid} coverage {number}"
            assert have.insurance == Decimal(want.insurance), where
            assert have.write_off == Decimal(want.write_off), where
            assert have.deductible == Decimal(want.deductible), where
            assert have.notes == want.notes, where
            for name in ("allowed", "copay"):
                if getattr(want, name) is not None:
                    assert getattr(have, name) == Decimal(getattr(want, name)), where
            if want.percent is not None:
                assert have.percent == want.percent, where
        assert got.patient == Decimal(wanted.patient), pid
        assert got.notes == wanted.notes, pid
        if pid in golden.benefit_years:
            assert got.benefit_year == golden.benefit_years[pid], pid
    if golden.remaining is not None:
        have_remaining = tuple(
            (None if r.annual_max is None else str(r.annual_max), str(r.deductible))
            for r in result.remaining
        )
        assert have_remaining == golden.remaining
