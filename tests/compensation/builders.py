"""A hand-computed October 2026 for two TCs of Riverside: Tess and Tom.

| case | first | last | status    | payments in October            |
| ---- | ----- | ---- | --------- | ------------------------------ |
| 1    | Tess  | Tom  | accepted  | 4000.00 (10/03), 2000.00 (10/17) |
| 2    | Tess  | Tess | scheduled | 6000.00 (10/10), -500.00 (10/25) |
| 3    | Tom   | Tess | completed | 3000.00 (10/12)                |
| 4    | Tess  | Tess | presented | 1000.00 (10/14), not accepted  |

The plan: base 2000.00, tiers from $0 at 5 % and from $8,000 at 10 %, marginal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from casepath.compensation.models import (
    CommissionTier,
    CompensationPlan,
    PlanMember,
    Statement,
)
from casepath.compensation.services import statements_make
from casepath.tenancy.roles import Role
from tests.builders import build_user
from tests.conftest import World
from tests.reports.builders import metric_case, pay, yes

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


@dataclass
class October:
    tess: Any
    tom: Any
    plan: CompensationPlan | None
    cases: list[Any]


def build_plan(world: World, members: list[Any], **fields: Any) -> CompensationPlan:
    values: dict[str, Any] = {"name": "TC plan", "base_pay": Decimal("2000.00")}
    values.update(fields)
    plan = CompensationPlan.objects.create(practice=world.practice_a, **values)
    for start, rate in (("0", "5"), ("8000", "10")):
        CommissionTier.objects.create(
            practice=world.practice_a,
            plan=plan,
            from_usd=Decimal(start),
            rate_percent=Decimal(rate),
        )
    for user in members:
        PlanMember.objects.create(
            practice=world.practice_a, plan=plan, user=user, starts_on=date(2026, 1, 1)
        )
    return plan


def build_october(world: World, *, with_plan: bool = True, **plan_fields: Any) -> October:
    a, tess = world.practice_a, world.tess
    tom = build_user("tom", (a, Role.TREATMENT_COORDINATOR))
    by = world.mona
    one = metric_case(
        a, lines=[yes("D2740", "6000.00")], status="accepted", first=tess, last=tom, title="Crowns"
    )
    two = metric_case(
        a, lines=[yes("D6010", "5500.00")], status="scheduled", first=tess, title="Implant"
    )
    three = metric_case(
        a,
        lines=[yes("D2950", "3000.00")],
        status="completed",
        first=tom,
        last=tess,
        title="Build-ups",
    )
    four = metric_case(
        a, lines=[yes("D2750", "1000.00")], status="presented", first=tess, title="Bridge"
    )
    pay(one, "4000.00", date(2026, 10, 3), by=by)
    pay(one, "2000.00", date(2026, 10, 17), by=by)
    pay(two, "6000.00", date(2026, 10, 10), by=by)
    pay(two, "-500.00", date(2026, 10, 25), by=by)
    pay(three, "3000.00", date(2026, 10, 12), by=by)
    pay(four, "1000.00", date(2026, 10, 14), by=by)
    plan = build_plan(world, [tess, tom], **plan_fields) if with_plan else None
    return October(tess, tom, plan, [one, two, three, four])


def compensation_objects(world: World) -> dict[str, object]:
    """A plan and a statement of practice A, for the outsider walk (tests/isolation)."""
    plan = build_plan(world, [world.tess], name="Isolation plan")
    statements_make(
        practice=world.practice_a,
        acting_user=world.mona,
        start=OCTOBER[0],
        end=OCTOBER[1],
        as_of=date(2026, 11, 2),
    )
    statement = Statement.objects.get(practice=world.practice_a, user=world.tess)
    return {"compensation_plan_id": plan.pk, "statement_id": statement.pk}
