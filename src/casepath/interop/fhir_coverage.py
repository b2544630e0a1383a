"""Reading FHIR R4 Coverage and CoverageEligibilityResponse into plain facts.

R4 JSON is read with fhir.resources' R4B models (the two versions agree on these
resources). Nothing here touches the database: the insurance app matches the facts
to a practice's carriers, plans and coverages. What cannot be used becomes a warning
in plain words, never an exception; only input that is not a valid resource raises
`FhirInputError`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coverage import Coverage as FhirCoverage
from fhir.resources.R4B.coverageeligibilityresponse import (
    CoverageEligibilityResponse,
    CoverageEligibilityResponseInsurance,
    CoverageEligibilityResponseInsuranceItem,
)
from pydantic import ValidationError

RELATIONSHIPS = {"self": "self", "spouse": "spouse", "common": "spouse", "child": "child"}
# X12 / FHIR benefit categories about dentistry: general first, then specific areas.
DENTAL_GENERAL = ("35", "F3")
DENTAL_AREAS = {"23", "24", "25", "26", "27", "28", "36", "37", "38", "39", "40", "41"}
PLAN_WIDE = "30"
DOLLARS = ("USD", None)


class FhirInputError(ValueError):
    """The text is not a FHIR resource Casepath can read; the message says why."""


@dataclass
class CoverageFacts:
    resource_id: str
    status: str
    member_id: str
    member_id_from: str  # "subscriberId" or "identifier"
    relationship: str | None
    relationship_code: str
    effective_date: date | None
    end_date: date | None
    ordinal: int | None
    group_number: str
    group_name: str
    payor_names: list[str]
    payor_ids: list[str]
    payor_references: list[str]
    self_pay: bool


@dataclass
class EligibilityFacts:
    resource_id: str
    reference: str
    created: date | None
    outcome: str
    disposition: str
    error_codes: list[str]
    inforce: bool | None = None
    coverage_reference: str = ""
    member_ids: list[str] = field(default_factory=list)
    annual_maximum: Decimal | None = None
    maximum_used: Decimal | None = None
    deductible: Decimal | None = None
    deductible_met: Decimal | None = None
    visits: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Reading:
    facts: CoverageFacts | EligibilityFacts
    warnings: list[str]


def read_fhir(text: str) -> Reading:
    """Parse `text` (JSON) as a Coverage or a CoverageEligibilityResponse."""
    try:
        raw = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise FhirInputError(f"This is not JSON (line {exc.lineno}: {exc.msg}).") from None
    kind = raw.get("resourceType") if isinstance(raw, dict) else None
    if kind == "Coverage":
        return coverage_facts(_validated(FhirCoverage, raw))
    if kind == "CoverageEligibilityResponse":
        return eligibility_facts(_validated(CoverageEligibilityResponse, raw))
    raise FhirInputError(
        f"This is a {kind or 'JSON document without a resourceType'}; "
        "import a Coverage or a CoverageEligibilityResponse here."
    )


def _validated(model: Any, raw: dict[str, Any]) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(p) for p in e['loc']) or 'resource'}: {e['msg']}"
            for e in exc.errors()[:3]
        ]
        raise FhirInputError(
            f"The {raw['resourceType']} is not valid FHIR R4: {'; '.join(problems)}."
        ) from None


def coverage_facts(resource: FhirCoverage) -> Reading:
    warnings: list[str] = []
    member_id, member_from = _member_id(resource)
    code = _first_code(resource.relationship)
    relationship = RELATIONSHIPS.get(code, "other" if code else None)
    if code and code not in RELATIONSHIPS and code != "other":
        warnings.append(f"The relationship “{code}” is recorded as other.")
    if member_from == "identifier":
        warnings.append("The file has no subscriber ID; the member ID is its identifier.")
    group = _coverage_class(resource, "group")
    period = resource.period
    facts = CoverageFacts(
        resource_id=resource.id or "",
        status=resource.status or "",
        member_id=member_id,
        member_id_from=member_from,
        relationship=relationship,
        relationship_code=code,
        effective_date=_day(period.start) if period else None,
        end_date=_day(period.end) if period else None,
        ordinal=resource.order,
        group_number=(group.value or "") if group else "",
        group_name=(group.name or "") if group else "",
        payor_names=[p.display for p in resource.payor or [] if p.display],
        payor_ids=[
            p.identifier.value for p in resource.payor or [] if p.identifier and p.identifier.value
        ],
        payor_references=[p.reference for p in resource.payor or [] if p.reference],
        self_pay=any("coverage-selfpay" in (c.system or "") for c in _codings(resource.type)),
    )
    return Reading(facts, warnings)


def _member_id(resource: FhirCoverage) -> tuple[str, str]:
    if resource.subscriberId:
        return resource.subscriberId.strip(), "subscriberId"
    for identifier in resource.identifier or []:
        if identifier.value:
            return identifier.value.strip(), "identifier"
    return "", ""


def _coverage_class(resource: FhirCoverage, kind: str) -> Any:
    for entry in resource.class_fhir or []:
        if _first_code(entry.type) == kind:
            return entry
    return None


def eligibility_facts(resource: CoverageEligibilityResponse) -> Reading:
    warnings: list[str] = []
    facts = EligibilityFacts(
        resource_id=resource.id or "",
        reference=next((i.value for i in resource.identifier or [] if i.value), ""),
        created=_day(resource.created),
        outcome=resource.outcome or "",
        disposition=resource.disposition or "",
        error_codes=[_first_code(e.code) or "unknown" for e in resource.error or []],
    )
    insurances = resource.insurance or []
    if len(insurances) > 1:
        warnings.append(
            f"The response answers for {len(insurances)} coverages; only the first is read."
        )
    if insurances:
        _read_insurance(facts, insurances[0], resource, warnings)
    return Reading(facts, warnings)


def _read_insurance(
    facts: EligibilityFacts,
    insurance: CoverageEligibilityResponseInsurance,
    resource: CoverageEligibilityResponse,
    warnings: list[str],
) -> None:
    facts.inforce = insurance.inforce
    facts.coverage_reference = insurance.coverage.reference or ""
    facts.member_ids = _contained_member_ids(resource, facts.coverage_reference)
    items = insurance.item or []
    general = _general_items(items, warnings)
    for item in general:
        _read_amounts(facts, item, warnings)
    for item in items:
        _read_visits(facts, item)
    _note_left_out(facts, items, general, warnings)


def _contained_member_ids(resource: CoverageEligibilityResponse, reference: str) -> list[str]:
    found = []
    for contained in resource.contained or []:
        if isinstance(contained, FhirCoverage) and f"#{contained.id}" == reference:
            member_id, _ = _member_id(contained)
            found += [member_id] if member_id else []
    return found


def _general_items(
    items: list[CoverageEligibilityResponseInsuranceItem], warnings: list[str]
) -> list[CoverageEligibilityResponseInsuranceItem]:
    """The items whose amounts are the dental annual maximum and deductible."""
    usable = [
        i
        for i in items
        if not i.excluded and _unit(i) in ("individual", "") and _term(i) in ("annual", "")
    ]
    dental = [i for i in usable if _category(i) in DENTAL_GENERAL]
    if dental:
        return dental
    plan_wide = [i for i in usable if _category(i) == PLAN_WIDE]
    if plan_wide:
        warnings.append("The response has no dental benefits; the plan-wide figures are used.")
    return plan_wide


def _read_amounts(
    facts: EligibilityFacts, item: CoverageEligibilityResponseInsuranceItem, warnings: list[str]
) -> None:
    for benefit in item.benefit or []:
        kind = _first_code(benefit.type)
        if kind not in ("benefit", "deductible"):
            continue
        allowed = _dollars(benefit.allowedMoney, warnings)
        used = _dollars(benefit.usedMoney, warnings)
        if kind == "benefit":
            facts.annual_maximum = facts.annual_maximum if allowed is None else allowed
            facts.maximum_used = facts.maximum_used if used is None else used
        else:
            facts.deductible = facts.deductible if allowed is None else allowed
            facts.deductible_met = facts.deductible_met if used is None else used


def _read_visits(facts: EligibilityFacts, item: CoverageEligibilityResponseInsuranceItem) -> None:
    if not _is_dental(item):
        return
    for benefit in item.benefit or []:
        if _first_code(benefit.type) == "visit" or benefit.usedUnsignedInt is not None:
            facts.visits.append(
                {
                    "service": _label(item),
                    "allowed": benefit.allowedUnsignedInt,
                    "used": benefit.usedUnsignedInt,
                }
            )


def _note_left_out(
    facts: EligibilityFacts,
    items: list[CoverageEligibilityResponseInsuranceItem],
    general: list[CoverageEligibilityResponseInsuranceItem],
    warnings: list[str],
) -> None:
    excluded = [_label(i) for i in items if i.excluded]
    if excluded:
        facts.notes.append(f"Excluded: {', '.join(excluded)}.")
    other = sorted(
        {_label(i) for i in items if not _is_dental(i) and i not in general and not i.excluded}
    )
    if other:
        warnings.append(f"Left out (not dental): {', '.join(other)}.")
    unused = sorted(
        {
            f"{_first_code(b.type)} ({_label(i)})"
            for i in general
            for b in i.benefit or []
            if _first_code(b.type) not in ("benefit", "deductible", "visit")
        }
    )
    if unused:
        warnings.append(f"Not used by Casepath: {', '.join(unused)}.")


def _dollars(amount: Any, warnings: list[str]) -> Decimal | None:
    if amount is None or amount.value is None:
        return None
    if amount.currency not in DOLLARS:
        note = f"Amounts in {amount.currency} are not recorded (Casepath works in US dollars)."
        if note not in warnings:
            warnings.append(note)
        return None
    return Decimal(amount.value)


def _is_dental(item: CoverageEligibilityResponseInsuranceItem) -> bool:
    category = _category(item)
    service = _first_code(item.productOrService)
    return category in DENTAL_GENERAL or category in DENTAL_AREAS or service.startswith("D")


def _category(item: CoverageEligibilityResponseInsuranceItem) -> str:
    return _first_code(item.category)


def _unit(item: CoverageEligibilityResponseInsuranceItem) -> str:
    return _first_code(item.unit)


def _term(item: CoverageEligibilityResponseInsuranceItem) -> str:
    return _first_code(item.term)


def _label(item: CoverageEligibilityResponseInsuranceItem) -> str:
    for coding in _codings(item.category) + _codings(item.productOrService):
        if coding.display or coding.code:
            return str(coding.display or coding.code)
    return str(item.name or "unnamed benefit")


def _codings(concept: CodeableConcept | None) -> list[Any]:
    return list(concept.coding or []) if concept else []


def _first_code(concept: CodeableConcept | None) -> str:
    return next((str(c.code) for c in _codings(concept) if c.code), "")


def _day(value: date | datetime | str | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10]) if isinstance(value, str) and len(value) >= 10 else None


def describe_visits(visits: Iterable[dict[str, Any]]) -> str:
    """Frequencies as a TC would write them: "Dental Care: 1 of 2 used"."""
    parts = []
    for visit in visits:
        allowed = visit.get("allowed")
        used = visit.get("used")
        counts = (
            f"{used if used is not None else '?'} of {allowed}"
            if allowed is not None
            else f"{used}"
        )
        parts.append(f"{visit['service']}: {counts} used")
    return "; ".join(parts)
