"""Writes to coverages, benefits used and eligibility checks: one transaction and one
audit row each. The member ID reaches audit rows masked to its last four characters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_record, diff
from casepath.encryption import mask
from casepath.insurance.coverage_selectors import subscriber_choices
from casepath.insurance.models import (
    RECHECK_AFTER,
    BenefitUse,
    Coverage,
    EligibilityCheck,
    Ordinal,
    SubscriberRelationship,
)
from casepath.patients.models import Patient
from casepath.tenancy.scoping import scoped

COVERAGE_FIELDS = (
    "plan",
    "subscriber",
    "subscriber_name",
    "subscriber_birth_date",
    "relationship",
    "member_id",
    "group_number",
    "effective_date",
    "end_date",
    "ordinal",
    "used_annual_max_adjustment",
    "used_deductible_adjustment",
)
BENEFIT_USE_FIELDS = (
    "kind",
    "code",
    "service_date",
    "tooth",
    "insurance_amount",
    "deductible_applied",
    "family_member",
    "source",
)
CHECK_FIELDS = (
    "checked_on",
    "method",
    "is_active",
    "remaining_maximum",
    "deductible_met",
    "frequencies_used",
    "frequency_counts",
    "waiting_periods",
    "reference_number",
    "notes",
    "next_check_due",
)


@transaction.atomic
def coverage_create(
    *,
    patient: Patient,
    acting_user: Any,
    data: Mapping[str, Any],
    channel: Channel = Channel.WEB,
    ip_address: str | None = None,
    imported_from: str = "",
) -> Coverage:
    """Add a coverage to `patient`; raises ValidationError naming the fields."""
    coverage = Coverage(
        practice=patient.practice, organization_id=patient.organization_id, patient=patient
    )
    _apply(coverage, data, COVERAGE_FIELDS)
    _validate(coverage)
    coverage.save()
    source = f" from {imported_from}" if imported_from else ""
    audit_record(
        practice=patient.practice,
        actor=acting_user,
        action=Action.CREATE,
        target=coverage,
        patient=patient,
        summary=f"Added {coverage.get_ordinal_display().lower()} coverage {coverage.plan}{source}",
        changes=_masked(diff({}, _snapshot(coverage))),
        channel=channel,
        ip_address=ip_address,
    )
    return coverage


@transaction.atomic
def coverage_update(
    *,
    coverage: Coverage,
    acting_user: Any,
    data: Mapping[str, Any],
    channel: Channel = Channel.WEB,
    ip_address: str | None = None,
) -> Coverage:
    """Change a coverage (also its end date, order and not-itemised amounts used)."""
    before = _snapshot(scoped(Coverage, coverage.practice).get(pk=coverage.pk))
    _apply(coverage, data, COVERAGE_FIELDS)
    _validate(coverage)
    coverage.save()
    changes = _masked(diff(before, _snapshot(coverage)))
    if changes:
        audit_record(
            practice=coverage.practice,
            actor=acting_user,
            action=Action.UPDATE,
            target=coverage,
            patient=coverage.patient,
            summary=f"Changed {', '.join(changes)} of coverage {coverage.plan}",
            changes=changes,
            channel=channel,
            ip_address=ip_address,
        )
    return coverage


@transaction.atomic
def benefit_use_add(*, coverage: Coverage, acting_user: Any, data: Mapping[str, Any]) -> BenefitUse:
    """Record a service the coverage paid, or one sent and not paid yet (pending)."""
    use = BenefitUse(
        practice=coverage.practice, organization_id=coverage.organization_id, coverage=coverage
    )
    _apply(use, data, BENEFIT_USE_FIELDS)
    use.code = use.code.strip().upper()
    use.tooth = use.tooth.strip().upper()
    use.full_clean()
    use.save()
    audit_record(
        practice=coverage.practice,
        actor=acting_user,
        action=Action.CREATE,
        target=use,
        patient=coverage.patient,
        summary=f"Recorded {use.get_kind_display().lower()} {use.code} on {coverage.plan}",
        changes=diff({}, _plain(use, BENEFIT_USE_FIELDS)),
    )
    return use


@transaction.atomic
def benefit_use_remove(*, use: BenefitUse, acting_user: Any) -> None:
    coverage = use.coverage
    before = _plain(use, BENEFIT_USE_FIELDS)
    audit_record(
        practice=coverage.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=coverage,
        patient=coverage.patient,
        summary=f"Removed {use.get_kind_display().lower()} {use.code} from {coverage.plan}",
        changes=diff(before, {}),
    )
    use.delete()


@transaction.atomic
def eligibility_check_record(
    *,
    coverage: Coverage,
    acting_user: Any,
    data: Mapping[str, Any],
    channel: Channel = Channel.WEB,
    ip_address: str | None = None,
) -> EligibilityCheck:
    """Record one verification; the next is due 30 days later unless `data` says when."""
    check = EligibilityCheck(
        practice=coverage.practice, organization_id=coverage.organization_id, coverage=coverage
    )
    _apply(check, data, CHECK_FIELDS)
    check.checked_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    check.checked_by_name = _first_name(acting_user)
    if not check.next_check_due and check.checked_on:
        check.next_check_due = check.checked_on + RECHECK_AFTER
    check.full_clean()
    check.save()
    audit_record(
        practice=coverage.practice,
        actor=acting_user,
        action=Action.CREATE,
        target=check,
        patient=coverage.patient,
        summary=f"Verified coverage {coverage.plan} ({check.get_method_display().lower()})",
        changes=diff({}, _plain(check, CHECK_FIELDS)),
        channel=channel,
        ip_address=ip_address,
    )
    return check


def _apply(row: Any, data: Mapping[str, Any], fields: tuple[str, ...]) -> None:
    for field in fields:
        if field in data:
            setattr(row, field, data[field])


def _validate(coverage: Coverage) -> None:
    """Field rules (full_clean), then the rules that need the patient's other coverages."""
    _check_plan_and_subscriber(coverage)
    coverage.member_id = (coverage.member_id or "").strip()
    coverage.full_clean()
    _check_order(coverage)


