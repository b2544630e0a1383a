"""The figures that put a case's options side by side: visits, time, money.

Time follows one simple model the TC can explain across the desk. The
procedures of one phase are done together, so a phase takes as many visits as
its procedure that needs the most; its visits are a week apart. The phase then
heals for the longest healing time among its procedures before the next phase
starts (the last phase's healing counts too: the patient is finished when
healed). Phases follow one another; nothing overlaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from casepath.core.errors import CasepathError
from casepath.core.money import ZERO, to_cents

VISIT_SPACING_DAYS: Final = 7


@dataclass(frozen=True)
class ProcedurePlan:
    code: str
    visits: int = 1
    healing_days: int = 0
    fee: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class PhasePlan:
    name: str
    procedures: tuple[ProcedurePlan, ...]


@dataclass(frozen=True)
class OptionFigures:
    visits: int
    days_to_finish: int
    fee_total: Decimal
    insurance_total: Decimal
    patient_total: Decimal


def phase_visits(phase: PhasePlan) -> int:
    """The visits of the procedure that needs the most (0 for an empty phase)."""
    return max((p.visits for p in phase.procedures), default=0)


def phase_days(phase: PhasePlan) -> int:
    """Days from the phase's first visit to the end of its healing."""
    visits = phase_visits(phase)
    if not visits:
        return 0
    healing = max(p.healing_days for p in phase.procedures)
    return (visits - 1) * VISIT_SPACING_DAYS + healing


def time_to_finish_days(phases: Sequence[PhasePlan]) -> int:
    """Days from the first visit of the option to the end of its last healing. The next
    phase starts when the healing ends, and never sooner than a visit spacing later."""
    _check(phases)
    held = [phase for phase in phases if phase_visits(phase)]
    total = sum(phase_days(phase) for phase in held)
    for phase in held[:-1]:
        healing = max(p.healing_days for p in phase.procedures)
        total += max(VISIT_SPACING_DAYS - healing, 0)
    return total


def visits_of(phases: Sequence[PhasePlan]) -> int:
    _check(phases)
    return sum(phase_visits(phase) for phase in phases)


def option_figures(
    phases: Sequence[PhasePlan], *, insurance_total: Decimal, patient_total: Decimal
) -> OptionFigures:
    """One column of the comparison; the estimate's totals come in, rounded to cents."""
    _check(phases)
    fees = sum((p.fee for phase in phases for p in phase.procedures), ZERO)
    return OptionFigures(
        visits=visits_of(phases),
        days_to_finish=time_to_finish_days(phases),
        fee_total=to_cents(fees),
        insurance_total=to_cents(insurance_total),
        patient_total=to_cents(patient_total),
    )


def _check(phases: Sequence[PhasePlan]) -> None:
    for i, phase in enumerate(phases):
        for j, p in enumerate(phase.procedures):
            where = f"phases[{i}].procedures[{j}]"
            if _not_count(p.visits) or p.visits < 1:
                raise CasepathError.at(f"{where}.visits", "A procedure takes at least 1 visit.")
            if _not_count(p.healing_days) or p.healing_days < 0:
                raise CasepathError.at(
                    f"{where}.healing_days", "Healing time is a whole number of days, 0 or more."
                )
            if not p.fee.is_finite() or p.fee < 0:
                raise CasepathError.at(f"{where}.fee", "A fee is an amount of zero or more.")


def _not_count(value: object) -> bool:
    return isinstance(value, bool) or not isinstance(value, int)


def weeks_words(days: int) -> str:
    """A duration as a patient hears it: "Same day", "About 3 weeks", "About 4 months".

    Under 60 days in weeks, under 18 months in months, then in years; each
    rounded to the nearest (halves up), in whole numbers only.
    """
    if _not_count(days) or days < 0:
        raise CasepathError.at("days", "A duration is a whole number of days, 0 or more.")
    if days == 0:
        return "Same day"
    if days < VISIT_SPACING_DAYS:
        return "Within a week"
    if days < 60:
        return _about((days + 3) // 7, "week")
    if days < 548:
        return _about((days + 15) // 30, "month")
    return _about((days + 182) // 365, "year")


def _about(count: int, unit: str) -> str:
    return f"About {count} {unit}{'' if count == 1 else 's'}"
