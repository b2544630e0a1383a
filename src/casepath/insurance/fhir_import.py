"""Importing a FHIR Coverage or CoverageEligibilityResponse for one patient.

The target patient is a parameter: FHIR references (Patient/5) mean nothing here.
Carriers are matched by name or payer ID, plans by group number, an eligibility
response to the coverage whose member ID it names (or the patient's primary).
Whatever cannot be mapped is reported as a warning; nothing half-made is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from casepath.core.money import ZERO
from casepath.encryption import mask
from casepath.insurance import coverage_services
from casepath.insurance.coverage_selectors import patient_coverages
from casepath.insurance.models import (
    Carrier,
    Coverage,
    EligibilityCheck,
    InsurancePlan,
    Ordinal,
    VerificationMethod,
)
from casepath.interop.fhir_coverage import (
    CoverageFacts,
    EligibilityFacts,
    describe_visits,
    read_fhir,
)
from casepath.patients.models import Patient
from casepath.tenancy.scoping import scoped

NOT_IMPORTED = ("cancelled", "entered-in-error")


@dataclass
class ImportResult:
    """What the TC sees after an import: what was saved, and every warning."""

    kind: str
    created: Coverage | EligibilityCheck | None = None
    imported: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def fhir_import(
    *,
    patient: Patient,
    text: str,
    acting_user: Any,
    as_of: date,
    plan: InsurancePlan | None = None,
    coverage: Coverage | None = None,
    ip_address: str | None = None,
) -> ImportResult:
    """Import one resource for `patient`. Raises FhirInputError when `text` is not one."""
    reading = read_fhir(text)
    context = {"patient": patient, "acting_user": acting_user, "ip_address": ip_address}
    if isinstance(reading.facts, CoverageFacts):
        result = ImportResult("Coverage", warnings=list(reading.warnings))
        _import_coverage(result, reading.facts, plan=plan, **context)
    else:
        result = ImportResult("Eligibility response", warnings=list(reading.warnings))
        _import_check(result, reading.facts, coverage=coverage, as_of=as_of, **context)
    return result


def _import_coverage(
    result: ImportResult, facts: CoverageFacts, *, plan: InsurancePlan | None, **context: Any
) -> None:
    refusal = _coverage_refusal(facts)
    if refusal:
        result.warnings += [refusal, "Nothing was imported."]
        return
    plan = plan or _match_plan(context["patient"], facts, result.warnings)
    if plan is None:
        result.warnings.append("Nothing was imported.")
        return
    data = _coverage_data(context["patient"], facts, plan, result.warnings)
    try:
        result.created = coverage_services.coverage_create(
            data=data,
            imported_from=f"FHIR Coverage {facts.resource_id}".strip(),
            **context,
        )
    except ValidationError as exc:
        result.warnings += [*_messages(exc), "Nothing was imported."]
        return
    result.imported = _coverage_lines(result.created)


def _coverage_refusal(facts: CoverageFacts) -> str:
    if facts.self_pay:
        return "This is a self-pay agreement, not insurance."
    if facts.status in NOT_IMPORTED:
        return f"The file marks this coverage {facts.status}."
    if not facts.member_id:
        return "The file has no member ID (subscriber ID)."
    if facts.relationship is None:
        return "The file does not say how the patient is related to the subscriber."
    if facts.relationship != "self":
        return (
            "The subscriber is someone else: add this coverage by hand with the "
            "subscriber's name and date of birth."
        )
    if facts.effective_date is None:
        return "The file has no effective (start) date."
    if facts.ordinal is not None and facts.ordinal not in Ordinal.values:
        return f"The file's order is {facts.ordinal}; Casepath keeps up to a tertiary coverage."
    return ""


def _match_plan(
    patient: Patient, facts: CoverageFacts, warnings: list[str]
) -> InsurancePlan | None:
    names = facts.payor_names or facts.payor_references or ["no carrier"]
    condition = Q(name__in=facts.payor_names) | Q(payer_id__in=facts.payor_ids)
    for name in facts.payor_names:
        condition |= Q(name__iexact=name)
    carrier = scoped(Carrier, patient.practice).filter(condition).first()
    if carrier is None:
        warnings.append(
            f"The carrier ({', '.join(names)}) matches none of this practice's carriers: "
            "choose the plan."
        )
        return None
    plans = list(scoped(InsurancePlan, patient.practice).filter(carrier=carrier))
    same_group = [
        p
        for p in plans
        if facts.group_number and p.group_number.lower() == facts.group_number.lower()
    ]
    if len(same_group) == 1:
        return same_group[0]
    if len(plans) == 1:
        warnings.append(
            f"No {carrier} plan has group {facts.group_number or '(none)'}; used its only plan."
        )
        return plans[0]
    warnings.append(
        f"Several {carrier} plans could fit group {facts.group_number or '(none)'}: "
        "choose the plan."
    )
    return None


def _coverage_data(
    patient: Patient, facts: CoverageFacts, plan: InsurancePlan, warnings: list[str]
) -> dict[str, Any]:
    ordinal = facts.ordinal or _free_ordinal(patient, facts, warnings)
    group = facts.group_number if facts.group_number.lower() != plan.group_number.lower() else ""
    return {
        "plan": plan,
        "subscriber": patient,
        "relationship": "self",
        "member_id": facts.member_id,
        "group_number": group,
        "effective_date": facts.effective_date,
        "end_date": facts.end_date,
        "ordinal": ordinal,
    }


def _free_ordinal(patient: Patient, facts: CoverageFacts, warnings: list[str]) -> int:
    """Without an order in the file: primary, unless a primary already covers the dates."""
    taken = {
        c.ordinal
        for c in patient_coverages(patient)
        if (
            c.end_date is None or facts.effective_date is None or c.end_date >= facts.effective_date
        )
        and (facts.end_date is None or c.effective_date <= facts.end_date)
    }
    ordinal = next((o for o in Ordinal.values if o not in taken), Ordinal.PRIMARY)
    if ordinal != Ordinal.PRIMARY:
        label = Ordinal(ordinal).label.lower()
        warnings.append(
            f"The file gives no order; recorded as {label} (a primary already covers these dates)."
        )
    return ordinal


def _coverage_lines(coverage: Coverage) -> list[tuple[str, str]]:
    return [
        ("Plan", str(coverage.plan)),
        ("Order", coverage.get_ordinal_display()),
        ("Member ID", mask(coverage.member_id)),
        ("Relationship", coverage.get_relationship_display()),
        ("Group number", coverage.group_number_in_use or "—"),
        ("Effective", f"{coverage.effective_date:%m/%d/%Y}"),
        ("Ends", f"{coverage.end_date:%m/%d/%Y}" if coverage.end_date else "No end date"),
    ]


def _import_check(
    result: ImportResult,
    facts: EligibilityFacts,
    *,
    coverage: Coverage | None,
    as_of: date,
    **context: Any,
) -> None:
    if facts.outcome == "error" or facts.error_codes:
        codes = ", ".join(facts.error_codes) or "no detail"
        result.warnings += [f"The carrier could not answer ({codes}).", "Nothing was recorded."]
        return
    checked_on = facts.created or as_of
    if facts.created is None:
        result.warnings.append("The response has no date; recorded as checked today.")
    coverage = coverage or _match_coverage(
        context["patient"], facts, checked_on, as_of, result.warnings
    )
    if coverage is None:
        result.warnings.append("Nothing was recorded.")
        return
    data = _check_data(facts, checked_on, result.warnings)
    try:
        result.created = coverage_services.eligibility_check_record(
            coverage=coverage,
            data=data,
            acting_user=context["acting_user"],
            ip_address=context["ip_address"],
        )
    except ValidationError as exc:
        result.warnings += [*_messages(exc), "Nothing was recorded."]
        return
    result.imported = _check_lines(result.created)


def _match_coverage(
    patient: Patient, facts: EligibilityFacts, checked_on: date, as_of: date, warnings: list[str]
) -> Coverage | None:
    coverages = list(patient_coverages(patient))
    by_member = [c for c in coverages if c.member_id in facts.member_ids]
    if len(by_member) == 1:
        return by_member[0]
    for day in (checked_on, as_of):
        active = sorted((c for c in coverages if c.is_active_on(day)), key=lambda c: c.ordinal)
        if active:
            chosen = active[0]
            warnings.append(
                f"The response names {facts.coverage_reference or 'no coverage'}; recorded for "
                f"{patient.display_name}'s {chosen.get_ordinal_display().lower()} coverage "
                f"({chosen.plan})."
            )
            return chosen
    warnings.append(
        f"{patient.display_name} has no active coverage to record this for: add the coverage first."
    )
    return None


def _check_data(facts: EligibilityFacts, checked_on: date, warnings: list[str]) -> dict[str, Any]:
    remaining = None
    if facts.annual_maximum is not None and facts.maximum_used is not None:
        remaining = max(facts.annual_maximum - facts.maximum_used, ZERO)
    elif facts.annual_maximum is not None:
        warnings.append(
            f"The annual maximum is ${facts.annual_maximum:,.2f} but the response does not say "
            "how much is used: the remaining maximum is left empty."
        )
    if facts.inforce is None:
        warnings.append(
            "The response does not say whether the coverage is in force: recorded as not active."
        )
    notes = [facts.disposition, *facts.notes]
    if facts.annual_maximum is not None:
        notes.append(f"Annual maximum ${facts.annual_maximum:,.2f}.")
    if facts.deductible is not None:
        notes.append(f"Deductible ${facts.deductible:,.2f}.")
    return {
        "checked_on": checked_on,
        "method": VerificationMethod.FHIR,
        "is_active": bool(facts.inforce),
        "remaining_maximum": remaining,
        "deductible_met": facts.deductible_met,
        "frequency_counts": facts.visits,
        "frequencies_used": describe_visits(facts.visits),
        "reference_number": facts.reference[:60],
        "notes": " ".join(n for n in notes if n),
    }


def _check_lines(check: EligibilityCheck) -> list[tuple[str, str]]:
    def dollars(amount: Any) -> str:
        return "—" if amount is None else f"${amount:,.2f}"

    return [
        ("Coverage", str(check.coverage)),
        ("Verified on", f"{check.checked_on:%m/%d/%Y}"),
        ("Coverage is active", "Yes" if check.is_active else "No"),
        ("Remaining annual maximum", dollars(check.remaining_maximum)),
        ("Deductible met", dollars(check.deductible_met)),
        ("Frequencies", check.frequencies_used or "—"),
        ("Reference", check.reference_number or "—"),
        ("Next check due", f"{check.next_check_due:%m/%d/%Y}"),
    ]


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for messages in exc.message_dict.values() for m in messages]
    return list(exc.messages)
