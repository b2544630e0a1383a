"""Treatment-plan cases: lifecycle, decline reasons, plan checks, option figures,
revisions, acceptance and the tooth chart.

See docs.md beside this file.
"""

from casepath.core.cases.acceptance import (
    AcceptanceKind,
    Decision,
    acceptance_kind,
    accepted_total,
)
from casepath.core.cases.decline import DECLINE_LABELS, DeclineReason, check_decline
from casepath.core.cases.lifecycle import (
    ACCEPTED_OR_LATER,
    ALLOWED,
    AWAITING_DECISION,
    CLOSED,
    DECIDED,
    LABELS,
    MAX_EXPIRY_DAYS,
    MIN_EXPIRY_DAYS,
    WORK_QUEUE,
    CaseStatus,
    check_transition,
    expiry_date,
    is_expired,
)
from casepath.core.cases.option_summary import (
    VISIT_SPACING_DAYS,
    OptionFigures,
    PhasePlan,
    ProcedurePlan,
    option_figures,
    phase_days,
    phase_visits,
    time_to_finish_days,
    visits_of,
    weeks_words,
)
from casepath.core.cases.plan_checks import (
    MAX_SURFACES,
    SURFACE_ORDER,
    PlannedItem,
    check_option,
    needs_tooth,
    normal_surfaces,
    replaces_tooth,
    surface_key,
)
from casepath.core.cases.revisions import VersionItem, diff_versions
from casepath.core.cases.tooth_chart import tooth_chart_svg

__all__ = [
    "ACCEPTED_OR_LATER",
    "ALLOWED",
    "AWAITING_DECISION",
    "CLOSED",
    "DECIDED",
    "DECLINE_LABELS",
    "LABELS",
    "MAX_EXPIRY_DAYS",
    "MAX_SURFACES",
    "MIN_EXPIRY_DAYS",
    "SURFACE_ORDER",
    "VISIT_SPACING_DAYS",
    "WORK_QUEUE",
    "AcceptanceKind",
    "CaseStatus",
    "Decision",
    "DeclineReason",
    "OptionFigures",
    "PhasePlan",
    "PlannedItem",
    "ProcedurePlan",
    "VersionItem",
    "acceptance_kind",
    "accepted_total",
    "check_decline",
    "check_option",
    "check_transition",
    "diff_versions",
    "expiry_date",
    "is_expired",
    "needs_tooth",
    "normal_surfaces",
    "option_figures",
    "phase_days",
    "phase_visits",
    "replaces_tooth",
    "surface_key",
    "time_to_finish_days",
    "tooth_chart_svg",
    "visits_of",
    "weeks_words",
]
