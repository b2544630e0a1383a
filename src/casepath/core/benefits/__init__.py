"""Benefits: the plan model and the out-of-pocket estimator (estimate-v1).

`estimate(EstimateRequest) -> EstimateResult`, and `estimate_with_answers` when
payers answered pre-determinations. See docs.md beside this file.
"""

from casepath.core.benefits.answers import PayerAnswer, estimate_with_answers
from casepath.core.benefits.estimator import estimate
from casepath.core.benefits.model import (
    AgeLimit,
    Coverage,
    CoverageRule,
    DeductibleRule,
    Downgrade,
    EstimateRequest,
    Exclusion,
    FrequencyRule,
    HistoryEntry,
    MaximumRule,
    Months,
    Patient,
    PendingEntry,
    Plan,
    Policy,
    Procedure,
    UsedAdjustments,
    WaitingPeriod,
    Years,
)
from casepath.core.benefits.plan import compiled_plan
from casepath.core.benefits.result import (
    CoverageLine,
    EstimateResult,
    ProcedureEstimate,
    Remaining,
    Totals,
)


def check_plan(plan: Plan, path: str = "plan") -> None:
    """Refuse a plan the estimator cannot read (CasepathError naming the field)."""
    compiled_plan(plan, path)


__all__ = [
    "AgeLimit",
    "Coverage",
    "CoverageLine",
    "CoverageRule",
    "DeductibleRule",
    "Downgrade",
    "EstimateRequest",
    "EstimateResult",
    "Exclusion",
    "FrequencyRule",
    "HistoryEntry",
    "MaximumRule",
    "Months",
    "Patient",
    "PayerAnswer",
    "PendingEntry",
    "Plan",
    "Policy",
    "Procedure",
    "ProcedureEstimate",
    "Remaining",
    "Totals",
    "UsedAdjustments",
    "WaitingPeriod",
    "Years",
    "estimate",
    "estimate_with_answers",
]
