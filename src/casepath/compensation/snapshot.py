"""A statement's figures as JSON (amounts as text), kept with the statement so a final
statement shows exactly what was paid, whatever happens to payments or cases later."""

from __future__ import annotations

from typing import Any

from casepath.core.compensation import REASON_TEXT, PaymentLine, Statement, Terms


def _line(line: PaymentLine) -> dict[str, Any]:
    return {
        "payment_id": line.payment_id,
        "case_id": line.case_id,
        "case_title": line.case_title,
        "patient": line.patient,
        "received_on": line.received_on.isoformat(),
        "amount": str(line.amount),
    }


def snapshot_of(s: Statement, terms: Terms) -> dict[str, Any]:
    return {
        "counted": [_line(c.line) | {"commission": str(c.commission)} for c in s.counted],
        "left_out": [
            _line(x.line) | {"reason": x.reason.value, "reason_text": REASON_TEXT[x.reason]}
            for x in s.left_out
        ],
        "bands": [
            {
                "from_usd": str(b.from_usd),
                "to_usd": None if b.to_usd is None else str(b.to_usd),
                "rate_percent": str(b.rate_percent),
                "collected_in_band": str(b.collected_in_band),
                "commission": str(b.commission),
            }
            for b in s.bands
        ],
        "no_commission_because": s.no_commission_because,
        "presenter_rule": terms.presenter_rule.value,
        "tier_mode": terms.mode.value,
        "threshold": str(terms.threshold),
        "minimum_acceptance": None
        if terms.minimum_acceptance is None
        else str(terms.minimum_acceptance),
    }
