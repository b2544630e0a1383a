"""Writes to patients. Each service is one transaction with its audit row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.forms.models import model_to_dict

from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_record, diff
from casepath.patients.models import FamilyLink, Patient, Relationship
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

EDITABLE_FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "sex",
    "mobile_phone",
    "home_phone",
    "work_phone",
    "email",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "preferred_contact_method",
    "preferred_contact_times",
    "sms_consent",
    "sms_consent_on",
    "preferred_language",
    "time_zone",
    "guarantor",
    "is_new_patient",
    "referral_source",
    "referral_detail",
    "first_visit_on",
    "notes",
    "status",
)

INVERSE = {
    Relationship.PARENT: Relationship.CHILD,
    Relationship.CHILD: Relationship.PARENT,
    Relationship.SPOUSE: Relationship.SPOUSE,
    Relationship.SIBLING: Relationship.SIBLING,
    Relationship.OTHER: Relationship.OTHER,
}


def next_chart_number(practice: Practice) -> str:
    """The practice code and the next free number: RV-000124."""
    prefix = f"{practice.short_code}-"
    last = (
        scoped(Patient, practice)
        .filter(chart_number__startswith=prefix)
        .order_by("-chart_number")
        .values_list("chart_number", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{number:06d}"


@transaction.atomic
def patient_create(
    *,
    practice: Practice,
    acting_user: Any,
    data: Mapping[str, Any],
    channel: Channel = Channel.WEB,
    ip_address: str | None = None,
) -> Patient:
    """Add a patient to `practice`; raises ValidationError naming the fields."""
    patient = Patient(practice=practice, organization_id=practice.organization_id)
    _apply(patient, data)
    patient.chart_number = data.get("chart_number") or next_chart_number(practice)
    _check_guarantor(patient, practice)
    patient.refresh_search_keys()
    patient.full_clean()
    patient.save()
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.CREATE,
        target=patient,
        patient=patient,
        summary=f"Added patient {patient}",
        channel=channel,
        changes=diff({}, _snapshot(patient)),
        ip_address=ip_address,
    )
    return patient


@transaction.atomic
def patient_update(
    *,
    patient: Patient,
    acting_user: Any,
    data: Mapping[str, Any],
    channel: Channel = Channel.WEB,
    ip_address: str | None = None,
) -> Patient:
    """Change a patient's record; the audit row keeps what changed, before and after."""
    # "Before" comes from the database: a ModelForm has already written its input
    # onto `patient` while validating, so the instance no longer holds the old values.
    before = _snapshot(scoped(Patient, patient.practice).get(pk=patient.pk))
    _apply(patient, data)
    _check_guarantor(patient, patient.practice)
    patient.refresh_search_keys()
    patient.full_clean()
    patient.save()
    changes = diff(before, _snapshot(patient))
    if changes:
        audit_record(
            practice=patient.practice,
            actor=acting_user,
            action=Action.UPDATE,
            target=patient,
            patient=patient,
            summary=f"Changed {', '.join(changes)}",
            changes=changes,
            channel=channel,
            ip_address=ip_address,
        )
    return patient


@transaction.atomic
def family_link_add(
    *, patient: Patient, relative: Patient, relationship: str, acting_user: Any
) -> FamilyLink:
    """Link two patients of one practice both ways (parent of / child of)."""
    if relative.practice_id != patient.practice_id:
        raise ValidationError({"relative": "Choose a patient of this practice."})
    if relative.pk == patient.pk:
        raise ValidationError({"relative": "A patient cannot be their own relative."})
    if relationship not in Relationship.values:
        raise ValidationError({"relationship": "Choose how the two patients are related."})
    link = FamilyLink(
        practice=patient.practice,
        organization_id=patient.organization_id,
        patient=patient,
        relative=relative,
        relationship=relationship,
    )
    link.full_clean()
    link.save()
    FamilyLink.objects.update_or_create(
        practice=patient.practice,
        organization_id=patient.organization_id,
        patient=relative,
        relative=patient,
        defaults={"relationship": INVERSE[Relationship(relationship)]},
    )
    audit_record(
        practice=patient.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=link,
        patient=patient,
        summary=f"Linked {relative.display_name} as {link.get_relationship_display()}",
        changes={"family": {"before": None, "after": f"{relative} ({relationship})"}},
    )
    return link


@transaction.atomic
def family_link_remove(*, link: FamilyLink, acting_user: Any) -> None:
    """Unlink two patients, both directions at once."""
    patient, relative = link.patient, link.relative
    scoped(FamilyLink, patient.practice).filter(
        Q(patient=patient, relative=relative) | Q(patient=relative, relative=patient)
    ).delete()
    audit_record(
        practice=patient.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=patient,
        patient=patient,
        summary=f"Unlinked {relative.display_name} ({link.get_relationship_display()})",
        changes={"family": {"before": f"{relative} ({link.relationship})", "after": None}},
    )


def _apply(patient: Patient, data: Mapping[str, Any]) -> None:
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(patient, field, data[field])


def _check_guarantor(patient: Patient, practice: Practice) -> None:
    guarantor = patient.guarantor
    if guarantor is None:
        return
    if guarantor.practice_id != practice.pk:
        raise ValidationError({"guarantor": "Choose a responsible party of this practice."})
    if patient.pk and guarantor.pk == patient.pk:
        raise ValidationError({"guarantor": "Leave empty when the patient is responsible."})


def _snapshot(patient: Patient) -> dict[str, Any]:
    values = model_to_dict(patient, fields=EDITABLE_FIELDS)
    return {key: (str(value) if value is not None else None) for key, value in values.items()}
