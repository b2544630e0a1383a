"""Reads for the plan section of a case page: each option with its phases, procedures
and totals, its column of the side-by-side comparison, its tooth chart, and the case's
images. Every query starts from `scoped()`.

The comparison takes visits and time from the core (`option_figures`) and the
insurance and patient amounts from the option's saved estimate. An option that was
never estimated, or whose procedures changed since, says so instead of showing figures
that no longer match the plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.http import Http404

from casepath.cases.models import Case, CaseImage, CaseOption, CasePhase, PlannedProcedure
from casepath.cases.selectors import case_plan
from casepath.core.cases import (
    OptionFigures,
    PhasePlan,
    ProcedurePlan,
    option_figures,
    tooth_chart_svg,
    weeks_words,
)
from casepath.core.catalog import plain_name, tooth_info
from casepath.core.money import ZERO
from casepath.estimates.models import Estimate
from casepath.tenancy.models import Practice, Provider
from casepath.tenancy.scoping import get_scoped_or_404, scoped


@dataclass(frozen=True)
class Totals:
    fee: Decimal
    discount: Decimal
    net: Decimal
    visits: int
    days: int
    time_words: str


@dataclass(frozen=True)
class Column:
    """One option in the side-by-side comparison."""

    procedures: int
    figures: OptionFigures
    time_words: str
    estimate: Estimate | None
    current: bool  # the estimate was made of the procedures as they are now

    @property
    def estimated(self) -> bool:
        return self.estimate is not None and self.current


@dataclass
class ProcedureShown:
    procedure: PlannedProcedure
    name: str
    form: Any = None  # its edit form, when the section can be edited


@dataclass
class PhaseShown:
    phase: CasePhase
    procedures: list[ProcedureShown]
    form: Any = None  # the form that adds a procedure to it


@dataclass
class OptionShown:
    option: CaseOption
    phases: list[PhaseShown]
    column: Column
    chart_svg: str
    form: Any = None  # its edit form
    phase_form: Any = None  # the form that adds a phase

    @cached_property
    def totals(self) -> Totals:
        net = self.column.figures.fee_total
        fee = sum((p.procedure.fee for ph in self.phases for p in ph.procedures), ZERO)
        return Totals(
            fee=fee,
            discount=fee - net,
            net=net,
            visits=self.column.figures.visits,
            days=self.column.figures.days_to_finish,
            time_words=self.column.time_words,
        )


@dataclass
class ImageGroup:
    """Images of the whole case (procedure None) or of one planned procedure."""

    procedure: PlannedProcedure | None
    label: str
    images: list[CaseImage] = field(default_factory=list)


@dataclass
class PlanSection:
    case: Case
    options: list[OptionShown]
    images: list[ImageGroup]

    @property
    def estimated_all(self) -> bool:
        return all(shown.column.estimated for shown in self.options)


def plan_section(case: Case) -> PlanSection:
    """Everything the plan section shows (5 queries, whatever the size of the plan)."""
    options = case_plan(case)
    estimates = _estimates(case.practice, options)
    shown = [_option_shown(case, option, estimates.get(option.estimate_id)) for option in options]
    return PlanSection(case, shown, image_groups(case, options))


def _option_shown(case: Case, option: CaseOption, estimate: Estimate | None) -> OptionShown:
    phases = [
        PhaseShown(phase, [ProcedureShown(p, plain_name(p.code)) for p in phase.procedures.all()])
        for phase in option.phases.all()
    ]
    return OptionShown(option, phases, option_column(option, estimate), option_chart(case, option))


def _estimates(practice: Practice, options: list[CaseOption]) -> dict[int | None, Estimate]:
    ids = [option.estimate_id for option in options if option.estimate_id]
    return {e.pk: e for e in scoped(Estimate, practice).filter(pk__in=ids)} if ids else {}


def procedures_in_order(option: CaseOption) -> list[PlannedProcedure]:
    """The option's procedures from the prefetched plan (`case_plan`), phase by phase."""
    return [p for phase in option.phases.all() for p in phase.procedures.all()]


def option_column(option: CaseOption, estimate: Estimate | None) -> Column:
    """The option's figures: the estimate's amounts when it still matches the plan."""
    procedures = procedures_in_order(option)
    current = estimate is not None and _estimate_matches(estimate, procedures)
    insurance = estimate.insurance_total if estimate is not None and current else ZERO
    patient = estimate.patient_total if estimate is not None and current else ZERO
    figures = option_figures(_phase_plans(option), insurance_total=insurance, patient_total=patient)
    return Column(
        procedures=len(procedures),
        figures=figures,
        time_words=weeks_words(figures.days_to_finish),
        estimate=estimate,
        current=current,
    )


