"""What the reports API reads and writes, and how a core `Report` becomes JSON.

Counts go out as integers; dollars, percentages and days as strings ("1234.50",
"66.7", "3.5"), like the other APIs' money; a rate over nothing is null. Every figure
carries its numerator, denominator and what the denominator counts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from casepath.cases.models import CaseType
from casepath.core.metrics import (
    ACCEPTED_LABELS,
    CUT_LABELS,
    DEFINITION_TEXT,
    PRESENTER_LABELS,
    AcceptedMeans,
    Cut,
    Definitions,
    Figure,
    Group,
    PresenterRule,
    Report,
)
from casepath.patients.models import ReferralSource

# ---- input -------------------------------------------------------------------


class AcceptanceQuery(Schema):
    from_: date = Field(alias="from", description="First day of the period (YYYY-MM-DD).")
    to: date = Field(description="Last day of the period, included (YYYY-MM-DD).")
    accepted_means: AcceptedMeans | None = Field(
        None, description="When a case counts as accepted; the practice's choice when left out."
    )
    presenter_rule: PresenterRule | None = Field(
        None, description="Which TC a case belongs to; the practice's choice when left out."
    )
    by: Cut = Field(Cut.MONTH, description="The breakdown: its groups come with their figures.")
    tc: int | None = Field(None, description="Only this TC's cases (a user id of the practice).")
    provider: int | None = Field(None, description="Only this diagnosing provider's cases.")
    case_type: CaseType | None = None
    source: ReferralSource | None = Field(None, description="How the patient heard of us.")
    category: str | None = Field(
        None, description="Only procedures of this category (crowns, implants, ..., other)."
    )


# ---- output ------------------------------------------------------------------


class FigureOut(Schema):
    key: str
    label: str
    unit: str
    value: int | str | None
    numerator: int | str | None
    denominator: int | str | None
    denominator_label: str


class GroupOut(Schema):
    key: str
    label: str
    figures: list[FigureOut]


class DefinitionOut(Schema):
    key: str
    label: str
    words: str


class DefinitionsOut(Schema):
    accepted_means: DefinitionOut
    presenter_rule: DefinitionOut


class AcceptanceOut(Schema):
    practice_id: int
    from_: date = Field(alias="from")
    to: date
    as_of: date = Field(description="Payments received up to this day count as collected.")
    filtered: bool = Field(
        description="A filter was given: pre-determinations and financing are left out."
    )
    definitions: DefinitionsOut
    figures: list[FigureOut]
    by: str
    by_label: str
    groups: list[GroupOut]


# ---- builders ----------------------------------------------------------------


def number(value: Decimal | int | None) -> int | str | None:
    """Counts stay integers; dollars, percentages and days become text."""
    if value is None or isinstance(value, int):
        return value
    return str(value)


def figure_out(f: Figure) -> dict[str, Any]:
    return {
        "key": f.key,
        "label": f.label,
        "unit": f.unit.value,
        "value": number(f.value),
        "numerator": number(f.numerator),
        "denominator": number(f.denominator),
        "denominator_label": f.denominator_label,
    }


def group_out(group: Group, d: Definitions) -> dict[str, Any]:
    return {
        "key": group.key,
        "label": group.label,
        "figures": [figure_out(f) for f in group.figures(d)],
    }


def definitions_out(d: Definitions) -> dict[str, Any]:
    rule = PRESENTER_LABELS[d.presenter_rule]
    return {
        "accepted_means": {
            "key": d.accepted_means.value,
            "label": ACCEPTED_LABELS[d.accepted_means],
            "words": DEFINITION_TEXT[d.accepted_means],
        },
        "presenter_rule": {
            "key": d.presenter_rule.value,
            "label": rule.split(":")[0],
            "words": rule,
        },
    }


def acceptance_out(
    report: Report, *, practice_id: int, by: Cut, as_of: date, filtered: bool
) -> dict[str, Any]:
    d = report.definitions
    return {
        "practice_id": practice_id,
        "from": report.start,
        "to": report.end,
        "as_of": as_of,
        "filtered": filtered,
        "definitions": definitions_out(d),
        "figures": [figure_out(f) for f in report.figures()],
        "by": by.value,
        "by_label": CUT_LABELS[by],
        "groups": [group_out(g, d) for g in report.breakdowns.get(by, ())],
    }
