"""An estimate-v1 response as the panel shows it: every amount a Decimal, every line named.

The response names coverages by position (1 = the first paying) and procedures by
the position they were entered in; the panel adds what the TC typed (the
ProcedureLine: tooth, surfaces, units, date), the plain-language name, the
practice's licensed descriptor when it has one, and the plan of each coverage.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from casepath.core.catalog import plain_name
from casepath.estimates.requests import ProcedureLine
from casepath.insurance.models import Coverage
from casepath.tenancy.models import Provider, ProviderKind

POSITIONS = ("Primary", "Secondary", "Tertiary")
_PROBLEM_PATH = re.compile(r"procedures\[(\d+)\]\.\w+: ")


@dataclass(frozen=True)
class Share:
    """What one coverage does for one procedure, and why."""

    label: str
    allowed_each: Decimal  # per unit, as the response gives it
    allowed: Decimal  # for all the units, beside the fee
    copay: Decimal  # for all the units
    deductible: Decimal
    percent: int
    insurance: Decimal
    write_off: Decimal
    notes: list[str]


@dataclass(frozen=True)
class ProcedureShown:
    entered: ProcedureLine
    plain: str
    descriptor: str
    benefit_year: str
    fee: Decimal
    fee_total: Decimal
    shares: list[Share]
    insurance: Decimal
    write_off: Decimal
    patient: Decimal
    notes: list[str]
    fee_note: str = ""  # "Dr Nunez's fee" when the treating provider's schedule priced it

    @property
    def rows(self) -> int:
        return max(1, len(self.shares))

    @property
    def share_rows(self) -> list[Share | None]:
        """A table row per coverage; one row saying "none" when no coverage is in force."""
        return list(self.shares) or [None]


@dataclass(frozen=True)
class Left:
    """What a coverage has left after the estimate."""

    label: str
    annual_max: Decimal | None
    deductible: Decimal


@dataclass(frozen=True)
class Shown:
    label: str
    as_of: date
    procedures: list[ProcedureShown]
    fee: Decimal
    insurance: Decimal
    write_off: Decimal
    patient: Decimal
    left: list[Left]

    @property
    def codes(self) -> list[str]:
        return [p.entered.code for p in self.procedures]


@dataclass(frozen=True)
class PricedBy:
    """The treating provider and the codes their own schedule prices (they win there)."""

    name: str = ""
    codes: Collection[str] = ()

    def note(self, entered: ProcedureLine) -> str:
        """Only where it matters: a typed fee wins, and the office fee needs no note."""
        if entered.fee_override is None and entered.code in self.codes:
            return f"{self.name}'s fee"
        return ""


OFFICE_FEES = PricedBy()  # no treating provider: every fee is the office's


def provider_name(provider: Provider) -> str:
    """'Dr Nunez' for a dentist or specialist, else the full name."""
    if provider.kind in (ProviderKind.DENTIST, ProviderKind.SPECIALIST):
        return f"Dr {provider.last_name}"
    return f"{provider.first_name} {provider.last_name}"


def coverage_labels(coverages: Sequence[Coverage]) -> list[str]:
    """'Primary · Keystone Dental · Columbus City Schools', in the order they pay."""
    return [f"{POSITIONS[i]} · {c.plan}" for i, c in enumerate(coverages[: len(POSITIONS)])]


def shown(
    response: Mapping[str, Any],
    entered: Sequence[ProcedureLine],
    labels: Sequence[str],
    descriptors: Mapping[str, str],
    label: str = "",
    priced_by: PricedBy = OFFICE_FEES,
) -> Shown:
    totals = response["totals"]
    return Shown(
        label=label,
        as_of=date.fromisoformat(response["as_of"]),
        procedures=[
            _procedure(row, entered, labels, descriptors, priced_by)
            for row in response["procedures"]
        ],
        fee=Decimal(totals["fee"]),
        insurance=Decimal(totals["insurance"]),
        write_off=Decimal(totals["write_off"]),
        patient=Decimal(totals["patient"]),
        left=[_left(row, labels) for row in response["remaining"]],
    )


def _procedure(
    row: Mapping[str, Any],
    entered: Sequence[ProcedureLine],
    labels: Sequence[str],
    descriptors: Mapping[str, str],
    priced_by: PricedBy,
) -> ProcedureShown:
    what = _entered_of(row, entered)
    fee = Decimal(row["fee"])
    return ProcedureShown(
        entered=what,
        plain=plain_name(row["code"]),
        descriptor=descriptors.get(row["code"], ""),
        benefit_year=row["benefit_year"],
        fee=fee,
        fee_total=fee * what.units,
        shares=[_share(line, labels, what.units) for line in row["coverages"]],
        insurance=Decimal(row["insurance"]),
        write_off=Decimal(row["write_off"]),
        patient=Decimal(row["patient"]),
        notes=list(row["notes"]),
        fee_note=priced_by.note(what),
    )


def _entered_of(row: Mapping[str, Any], entered: Sequence[ProcedureLine]) -> ProcedureLine:
    """The row's procedure as entered: ids are positions from "1" (estimate_request)."""
    position = int(row["id"]) - 1 if str(row["id"]).isdigit() else -1
    if 0 <= position < len(entered) and entered[position].code == row["code"]:
        return entered[position]
    return ProcedureLine(row["code"])


def _label(ordinal: int, labels: Sequence[str]) -> str:
    if 0 < ordinal <= len(labels):
        return labels[ordinal - 1]
    return POSITIONS[ordinal - 1] if 0 < ordinal <= len(POSITIONS) else f"Coverage {ordinal}"


def _share(line: Mapping[str, Any], labels: Sequence[str], units: int) -> Share:
    allowed = Decimal(line["allowed"])
    return Share(
        label=_label(line["ordinal"], labels),
        allowed_each=allowed,
        allowed=allowed * units,
        copay=Decimal(line["copay"]) * units,
        deductible=Decimal(line["deductible"]),
        percent=int(line["percent"]),
        insurance=Decimal(line["insurance"]),
        write_off=Decimal(line["write_off"]),
        notes=list(line["notes"]),
    )


def _left(row: Mapping[str, Any], labels: Sequence[str]) -> Left:
    maximum = row["annual_max"]
    return Left(
        label=_label(row["ordinal"], labels),
        annual_max=None if maximum is None else Decimal(maximum),
        deductible=Decimal(row["deductible"]),
    )


def problem_words(problem: str) -> str:
    """A background re-estimate's problem, with `procedures[1].code: ` as 'Procedure 2: '."""
    return _PROBLEM_PATH.sub(lambda m: f"Procedure {int(m[1]) + 1}: ", problem)
