"""Reads of fee schedules, carriers and plans, always within one practice."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from casepath.core.catalog import PLAIN_NAMES
from casepath.insurance.design import design_summary
from casepath.insurance.fee_csv import FeeLine
from casepath.insurance.models import Carrier, Fee, FeeSchedule, FeeScheduleKind, InsurancePlan
from casepath.tenancy.models import Practice, Provider
from casepath.tenancy.scoping import get_scoped_or_404, scoped


def fee_schedules_of(practice: Practice) -> QuerySet[FeeSchedule]:
    return scoped(FeeSchedule, practice).select_related("provider")


def office_fee_schedule(practice: Practice) -> FeeSchedule | None:
    """The practice-wide office schedule (not a provider's own)."""
    return (
        fee_schedules_of(practice)
        .filter(kind=FeeScheduleKind.OFFICE, provider__isnull=True)
        .order_by("pk")
        .first()
    )


def fees_by_code(practice: Practice, schedule: FeeSchedule) -> dict[str, Decimal]:
    rows = scoped(Fee, practice).filter(schedule=schedule).values_list("code", "amount")
    return dict(rows)


def carriers_of(practice: Practice) -> QuerySet[Carrier]:
    return scoped(Carrier, practice)


def plans_of(practice: Practice) -> QuerySet[InsurancePlan]:
    return scoped(InsurancePlan, practice).select_related("carrier", "allowed_fees")


# The insurance settings pages.


def carrier_get(practice: Practice, carrier_id: int) -> Carrier:
    return get_scoped_or_404(Carrier, practice, carrier_id)


def carriers_listed(practice: Practice) -> QuerySet[Carrier]:
    return carriers_of(practice).annotate(plan_count=Count("plans"))


def plan_get(practice: Practice, plan_id: int) -> InsurancePlan:
    return get_scoped_or_404(InsurancePlan, practice, plan_id, related=("carrier",))


@dataclass(frozen=True)
class PlanRow:
    plan: InsurancePlan
    summary: str


def plans_listed(practice: Practice, text: str = "") -> list[PlanRow]:
    """Plans with their one-line benefits summary, narrowed by carrier, employer or group."""
    plans = plans_of(practice)
    for word in text.split():
        plans = plans.filter(
            Q(carrier__name__icontains=word)
            | Q(employer__icontains=word)
            | Q(group_name__icontains=word)
            | Q(group_number__icontains=word)
        )
    return [PlanRow(plan, design_summary(plan.benefits)) for plan in plans]


def ppo_fee_schedules(practice: Practice) -> QuerySet[FeeSchedule]:
    return fee_schedules_of(practice).filter(kind=FeeScheduleKind.PPO)


def providers_for_fees(practice: Practice) -> QuerySet[Provider]:
    """The practice's own providers (an outside specialist bills with their own office)."""
    return scoped(Provider, practice).filter(is_external=False)


def fee_schedule_get(practice: Practice, schedule_id: int) -> FeeSchedule:
    return get_scoped_or_404(FeeSchedule, practice, schedule_id, related=("provider",))


def fee_schedules_listed(practice: Practice) -> QuerySet[FeeSchedule]:
    return fee_schedules_of(practice).annotate(fee_count=Count("fees"))


def fee_get(schedule: FeeSchedule, fee_id: int) -> Fee:
    fee = scoped(Fee, schedule.practice).filter(schedule=schedule, pk=fee_id).first()
    if fee is None:
        raise Http404("No such fee")
    return fee


def fee_for_code(schedule: FeeSchedule, code: str) -> Fee | None:
    return scoped(Fee, schedule.practice).filter(schedule=schedule, code=code).first()


@dataclass(frozen=True)
class FeeRow:
    fee: Fee
    name: str


def fees_listed(schedule: FeeSchedule) -> list[FeeRow]:
    """The schedule's fees in code order, each with Casepath's plain name if it has one."""
    fees = scoped(Fee, schedule.practice).filter(schedule=schedule).order_by("code")
    return [fee_row_of(fee) for fee in fees]


@dataclass(frozen=True)
class FeeChange:
    code: str
    name: str
    before: Decimal | None
    after: Decimal


@dataclass(frozen=True)
class FeeImportPreview:
    added: list[FeeChange]
    changed: list[FeeChange]
    unchanged: int


def fee_import_preview(schedule: FeeSchedule, lines: Iterable[FeeLine]) -> FeeImportPreview:
    """What importing `lines` would change: new codes, new amounts, and how many stay."""
    current = fees_by_code(schedule.practice, schedule)
    added, changed, unchanged = [], [], 0
    for line in lines:
        change = FeeChange(
            line.code, PLAIN_NAMES.get(line.code, ""), current.get(line.code), line.amount
        )
        if change.before is None:
            added.append(change)
        elif change.before != change.after:
            changed.append(change)
        else:
            unchanged += 1
    return FeeImportPreview(added, changed, unchanged)


def fee_row_of(fee: Fee) -> FeeRow:
    return FeeRow(fee, PLAIN_NAMES.get(fee.code, ""))
