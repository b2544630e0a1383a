"""The shape of a report: figures for a period, broken down by cuts, and each case.

`reports.selectors.acceptance_report` fills it from the database; the dashboard, the
exports and the monthly PDF only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from casepath.core.metrics.definitions import Cut, Definitions
from casepath.core.metrics.figures import Figure, case_acceptance, figures
from casepath.core.metrics.measures import Measures


@dataclass(frozen=True)
class Group:
    """One row of a breakdown: a TC, a month, a category ... and its sums."""

    key: str
    label: str
    measures: Measures

    def figures(self, d: Definitions) -> tuple[Figure, ...]:
        return figures(self.measures, d)


@dataclass(frozen=True)
class CaseLine:
    """One presented case, for the per-case table (one practice at a time)."""

    case_id: int
    patient: str
    title: str
    tc: str
    presented_on: date
    status: str
    presented_usd: Decimal
    accepted_usd: Decimal

    @property
    def acceptance(self) -> Decimal | None:
        return case_acceptance(self.presented_usd, self.accepted_usd)


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    definitions: Definitions
    total: Measures
    breakdowns: dict[Cut, tuple[Group, ...]] = field(default_factory=dict)
    cases: tuple[CaseLine, ...] = ()

    def figures(self) -> tuple[Figure, ...]:
        return figures(self.total, self.definitions)
