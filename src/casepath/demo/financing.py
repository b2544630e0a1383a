"""The demo practices' ways to pay: a financial policy, two lender products and a
membership plan for patients without insurance, made through the financing services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from casepath.financing import services
from casepath.tenancy.models import Practice

LENDERS: tuple[dict[str, Any], ...] = (
    {
        "name": "CareBridge 12-month promotion",
        "kind": "deferred",
        "months": 12,
        "apr_percent": Decimal("26.99"),
        "min_amount": Decimal("300.00"),
        "max_amount": Decimal("25000.00"),
        "practice_fee_percent": Decimal("9.90"),
        "application_url": "https://apply.example.com/carebridge",
    },
    {
        "name": "Lakeside Health Loan, 36 months",
        "kind": "fixed",
        "months": 36,
        "apr_percent": Decimal("14.99"),
        "min_amount": Decimal("1000.00"),
        "max_amount": Decimal("40000.00"),
        "practice_fee_percent": Decimal("5.00"),
        "application_url": "https://apply.example.com/lakeside",
    },
)
MEMBERSHIP: dict[str, Any] = {
    "name": "Brightside Smile Club",
    "yearly_fee": Decimal("349.00"),
    "included_codes": ["D0120", "D0150", "D0210", "D0274", "D1110", "D1206"],
    "discounts": {"restorative": "20", "crowns": "15", "endodontics": "15", "implants": "10"},
}


def financing_for(practice: Practice, manager: Any) -> None:
    services.financial_policy_update(
        acting_user=manager,
        practice=practice,
        longest_term_months=12,
        min_down_percent=Decimal("20.00"),
        apr_percent=Decimal("0.00"),
        apr_cap_percent=Decimal("18.00"),
        pay_in_full_percent=Decimal("5.00"),
    )
    for lender in LENDERS:
        services.lender_product_create(acting_user=manager, practice=practice, **lender)
    services.membership_plan_create(acting_user=manager, practice=practice, **MEMBERSHIP)
