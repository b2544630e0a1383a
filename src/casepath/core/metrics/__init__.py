"""Case acceptance metrics with no database: named definitions, the sums behind a
group's figures, every figure with its denominator, and the shape of a report."""

from casepath.core.metrics.definitions import (
    ACCEPTED_LABELS,
    CUT_LABELS,
    DEFINITION_TEXT,
    PRESENTER_LABELS,
    AcceptedMeans,
    Cut,
    Definitions,
    PresenterRule,
)
from casepath.core.metrics.figures import (
    KEYS,
    Figure,
    Unit,
    average,
    case_acceptance,
    figures,
    percent,
)
from casepath.core.metrics.measures import Measures, Tally
from casepath.core.metrics.report import CaseLine, Group, Report

__all__ = [
    "ACCEPTED_LABELS",
    "CUT_LABELS",
    "DEFINITION_TEXT",
    "KEYS",
    "PRESENTER_LABELS",
    "AcceptedMeans",
    "CaseLine",
    "Cut",
    "Definitions",
    "Figure",
    "Group",
    "Measures",
    "PresenterRule",
    "Report",
    "Tally",
    "Unit",
    "average",
    "case_acceptance",
    "figures",
    "percent",
]
