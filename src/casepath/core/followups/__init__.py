"""Follow-up rules with no database: what a task is worth, cadences, quiet hours."""

from casepath.core.followups.stake import STAGE_WEIGHTS, value_at_stake

__all__ = ["STAGE_WEIGHTS", "value_at_stake"]
