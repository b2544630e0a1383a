"""Writes to carriers, plans and fee schedules. Each is one transaction with its audit row.

Plans and fees are money: every change keeps its before and after in the audit
trail. A benefit design is checked against the estimate contract here, whoever
calls (form, preset, API), so the estimator never reads a broken plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_record, diff
from casepath.core.benefits import check_plan
from casepath.core.errors import CasepathError
from casepath.core.money import CENT
from casepath.insurance.design import design_errors
from casepath.insurance.fee_csv import read_fee_csv
from casepath.insurance.models import (
    Carrier,
    Fee,
    FeeSchedule,
    FeeScheduleKind,
    InsurancePlan,
    PlanType,
)
from casepath.insurance.presets import PRESETS, preset
from casepath.insurance.selectors import FeeChange, fee_import_preview, fees_by_code
from casepath.insurance.signals import benefits_changed, fees_changed
from casepath.interop.estimate_v1.plan import plan_from_design
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

CARRIER_FIELDS = ("name", "payer_id", "phone", "portal_url")
PLAN_FIELDS = (
    "carrier",
    "employer",
    "group_name",
    "group_number",
    "plan_type",
    "benefit_year_start_month",
    "allowed_fees",
)
SCHEDULE_FIELDS = ("name", "kind", "provider")


def _audit(
    target: Model,
    acting_user: Any,
    action: Action,
    summary: str,
    changes: Mapping[str, Any],
    channel: Channel,
) -> None:
    audit_record(
        practice=target.practice,  # type: ignore[attr-defined]
        actor=acting_user,
        action=action,
        target=target,
        summary=summary,
        changes=changes,
        channel=channel,
    )


def _snapshot(row: Model, fields: tuple[str, ...]) -> dict[str, Any]:
    values = {}
    for name in fields:
        value = getattr(row, f"{name}_id" if row._meta.get_field(name).is_relation else name)
        values[name] = None if value is None or value == "" else str(value)
    return values


def _unique_name(
    model: type[Carrier] | type[FeeSchedule], practice: Practice, name: str, row: Model
) -> None:
    clash = scoped(model, practice).filter(name__iexact=name.strip()).exclude(pk=row.pk)
    if clash.exists():
        noun = model._meta.verbose_name
        raise ValidationError({"name": f"This practice already has a {noun} named “{name}”."})


# Carriers


@transaction.atomic
def carrier_create(
    *, practice: Practice, data: Mapping[str, Any], acting_user: Any, channel: Channel = Channel.WEB
) -> Carrier:
    carrier = Carrier(practice=practice, organization_id=practice.organization_id)
    return _carrier_save(carrier, data, acting_user, channel, before={})


@transaction.atomic
def carrier_update(
    *, carrier: Carrier, data: Mapping[str, Any], acting_user: Any, channel: Channel = Channel.WEB
) -> Carrier:
    # "Before" from the database: a ModelForm has already written its input on `carrier`.
    before = _snapshot(scoped(Carrier, carrier.practice).get(pk=carrier.pk), CARRIER_FIELDS)
    return _carrier_save(carrier, data, acting_user, channel, before=before)


def _carrier_save(
    carrier: Carrier, data: Mapping[str, Any], acting_user: Any, channel: Channel, before: dict
) -> Carrier:
    for name in CARRIER_FIELDS:
        if name in data:
            setattr(carrier, name, data[name])
    _unique_name(Carrier, carrier.practice, carrier.name, carrier)
    carrier.full_clean()
    carrier.save()
    changes = diff(before, _snapshot(carrier, CARRIER_FIELDS))
    if changes:
        action = Action.UPDATE if before else Action.CREATE
        verb = "Changed" if before else "Added"
        _audit(carrier, acting_user, action, f"{verb} carrier {carrier}", changes, channel)
    return carrier


# Plans


@transaction.atomic
def plan_create(
    *,
    practice: Practice,
    data: Mapping[str, Any],
    benefits: Mapping[str, Any],
    acting_user: Any,
    channel: Channel = Channel.WEB,
) -> InsurancePlan:
    plan = InsurancePlan(practice=practice, organization_id=practice.organization_id)
    return _plan_save(plan, data, benefits, acting_user, channel, before={})


@transaction.atomic
def plan_update(
    *,
    plan: InsurancePlan,
    data: Mapping[str, Any],
    benefits: Mapping[str, Any],
    acting_user: Any,
    channel: Channel = Channel.WEB,
) -> InsurancePlan:
    before = _plan_snapshot(scoped(InsurancePlan, plan.practice).get(pk=plan.pk))
    return _plan_save(plan, data, benefits, acting_user, channel, before=before)


@transaction.atomic
def plan_apply_preset(
    *, plan: InsurancePlan, preset_key: str, acting_user: Any, channel: Channel = Channel.WEB
) -> InsurancePlan:
    """Replace a plan's benefit design with one of the common designs."""
    if preset_key not in PRESETS:
        raise ValidationError({"preset": f"There is no preset “{preset_key}”."})
    before = _plan_snapshot(scoped(InsurancePlan, plan.practice).get(pk=plan.pk))
    return _plan_save(plan, {}, preset(preset_key), acting_user, channel, before=before)


