"""Writes for estimates: make one, re-estimate it, close it. Each is audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from casepath.audit.models import Action
from casepath.audit.services import audit_record
from casepath.estimates import selectors
from casepath.estimates.bulk import estimate_response, recompute_batch
from casepath.estimates.models import Estimate, EstimateProcedure, EstimateStatus
from casepath.estimates.requests import ProcedureLine, plans_used
from casepath.patients.models import Patient
from casepath.tenancy.models import Provider

LINE_FIELDS = ("code", "tooth", "surfaces", "units", "planned_on", "priority", "fee_override")


def estimate_preview(
    patient: Patient,
    lines: Sequence[ProcedureLine],
    as_of: date,
    provider: Provider | None = None,
) -> dict[str, Any]:
    """The estimate-v1 response of `lines` for `patient`, saving nothing; the treating
    `provider`'s own fees win where their schedule lists the code.

    CasepathError names the field at fault (`procedures[2].code`).
    """
    practice = patient.practice
    files = selectors.practice_files(practice)
    coverages = selectors.coverages_of(practice, [patient.pk])[patient.pk]
    answers = selectors.answers_of(practice, [patient.pk], as_of).get(patient.pk, [])
    provider_id = provider.pk if provider else None
    return estimate_response(
        files, patient.date_of_birth, lines, coverages, as_of, provider_id, answers
    )


@transaction.atomic
def estimate_create(
    *,
    acting_user: Any,
    patient: Patient,
    title: str,
    lines: Sequence[ProcedureLine],
    as_of: date,
    provider: Provider | None = None,
) -> Estimate:
    """Save an open estimate of `lines`, priced with the treating `provider`'s fees where
    they have their own. CasepathError (naming the field) on bad lines; ValidationError
    for a provider of another practice."""
    estimate_preview(patient, lines, as_of, provider)  # refuses what cannot be estimated
    saved = Estimate(
        practice=patient.practice,
        patient=patient,
        title=title.strip(),
        as_of=as_of,
        provider=provider,
    )
    saved.full_clean(exclude=["response"])
    saved.save()
    EstimateProcedure.objects.bulk_create(
        _procedure_row(saved, position, line) for position, line in enumerate(lines)
    )
    _compute(saved, as_of)
    _audit(saved, acting_user, Action.CREATE, f"Made the estimate “{saved.title}”")
    return saved


@transaction.atomic
def estimate_recompute(*, acting_user: Any, estimate_row: Estimate, as_of: date) -> Estimate:
    """Estimate again with today's fees, benefits and usage."""
    _compute(estimate_row, as_of)
    _audit(estimate_row, acting_user, Action.UPDATE, f"Re-estimated “{estimate_row.title}”")
    return estimate_row


@transaction.atomic
def estimate_close(*, acting_user: Any, estimate_row: Estimate) -> Estimate:
    """A closed estimate is kept as it was and is no longer re-estimated."""
    estimate_row.status = EstimateStatus.CLOSED
    estimate_row.save(update_fields=["status", "updated_at"])
    _audit(estimate_row, acting_user, Action.UPDATE, f"Closed the estimate “{estimate_row.title}”")
    return estimate_row


def lines_of(estimate_row: Estimate) -> list[ProcedureLine]:
    rows = estimate_row.procedures.order_by("position").values_list(*LINE_FIELDS)
    return [ProcedureLine(*row) for row in rows]


def _compute(saved: Estimate, as_of: date) -> None:
    """The same path as a background re-estimate, for one estimate."""
    practice = saved.practice
    recompute_batch(practice, selectors.practice_files(practice), [saved.pk], as_of)
    coverages = selectors.coverages_of(practice, [saved.patient_id])[saved.patient_id]
    saved.plans.set(plans_used([row for row, _ in coverages], as_of))
    saved.refresh_from_db()


def _procedure_row(saved: Estimate, position: int, line: ProcedureLine) -> EstimateProcedure:
    row = EstimateProcedure(
        practice=saved.practice,
        organization_id=saved.organization_id,
        estimate=saved,
        position=position,
        code=line.code,
        tooth=line.tooth,
        surfaces=line.surfaces,
        units=line.units,
        planned_on=line.planned_on,
        priority=line.priority,
        fee_override=line.fee_override,
    )
    row.full_clean(exclude=["estimate"])
    return row


def _audit(saved: Estimate, acting_user: Any, action: Action, summary: str) -> None:
    changes = {"patient_total": f"{saved.patient_total:.2f}"}
    if saved.provider is not None:
        changes["provider"] = str(saved.provider)
    audit_record(
        practice=saved.practice,
        actor=acting_user,
        action=action,
        target=saved,
        patient=saved.patient,
        summary=summary,
        changes=changes,
    )
