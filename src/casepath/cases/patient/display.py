"""The snapshot as the patient pages and the consent PDF show it: money as "$1,250.00",
dates in the patient's words. Reads the snapshot only, never the live plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from casepath.cases.links import long_date
from casepath.cases.patient.phrases import phrase

MONEY_KEYS = ("fee", "discount", "net_fee", "insurance", "patient")
FIGURE_KEYS = ("fee_total", "insurance_total", "patient_total")


def dollars(amount: str | None) -> str:
    """A snapshot amount ("1250.00") as a patient reads it: $1,250.00."""
    try:
        value = Decimal(amount or "0")
    except InvalidOperation:
        return ""
    return f"${value:,.2f}"


def shown_option(option: dict[str, Any], number: int, language: str) -> dict[str, Any]:
    """A copy of a snapshot option with its amounts written out and its labels
    ("Option 1", "Step 2", "Tooth 19") in `language`."""
    figures = dict(option.get("figures", {}))
    for key in FIGURE_KEYS:
        figures[key] = dollars(figures.get(key))
    phases = [
        {
            **phase,
            "label": phrase("step", language, number=n),
            "procedures": [_procedure(p, language) for p in phase.get("procedures", [])],
        }
        for n, phase in enumerate(option.get("phases", []), start=1)
    ]
    return {
        **option,
        "number": number,
        "label": phrase("option", language, number=number),
        "visit_count": phrase("visit_count", language, count=figures.get("visits", 0)),
        "figures": figures,
        "phases": phases,
        "procedures": [p for phase in phases for p in phase["procedures"]],
    }


def shown_options(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The snapshot's options as shown, in the snapshot's language."""
    language = snapshot.get("language", "en")
    return [
        shown_option(o, n, language) for n, o in enumerate(snapshot.get("options", []), start=1)
    ]


def shown_date(day: str | date | None, language: str) -> str:
    """A date (or an ISO date of the snapshot) as the patient reads it."""
    if not day:
        return ""
    return long_date(date.fromisoformat(day) if isinstance(day, str) else day, language)


def _procedure(procedure: dict[str, Any], language: str) -> dict[str, Any]:
    shown = dict(procedure)
    for key in MONEY_KEYS:
        shown[key] = dollars(procedure.get(key))
    tooth = procedure.get("tooth")
    shown["tooth_label"] = phrase("tooth", language, tooth=tooth) if tooth else ""
    return shown
