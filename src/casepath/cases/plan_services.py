"""Writes for the plan of a case: options, phases and procedures, each estimated.

Every change is checked whole by the core (`check_option`: teeth, surfaces, duplicates,
fees) before anything is saved, makes a new plan version with the sentences that say
what changed (CaseRevision), and is refused once treatment is scheduled.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from casepath.cases.events import case_event
from casepath.cases.models import (
    Case,
    CaseOption,
    CasePhase,
    CaseRevision,
    EventKind,
    PlannedProcedure,
)
from casepath.cases.selectors import case_plan, procedures_of_option
from casepath.cases.signals import plan_changed
from casepath.core.cases import (
    CaseStatus,
    PlannedItem,
    VersionItem,
    check_option,
    diff_versions,
    normal_surfaces,
)
from casepath.core.errors import CasepathError
from casepath.core.fees import fee_for
from casepath.core.money import to_cents
from casepath.estimates import selectors as estimate_selectors
from casepath.estimates.models import EstimateStatus
from casepath.estimates.requests import ProcedureLine
from casepath.estimates.services import estimate_close, estimate_create
from casepath.tenancy.models import Provider

LOCKED = (CaseStatus.SCHEDULED, CaseStatus.IN_PROGRESS, CaseStatus.COMPLETED)
PROCEDURE_FIELDS = ("code", "tooth", "surfaces", "provider", "discount", "visits", "healing_days")


@transaction.atomic
def option_add(
    *, acting_user: Any, case: Case, name: str, summary: str = "", recommended: bool = False
) -> CaseOption:
    _check_open(case)
    if not name.strip():
        raise CasepathError.at("name", "Name the option, e.g. “Implant” or “Bridge”.")
    position = _next_position(case.options.all())
    option = CaseOption(
        practice=case.practice,
        case=case,
        position=position,
        name=name.strip(),
        summary=summary.strip(),
        is_recommended=recommended or position == 0,
    )
    option.full_clean()
    option.save()
    if option.is_recommended:
        case.options.exclude(pk=option.pk).update(is_recommended=False)
        plan_changed.send(sender=Case, case=case)
    CasePhase.objects.create(practice=case.practice, option=option, position=0, name="Phase 1")
    _revise(case, acting_user)
    return option


@transaction.atomic
def option_update(
    *, acting_user: Any, option: CaseOption, name: str, summary: str, recommended: bool
) -> CaseOption:
    _check_open(option.case)
    if not name.strip():
        raise CasepathError.at("name", "Name the option.")
    option.name, option.summary = name.strip(), summary.strip()
    if recommended:
        option.case.options.exclude(pk=option.pk).update(is_recommended=False)
        plan_changed.send(sender=Case, case=option.case)
    option.is_recommended = recommended or option.is_recommended
    option.full_clean()
    option.save()
    _revise(option.case, acting_user)
    return option


@transaction.atomic
def option_remove(*, acting_user: Any, option: CaseOption) -> None:
    case = option.case
    _check_open(case)
    if case.accepted_option_id == option.pk:
        raise CasepathError.at("option", "The accepted option cannot be removed.")
    PlannedProcedure.objects.filter(phase__option=option).delete()
    was_recommended = option.is_recommended
    option.delete()
    first = case.options.order_by("position", "pk").first()
    if was_recommended and first is not None:
        first.is_recommended = True
        first.save(update_fields=["is_recommended", "updated_at"])
    _revise(case, acting_user)


@transaction.atomic
def phase_add(*, acting_user: Any, option: CaseOption, name: str) -> CasePhase:
    _check_open(option.case)
    if not name.strip():
        raise CasepathError.at("name", "Name the phase, e.g. “Healing” or “Final crown”.")
    phase = CasePhase(
        practice=option.practice,
        option=option,
        position=_next_position(option.phases.all()),
        name=name.strip(),
    )
    phase.full_clean()
    phase.save()
    _revise(option.case, acting_user)
    return phase


@transaction.atomic
def phase_remove(*, acting_user: Any, phase: CasePhase) -> None:
    option = phase.option
    _check_open(option.case)
    if option.phases.count() == 1:
        raise CasepathError.at("phase", "An option needs at least one phase.")
    phase.procedures.all().delete()
    phase.delete()
    _revise(option.case, acting_user)


@transaction.atomic
def procedure_add(
    *, acting_user: Any, phase: CasePhase, fee: Decimal | None = None, **fields: Any
) -> PlannedProcedure:
    """Plan a procedure in `phase`; its fee comes from the schedule unless `fee` is typed.

    fields: code, tooth, surfaces, provider, discount, visits, healing_days."""
    case = phase.option.case
    _check_open(case)
    row = PlannedProcedure(practice=case.practice, phase=phase, case=case)
    row.position = _next_position(phase.procedures.all())
    _fill(row, fields, fee)
    _check_option_with(phase.option, row)
    row.full_clean()
    row.save()
    _revise(case, acting_user)
    return row


@transaction.atomic
def procedure_update(
    *,
    acting_user: Any,
    procedure: PlannedProcedure,
    fee: Decimal | None = None,
    fee_from_schedule: bool = False,
    **fields: Any,
) -> PlannedProcedure:
    """Change a planned procedure; `fee_from_schedule` drops a typed fee."""
    case = procedure.case
    _check_open(case)
    if fee_from_schedule:
        procedure.fee_typed = False
    _fill(procedure, fields, fee)
    _check_option_with(procedure.phase.option, procedure)
    procedure.full_clean()
    procedure.save()
    _revise(case, acting_user)
    return procedure


@transaction.atomic
def procedure_remove(*, acting_user: Any, procedure: PlannedProcedure) -> None:
    case = procedure.case
    _check_open(case)
    procedure.delete()
    _revise(case, acting_user)


@transaction.atomic
def case_estimate(*, acting_user: Any, case: Case, as_of: date) -> list[CaseOption]:
    """Estimate each option as if it were the only one (its own saved estimate)."""
    _check_open(case)
    options = case_plan(case)
    for option in options:
        lines = [
            ProcedureLine(code=p.code, tooth=p.tooth, surfaces=p.surfaces, fee_override=p.net_fee)
            for phase in option.phases.all()
            for p in phase.procedures.all()
        ]
        old = option.estimate
        if not lines:
            option.estimate = None
        else:
            option.estimate = estimate_create(
                acting_user=acting_user,
                patient=case.patient,
                title=f"{case.title}: {option.name}"[:120],
                lines=lines,
                as_of=as_of,
            )
        option.save(update_fields=["estimate", "updated_at"])
        if old is not None and old.status == EstimateStatus.OPEN:
            estimate_close(acting_user=acting_user, estimate_row=old)
    case_event(case, kind=EventKind.ESTIMATED, actor=acting_user, summary="Estimated every option")
    return options


def version_items(case: Case) -> list[VersionItem]:
    """The plan as the revision diff reads it."""
    return [
        VersionItem(option.name, phase.name, p.code, p.tooth, p.surfaces, p.net_fee)
        for option in case_plan(case)
        for phase in option.phases.all()
        for p in phase.procedures.all()
    ]


def _fill(row: PlannedProcedure, fields: dict[str, Any], fee: Decimal | None) -> None:
    for name, value in fields.items():
        if name not in PROCEDURE_FIELDS:
            raise TypeError(f"unexpected procedure field {name!r}")
        setattr(row, name, value)
    row.code = (row.code or "").strip().upper()
    row.tooth = (row.tooth or "").strip().upper()
    provider: Provider | None = row.provider
    if provider is not None and provider.practice_id != row.practice_id:
        raise CasepathError.at("provider", "Choose a provider of this practice.")
    with suppress(CasepathError):  # check_option names the fault
        row.surfaces = normal_surfaces(row.surfaces or "")
    if fee is not None:
        row.fee, row.fee_typed = to_cents(fee), True
    elif not row.fee_typed or row.fee is None:
        row.fee_typed = False
        row.fee = _schedule_fee(row)


def _schedule_fee(row: PlannedProcedure) -> Decimal:
    lookup = estimate_selectors.practice_files(row.practice).fee_lookup(row.provider_id)
    try:
        return fee_for(lookup, row.code, path="fee")
    except CasepathError:
        return Decimal("-1")  # check_option refuses it with the words the TC needs


def _next_position(rows: Any) -> int:
    last = rows.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _check_option_with(option: CaseOption, row: PlannedProcedure) -> None:
    """The whole option checked with `row` in its place (line numbers as on screen)."""
    ordered = [row if p.pk == row.pk else p for p in procedures_of_option(option)]
    if row.pk is None:
        ordered.append(row)
    index = next(i for i, p in enumerate(ordered) if p is row)
    items = [
        PlannedItem(
            p.code,
            p.tooth,
            p.surfaces,
            None if p.fee is not None and p.fee < 0 and not p.fee_typed else p.fee,
        )
        for p in ordered
    ]
    files = estimate_selectors.practice_files(option.practice)
    fee_codes = frozenset(files.office_fees) | frozenset(files.provider_fees(row.provider_id).fees)
    try:
        check_option(items, missing_teeth=option.case.missing_teeth_set, fee_codes=fee_codes)
    except CasepathError as error:
        mine = f"procedures[{index}]."
        own = [e for e in error.errors if e.path.startswith(mine)]
        if own:
            fields = (type(e)(e.path.removeprefix(mine), e.message) for e in own)
            raise CasepathError(*fields) from None
        raise
    if row.discount > row.fee:
        raise CasepathError.at("discount", "The discount cannot be more than the fee.")


def _check_open(case: Case) -> None:
    """Refuse plan changes once treatment is scheduled. Reads (and locks) the row: the
    instance in hand may be older than a move another request just made."""
    case.status = Case.objects.select_for_update().values_list("status", flat=True).get(pk=case.pk)
    if case.status in LOCKED:
        raise CasepathError.at(
            "status", f"The case is {case.get_status_display().lower()}: its plan is fixed."
        )


def _revise(case: Case, acting_user: Any) -> None:
    """A new plan version, and what changed since the last one, on the timeline."""
    items = version_items(case)
    last = case.revisions.order_by("-version").first()
    before = [_item(data) for data in last.items] if last else []
    changes = diff_versions(before, items)
    if last is not None and not changes:
        return
    version = (last.version + 1) if last else 1
    CaseRevision.objects.create(
        practice=case.practice,
        case=case,
        version=version,
        made_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        items=[_data(item) for item in items],
        changes=changes,
    )
    Case.objects.filter(pk=case.pk).update(plan_version=version)
    case.plan_version = version
    if changes:
        case_event(
            case,
            kind=EventKind.REVISED,
            actor=acting_user,
            summary=f"Plan version {version}: " + "; ".join(changes)[:250],
            data={"version": version, "changes": changes},
        )


def _data(item: VersionItem) -> dict[str, str]:
    return {
        "option": item.option,
        "phase": item.phase,
        "code": item.code,
        "tooth": item.tooth,
        "surfaces": item.surfaces,
        "fee": f"{item.fee:.2f}",
    }


def _item(data: dict[str, str]) -> VersionItem:
    return VersionItem(
        data["option"],
        data["phase"],
        data["code"],
        data["tooth"],
        data["surfaces"],
        Decimal(data["fee"]),
    )
