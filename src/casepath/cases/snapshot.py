"""The presentation snapshot: the plan exactly as the patient was shown it.

Plain JSON (money as "1250.00", dates ISO), read by the presentation mode, the
patient pages, the consent PDF and the consult packet. Never changed once saved; its
SHA-256 (`fingerprint`) is what a signature is on.

{
 "case": {"id", "title", "patient_name", "patient_first_name", "provider_name",
          "urgency" (value: immediate, soon, elective), "chief_concern", "goals"},
 "practice": {"name", "phone"},
 "language": "en" | "es",
 "plan_version": int, "presented_on", "expires_on", "estimated_on": ISO dates,
 "options": [{
    "id", "name", "summary", "recommended": bool,
    "figures": {"visits", "days_to_finish", "time_words", "fee_total", "insurance_total",
                "patient_total"},
    "tooth_chart_svg": str,
    "categories": ["implants", ...],   # core.catalog categories, first seen first
    "phases": [{"name", "procedures": [{
        "id", "code", "name" (plain, in the snapshot's language), "tooth", "surfaces",
        "provider", "fee", "discount", "net_fee", "insurance", "patient", "visits",
        "healing_days", "explanation": {"what", "why", "delay", "expect"}}]}],
    "estimate": the option's estimate-v1 response | null}],
 "images": [{"id", "caption", "kind", "procedure_id"}]
}
fee_total is the sum of the net fees (fee less discount): what the estimate divides
between insurance, the plan's write-off and the patient.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.safestring import mark_safe

from casepath.cases.models import Case, CaseImage, CaseOption, PlannedProcedure
from casepath.core.cases import (
    PhasePlan,
    ProcedurePlan,
    option_figures,
    tooth_chart_svg,
    weeks_words,
)
from casepath.core.catalog import category_of, tooth_info
from casepath.core.explain import explain
from casepath.core.explain import words as patient_words
from casepath.insurance.templatetags.money import dollars
from casepath.tenancy.scoping import scoped

CHART_TITLES = {"en": "Teeth in the plan “{}”", "es": "Dientes del plan “{}”"}


def build_snapshot(
    case: Case,
    options: Sequence[CaseOption],
    *,
    today: date,
    expires_on: date,
    language: str,
) -> dict[str, Any]:
    """The snapshot of `case` presented `today`; `options` as plan_services.case_estimate
    returns them (phases and procedures prefetched, each with its new estimate)."""
    patient, practice = case.patient, case.practice
    return {
        "case": {
            "id": case.pk,
            "title": case.title,
            "patient_name": patient.display_name,
            "patient_first_name": patient.preferred_name or patient.first_name,
            "provider_name": str(case.diagnosing_provider),
            "urgency": case.urgency,
            "chief_concern": case.chief_concern,
            "goals": case.goals,
        },
        "practice": {"name": practice.name, "phone": practice.phone},
        "language": language,
        "plan_version": case.plan_version,
        "presented_on": today.isoformat(),
        "expires_on": expires_on.isoformat(),
        "estimated_on": today.isoformat(),
        "options": [_option(case, option, language) for option in options],
        "images": _images(case),
    }


def fingerprint(snapshot: dict[str, Any]) -> str:
    """SHA-256 of the snapshot's canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _option(case: Case, option: CaseOption, language: str) -> dict[str, Any]:
    phases = list(option.phases.all())
    procedures = [p for phase in phases for p in phase.procedures.all()]
    response = option.estimate.response if option.estimate is not None else None
    shares = _shares(procedures, response)
    return {
        "id": option.pk,
        "name": option.name,
        "summary": option.summary,
        "recommended": option.is_recommended,
        "figures": _figures(phases, shares, language),
        "tooth_chart_svg": _chart(case, option, procedures, language),
        "categories": list(dict.fromkeys(c for p in procedures if (c := category_of(p.code)))),
        "phases": [
            {
                "name": phase.name,
                "procedures": [
                    _procedure(p, shares[p.pk], language) for p in phase.procedures.all()
                ],
            }
            for phase in phases
        ],
        "estimate": response,
    }


