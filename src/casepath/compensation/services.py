"""Writes for compensation: plans with their tiers and members, making statements for a
period (drafts are replaced, finals never change), finalizing a statement."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from casepath.audit.models import Action
from casepath.audit.services import audit_record
from casepath.compensation import selectors
from casepath.compensation.models import (
    CommissionTier,
    CompensationPlan,
    PlanMember,
    Statement,
    StatementStatus,
)
from casepath.compensation.snapshot import snapshot_of
from casepath.core.compensation import statements
from casepath.core.errors import CasepathError
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

PLAN_FIELDS = (
    "name",
    "base_pay",
    "presenter_rule",
    "tier_mode",
    "threshold",
    "minimum_acceptance",
    "bonus_kind",
    "bonus_amount",
    "bonus_percent",
    "bonus_goal",
    "bonus_split",
    "active",
)


@transaction.atomic
def plan_save(
    *,
    practice: Practice,
    acting_user: Any,
    data: Mapping[str, Any],
    tiers: Sequence[tuple[Decimal, Decimal]],
    members: Sequence[Any],
    members_from: date,
    plan: CompensationPlan | None = None,
) -> CompensationPlan:
    """Create or change a plan; its tiers are replaced, members join or leave on
    `members_from`. Bad terms raise CasepathError naming the field, nothing written."""
    creating = plan is None
    plan = plan or CompensationPlan(practice=practice)
    for field in PLAN_FIELDS:
        if field in data:
            setattr(plan, field, data[field])
    plan.full_clean()
    plan.save()
    scoped(CommissionTier, practice).filter(plan=plan).delete()
    for from_usd, rate in tiers:
        CommissionTier.objects.create(
            practice=practice, plan=plan, from_usd=from_usd, rate_percent=rate
        )
    selectors.terms_of(plan).check()
    _set_members(plan, members, members_from)
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.CREATE if creating else Action.UPDATE,
        target=plan,
        summary=f"{'Created' if creating else 'Changed'} the compensation plan {plan.name}",
    )
    return plan


def _set_members(plan: CompensationPlan, users: Sequence[Any], on: date) -> None:
    allowed = {u.pk for u in selectors.coordinators(plan.practice)}
    wanted = {u.pk for u in users}
    if wanted - allowed:
        raise CasepathError.at("members", "only the practice's treatment coordinators")
    current = scoped(PlanMember, plan.practice).filter(plan=plan).exclude(ends_on__lt=on)
    for member in current:
        if member.user_id in wanted:
            wanted.discard(member.user_id)
        elif member.starts_on >= on:
            member.delete()
        else:
            member.ends_on = on - timedelta(days=1)
            member.save(update_fields=["ends_on", "updated_at"])
    for user_id in sorted(wanted):
        PlanMember.objects.create(practice=plan.practice, plan=plan, user_id=user_id, starts_on=on)


@dataclass(frozen=True)
class Made:
    made: int
    kept_final: int


@transaction.atomic
def statements_make(
    *, practice: Practice, acting_user: Any, start: date, end: date, as_of: date
) -> Made:
    """Every member's statement for the period, plan by plan; a user already made by an
    earlier plan (by name) is skipped. Drafts are replaced; finals stay as they are."""
    finals = set(
        selectors.statements_of(practice, start, end)
        .filter(status=StatementStatus.FINAL)
        .values_list("user_id", flat=True)
    )
    scoped(Statement, practice).filter(
        period_start=start, period_end=end, status=StatementStatus.DRAFT
    ).delete()
    lines = selectors.payment_lines(practice, start, end)
    done: set[int] = set()
    made = 0
    now = timezone.now()
    for plan in selectors.plans(practice).filter(active=True):
        users = [u for u in selectors.members_in(plan, start, end) if u.pk not in done]
        done |= {u.pk for u in users}
        terms = selectors.terms_of(plan)
        acceptance = {
            u.pk: selectors.case_acceptance_of(
                practice, u.pk, terms.presenter_rule, start, end, as_of
            )
            for u in users
            if terms.minimum_acceptance is not None
        }
        computed = statements(terms, [u.pk for u in users], start, end, lines, acceptance)
        for user in users:
            if user.pk in finals:
                continue
            s = computed[user.pk]
            Statement.objects.create(
                practice=practice,
                user=user,
                plan=plan,
                period_start=start,
                period_end=end,
                collected=s.collected,
                acceptance=s.acceptance,
                base=s.base,
                commission=s.commission,
                bonus=s.bonus,
                total=s.total,
                snapshot=snapshot_of(s, terms),
                made_at=now,
                made_by=acting_user,
            )
            made += 1
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.CREATE,
        object_type="statement",
        summary=f"Made {made} compensation statements for {start} to {end}"
        f" ({len(finals)} final kept)",
    )
    return Made(made, len(finals))


@transaction.atomic
def statement_finalize(*, statement: Statement, acting_user: Any) -> Statement:
    if statement.status == StatementStatus.FINAL:
        raise CasepathError.at("status", "this statement is already final")
    statement.status = StatementStatus.FINAL
    statement.finalized_at = timezone.now()
    statement.finalized_by = acting_user
    statement.save(update_fields=["status", "finalized_at", "finalized_by", "updated_at"])
    audit_record(
        practice=statement.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=statement,
        summary=f"Finalized the compensation statement of {statement.user} ({statement.total})",
        changes={"status": {"before": "draft", "after": "final"}},
    )
    return statement
