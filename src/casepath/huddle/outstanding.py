"""Each patient's outstanding treatment, read in two queries however many cases.

Which cases count, which option of each, and how the amount is made are the core's
rules (`core.huddle.outstanding`). The patient's portion is the option's saved estimate,
when the estimate priced the option as it stands (same total fee); otherwise it is not
known and the page says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from casepath.cases.models import Case, CaseOption
from casepath.core.cases import Decision
from casepath.core.huddle import (
    OUTSTANDING_STATUSES,
    STAGE_LABELS,
    OptionRef,
    PlannedFee,
    Stage,
    option_in_question,
    outstanding_fee,
    stage_of,
)
from casepath.core.money import ZERO
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped


@dataclass(frozen=True)
class CaseLine:
    """One case of a patient with treatment outstanding."""

    case: Case
    stage: Stage
    option_name: str
    fee: Decimal
    patient_portion: Decimal | None  # None: no estimate of the option as it stands

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]


@dataclass(frozen=True)
class _Option:
    ref: OptionRef
    case_id: int
    name: str
    estimate_fee: Decimal | None
    estimate_patient: Decimal | None
    fees: list[PlannedFee] = field(default_factory=list)


def outstanding_cases(practice: Practice, patient_ids: list[int] | None = None) -> QuerySet[Case]:
    """The practice's cases with treatment outstanding (of these patients, if given)."""
    cases = (
        scoped(Case, practice)
        .filter(status__in=list(OUTSTANDING_STATUSES))
        .select_related("patient")
    )
    return cases if patient_ids is None else cases.filter(patient_id__in=patient_ids)


def case_lines(practice: Practice, cases: QuerySet[Case]) -> dict[int, list[CaseLine]]:
    """Each patient's outstanding cases (by patient id), the largest amount first."""
    picked = list(cases.order_by("pk"))
    options = _options(practice, cases)
    by_patient: dict[int, list[CaseLine]] = defaultdict(list)
    for case in picked:
        line = _line(case, options.get(case.pk, []))
        if line is not None:
            by_patient[case.patient_id].append(line)
    for lines in by_patient.values():
        lines.sort(key=lambda line: (-line.fee, line.case.pk))
    return by_patient


def _line(case: Case, options: list[_Option]) -> CaseLine | None:
    stage = stage_of(case.status)
    if stage is None:
        return None
    chosen_id = option_in_question([o.ref for o in options], stage, case.accepted_option_id)
    if chosen_id is None:
        return None
    option = next(o for o in options if o.ref.id == chosen_id)
    planned = option.fees
    fee = outstanding_fee(planned, stage)
    whole = outstanding_fee(planned, Stage.UNACCEPTED)
    portion = option.estimate_patient if option.estimate_fee == whole == fee else None
    return CaseLine(case, stage, option.name, fee, portion)


def _options(practice: Practice, cases: QuerySet[Case]) -> dict[int, list[_Option]]:
    """Each case's options with their planned fees, in one query: a row per procedure
    (an option without any comes once, with no fee)."""
    rows = scoped(CaseOption, practice).filter(case__in=cases.values("pk")).order_by()
    fields = ("pk", "position", "is_recommended", "case_id", "name")
    estimate = ("estimate__fee_total", "estimate__patient_total")
    planned = ("phases__procedures__fee", "phases__procedures__discount")
    by_id: dict[int, _Option] = {}
    for (
        pk,
        position,
        recommended,
        case_id,
        name,
        e_fee,
        e_patient,
        fee,
        discount,
        decision,
    ) in rows.values_list(*fields, *estimate, *planned, "phases__procedures__decision"):
        option = by_id.get(pk)
        if option is None:
            ref = OptionRef(pk, position, recommended)
            option = by_id[pk] = _Option(ref, case_id, name, e_fee, e_patient)
        if fee is not None:
            option.fees.append(PlannedFee(fee, discount, decision == Decision.DECLINED))
    found: dict[int, list[_Option]] = defaultdict(list)
    for option in by_id.values():
        found[option.case_id].append(option)
    return found


def total_of(lines: list[CaseLine]) -> Decimal:
    return sum((line.fee for line in lines), ZERO)


def portion_of(lines: list[CaseLine]) -> Decimal | None:
    """The patient's estimated part of all of it, when every case has one."""
    portions = [line.patient_portion for line in lines]
    if not portions or any(p is None for p in portions):
        return None
    return sum((p for p in portions if p is not None), ZERO)
