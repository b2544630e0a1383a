"""Estimate request JSON (casepath.estimate/1) to the core's `EstimateRequest`.

Every problem is reported with the path of its field, all at once; unknown
keys are errors, never ignored. Amounts arrive as strings or numbers (parse
JSON with `parse_float=Decimal` so numbers stay exact).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from casepath.core.benefits.model import (
    Coverage,
    EstimateRequest,
    HistoryEntry,
    Patient,
    PendingEntry,
    Policy,
    Procedure,
    UsedAdjustments,
)
from casepath.interop.estimate_v1.plan import read_plan
from casepath.interop.estimate_v1.reader import NO_DATE, Reader, build, each, join

FORMAT = "casepath.estimate/1"
T = TypeVar("T")
SURFACES = set("MODBLIF")


def decode_request(data: Any) -> EstimateRequest:
    """The request, or CasepathError listing every field at fault."""
    r = Reader()
    top = r.obj(
        data,
        "",
        allowed=("format", "as_of", "patient", "policy", "procedures", "coverages"),
        required=("format", "as_of", "patient", "procedures"),
    )
    if top is None:
        r.raise_errors()
    assert top is not None
    if "format" in top and top["format"] != FORMAT:
        r.fail("format", f"must be {FORMAT!r}")
    as_of = r.day(top["as_of"], "as_of") if "as_of" in top else None
    patient = _patient(r, top["patient"]) if "patient" in top else None
    if as_of and patient and patient.birth_date > as_of:
        r.fail("patient.birth_date", "is after as_of")
    request = EstimateRequest(
        as_of=as_of or NO_DATE,
        patient=patient or Patient(birth_date=NO_DATE),
        policy=_policy(r, top.get("policy", {})),
        procedures=each(r, top.get("procedures", []), "procedures", _procedure),
        coverages=each(r, top.get("coverages", []), "coverages", _coverage, max_items=3),
    )
    r.raise_errors()
    return request


def _patient(r: Reader, value: Any) -> Patient | None:
    obj = r.obj(value, "patient", allowed=("birth_date",), required=("birth_date",))
    if obj is None or "birth_date" not in obj:
        return None
    born = r.day(obj["birth_date"], "patient.birth_date")
    return Patient(birth_date=born) if born else None


def _policy(r: Reader, value: Any) -> Policy:
    flags = (
        "zero_writeoff_when_max_used",
        "zero_writeoff_on_frequency_or_age",
        "secondary_ppo_writeoff",
    )
    obj = r.obj(value, "policy", allowed=(*flags, "blank_allowed_fee")) or {}
    read = {k: r.boolean(obj[k], f"policy.{k}") for k in flags if k in obj}
    if "blank_allowed_fee" in obj:
        choice = r.choice(
            obj["blank_allowed_fee"], "policy.blank_allowed_fee", ("use_fee", "not_covered")
        )
        read["blank_allowed_fee"] = choice  # type: ignore[assignment]
    return Policy(**{k: v for k, v in read.items() if v is not None})  # type: ignore[arg-type]


def _procedure(r: Reader, value: Any, path: str, index: int) -> Procedure | None:
    keys = ("id", "code", "fee", "tooth", "surfaces", "date", "units", "priority")
    obj = r.obj(value, path, allowed=keys, required=("code", "fee"))
    if obj is None:
        return None
    fields: dict[str, Any] = {
        "id": r.text(obj.get("id", str(index + 1)), join(path, "id")),
        "code": r.field(obj, "code", path, r.code),
        "fee": r.field(obj, "fee", path, r.money),
    }
    optional: dict[str, Callable[[Any, str], Any]] = {
        "tooth": r.tooth,
        "surfaces": lambda v, p: _surfaces(r, v, p),
        "date": r.day,
        "units": lambda v, p: r.integer(v, p, minimum=1, maximum=99),
        "priority": r.integer,
    }
    fields |= {k: read(obj[k], join(path, k)) for k, read in optional.items() if k in obj}
    return build(Procedure, fields)


def _surfaces(r: Reader, value: Any, path: str) -> str | None:
    text = r.text(value, path)
    if text is not None and not set(text.upper()) <= SURFACES:
        r.fail(path, "must be tooth surfaces written with the letters M, O, D, B, L, I, F")
        return None
    return text.upper() if text is not None else None


def _coverage(r: Reader, value: Any, path: str, index: int) -> Coverage | None:
    keys = ("effective_date", "plan", "history", "pending", "used_adjustments")
    obj = r.obj(value, path, allowed=keys, required=("plan",))
    if obj is None:
        return None
    fields: dict[str, Any] = {"plan": r.field(obj, "plan", path, lambda v, p: read_plan(r, v, p))}
    if "effective_date" in obj:
        fields["effective_date"] = r.day(obj["effective_date"], join(path, "effective_date"))
    fields["history"] = each(r, obj.get("history", []), join(path, "history"), _history)
    fields["pending"] = each(r, obj.get("pending", []), join(path, "pending"), _pending)
    if "used_adjustments" in obj:
        fields["used_adjustments"] = _used(
            r, obj["used_adjustments"], join(path, "used_adjustments")
        )
    return build(Coverage, fields)


def _history(r: Reader, value: Any, path: str, _: int) -> HistoryEntry | None:
    return _service(r, value, path, HistoryEntry, "insurance_paid")


def _pending(r: Reader, value: Any, path: str, _: int) -> PendingEntry | None:
    return _service(r, value, path, PendingEntry, "insurance_estimate")


def _service(r: Reader, value: Any, path: str, kind: type[T], paid: str) -> T | None:
    keys = ("code", "date", "tooth", paid, "deductible_applied", "family_member")
    obj = r.obj(value, path, allowed=keys, required=("code", "date"))
    if obj is None:
        return None
    fields: dict[str, Any] = {
        "code": r.field(obj, "code", path, r.code),
        "date": r.field(obj, "date", path, r.day),
    }
    readers: dict[str, Callable[[Any, str], Any]] = {
        "tooth": r.tooth,
        paid: r.money,
        "deductible_applied": r.money,
        "family_member": r.boolean,
    }
    fields |= {k: read(obj[k], join(path, k)) for k, read in readers.items() if k in obj}
    return build(kind, fields)


def _used(r: Reader, value: Any, path: str) -> UsedAdjustments:
    obj = r.obj(value, path, allowed=("annual_max", "deductible")) or {}
    read = {k: r.money(obj[k], join(path, k)) for k in ("annual_max", "deductible") if k in obj}
    return UsedAdjustments(**{k: v for k, v in read.items() if v is not None})
