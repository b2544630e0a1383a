"""Follow-up rules with no database: what a task is worth, cadences, quiet hours."""

from casepath.core.followups.cadence import (
    DEFAULT_PRESENTED,
    KINDS,
    Step,
    check_steps,
    due_at,
    due_times,
    next_step,
    open_at,
    step_title,
    steps_json,
)
from casepath.core.followups.stake import STAGE_WEIGHTS, value_at_stake

__all__ = [
    "DEFAULT_PRESENTED",
    "KINDS",
    "STAGE_WEIGHTS",
    "Step",
    "check_steps",
    "due_at",
    "due_times",
    "next_step",
    "open_at",
    "step_title",
    "steps_json",
    "value_at_stake",
]
