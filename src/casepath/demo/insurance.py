"""The demo practices' office fees, PPO allowed fees, carriers and plans."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from casepath.insurance.models import (
    Carrier,
    Fee,
    FeeSchedule,
    FeeScheduleKind,
    InsurancePlan,
    PlanType,
)
from casepath.insurance.presets import preset
from casepath.tenancy.models import Practice

WHOLE_DOLLARS = Decimal("1")  # PPOs publish allowed fees in whole dollars

# Office (UCR) fees of a mid-western general practice, 2026.
OFFICE_FEES: dict[str, str] = {
    "D0120": "65.00",
    "D0140": "95.00",
    "D0150": "120.00",
    "D0180": "135.00",
    "D0210": "165.00",
    "D0220": "35.00",
    "D0230": "28.00",
    "D0272": "60.00",
    "D0274": "85.00",
    "D0330": "140.00",
    "D0367": "350.00",
    "D1110": "115.00",
    "D1120": "85.00",
    "D1206": "55.00",
    "D1351": "60.00",
    "D2140": "160.00",
    "D2150": "205.00",
    "D2330": "175.00",
    "D2331": "215.00",
    "D2391": "195.00",
    "D2392": "250.00",
    "D2393": "305.00",
    "D2740": "1250.00",
    "D2750": "1180.00",
    "D2950": "310.00",
    "D2954": "395.00",
    "D3310": "850.00",
    "D3330": "1250.00",
    "D3346": "1050.00",
    "D4341": "285.00",
    "D4342": "195.00",
    "D4910": "160.00",
    "D4355": "190.00",
    "D5110": "1850.00",
    "D5120": "1850.00",
    "D5213": "2150.00",
    "D6010": "2400.00",
    "D6057": "850.00",
    "D6058": "1400.00",
    "D6065": "1450.00",
    "D6240": "1200.00",
    "D6750": "1250.00",
    "D7140": "210.00",
    "D7210": "345.00",
    "D7240": "520.00",
    "D7953": "450.00",
    "D8080": "6200.00",
    "D9110": "110.00",
    "D9230": "95.00",
    "D9944": "550.00",
    "D9972": "450.00",
}

# carrier, payer id, phone, portal; its PPO allowed fees as a share of office fees
CARRIERS = (
    (
        "Keystone Dental Benefits",
        "KDB01",
        "(800) 555-0110",
        "https://portal.keystone.example",
        "0.72",
    ),
    ("Summit Mutual Dental", "SMD22", "(800) 555-0121", "https://providers.summit.example", "0.78"),
    ("Lakeshore Indemnity", "LKI30", "(800) 555-0132", "", None),
    ("Prairie Dental HMO", "PDH44", "(800) 555-0143", "", None),
)

# carrier index, employer, group number, plan type, preset
PLANS = (
    (0, "Columbus City Schools", "KDB-40112", PlanType.PPO, "100-80-50-1500"),
    (0, "Riverbend Logistics", "KDB-40877", PlanType.PPO, "100-80-50-1000"),
    (1, "Ohio Health Partners", "SMD-1203", PlanType.PPO, "100-90-60-2000-ortho"),
    (1, "Buckeye Manufacturing", "SMD-2210", PlanType.PPO, "100-80-50-1500"),
    (2, "State Employees Retirees", "LKI-0077", PlanType.PERCENTAGE, "80-60-50-1000-waiting"),
    (3, "Franklin County Services", "PDH-900", PlanType.CAPITATION, "100-80-50-1000"),
)


def create_fees_and_plans(practice: Practice) -> list[InsurancePlan]:
    """Office fees, one PPO schedule per network carrier, carriers and plans."""
    _schedule(practice, "Office fees", FeeScheduleKind.OFFICE, Decimal(1))
    carriers, allowed = [], []
    for name, payer_id, phone, portal, share in CARRIERS:
        carriers.append(
            Carrier.objects.create(
                practice=practice, name=name, payer_id=payer_id, phone=phone, portal_url=portal
            )
        )
        allowed.append(
            _schedule(practice, f"{name} PPO", FeeScheduleKind.PPO, Decimal(share))
            if share
            else None
        )
    plans = []
    for index, employer, group, plan_type, design in PLANS:
        plan = InsurancePlan.objects.create(
            practice=practice,
            carrier=carriers[index],
            employer=employer,
            group_number=group,
            plan_type=plan_type,
            allowed_fees=allowed[index] if plan_type == PlanType.PPO else None,
            benefits=preset(design),
        )
        plans.append(plan)
    return plans


def _schedule(practice: Practice, name: str, kind: str, share: Decimal) -> FeeSchedule:
    schedule = FeeSchedule.objects.create(practice=practice, name=name, kind=kind)
    Fee.objects.bulk_create(
        Fee(
            practice=practice,
            organization_id=practice.organization_id,
            schedule=schedule,
            code=code,
            amount=(Decimal(amount) * share).quantize(WHOLE_DOLLARS, rounding=ROUND_HALF_UP),
        )
        for code, amount in OFFICE_FEES.items()
    )
    return schedule