def _check_plan_and_subscriber(coverage: Coverage) -> None:
    patient = coverage.patient
    if coverage.plan_id and coverage.plan.practice_id != patient.practice_id:
        raise ValidationError({"plan": "Choose a plan of this practice."})
    is_self_relationship = coverage.relationship == SubscriberRelationship.SELF
    outside = bool(coverage.subscriber_name.strip())
    if coverage.subscriber_id is None and is_self_relationship and not outside:
        coverage.subscriber = patient
    if coverage.subscriber_id is None:
        if is_self_relationship:
            raise ValidationError(
                {"relationship": "Choose self only when the patient is the subscriber."}
            )
        return
    coverage.subscriber_name, coverage.subscriber_birth_date = "", None
    is_self = coverage.subscriber_id == patient.pk
    if is_self != is_self_relationship:
        message = (
            "The patient is the subscriber: choose self."
            if is_self
            else "Choose self only when the patient is the subscriber."
        )
        raise ValidationError({"relationship": message})
    allowed = {p.pk for p in subscriber_choices(patient)}
    if coverage.subscriber_id not in allowed:
        raise ValidationError(
            {
                "subscriber": "Choose the patient, the responsible party or a linked family "
                "member, or enter the subscriber's name and date of birth."
            }
        )


def _check_order(coverage: Coverage) -> None:
    """One primary (secondary, tertiary) at a time; a secondary needs a primary."""
    others = _overlapping(coverage).select_related("plan__carrier")
    label = coverage.get_ordinal_display().lower()
    same = others.filter(ordinal=coverage.ordinal).first()
    if same is not None:
        until = f" to {same.end_date:%m/%d/%Y}" if same.end_date else ""
        raise ValidationError(
            {
                "ordinal": f"{coverage.patient.display_name} already has a {label} coverage "
                f"({same.plan.carrier}, from {same.effective_date:%m/%d/%Y}{until}). "
                "End it first or choose another order."
            }
        )
    if coverage.ordinal > 1 and not others.filter(ordinal=coverage.ordinal - 1).exists():
        before = Ordinal(coverage.ordinal - 1).label.lower()
        raise ValidationError(
            {
                "ordinal": f"A {label} coverage needs an active {before} coverage "
                f"in the same dates: add the {before} coverage first."
            }
        )


def _overlapping(coverage: Coverage) -> QuerySet[Coverage]:
    """The patient's other coverages whose dates overlap this one's."""
    rows = (
        scoped(Coverage, coverage.practice)
        .filter(patient_id=coverage.patient_id)
        .exclude(pk=coverage.pk)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=coverage.effective_date))
    )
    if coverage.end_date:
        rows = rows.filter(effective_date__lte=coverage.end_date)
    return rows


def _first_name(user: Any) -> str:
    return (getattr(user, "first_name", "") or getattr(user, "username", "") or "system")[:150]


def _plain(row: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    values = {field: getattr(row, field) for field in fields}
    return {
        k: (None if v is None else v if isinstance(v, list) else str(v)) for k, v in values.items()
    }


def _snapshot(coverage: Coverage) -> dict[str, Any]:
    return _plain(coverage, COVERAGE_FIELDS)


def _masked(changes: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Changes with the member ID masked (compared in full first, so a change shows)."""
    if "member_id" in changes:
        change = changes["member_id"]
        changes["member_id"] = {k: mask(v) if v else v for k, v in change.items()}
    return changes