def _plan_save(
    plan: InsurancePlan,
    data: Mapping[str, Any],
    benefits: Mapping[str, Any],
    acting_user: Any,
    channel: Channel,
    before: dict,
) -> InsurancePlan:
    for name in PLAN_FIELDS:
        if name in data:
            setattr(plan, name, data[name])
    plan.benefits = dict(benefits)
    _check_plan(plan)
    plan.full_clean()
    plan.save()
    changes = diff(before, _plan_snapshot(plan))
    if changes:
        action = Action.UPDATE if before else Action.CREATE
        verb = "Changed" if before else "Added"
        _audit(plan, acting_user, action, f"{verb} plan {plan}", changes, channel)
    if changes and before:
        benefits_changed.send(InsurancePlan, plan=plan, acting_user=acting_user)
    return plan


def _check_plan(plan: InsurancePlan) -> None:
    practice_id = plan.practice_id
    if plan.carrier_id and plan.carrier.practice_id != practice_id:
        raise ValidationError({"carrier": "Choose a carrier of this practice."})
    schedule = plan.allowed_fees
    if schedule is not None:
        if plan.plan_type != PlanType.PPO:
            raise ValidationError({"allowed_fees": "Only PPO plans have allowed fees."})
        if schedule.practice_id != practice_id or schedule.kind != FeeScheduleKind.PPO:
            raise ValidationError({"allowed_fees": "Choose a PPO fee schedule of this practice."})
    problems = design_errors(plan.benefits)
    if problems:
        raise ValidationError({"benefits": [f"{p.path}: {p.message}" for p in problems]})
    _check_estimable(plan)


def _check_estimable(plan: InsurancePlan) -> None:
    """The estimator must be able to read every saved plan: the same reader, the same core."""
    allowed = fees_by_code(plan.practice, plan.allowed_fees) if plan.allowed_fees else {}
    try:
        check_plan(
            plan_from_design(
                plan.benefits,
                plan_type=plan.plan_type,
                benefit_year_start_month=plan.benefit_year_start_month,
                allowed_fees=allowed,
            )
        )
    except CasepathError as error:
        raise ValidationError(
            {"benefits": [f"{e.path}: {e.message}" for e in error.errors]}
        ) from None


def _plan_snapshot(plan: InsurancePlan) -> dict[str, Any]:
    values: dict[str, Any] = _snapshot(plan, PLAN_FIELDS)
    for key, value in sorted(plan.benefits.items()):
        values[f"benefits.{key}"] = value
    return values


# Fee schedules and fees


@transaction.atomic
def fee_schedule_create(
    *, practice: Practice, data: Mapping[str, Any], acting_user: Any, channel: Channel = Channel.WEB
) -> FeeSchedule:
    schedule = FeeSchedule(practice=practice, organization_id=practice.organization_id)
    return _schedule_save(schedule, data, acting_user, channel, before={})


@transaction.atomic
def fee_schedule_update(
    *,
    schedule: FeeSchedule,
    data: Mapping[str, Any],
    acting_user: Any,
    channel: Channel = Channel.WEB,
) -> FeeSchedule:
    """Rename a schedule or change its provider; its kind stays (plans may point at it)."""
    stored = scoped(FeeSchedule, schedule.practice).get(pk=schedule.pk)
    data = {k: v for k, v in data.items() if k != "kind"} | {"kind": stored.kind}
    before = _snapshot(stored, SCHEDULE_FIELDS)
    return _schedule_save(schedule, data, acting_user, channel, before=before)


