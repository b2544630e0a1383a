"""A pre-determination as the FHIR R4 Claim the payer receives (use "preauthorization")."""

from __future__ import annotations

from typing import Any

from casepath.interop.fhir_predetermination import (
    ClaimAttachment,
    ClaimLine,
    ClaimRequest,
    build_claim,
)
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.selectors import lines_of, predetermination_settings
from casepath.tenancy.models import Provider

GENDERS = {"F": "female", "M": "male", "X": "other"}


def claim_request(pd: Predetermination) -> ClaimRequest:
    """Everything the Claim needs, from the rows (the member ID is decrypted here)."""
    lines = lines_of(pd)
    patient, coverage = pd.patient, pd.coverage
    provider = treating_provider(pd, lines)
    return ClaimRequest(
        practice_name=pd.practice.name,
        practice_npi=predetermination_settings(pd.practice).billing_npi,
        provider_name=str(provider) if provider else "",
        provider_npi=provider.npi if provider else "",
        patient_family=patient.last_name,
        patient_given=patient.first_name,
        patient_birth_date=patient.date_of_birth,
        patient_gender=GENDERS.get(patient.sex, "unknown"),  # type: ignore[arg-type]
        member_id=coverage.member_id,
        payer_name=str(coverage.plan.carrier),
        relationship=coverage.relationship,  # type: ignore[arg-type]
        created=pd.created_on,
        priority="primary" if coverage.ordinal <= 1 else "secondary",
        lines=[
            ClaimLine(line.pk, line.code, line.fee, line.tooth, line.surfaces) for line in lines
        ],
        narrative=pd.narrative,
        attachments=[ClaimAttachment(a.kind, a.title) for a in pd.attachments.all()],
        reference=reference_of(pd),
    )


def reference_of(pd: Predetermination) -> str:
    """Our reference, on the Claim and the printed request: short code, PD, id (RV-PD-12)."""
    return f"{pd.practice.short_code}-PD-{pd.pk}"


def claim_of(pd: Predetermination) -> dict[str, Any]:
    """The validated Claim; CasepathError naming what is missing (an NPI, say)."""
    return build_claim(claim_request(pd))


def treating_provider(pd: Predetermination, lines: list[Any]) -> Provider | None:
    """The provider of the first procedure that has one, else the diagnosing provider."""
    for line in lines:
        if line.procedure_id and line.procedure and line.procedure.provider_id:
            return line.procedure.provider  # type: ignore[no-any-return]
    return pd.case.diagnosing_provider  # type: ignore[no-any-return]
