"""Financing: payment plans, their Truth-in-Lending disclosure, and the ways to pay.

`disclose(amount_financed, advance_date, payments) -> Disclosure` (the APR by
Regulation Z Appendix J) and `amortize(terms) -> Schedule` (an in-house plan).
See docs.md beside this file.
"""

from casepath.core.financing.apr import Disclosure, Payment, disclose
from casepath.core.financing.arrangements import (
    Arrangement,
    ArrangementKind,
    Line,
    OptionCost,
    Policy,
    insurance_only,
    pay_in_full,
)
from casepath.core.financing.budget import Budget, SliderPoint, fit_budget, slider_points
from casepath.core.financing.compare import compare, in_house_plan
from casepath.core.financing.lenders import (
    LenderKind,
    LenderOffer,
    LenderProduct,
    lender_arrangement,
    lender_offer,
)
from casepath.core.financing.membership import (
    MembershipPlan,
    MembershipQuote,
    QuotedLine,
    membership_arrangement,
    membership_cost,
)
from casepath.core.financing.schedule import (
    Frequency,
    Instalment,
    Schedule,
    Terms,
    amortize,
)

__all__ = [
    "Arrangement",
    "ArrangementKind",
    "Budget",
    "Disclosure",
    "Frequency",
    "Instalment",
    "LenderKind",
    "LenderOffer",
    "LenderProduct",
    "Line",
    "MembershipPlan",
    "MembershipQuote",
    "OptionCost",
    "Payment",
    "Policy",
    "QuotedLine",
    "Schedule",
    "SliderPoint",
    "Terms",
    "amortize",
    "compare",
    "disclose",
    "fit_budget",
    "in_house_plan",
    "insurance_only",
    "lender_arrangement",
    "lender_offer",
    "membership_arrangement",
    "membership_cost",
    "pay_in_full",
    "slider_points",
]