def _shares(
    procedures: list[PlannedProcedure], response: dict[str, Any] | None
) -> dict[int, tuple[Decimal, Decimal]]:
    """(insurance, patient) of each procedure: the estimate lists them in plan order
    (plan_services.case_estimate); without an estimate the patient pays the net fee."""
    lines = (response or {}).get("procedures", [])
    if len(lines) != len(procedures):
        return {p.pk: (Decimal("0.00"), p.net_fee) for p in procedures}
    return {
        p.pk: (Decimal(line["insurance"]), Decimal(line["patient"]))
        for p, line in zip(procedures, lines, strict=True)
    }


def _figures(
    phases: list[Any], shares: dict[int, tuple[Decimal, Decimal]], language: str
) -> dict[str, Any]:
    plans = [
        PhasePlan(
            phase.name,
            tuple(
                ProcedurePlan(p.code, p.visits, p.healing_days, p.net_fee)
                for p in phase.procedures.all()
            ),
        )
        for phase in phases
    ]
    figures = option_figures(
        plans,
        insurance_total=sum((s[0] for s in shares.values()), Decimal("0.00")),
        patient_total=sum((s[1] for s in shares.values()), Decimal("0.00")),
    )
    return {
        "visits": figures.visits,
        "days_to_finish": figures.days_to_finish,
        "time_words": time_words(figures.days_to_finish, language),
        "fee_total": _money(figures.fee_total),
        "insurance_total": _money(figures.insurance_total),
        "patient_total": _money(figures.patient_total),
    }


def _procedure(
    p: PlannedProcedure, share: tuple[Decimal, Decimal], language: str
) -> dict[str, Any]:
    words = explain(p.code, language)
    return {
        "id": p.pk,
        "code": p.code,
        "name": words.name,
        "tooth": p.tooth,
        "surfaces": p.surfaces,
        "provider": str(p.provider) if p.provider is not None else "",
        "fee": _money(p.fee),
        "discount": _money(p.discount),
        "net_fee": _money(p.net_fee),
        "insurance": _money(share[0]),
        "patient": _money(share[1]),
        "visits": p.visits,
        "healing_days": p.healing_days,
        "explanation": {
            "what": words.what,
            "why": words.why,
            "delay": words.delay,
            "expect": words.expect,
        },
    }


def _chart(
    case: Case, option: CaseOption, procedures: list[PlannedProcedure], language: str
) -> str:
    planned: dict[str, list[str]] = {}
    for p in procedures:
        if p.tooth and tooth_info(p.tooth) is not None:
            planned.setdefault(p.tooth, []).append(explain(p.code, language).name)
    missing = frozenset(t for t in case.missing_teeth_set if tooth_info(t) is not None)
    return tooth_chart_svg(
        {tooth: " + ".join(names) for tooth, names in planned.items()},
        missing=missing,
        title=CHART_TITLES.get(language, CHART_TITLES["en"]).format(option.name),
    )


def _images(case: Case) -> list[dict[str, Any]]:
    rows = scoped(CaseImage, case.practice).filter(case=case).order_by("pk")
    return [
        {"id": i.pk, "caption": i.caption, "kind": i.kind, "procedure_id": i.procedure_id}
        for i in rows
    ]


SPANISH_UNITS = {"week": ("semana", "semanas"), "month": ("mes", "meses"), "year": ("año", "años")}


def time_words(days: int, language: str) -> str:
    """core's `weeks_words` ("About 3 weeks"), said in the patient's language."""
    english = weeks_words(days)
    if language != "es":
        return english
    if english == "Same day":
        return "El mismo día"
    if english == "Within a week":
        return "En menos de una semana"
    _, count, unit = english.split()  # "About 3 weeks"
    one, many = SPANISH_UNITS[unit.removesuffix("s")]
    return f"Alrededor de {count} {one if count == '1' else many}"


