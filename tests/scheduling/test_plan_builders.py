"""The plan-scheduling builders make what they say (the other tests build on them)."""

from __future__ import annotations

from typing import Any

import time_machine

from casepath.cases.models import PlannedProcedure
from casepath.scheduling.models import WorkingHours
from tests.scheduling.plan_builders import (
    ACCEPTED_AT,
    accepted_implant_case,
    build_calendar,
)


@time_machine.travel(ACCEPTED_AT, tick=False)
def test_an_accepted_three_phase_implant_case(world: Any) -> None:
    calendar = build_calendar(world)
    case = accepted_implant_case(world, calendar)
    assert case.status == "accepted"
    codes = list(
        PlannedProcedure.objects.filter(case=case)
        .order_by("phase__position", "position")
        .values_list("code", "provider__last_name")
    )
    assert codes == [("D7140", "Reyes"), ("D7953", "Reyes"), ("D6010", "Reyes"), ("D6058", "Nunez")]
    assert WorkingHours.objects.filter(provider=calendar.dentist).count() == 10
