"""The estimate response: one line per procedure and coverage, totals, remaining.

Field names are the contract's (estimate-v1). `fee`, `allowed` and `copay` are
per unit, as in the request; `deductible`, `insurance`, `write_off` and
`patient` are for all units, so that `insurance + write_off + patient` equals
`fee x units`. These are NamedTuples rather than frozen dataclasses because the
estimator makes thousands of them per second; they are immutable all the same.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple


class CoverageLine(NamedTuple):
    """What one coverage does for one procedure."""

    ordinal: int
    allowed: Decimal
    copay: Decimal
    deductible: Decimal
    percent: int
    insurance: Decimal
    write_off: Decimal
    notes: tuple[str, ...]


class ProcedureEstimate(NamedTuple):
    id: str
    code: str
    fee: Decimal
    benefit_year: str
    coverages: tuple[CoverageLine, ...]
    insurance: Decimal
    write_off: Decimal
    patient: Decimal
    notes: tuple[str, ...]


class Totals(NamedTuple):
    fee: Decimal
    insurance: Decimal
    write_off: Decimal
    patient: Decimal


class Remaining(NamedTuple):
    """What is left of a coverage after the estimate, in the benefit year of the
    latest procedure. `annual_max` is None when the plan has no annual maximum."""

    ordinal: int
    annual_max: Decimal | None
    deductible: Decimal


class EstimateResult(NamedTuple):
    as_of: date
    procedures: tuple[ProcedureEstimate, ...]
    totals: Totals
    remaining: tuple[Remaining, ...]
