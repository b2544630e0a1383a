"""Check the request as a whole and make one pricing context per coverage.

The first bad field raises `CasepathError` with its path, such as
`procedures[0].fee` or `coverages[1].plan.coverage[2].percent`.
"""

from __future__ import annotations

from datetime import date

from casepath.core.benefits.checks import a_date, a_flag, choice
from casepath.core.benefits.model import Coverage, EstimateRequest, Patient, Plan, Policy
from casepath.core.benefits.plan import compiled_plan
from casepath.core.benefits.price import Pricing
from casepath.core.benefits.usage import load_usage
from casepath.core.errors import CasepathError

MAX_COVERAGES = 3


def check_request(request: EstimateRequest) -> tuple[date, date, Policy]:
    if not isinstance(request, EstimateRequest):
        raise CasepathError.at("", "must be an estimate request")
    as_of = a_date(request.as_of, "as_of")
    if not isinstance(request.patient, Patient):
        raise CasepathError.at("patient", "must give the patient's birth date")
    birth_date = a_date(request.patient.birth_date, "patient.birth_date")
    if birth_date > as_of:
        raise CasepathError.at("patient.birth_date", "is after as_of")
    return as_of, birth_date, _check_policy(request.policy)


def _check_policy(policy: Policy) -> Policy:
    if not isinstance(policy, Policy):
        raise CasepathError.at("policy", "must be a policy")
    for name in (
        "zero_writeoff_when_max_used",
        "zero_writeoff_on_frequency_or_age",
        "secondary_ppo_writeoff",
    ):
        a_flag(getattr(policy, name), f"policy.{name}")
    choice(policy.blank_allowed_fee, ("use_fee", "not_covered"), "policy.blank_allowed_fee")
    return policy


def pricing_contexts(
    request: EstimateRequest, as_of: date, birth_date: date, policy: Policy
) -> list[Pricing]:
    coverages = request.coverages
    if len(coverages) > MAX_COVERAGES:
        raise CasepathError.at(
            f"coverages[{MAX_COVERAGES}]",
            "at most three coverages: primary, secondary and tertiary",
        )
    return [
        _context(coverage, f"coverages[{index}]", as_of, birth_date, policy)
        for index, coverage in enumerate(coverages)
    ]


def _context(
    coverage: Coverage, path: str, as_of: date, birth_date: date, policy: Policy
) -> Pricing:
    if not isinstance(coverage, Coverage) or not isinstance(coverage.plan, Plan):
        raise CasepathError.at(f"{path}.plan", "must be a coverage with its plan")
    effective = coverage.effective_date
    if effective is not None:
        a_date(effective, f"{path}.effective_date")
    plan = compiled_plan(coverage.plan, f"{path}.plan")
    if effective is None and any(rule.number for rule in plan.waiting_periods):
        raise CasepathError.at(
            f"{path}.effective_date", "is needed to count the plan's waiting periods from"
        )
    usage = load_usage(coverage, plan, as_of, path)
    return Pricing(plan, usage, effective, birth_date, policy)
