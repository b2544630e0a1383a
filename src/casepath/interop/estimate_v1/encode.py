"""The core's `EstimateResult` as response JSON (casepath.estimate/1)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from casepath.core.benefits.result import CoverageLine, EstimateResult, ProcedureEstimate
from casepath.core.money import to_cents

FORMAT = "casepath.estimate/1"


def amount(value: Decimal) -> str:
    """Exactly two decimals, as the contract writes every amount."""
    return str(to_cents(value))


def encode_result(result: EstimateResult) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "as_of": result.as_of.isoformat(),
        "procedures": [_procedure(p) for p in result.procedures],
        "totals": {k: amount(v) for k, v in result.totals._asdict().items()},
        "remaining": [
            {
                "ordinal": r.ordinal,
                "annual_max": None if r.annual_max is None else amount(r.annual_max),
                "deductible": amount(r.deductible),
            }
            for r in result.remaining
        ],
    }


def _procedure(p: ProcedureEstimate) -> dict[str, Any]:
    return {
        "id": p.id,
        "code": p.code,
        "fee": amount(p.fee),
        "benefit_year": p.benefit_year,
        "coverages": [_line(c) for c in p.coverages],
        "insurance": amount(p.insurance),
        "write_off": amount(p.write_off),
        "patient": amount(p.patient),
        "notes": list(p.notes),
    }


def _line(c: CoverageLine) -> dict[str, Any]:
    return {
        "ordinal": c.ordinal,
        "allowed": amount(c.allowed),
        "copay": amount(c.copay),
        "deductible": amount(c.deductible),
        "percent": c.percent,
        "insurance": amount(c.insurance),
        "write_off": amount(c.write_off),
        "notes": list(c.notes),
    }
