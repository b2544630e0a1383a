"""The contract's own example (estimate-v1.md): its request gives its response.

The example is consistent with the contract's rules: the crown is dated in the
2027 benefit year, so the 2026 history and pending claim do not count, the
$50 deductible is taken afresh, (850 - 50) x 50% = 400, and the annual maximum
has 1500 - 400 = 1100 left. The waiting period for crowns ended on 2026-01-01,
before the crown; the note still gives its date, as the example does.
"""

from __future__ import annotations

import json
from typing import Any

from casepath.core.benefits import EstimateResult, estimate
from tests.core.benefits.spec import coverage, procedure, request

REQUEST = json.loads("""
{
  "as_of": "2026-11-22",
  "patient": {"birth_date": "2012-04-30"},
  "policy": {"zero_writeoff_when_max_used": false, "zero_writeoff_on_frequency_or_age": false,
             "secondary_ppo_writeoff": false, "blank_allowed_fee": "use_fee"},
  "procedures": [
    {"id": "a", "code": "D2740", "fee": "1200.00", "tooth": "30",
     "surfaces": "", "date": "2027-01-15", "units": 1, "priority": 1}
  ],
  "coverages": [
    {
      "effective_date": "2025-01-01",
      "plan": {
        "type": "percentage",
        "benefit_year_start_month": 1,
        "allowed_fees": {"D2740": "850.00"},
        "copays": {},
        "coverage": [
          {"category": "diagnostic", "percent": 100},
          {"category": "preventive", "percent": 100},
          {"category": "restorative", "percent": 80},
          {"category": "crowns", "percent": 50},
          {"codes": "D2950-D2954", "percent": 50},
          {"code": "D9110", "percent": 80}
        ],
        "deductibles": [
          {"amount": "50.00", "level": "individual"},
          {"amount": "150.00", "level": "family"},
          {"amount": "0.00", "level": "individual", "category": "preventive"},
          {"amount": "0.00", "level": "individual", "category": "diagnostic"}
        ],
        "maximums": [
          {"amount": "1500.00", "level": "individual"},
          {"amount": "1500.00", "level": "individual", "category": "orthodontics",
           "period": "lifetime"}
        ],
        "frequencies": [
          {"codes": ["D0120", "D0150"], "count": 2, "period": "benefit_year"},
          {"codes": ["D0274"], "count": 1, "period": {"months": 12}},
          {"codes": ["D0210", "D0330"], "count": 1, "period": {"years": 5}},
          {"codes": "D2740-D2799", "count": 1, "period": {"years": 5}, "area": "tooth"}
        ],
        "age_limits": [{"codes": ["D1206", "D1208"], "max_age": 14}],
        "waiting_periods": [{"category": "crowns", "months": 12}],
        "exclusions": [{"codes": "D9972"}],
        "downgrades": [{"from": "D2391", "to": "D2140", "only_if": "posterior"}],
        "cob": "standard"
      },
      "history": [
        {"code": "D0120", "date": "2026-06-01", "tooth": "",
         "insurance_paid": "45.00", "deductible_applied": "0.00", "family_member": false}
      ],
      "pending": [
        {"code": "D1110", "date": "2026-11-01", "insurance_estimate": "90.00",
         "deductible_applied": "0.00"}
      ],
      "used_adjustments": {"annual_max": "0.00", "deductible": "0.00"}
    }
  ]
}
""")

RESPONSE = json.loads("""
{
  "format": "casepath.estimate/1",
  "as_of": "2026-11-22",
  "procedures": [
    {
      "id": "a", "code": "D2740", "fee": "1200.00", "benefit_year": "2027",
      "coverages": [
        {"ordinal": 1, "allowed": "850.00", "copay": "0.00", "deductible": "50.00",
         "percent": 50, "insurance": "400.00", "write_off": "0.00",
         "notes": ["Deductible $50.00 applied", "Waiting period for crowns ends 2026-01-01"]}
      ],
      "insurance": "400.00", "write_off": "0.00", "patient": "800.00",
      "notes": []
    }
  ],
  "totals": {"fee": "1200.00", "insurance": "400.00", "write_off": "0.00", "patient": "800.00"},
  "remaining": [
    {"ordinal": 1, "annual_max": "1100.00", "deductible": "0.00"}
  ]
}
""")


def example_request() -> Any:
    raw_coverage = REQUEST["coverages"][0]
    raw_procedure = dict(REQUEST["procedures"][0])
    return request(
        [
            procedure(
                raw_procedure.pop("code"),
                raw_procedure.pop("fee"),
                raw_procedure.pop("id"),
                **raw_procedure,
            )
        ],
        [
            coverage(
                raw_coverage["plan"],
                effective_date=raw_coverage["effective_date"],
                history=raw_coverage["history"],
                pending=raw_coverage["pending"],
                used=raw_coverage["used_adjustments"],
            )
        ],
        as_of=REQUEST["as_of"],
        born=REQUEST["patient"]["birth_date"],
        policy=REQUEST["policy"],
    )


def as_response(result: EstimateResult) -> dict[str, Any]:
    """The result written as the contract's response (amounts as text)."""
    return {
        "format": "casepath.estimate/1",
        "as_of": result.as_of.isoformat(),
        "procedures": [
            {
                "id": p.id,
                "code": p.code,
                "fee": str(p.fee),
                "benefit_year": p.benefit_year,
                "coverages": [
                    {
                        "ordinal": c.ordinal,
                        "allowed": str(c.allowed),
                        "copay": str(c.copay),
                        "deductible": str(c.deductible),
                        "percent": c.percent,
                        "insurance": str(c.insurance),
                        "write_off": str(c.write_off),
                        "notes": list(c.notes),
                    }
                    for c in p.coverages
                ],
                "insurance": str(p.insurance),
                "write_off": str(p.write_off),
                "patient": str(p.patient),
                "notes": list(p.notes),
            }
            for p in result.procedures
        ],
        "totals": {name: str(value) for name, value in result.totals._asdict().items()},
        "remaining": [
            {"ordinal": r.ordinal, "annual_max": str(r.annual_max), "deductible": str(r.deductible)}
            for r in result.remaining
        ],
    }


def test_the_contract_example_request_gives_the_contract_example_response() -> None:
    assert as_response(estimate(example_request())) == RESPONSE


def test_in_the_example_year_2026_the_history_and_pending_claim_do_count() -> None:
    """The same crown dated on as_of: 2026 has 45 + 90 used, and the crown's own
    waiting period is long over."""
    raw = dict(REQUEST["procedures"][0], date="2026-11-22")
    req = example_request()
    crown = procedure(raw.pop("code"), raw.pop("fee"), raw.pop("id"), **raw)
    result = estimate(req.__class__(**{**req.__dict__, "procedures": (crown,)}))
    assert result.procedures[0].benefit_year == "2026"
    assert str(result.procedures[0].insurance) == "400.00"
    assert str(result.remaining[0].annual_max) == "965.00"  # 1500 - 45 - 90 - 400