def _phase_plans(option: CaseOption) -> list[PhasePlan]:
    return [
        PhasePlan(
            phase.name,
            tuple(
                ProcedurePlan(p.code, p.visits, p.healing_days, p.net_fee)
                for p in phase.procedures.all()
            ),
        )
        for phase in option.phases.all()
    ]


def _estimate_matches(estimate: Estimate, procedures: list[PlannedProcedure]) -> bool:
    """Whether the estimate priced these procedures (codes and net fees, in order)."""
    lines = estimate.response.get("procedures") if isinstance(estimate.response, dict) else None
    if not isinstance(lines, list):
        return False
    try:
        priced = [(str(line["code"]), Decimal(str(line["fee"]))) for line in lines]
    except (KeyError, TypeError, ArithmeticError):
        return False
    return priced == [(p.code, p.net_fee) for p in procedures]


def planned_teeth(option: CaseOption) -> dict[str, str]:
    """Each tooth the option treats, with the plain names of what is done to it."""
    names: dict[str, list[str]] = {}
    for p in procedures_in_order(option):
        if p.tooth and tooth_info(p.tooth) is not None:
            words = names.setdefault(p.tooth, [])
            if plain_name(p.code) not in words:
                words.append(plain_name(p.code))
    return {tooth: ", ".join(words) for tooth, words in names.items()}


def option_chart(case: Case, option: CaseOption) -> str:
    """The option's tooth chart (inline SVG); unreadable missing teeth are left out."""
    missing = frozenset(t for t in case.missing_teeth_set if tooth_info(t) is not None)
    return tooth_chart_svg(
        planned_teeth(option), missing=missing, title=f"Tooth chart: {option.name}"
    )


def image_groups(case: Case, options: Iterable[CaseOption]) -> list[ImageGroup]:
    """The case's images: those of the whole case first, then per procedure in plan order."""
    images = list(scoped(CaseImage, case.practice).filter(case=case).order_by("pk"))
    whole = ImageGroup(None, "Whole case", [i for i in images if i.procedure_id is None])
    groups = [whole]
    for option in options:
        for p in procedures_in_order(option):
            mine = [i for i in images if i.procedure_id == p.pk]
            if mine:
                groups.append(ImageGroup(p, procedure_label(option, p), mine))
    return groups


def procedure_label(option: CaseOption, procedure: PlannedProcedure) -> str:
    """How a planned procedure is named in lists: “Implant · D6010 tooth 19 (Implant)”."""
    where = f" tooth {procedure.tooth}" if procedure.tooth else ""
    return f"{option.name} · {procedure.code}{where} ({plain_name(procedure.code)})"


def procedure_choices(options: Iterable[CaseOption]) -> list[tuple[int, str]]:
    """Every planned procedure of the case, for the image form's “procedure” list."""
    return [(p.pk, procedure_label(o, p)) for o in options for p in procedures_in_order(o)]


def providers_for_plan(practice: Practice) -> list[Provider]:
    """Who may do a planned procedure: active in-house providers and outside specialists."""
    return list(scoped(Provider, practice).filter(is_active=True).order_by("is_external"))


# Rows of one case, found through the case (another case's row is not found: 404).


def option_of(case: Case, option_id: int) -> CaseOption:
    option = get_scoped_or_404(CaseOption, case.practice, option_id)
    _same(option.case_id, case.pk)
    option.case = case
    return option


def phase_of(option: CaseOption, phase_id: int) -> CasePhase:
    phase = get_scoped_or_404(CasePhase, option.practice, phase_id)
    _same(phase.option_id, option.pk)
    phase.option = option
    return phase


def procedure_of(phase: CasePhase, procedure_id: int) -> PlannedProcedure:
    procedure = get_scoped_or_404(
        PlannedProcedure, phase.practice, procedure_id, related=("provider",)
    )
    _same(procedure.phase_id, phase.pk)
    procedure.phase, procedure.case = phase, phase.option.case
    return procedure


def image_of(case: Case, image_id: int) -> CaseImage:
    image = get_scoped_or_404(CaseImage, case.practice, image_id)
    _same(image.case_id, case.pk)
    image.case = case
    return image


def _same(found: int, expected: int) -> None:
    if found != expected:
        raise Http404("Not part of this case")
