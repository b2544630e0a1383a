"""Scheduling with no database: visit kinds and sequencing rules, the plan a solver
places on the providers' calendars, free time from working hours, and the checks of a
plan adjusted by hand.

The solver is `casepath.core.scheduling.solver.propose`; it is not imported here, so
that importing the kinds does not load OR-Tools (a third of a second).
"""

from casepath.core.scheduling.calendar import free_windows
from casepath.core.scheduling.conflicts import conflicts
from casepath.core.scheduling.kinds import DEFAULT_RULES, KIND_LABELS, Rule, VisitKind, kind_of
from casepath.core.scheduling.plan import (
    Conflict,
    Gap,
    Placed,
    Preferences,
    Proposal,
    Request,
    Unschedulable,
    Visit,
    Window,
)
from casepath.core.scheduling.sequence import gaps_for

__all__ = [
    "DEFAULT_RULES",
    "KIND_LABELS",
    "Conflict",
    "Gap",
    "Placed",
    "Preferences",
    "Proposal",
    "Request",
    "Rule",
    "Unschedulable",
    "Visit",
    "VisitKind",
    "Window",
    "conflicts",
    "free_windows",
    "gaps_for",
    "kind_of",
]
