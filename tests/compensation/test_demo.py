"""The demo's plan: one per practice, its TCs as members, statements can be made."""

from __future__ import annotations

from datetime import date

from casepath.compensation.models import CommissionTier, PlanMember, Statement
from casepath.compensation.services import statements_make
from casepath.demo.compensation import compensation_for
from tests.conftest import World


def test_a_plan_with_the_practices_tcs(world: World) -> None:
    plan = compensation_for(world.practice_a, date(2026, 11, 3))
    assert CommissionTier.objects.filter(plan=plan).count() == 2
    assert [m.user for m in PlanMember.objects.filter(plan=plan)] == [world.tess]
    statements_make(
        practice=world.practice_a,
        acting_user=world.mona,
        start=date(2026, 10, 1),
        end=date(2026, 10, 31),
        as_of=date(2026, 11, 3),
    )
    statement = Statement.objects.get(practice=world.practice_a)
    assert statement.total == statement.base  # nothing collected in October