def _schedule_save(
    schedule: FeeSchedule,
    data: Mapping[str, Any],
    acting_user: Any,
    channel: Channel,
    before: dict,
) -> FeeSchedule:
    for name in SCHEDULE_FIELDS:
        if name in data:
            setattr(schedule, name, data[name])
    _unique_name(FeeSchedule, schedule.practice, schedule.name, schedule)
    provider = schedule.provider
    if provider is not None and schedule.kind != FeeScheduleKind.OFFICE:
        raise ValidationError({"provider": "Only office fee schedules belong to one provider."})
    if provider is not None and provider.practice_id != schedule.practice_id:
        raise ValidationError({"provider": "Choose a provider of this practice."})
    schedule.full_clean()
    schedule.save()
    changes = diff(before, _snapshot(schedule, SCHEDULE_FIELDS))
    if changes:
        action = Action.UPDATE if before else Action.CREATE
        verb = "Changed" if before else "Added"
        _audit(schedule, acting_user, action, f"{verb} fee schedule {schedule}", changes, channel)
    return schedule


@transaction.atomic
def fee_set(
    *,
    schedule: FeeSchedule,
    code: str,
    amount: Decimal,
    acting_user: Any,
    channel: Channel = Channel.WEB,
) -> Fee:
    """Give `code` the fee `amount` in the schedule: a new code or a new amount."""
    if not isinstance(amount, Decimal):
        raise ValidationError({"amount": "A fee is a Decimal amount."})
    fee = scoped(Fee, schedule.practice).filter(schedule=schedule, code=code).first()
    before = None if fee is None else str(fee.amount)
    fee = fee or Fee(practice=schedule.practice, schedule=schedule, code=code)
    fee.organization_id = schedule.organization_id
    fee.amount = amount
    fee.full_clean()  # refuses more than two decimals, so the quantize below is exact
    fee.amount = amount.quantize(CENT)
    fee.save()
    after = str(fee.amount)
    if before != after:
        summary = f"Set {code} to {after} in {schedule}" + (f" (was {before})" if before else "")
        changes = {code: {"before": before, "after": after}}
        _audit(schedule, acting_user, Action.UPDATE, summary, changes, channel)
        fees_changed.send(FeeSchedule, schedule=schedule, acting_user=acting_user)
    return fee


@dataclass(frozen=True)
class FeeImport:
    added: int
    changed: int
    unchanged: int


@transaction.atomic
def fees_import_csv(
    *, schedule: FeeSchedule, text: str, acting_user: Any, channel: Channel = Channel.WEB
) -> FeeImport:
    """Add and change fees from `code,fee` lines; any bad line and nothing is written.

    Codes missing from the file keep their fees (an import never removes a code).
    """
    found = read_fee_csv(text)
    if found.errors:
        raise ValidationError({"text": list(found.errors)})
    preview = fee_import_preview(schedule, found.lines)
    _fees_create(schedule, preview.added)
    _fees_change(schedule, preview.changed)
    changes = {
        c.code: {"before": None if c.before is None else str(c.before), "after": str(c.after)}
        for c in (*preview.added, *preview.changed)
    }
    result = FeeImport(len(preview.added), len(preview.changed), preview.unchanged)
    if changes:
        summary = f"Imported fees into {schedule}: {result.added} added, {result.changed} changed"
        _audit(schedule, acting_user, Action.UPDATE, summary, changes, channel)
        fees_changed.send(FeeSchedule, schedule=schedule, acting_user=acting_user)
    return result


_CHECKED_BY_IMPORT = ["practice", "organization", "schedule"]


def _fees_create(schedule: FeeSchedule, added: list[FeeChange]) -> None:
    fees = [
        Fee(
            practice=schedule.practice,
            organization_id=schedule.organization_id,
            schedule=schedule,
            code=change.code,
            amount=change.after,
        )
        for change in added
    ]
    for fee in fees:
        # Codes, amounts and uniqueness were checked while reading the file; this
        # guards the fields without one query per row for foreign keys.
        fee.full_clean(exclude=_CHECKED_BY_IMPORT, validate_constraints=False)
    Fee.objects.bulk_create(fees)


def _fees_change(schedule: FeeSchedule, changed: list[FeeChange]) -> None:
    new_amounts = {change.code: change.after for change in changed}
    fees = list(scoped(Fee, schedule.practice).filter(schedule=schedule, code__in=new_amounts))
    now = timezone.now()
    for fee in fees:
        fee.amount, fee.updated_at = new_amounts[fee.code], now
        fee.full_clean(exclude=_CHECKED_BY_IMPORT, validate_constraints=False)
    Fee.objects.bulk_update(fees, ["amount", "updated_at"])
