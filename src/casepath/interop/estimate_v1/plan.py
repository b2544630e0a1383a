"""The `plan` object of an estimate request: type, fees, coverage and limits."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from casepath.core.benefits.model import (
    AgeLimit,
    CoverageRule,
    DeductibleRule,
    Downgrade,
    Exclusion,
    FrequencyPeriod,
    FrequencyRule,
    MaximumRule,
    Months,
    Plan,
    WaitingPeriod,
    Years,
)
from casepath.interop.estimate_v1.reader import Reader, build, each, join

PLAN_TYPES = ("percentage", "ppo", "flat_copay", "capitation")
COB = ("standard", "non_duplication", "secondary_allowed")
SCOPE_KEYS = ("code", "codes", "category")
LEVEL = ("individual", "family")
LIMIT_PERIOD = ("benefit_year", "lifetime")
AREAS = ("mouth", "tooth", "arch", "quadrant")
Read = Callable[[Reader, Any, str, int], Any]
PLAN_KEYS = ("type", "benefit_year_start_month", "allowed_fees", "copays", "cob")


def plan_from_design(
    design: Mapping[str, Any],
    *,
    plan_type: str,
    benefit_year_start_month: int,
    allowed_fees: Mapping[str, Decimal],
) -> Plan:
    """A stored benefit design and a plan's own fields as the core's Plan.

    CasepathError lists every field at fault, with paths inside the design.
    """
    data = {
        **design,
        "type": plan_type,
        "benefit_year_start_month": benefit_year_start_month,
        "allowed_fees": dict(allowed_fees),
    }
    reader = Reader()
    plan = read_plan(reader, data, "")
    reader.raise_errors()
    assert plan is not None
    return plan


def read_plan(r: Reader, value: Any, path: str) -> Plan | None:
    obj = r.obj(value, path, allowed=(*PLAN_KEYS, *LISTS), required=("type",))
    if obj is None:
        return None
    plan_type = r.field(obj, "type", path, lambda v, p: r.choice(v, p, PLAN_TYPES))
    fields: dict[str, Any] = {"type": plan_type}
    if "benefit_year_start_month" in obj:
        month = r.integer(
            obj["benefit_year_start_month"],
            join(path, "benefit_year_start_month"),
            minimum=1,
            maximum=12,
        )
        fields["benefit_year_start_month"] = month
    for key in ("allowed_fees", "copays"):
        if key in obj:
            fields[key] = _fees(r, obj[key], join(path, key))
    if "cob" in obj:
        fields["cob"] = r.choice(obj["cob"], join(path, "cob"), COB)
    for key, read in LISTS.items():
        if key in obj:
            fields[key] = each(r, obj[key], join(path, key), read)
    return build(Plan, fields)


def _fees(r: Reader, value: Any, path: str) -> Mapping[str, Decimal] | None:
    if not isinstance(value, dict):
        r.fail(path, "must be an object of procedure codes to amounts")
        return None
    fees = {code: r.money(amount, join(path, code)) for code, amount in value.items()}
    for code in value:
        r.code(code, join(path, code))
    return {code: amount for code, amount in fees.items() if amount is not None}


def _scope(r: Reader, obj: Mapping[str, Any], path: str) -> dict[str, Any]:
    """The rule's `code`, `codes` or `category` (at most one of them)."""
    given = [k for k in SCOPE_KEYS if k in obj]
    if len(given) > 1:
        r.fail(path, f"give one of code, codes or category, not {' and '.join(given)}")
    readers = {"code": r.code, "codes": r.codes, "category": r.category}
    return {k: readers[k](obj[k], join(path, k)) for k in given}


def _rule(
    kind: Callable[..., Any],
    extra: Mapping[str, Callable[[Reader, Any, str], Any]],
    required: tuple[str, ...] = (),
    scoped: bool = True,
) -> Read:
    """A reader of one rule object: its scope keys plus `extra` fields."""

    def read(r: Reader, value: Any, path: str, _: int) -> Any:
        allowed = (*(SCOPE_KEYS if scoped else ()), *extra)
        obj = r.obj(value, path, allowed=allowed, required=required)
        if obj is None:
            return None
        fields = _scope(r, obj, path) if scoped else {}
        fields |= {k: reader(r, obj[k], join(path, k)) for k, reader in extra.items() if k in obj}
        return build(kind, fields)

    return read


def _period(r: Reader, value: Any, path: str) -> FrequencyPeriod | None:
    if value in ("benefit_year", "calendar_year"):
        return value  # type: ignore[no-any-return]
    if isinstance(value, dict) and len(value) == 1 and ("months" in value or "years" in value):
        unit, count = next(iter(value.items()))
        number = r.integer(count, join(path, unit), minimum=1)
        if number is None:
            return None
        return Months(number) if unit == "months" else Years(number)
    r.fail(path, 'must be "benefit_year", "calendar_year", {"months": N} or {"years": N}')
    return None


def _percent(r: Reader, v: Any, p: str) -> int | None:
    return r.integer(v, p, minimum=0, maximum=100)


def _count(r: Reader, v: Any, p: str) -> int | None:
    return r.integer(v, p, minimum=1)


def _whole(r: Reader, v: Any, p: str) -> int | None:
    return r.integer(v, p, minimum=0)


def _choice(choices: tuple[str, ...]) -> Callable[[Reader, Any, str], str | None]:
    return lambda r, v, p: r.choice(v, p, choices)


def _money(r: Reader, v: Any, p: str) -> Decimal | None:
    return r.money(v, p)


def _code(r: Reader, v: Any, p: str) -> str | None:
    return r.code(v, p)


_LIMIT = {"amount": _money, "level": _choice(LEVEL), "period": _choice(LIMIT_PERIOD)}
LISTS: dict[str, Read] = {
    "coverage": _rule(CoverageRule, {"percent": _percent}, ("percent",)),
    "deductibles": _rule(DeductibleRule, _LIMIT, ("amount",)),
    "maximums": _rule(MaximumRule, _LIMIT, ("amount",)),
    "frequencies": _rule(
        FrequencyRule,
        {"count": _count, "period": _period, "area": _choice(AREAS)},
        ("count", "period"),
    ),
    "age_limits": _rule(AgeLimit, {"max_age": _whole}, ("max_age",)),
    "waiting_periods": _rule(WaitingPeriod, {"months": _whole}, ("months",)),
    "exclusions": _rule(Exclusion, {}),
    "downgrades": _rule(
        lambda **f: Downgrade(from_=f.pop("from"), **f),
        {"from": _code, "to": _code, "only_if": _choice(("always", "posterior", "molar"))},
        ("from", "to"),
        scoped=False,
    ),
}
