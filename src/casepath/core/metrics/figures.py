"""Every figure Casepath shows, named, computed from `Measures` under `Definitions`.

A rate is never shown alone: each `Figure` carries its numerator and denominator, and
says what they count. Percentages are rounded half-up to one decimal place, averages
of days likewise; dollars are already cents. A rate with a zero denominator is None
(shown as "—"), never 0 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Final

from casepath.core.metrics.definitions import AcceptedMeans, Definitions
from casepath.core.metrics.measures import Measures

TENTH = Decimal("0.1")
HUNDRED = Decimal(100)


class Unit(StrEnum):
    COUNT = "count"
    USD = "usd"
    PERCENT = "percent"
    DAYS = "days"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: Unit
    value: Decimal | int | None
    numerator: Decimal | int | None = None
    denominator: Decimal | int | None = None
    denominator_label: str = ""

    @property
    def is_rate(self) -> bool:
        return self.unit in (Unit.PERCENT, Unit.DAYS)


def percent(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    """numerator / denominator as a percentage to one decimal, or None over zero."""
    if not denominator:
        return None
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(
        TENTH, rounding=ROUND_HALF_UP
    )


def average(total: Decimal | int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / count).quantize(TENTH, rounding=ROUND_HALF_UP)


def case_acceptance(presented_usd: Decimal, accepted_usd: Decimal) -> Decimal | None:
    """One case's acceptance %: accepted dollars over its recommended option's dollars."""
    return percent(accepted_usd, presented_usd)


KEYS: Final = (
    "diagnosed_cases",
    "diagnosed_usd",
    "presented_cases",
    "presented_patients",
    "presented_procedures",
    "presented_usd",
    "accepted_cases",
    "accepted_usd",
    "case_acceptance",
    "patient_acceptance",
    "procedure_acceptance",
    "dollar_acceptance",
    "same_day_acceptance",
    "days_to_acceptance",
    "scheduled_usd",
    "completed_usd",
    "collected_usd",
    "followup_conversion",
    "declined",
    "predeterminations_returned",
    "financing_approved",
)


def figures(m: Measures, d: Definitions) -> tuple[Figure, ...]:
    """Every figure in `KEYS` order."""
    yes = m.accepted[d.accepted_means]
    said_yes = m.accepted[AcceptedMeans.SAID_YES]
    p = m.presented
    of_presented = f"of {p.cases} case{_s(p.cases)} presented"
    return (
        Figure("diagnosed_cases", "Cases diagnosed", Unit.COUNT, m.diagnosed_cases),
        Figure("diagnosed_usd", "Diagnosed", Unit.USD, m.diagnosed_usd),
        Figure("presented_cases", "Cases presented", Unit.COUNT, p.cases),
        Figure("presented_patients", "Patients presented to", Unit.COUNT, p.patients),
        Figure("presented_procedures", "Procedures presented", Unit.COUNT, p.procedures),
        Figure("presented_usd", "Presented", Unit.USD, p.usd),
        Figure("accepted_cases", "Cases accepted", Unit.COUNT, yes.cases),
        Figure("accepted_usd", "Accepted", Unit.USD, yes.usd),
        _rate("case_acceptance", "Case acceptance", yes.cases, p.cases, of_presented),
        _rate(
            "patient_acceptance",
            "Patient acceptance",
            yes.patients,
            p.patients,
            f"of {p.patients} patient{_s(p.patients)} presented to",
        ),
        _rate(
            "procedure_acceptance",
            "Procedure acceptance",
            yes.procedures,
            p.procedures,
            f"of {p.procedures} procedure{_s(p.procedures)} presented",
        ),
        _rate("dollar_acceptance", "Dollar acceptance", yes.usd, p.usd, f"of ${p.usd:,} presented"),
        _rate(
            "same_day_acceptance",
            "Same-day acceptance",
            m.accepted[AcceptedMeans.SAME_DAY].cases,
            p.cases,
            of_presented,
        ),
        Figure(
            "days_to_acceptance",
            "Days to acceptance (average)",
            Unit.DAYS,
            average(m.days_to_accept_total, m.days_to_accept_cases),
            m.days_to_accept_total,
            m.days_to_accept_cases,
            f"over {m.days_to_accept_cases} case{_s(m.days_to_accept_cases)} said yes to",
        ),
        Figure("scheduled_usd", "Scheduled", Unit.USD, m.accepted[AcceptedMeans.SCHEDULED].usd),
        Figure("completed_usd", "Completed", Unit.USD, m.accepted[AcceptedMeans.COMPLETED].usd),
        _rate(
            "collected_usd",
            "Collected of accepted",
            m.collected_usd,
            said_yes.usd,
            f"of ${said_yes.usd:,} said yes to",
        ),
        _rate(
            "followup_conversion",
            "Follow-up conversion",
            m.followed_up_accepted[d.accepted_means],
            m.followed_up_cases,
            f"of {m.followed_up_cases} case{_s(m.followed_up_cases)} followed up",
        ),
        _rate("declined", "Declined", m.declined_cases, p.cases, of_presented),
        _rate(
            "predeterminations_returned",
            "Pre-determinations returned",
            m.predeterminations_returned,
            m.predeterminations_sent,
            f"of {m.predeterminations_sent} sent",
        ),
        _rate(
            "financing_approved",
            "Financing approved",
            m.financing_approved,
            m.financing_applications,
            f"of {m.financing_applications} application{_s(m.financing_applications)}",
        ),
    )


def _rate(
    key: str, label: str, numerator: Decimal | int, denominator: Decimal | int, of: str
) -> Figure:
    return Figure(
        key, label, Unit.PERCENT, percent(numerator, denominator), numerator, denominator, of
    )


def _s(n: int) -> str:
    return "" if n == 1 else "s"
