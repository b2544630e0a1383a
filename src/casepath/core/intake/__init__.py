"""New-patient intake rules with no database: the pipeline's stages and moves,
possible duplicates, and conversion by source."""

from casepath.core.intake.conversion import STEP_LABELS, Funnel, Inquiry, Step, by_source, funnel
from casepath.core.intake.duplicates import Person, match_reasons
from casepath.core.intake.pipeline import (
    ALLOWED,
    AT_THE_VISIT,
    BEFORE_THE_VISIT,
    BOARD,
    LABELS,
    Stage,
    can_move,
    check_move,
    is_open,
)

__all__ = [
    "ALLOWED",
    "AT_THE_VISIT",
    "BEFORE_THE_VISIT",
    "BOARD",
    "LABELS",
    "STEP_LABELS",
    "Funnel",
    "Inquiry",
    "Person",
    "Stage",
    "Step",
    "by_source",
    "can_move",
    "check_move",
    "funnel",
    "is_open",
    "match_reasons",
]
