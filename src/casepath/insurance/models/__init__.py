"""Insurance models, one module per sub-area; every row belongs to one practice."""

from casepath.insurance.models.coverage import (
    BenefitSource,
    BenefitUse,
    BenefitUseKind,
    Coverage,
    Ordinal,
    SubscriberRelationship,
)
from casepath.insurance.models.eligibility import (
    RECHECK_AFTER,
    EligibilityCheck,
    VerificationMethod,
)
from casepath.insurance.models.fees import Fee, FeeSchedule, FeeScheduleKind, procedure_code
from casepath.insurance.models.plans import Carrier, InsurancePlan, PlanType

__all__ = [
    "RECHECK_AFTER",
    "BenefitSource",
    "BenefitUse",
    "BenefitUseKind",
    "Carrier",
    "Coverage",
    "EligibilityCheck",
    "Fee",
    "FeeSchedule",
    "FeeScheduleKind",
    "InsurancePlan",
    "Ordinal",
    "PlanType",
    "SubscriberRelationship",
    "VerificationMethod",
    "procedure_code",
]