def _money(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01'))}"


MONTHS_ES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def long_date(day: date, language: str) -> str:
    """A date as a patient reads it: "March 24, 2026" or "24 de marzo de 2026"."""
    if language == "es":
        return f"{day.day} de {MONTHS_ES[day.month - 1]} de {day.year}"
    return f"{day:%B} {day.day}, {day.year}"


# Reading a snapshot back for a page (the presentation mode; the patient page may use it).

# The phrases of the presentation mode that the patient pages (core.explain.words) lack.
EXTRA_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "for": "For {}",
        "plan_savings": "Plan discount",
        "pictures": "Pictures",
        "concern": "What you told us",
        "goals": "What you want",
        "notes": "Notes on the estimate",
        "next": "Next",
        "full_screen": "Full screen",
        "see": "See this option",
    },
    "es": {
        "for": "Para {}",
        "plan_savings": "Descuento del plan",
        "pictures": "Imágenes",
        "concern": "Lo que nos dijo",
        "goals": "Lo que usted quiere",
        "notes": "Notas del cálculo",
        "next": "Siguiente",
        "full_screen": "Pantalla completa",
        "see": "Ver esta opción",
    },
}
MONEY_KEYS = ("fee", "discount", "net_fee", "insurance", "patient")


def shown(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot ready for a template, in its own language: dollars formatted, dates
    in words, the chart marked safe (core escapes it), images beside their procedure.
    Reads nothing but the snapshot."""
    language = snapshot["language"]
    words = {**patient_words(language), **EXTRA_WORDS.get(language, EXTRA_WORDS["en"])}
    expires = long_date(date.fromisoformat(snapshot["expires_on"]), language)
    images = snapshot["images"]
    options = snapshot["options"]
    placed = {p["id"] for o in options for ph in o["phases"] for p in ph["procedures"]}
    return {
        "language": language,
        "words": words,
        "case": snapshot["case"],
        "practice": snapshot["practice"],
        "patient_line": words["for"].format(snapshot["case"]["patient_first_name"]),
        "presented_on": long_date(date.fromisoformat(snapshot["presented_on"]), language),
        "note": f"{words['estimate_note']} {words['valid_until'].format(date=expires)}",
        "options": [_shown_option(o, i, words, images) for i, o in enumerate(options, 1)],
        "case_images": [i for i in images if i["procedure_id"] not in placed],
    }


def _shown_option(
    option: dict[str, Any], number: int, words: dict[str, str], images: list[Any]
) -> dict[str, Any]:
    figures = option["figures"]
    fee, insurance, patient = (
        Decimal(figures[k]) for k in ("fee_total", "insurance_total", "patient_total")
    )
    estimate = option["estimate"] or {}
    return {
        "id": option["id"],
        "number": number,
        "label": words["option"].format(number=number),
        "name": option["name"],
        "summary": option["summary"],
        "recommended": option["recommended"],
        "visits": figures["visits"],
        "time_words": figures["time_words"],
        "fee_total": dollars(fee),
        "insurance_total": dollars(insurance),
        "plan_savings": dollars(fee - insurance - patient) if fee > insurance + patient else "",
        "patient_total": dollars(patient),
        "chart": mark_safe(option["tooth_chart_svg"]),  # noqa: S308 - made and escaped by core
        "phases": [
            {
                "name": phase["name"],
                "procedures": [_shown_procedure(p, words, images) for p in phase["procedures"]],
            }
            for phase in option["phases"]
        ],
        "notes": _estimate_notes(estimate),
    }


def _shown_procedure(
    procedure: dict[str, Any], words: dict[str, str], images: list[Any]
) -> dict[str, Any]:
    money = {key: dollars(Decimal(procedure[key])) for key in MONEY_KEYS}
    tooth = procedure["tooth"]
    return {
        **procedure,
        **money,
        "tooth_label": words["tooth"].format(tooth=tooth) if tooth else "",
        "images": [i for i in images if i["procedure_id"] == procedure["id"]],
    }


def _estimate_notes(estimate: dict[str, Any]) -> list[str]:
    """Every note of the estimate, once each, in order."""
    notes: list[str] = []
    for line in estimate.get("procedures", []):
        for coverage in line.get("coverages", []):
            notes += coverage.get("notes", [])
        notes += line.get("notes", [])
    return list(dict.fromkeys(notes))
