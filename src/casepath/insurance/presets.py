"""Common benefit designs, a starting point the TC adjusts to the plan in hand.

Each preset is the benefit part of an estimate-v1 `plan` object (everything but
`type`, `benefit_year_start_month` and `allowed_fees`, which the plan's own
fields hold). Figures are the designs US dental plans most often sell.
"""

from __future__ import annotations

import copy
from typing import Any

USUAL_LIMITS: dict[str, Any] = {
    "frequencies": [
        {"codes": ["D0120", "D0150"], "count": 2, "period": "benefit_year"},
        {"codes": ["D1110", "D1120"], "count": 2, "period": "benefit_year"},
        {"codes": ["D0272", "D0274"], "count": 1, "period": {"months": 12}},
        {"codes": ["D0210", "D0330"], "count": 1, "period": {"years": 5}},
        {"codes": "D2740-D2799", "count": 1, "period": {"years": 5}, "area": "tooth"},
    ],
    "age_limits": [{"codes": ["D1206", "D1208"], "max_age": 14}],
}


def _coverage(diagnostic: int, basic: int, major: int) -> list[dict[str, Any]]:
    """The 'diagnostic/basic/major' shape: 100/80/50 and its cousins."""
    basic_categories = ("restorative", "endodontics", "periodontics", "oral_surgery")
    major_categories = ("crowns", "prosthodontics", "implants")
    return [
        {"category": "diagnostic", "percent": diagnostic},
        {"category": "preventive", "percent": diagnostic},
        *({"category": c, "percent": basic} for c in basic_categories),
        *({"category": c, "percent": major} for c in major_categories),
        {"code": "D9110", "percent": basic},
    ]


def _design(
    coverage: list[dict[str, Any]], deductible: str, family: str | None, maximum: str
) -> dict[str, Any]:
    deductibles = [
        {"amount": deductible, "level": "individual"},
        {"amount": "0.00", "level": "individual", "category": "preventive"},
        {"amount": "0.00", "level": "individual", "category": "diagnostic"},
    ]
    if family:
        deductibles.append({"amount": family, "level": "family"})
    return {
        "coverage": coverage,
        "copays": {},
        "deductibles": deductibles,
        "maximums": [{"amount": maximum, "level": "individual"}],
        "waiting_periods": [],
        "exclusions": [],
        "downgrades": [{"from": "D2391", "to": "D2140", "only_if": "posterior"}],
        "cob": "standard",
        **USUAL_LIMITS,
    }


def _with_ortho(design: dict[str, Any], percent: int, lifetime: str) -> dict[str, Any]:
    coverage = [*design["coverage"], {"category": "orthodontics", "percent": percent}]
    maximums = [
        *design["maximums"],
        {
            "amount": lifetime,
            "level": "individual",
            "category": "orthodontics",
            "period": "lifetime",
        },
    ]
    return design | {"coverage": coverage, "maximums": maximums}


PRESETS: dict[str, dict[str, Any]] = {
    "100-80-50-1500": _design(_coverage(100, 80, 50), "50.00", "150.00", "1500.00"),
    "100-80-50-1000": _design(_coverage(100, 80, 50), "50.00", "150.00", "1000.00"),
    "100-90-60-2000-ortho": _with_ortho(
        _design(_coverage(100, 90, 60), "50.00", "150.00", "2000.00"), 50, "1500.00"
    ),
    "80-60-50-1000-waiting": _design(_coverage(80, 60, 50), "75.00", None, "1000.00")
    | {
        "waiting_periods": [
            {"category": "crowns", "months": 12},
            {"category": "prosthodontics", "months": 12},
        ]
    },
}

PRESET_LABELS: dict[str, str] = {
    "100-80-50-1500": "100/80/50, $50 deductible, $1,500 maximum",
    "100-80-50-1000": "100/80/50, $50 deductible, $1,000 maximum",
    "100-90-60-2000-ortho": "100/90/60, $2,000 maximum, orthodontics 50% to $1,500 lifetime",
    "80-60-50-1000-waiting": "80/60/50, $75 deductible, $1,000 maximum, 12-month major wait",
}


def preset(key: str) -> dict[str, Any]:
    """A fresh copy of one preset's benefits (callers may change it)."""
    return copy.deepcopy(PRESETS[key])
