"""Reads for compensation: plans, the payments behind statements, statements, payroll."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404

from casepath.compensation.models import (
    CommissionTier,
    CompensationPlan,
    PlanMember,
    Statement,
    StatementStatus,
)
from casepath.core.cases import CaseStatus
from casepath.core.compensation import (
    Band,
    BonusKind,
    BonusPool,
    BonusSplit,
    PaymentLine,
    Terms,
    TierMode,
)
from casepath.core.metrics import Definitions, PresenterRule, percent
from casepath.payments.models import Payment
from casepath.reports.facts import Filters
from casepath.reports.selectors import acceptance_report, metric_settings
from casepath.tenancy.models import Membership, Practice
from casepath.tenancy.roles import Role
from casepath.tenancy.scoping import get_scoped_or_404, scoped

ACCEPTED_OR_LATER = frozenset(
    {CaseStatus.ACCEPTED, CaseStatus.SCHEDULED, CaseStatus.IN_PROGRESS, CaseStatus.COMPLETED}
)


def plans(practice: Practice) -> QuerySet[CompensationPlan]:
    return scoped(CompensationPlan, practice).prefetch_related("tiers", "members__user")


def plan_get(practice: Practice, plan_id: object) -> CompensationPlan:
    return get_scoped_or_404(CompensationPlan, practice, plan_id)


def coordinators(practice: Practice) -> QuerySet[Any]:
    """Active treatment coordinators of the practice: who can be on a plan."""
    ids = Membership.objects.filter(
        practice=practice, role=Role.TREATMENT_COORDINATOR, is_active=True
    ).values("user_id")
    return (
        get_user_model()
        ._default_manager.filter(pk__in=ids, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def tiers_of(plan: CompensationPlan) -> QuerySet[CommissionTier]:
    return scoped(CommissionTier, plan.practice).filter(plan=plan).order_by("from_usd")


def member_ids_on(plan: CompensationPlan, on: date) -> list[int]:
    rows = scoped(PlanMember, plan.practice).filter(plan=plan, starts_on__lte=on)
    return list(rows.exclude(ends_on__lt=on).values_list("user_id", flat=True))


def terms_of(plan: CompensationPlan) -> Terms:
    bands = tuple(Band(t.from_usd, t.rate_percent) for t in tiers_of(plan))
    return Terms(
        bands=bands,
        mode=TierMode(plan.tier_mode),
        base_pay=plan.base_pay,
        presenter_rule=PresenterRule(plan.presenter_rule),
        threshold=plan.threshold,
        minimum_acceptance=plan.minimum_acceptance,
        bonus=BonusPool(
            BonusKind(plan.bonus_kind),
            plan.bonus_amount,
            plan.bonus_percent,
            plan.bonus_goal,
            BonusSplit(plan.bonus_split),
        ),
    )


def members_in(plan: CompensationPlan, start: date, end: date) -> list[Any]:
    """Users on the plan for any day of the period."""
    rows = (
        scoped(PlanMember, plan.practice)
        .filter(plan=plan, starts_on__lte=end)
        .exclude(ends_on__lt=start)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user_id")
    )
    seen: dict[int, Any] = {}
    for row in rows:
        seen.setdefault(row.user_id, row.user)
    return list(seen.values())


def payment_lines(practice: Practice, start: date, end: date) -> list[PaymentLine]:
    """Every payment the practice received in the period, with its case's presenters."""
    rows = (
        scoped(Payment, practice)
        .filter(received_on__range=(start, end))
        .select_related("case", "patient")
        .order_by("received_on", "pk")
    )
    return [
        PaymentLine(
            payment_id=p.pk,
            case_id=p.case_id,
            patient=f"{p.patient.last_name}, {p.patient.first_name}",
            received_on=p.received_on,
            amount=p.amount,
            accepted=p.case.status in ACCEPTED_OR_LATER,
            first_presenter=p.case.first_presenter_id,
            last_presenter=p.case.last_presenter_id,
            case_title=p.case.title,
        )
        for p in rows
    ]


def case_acceptance_of(
    practice: Practice, user_id: int, rule: PresenterRule, start: date, end: date, as_of: date
) -> Decimal | None:
    """The TC's case acceptance % for cases presented in the period (the practice's
    definition of accepted, the plan's presenter rule)."""
    definitions = Definitions(metric_settings(practice).accepted_means, rule)
    report = acceptance_report(
        [practice], start, end, definitions, as_of=as_of, filters=Filters(tc_id=user_id)
    )
    total = report.total
    return percent(total.accepted[definitions.accepted_means].cases, total.presented.cases)


def statements_of(
    practice: Practice, start: date, end: date, *, user: Any = None
) -> QuerySet[Statement]:
    rows = scoped(Statement, practice).filter(period_start=start, period_end=end)
    if user is not None:
        rows = rows.filter(user=user)
    return rows.select_related("user", "plan")


def statement_get(
    practice: Practice, statement_id: object, *, viewer: Any, all_tcs: bool
) -> Statement:
    """One statement; a TC who cannot see every TC's finds only their own (404 else)."""
    statement = get_scoped_or_404(Statement, practice, statement_id, related=("user", "plan"))
    if not all_tcs and statement.user_id != viewer.pk:
        raise Http404("No such statement")
    return statement


@dataclass(frozen=True)
class PayrollRow:
    name: str
    username: str
    plan: str
    base: Decimal
    commission: Decimal
    bonus: Decimal
    total: Decimal
    status: str


def payroll(practice: Practice, start: date, end: date) -> list[PayrollRow]:
    return [
        PayrollRow(
            name=s.user.get_full_name() or s.user.get_username(),
            username=s.user.get_username(),
            plan=s.plan.name,
            base=s.base,
            commission=s.commission,
            bonus=s.bonus,
            total=s.total,
            status=StatementStatus(s.status).label,
        )
        for s in statements_of(practice, start, end)
    ]


def drafts_in(rows: Sequence[PayrollRow]) -> int:
    return sum(1 for r in rows if r.status != StatementStatus.FINAL.label)
