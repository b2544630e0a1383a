"""A compensation plan for each demo practice, with the practice's TCs as members.

Base pay, two marginal tiers (3 % of collected revenue, 5 % above $15,000 a month), no
commission below $5,000 collected, and a bonus pool of 5 % of the practice's collected
revenue above $60,000, shared by collected revenue. Members from the first day of the
year before `as_of`, so the demo's year of payments (demo/reports.py) is covered.
Written as settings rows: no audit (nobody did this in Casepath).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from casepath.compensation.models import CommissionTier, CompensationPlan, PlanMember
from casepath.compensation.selectors import coordinators
from casepath.core.compensation import BonusKind, BonusSplit, TierMode
from casepath.core.metrics import PresenterRule
from casepath.tenancy.models import Practice

TIERS = ((Decimal("0.00"), Decimal("3.00")), (Decimal("15000.00"), Decimal("5.00")))


def compensation_for(practice: Practice, as_of: date) -> CompensationPlan:
    plan = CompensationPlan.objects.create(
        practice=practice,
        name="Treatment coordinators",
        base_pay=Decimal("3200.00"),
        presenter_rule=PresenterRule.FIRST,
        tier_mode=TierMode.MARGINAL,
        threshold=Decimal("5000.00"),
        bonus_kind=BonusKind.OVER_GOAL,
        bonus_percent=Decimal("5.00"),
        bonus_goal=Decimal("60000.00"),
        bonus_split=BonusSplit.BY_COLLECTED,
    )
    CommissionTier.objects.bulk_create(
        CommissionTier(
            practice=practice,
            organization_id=practice.organization_id,
            plan=plan,
            from_usd=start,
            rate_percent=rate,
        )
        for start, rate in TIERS
    )
    since = date(as_of.year - 1, 1, 1)
    for user in coordinators(practice):
        PlanMember.objects.create(practice=practice, plan=plan, user=user, starts_on=since)
    return plan
