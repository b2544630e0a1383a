"""A changed fee schedule or plan re-estimates the open estimates that used it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from casepath.estimates.runs import reestimate_start
from casepath.insurance.models import FeeSchedule, InsurancePlan


def fees_changed(sender: Any, *, schedule: FeeSchedule, **_: Any) -> None:
    reestimate_start(
        reason=f"The fees of “{schedule}” changed",
        as_of=timezone.localdate(),
        fee_schedule=schedule,
    )


def benefits_changed(sender: Any, *, plan: InsurancePlan, **_: Any) -> None:
    reestimate_start(
        reason=f"The benefits of “{plan}” changed", as_of=timezone.localdate(), plan=plan
    )
