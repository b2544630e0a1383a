"""Writes to the calendar's settings: providers' working hours, days off, appointment
types and sequencing rules. One transaction and one audit row each; refusals are
CasepathErrors naming the field (the form's field names).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any, Final

from django.db import models, transaction
from django.utils import timezone

from casepath.audit.models import Action
from casepath.audit.services import audit_record, diff
from casepath.core.errors import CasepathError, FieldError
from casepath.core.scheduling import KIND_LABELS, VisitKind
from casepath.scheduling.checks import clock, span
from casepath.scheduling.models import (
    LONGEST_MINUTES,
    WEEKDAYS,
    Appointment,
    AppointmentType,
    SequencingRule,
    TimeOff,
    WorkingHours,
)
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.models import Practice, Provider, ProviderKind
from casepath.tenancy.scoping import scoped

DAY_NAMES: Final = dict(WEEKDAYS)
DAY_KEYS: Final = {day: name.lower() for day, name in WEEKDAYS}
LONGEST_RULE_DAYS: Final = 730
SHORTEST_TYPE_MINUTES: Final = 5
KINDS: Final = frozenset(kind.value for kind in VisitKind)

TIME_OFF_FIELDS: Final = ("provider", "starts_on", "ends_on", "reason")
TYPE_FIELDS: Final = ("name", "kind", "minutes", "provider_kind", "specialty", "is_active")
RULE_FIELDS: Final = ("before_kind", "after_kind", "min_days", "max_days", "why", "is_active")


def hours_field(weekday: int, slot: int, part: str) -> str:
    """The name of one time of the hours form: `monday_1_starts` (slots count from 1)."""
    return f"{DAY_KEYS[weekday]}_{slot}_{part}"


class _Problems:
    def __init__(self) -> None:
        self.found: list[FieldError] = []

    def add(self, path: str, message: str) -> None:
        self.found.append(FieldError(path, message))

    def has(self, path: str) -> bool:
        return any(problem.path == path for problem in self.found)

    def raise_any(self) -> None:
        if self.found:
            raise CasepathError(*self.found)


def _audit(
    row: models.Model,
    *,
    acting_user: Any,
    action: Action,
    summary: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    target: models.Model | None = None,
    object_type: str = "",
) -> None:
    audit_record(
        practice=row.practice,  # type: ignore[attr-defined]
        actor=acting_user,
        action=action,
        target=target,
        object_type=object_type,
        summary=summary,
        changes=diff(before, after),
    )


def _values(row: models.Model, names: Sequence[str]) -> dict[str, Any]:
    """JSON-ready values for the audit trail (dates as ISO text, rows as their id)."""
    values: dict[str, Any] = {}
    for name in names:
        field = row._meta.get_field(name)
        value = getattr(row, field.attname)  # type: ignore[union-attr]
        values[name] = value.isoformat() if isinstance(value, date | time) else value
    return values


# Working hours


@transaction.atomic
def working_hours_set(
    *,
    acting_user: Any,
    provider: Provider,
    hours: Mapping[int, Sequence[tuple[time, time] | None]],
    now: datetime,
) -> list[WorkingHours]:
    """Replace the provider's week: for each weekday (Monday is 0) its ranges, in the
    form's slots (None: an empty slot). A weekday not given keeps no hours. Ranges of one
    day may not overlap; each ends after it starts."""
    del now  # the week has no date: kept for the services' common signature
    problems = _Problems()
    week: list[tuple[int, time, time]] = []
    for weekday in range(7):
        slots = list(hours.get(weekday, ()))
        taken: list[tuple[int, time, time]] = []
        for slot, given in enumerate(slots, start=1):
            if given is None:
                continue
            starts, ends = given
            if ends <= starts:
                problems.add(
                    hours_field(weekday, slot, "ends"),
                    f"{DAY_NAMES[weekday]}: the hours end after they start ({clock(starts)}).",
                )
                continue
            clash = next((t for t in taken if starts < t[2] and t[1] < ends), None)
            if clash is not None:
                problems.add(
                    hours_field(weekday, slot, "starts"),
                    f"{DAY_NAMES[weekday]}: {span(starts, ends)} overlaps "
                    f"{span(clash[1], clash[2])}.",
                )
                continue
            taken.append((slot, starts, ends))
        week.extend((weekday, starts, ends) for _, starts, ends in taken)
    problems.raise_any()
    saved = scoped(WorkingHours, provider.practice).filter(provider=provider)
    before = _week_words(saved)
    saved.delete()
    rows = [
        WorkingHours(
            practice=provider.practice,
            organization_id=provider.organization_id,
            provider=provider,
            weekday=weekday,
            starts=starts,
            ends=ends,
        )
        for weekday, starts, ends in sorted(week)
    ]
    for row in rows:
        row.full_clean(exclude=["organization"])
    WorkingHours.objects.bulk_create(rows)
    after = _week_words(rows)
    if before != after:
        audit_record(
            practice=provider.practice,
            actor=acting_user,
            action=Action.UPDATE,
            target=provider,
            summary=f"Changed the working hours of {provider}",
            changes=diff(before, after),
        )
    return rows


def _week_words(rows: Any) -> dict[str, str]:
    """{"Monday": "8:00\u201312:00, 13:00\u201317:00"} for the audit trail."""
    days: dict[str, list[str]] = {}
    for row in sorted(rows, key=lambda r: (r.weekday, r.starts)):
        days.setdefault(DAY_NAMES[row.weekday], []).append(span(row.starts, row.ends))
    return {day: ", ".join(ranges) for day, ranges in days.items()}


# Days off


@transaction.atomic
def time_off_create(
    *, acting_user: Any, practice: Practice, data: Mapping[str, Any], now: datetime
) -> TimeOff:
    """A provider away (provider None: the practice closed) from `starts_on` to `ends_on`."""
    time_off = TimeOff(practice=practice, organization_id=practice.organization_id)
    _fill(time_off, data, TIME_OFF_FIELDS)
    _check_time_off(time_off)
    today = timezone.localdate(now, practice_zone(practice))
    if time_off.ends_on < today:
        raise CasepathError.at(
            "ends_on", "These days are past: days off are kept for the days ahead."
        )
    time_off.save()
    _audit(
        time_off,
        acting_user=acting_user,
        action=Action.CREATE,
        target=time_off,
        summary=f"Added days off: {_time_off_words(time_off)}",
        before={},
        after=_values(time_off, TIME_OFF_FIELDS),
    )
    return time_off


@transaction.atomic
def time_off_update(
    *, acting_user: Any, time_off: TimeOff, data: Mapping[str, Any], now: datetime
) -> TimeOff:
    del now
    before = _values(TimeOff.objects.get(pk=time_off.pk), TIME_OFF_FIELDS)
    _fill(time_off, data, TIME_OFF_FIELDS)
    _check_time_off(time_off)
    time_off.save()
    _audit(
        time_off,
        acting_user=acting_user,
        action=Action.UPDATE,
        target=time_off,
        summary=f"Changed days off: {_time_off_words(time_off)}",
        before=before,
        after=_values(time_off, TIME_OFF_FIELDS),
    )
    return time_off


@transaction.atomic
def time_off_delete(*, acting_user: Any, time_off: TimeOff, now: datetime) -> None:
    del now
    before, words, pk = _values(time_off, TIME_OFF_FIELDS), _time_off_words(time_off), time_off.pk
    practice = time_off.practice
    time_off.delete()
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.UPDATE,
        object_type="timeoff",
        summary=f"Removed days off: {words}",
        changes=diff(before, {}) | {"id": {"before": pk, "after": None}},
    )


def _check_time_off(time_off: TimeOff) -> None:
    problems = _Problems()
    if time_off.provider_id is not None and (time_off.provider.practice_id != time_off.practice_id):
        problems.add("provider", "Choose a provider of this practice.")
    if time_off.starts_on is None:
        problems.add("starts_on", "Give the first day off.")
    if time_off.ends_on is None:
        problems.add("ends_on", "Give the last day off (the same day for one day).")
    if time_off.starts_on and time_off.ends_on and time_off.ends_on < time_off.starts_on:
        problems.add(
            "ends_on", f"The last day off is on or after the first ({time_off.starts_on:%m/%d/%Y})."
        )
    time_off.reason = (time_off.reason or "").strip()
    if len(time_off.reason) > 120:
        problems.add("reason", "Say it in 120 characters or fewer.")
    problems.raise_any()


def _time_off_words(time_off: TimeOff) -> str:
    who = str(time_off.provider) if time_off.provider_id else "the practice is closed"
    days = f"{time_off.starts_on:%m/%d/%Y}"
    if time_off.ends_on != time_off.starts_on:
        days += f" to {time_off.ends_on:%m/%d/%Y}"
    reason = f" ({time_off.reason})" if time_off.reason else ""
    return f"{who}, {days}{reason}"


# Appointment types


@transaction.atomic
def appointment_type_create(
    *, acting_user: Any, practice: Practice, data: Mapping[str, Any], now: datetime
) -> AppointmentType:
    del now
    kind = AppointmentType(practice=practice, organization_id=practice.organization_id)
    _fill(kind, data, TYPE_FIELDS)
    _check_type(kind)
    kind.save()
    _audit(
        kind,
        acting_user=acting_user,
        action=Action.CREATE,
        target=kind,
        summary=f"Added the appointment type {kind}",
        before={},
        after=_values(kind, TYPE_FIELDS),
    )
    return kind


@transaction.atomic
def appointment_type_update(
    *, acting_user: Any, appointment_type: AppointmentType, data: Mapping[str, Any], now: datetime
) -> AppointmentType:
    del now
    before = _values(AppointmentType.objects.get(pk=appointment_type.pk), TYPE_FIELDS)
    _fill(appointment_type, data, TYPE_FIELDS)
    _check_type(appointment_type)
    appointment_type.save()
    after = _values(appointment_type, TYPE_FIELDS)
    if before != after:
        _audit(
            appointment_type,
            acting_user=acting_user,
            action=Action.UPDATE,
            target=appointment_type,
            summary=f"Changed the appointment type {appointment_type}",
            before=before,
            after=after,
        )
    return appointment_type


@transaction.atomic
def appointment_type_delete(
    *, acting_user: Any, appointment_type: AppointmentType, now: datetime
) -> None:
    """Remove a type no appointment has; one in use is taken out of use instead."""
    del now
    booked = (
        scoped(Appointment, appointment_type.practice)
        .filter(appointment_type=appointment_type)
        .count()
    )
    if booked:
        raise CasepathError.at(
            "appointment_type",
            f"{booked} appointment(s) have the type “{appointment_type.name}”: "
            "take it out of use instead (untick “in use”).",
        )
    practice, pk = appointment_type.practice, appointment_type.pk
    before, name = _values(appointment_type, TYPE_FIELDS), appointment_type.name
    appointment_type.delete()
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.UPDATE,
        object_type="appointmenttype",
        summary=f"Removed the appointment type {name}",
        changes=diff(before, {}) | {"id": {"before": pk, "after": None}},
    )


def _check_type(kind: AppointmentType) -> None:
    problems = _Problems()
    kind.name = " ".join((kind.name or "").split())
    if not kind.name:
        problems.add("name", "Name the type, e.g. “Crown preparation”.")
    elif len(kind.name) > 80:
        problems.add("name", "Say it in 80 characters or fewer.")
    elif (
        scoped(AppointmentType, kind.practice)
        .filter(name__iexact=kind.name)
        .exclude(pk=kind.pk)
        .exists()
    ):
        problems.add("name", f"There is a type named “{kind.name}” already: choose another name.")
    if kind.kind not in KINDS:
        problems.add("kind", "Choose the kind of visit.")
    minutes = kind.minutes
    if not isinstance(minutes, int) or not SHORTEST_TYPE_MINUTES <= minutes <= LONGEST_MINUTES:
        problems.add(
            "minutes",
            f"A visit lasts from {SHORTEST_TYPE_MINUTES} to {LONGEST_MINUTES} minutes.",
        )
    if kind.provider_kind and kind.provider_kind not in ProviderKind.values:
        problems.add("provider_kind", "Choose who does it, or leave it empty for anyone.")
    kind.specialty = (kind.specialty or "").strip()
    if len(kind.specialty) > 60:
        problems.add("specialty", "Say it in 60 characters or fewer.")
    problems.raise_any()


# Sequencing rules


@transaction.atomic
def sequencing_rule_create(
    *, acting_user: Any, practice: Practice, data: Mapping[str, Any], now: datetime
) -> SequencingRule:
    del now
    rule = SequencingRule(practice=practice, organization_id=practice.organization_id)
    _fill(rule, data, RULE_FIELDS)
    _check_rule(rule)
    rule.save()
    _audit(
        rule,
        acting_user=acting_user,
        action=Action.CREATE,
        target=rule,
        summary=f"Added the sequencing rule {rule_words(rule)}",
        before={},
        after=_values(rule, RULE_FIELDS),
    )
    return rule


@transaction.atomic
def sequencing_rule_update(
    *, acting_user: Any, rule: SequencingRule, data: Mapping[str, Any], now: datetime
) -> SequencingRule:
    del now
    before = _values(SequencingRule.objects.get(pk=rule.pk), RULE_FIELDS)
    _fill(rule, data, RULE_FIELDS)
    _check_rule(rule)
    rule.save()
    after = _values(rule, RULE_FIELDS)
    if before != after:
        _audit(
            rule,
            acting_user=acting_user,
            action=Action.UPDATE,
            target=rule,
            summary=f"Changed the sequencing rule {rule_words(rule)}",
            before=before,
            after=after,
        )
    return rule


@transaction.atomic
def sequencing_rule_delete(*, acting_user: Any, rule: SequencingRule, now: datetime) -> None:
    del now
    practice, pk, words = rule.practice, rule.pk, rule_words(rule)
    before = _values(rule, RULE_FIELDS)
    rule.delete()
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.UPDATE,
        object_type="sequencingrule",
        summary=f"Removed the sequencing rule {words}",
        changes=diff(before, {}) | {"id": {"before": pk, "after": None}},
    )


def rule_words(rule: SequencingRule) -> str:
    """“Implant placement at least 90 days after Extraction (the socket and graft heal)”."""
    first = _kind_label(rule.before_kind)
    then = _kind_label(rule.after_kind)
    most = f" and at most {rule.max_days}" if rule.max_days is not None else ""
    why = f" ({rule.why})" if rule.why else ""
    return f"{then} at least {rule.min_days}{most} days after {first}{why}"


def _kind_label(value: str) -> str:
    try:
        return KIND_LABELS[VisitKind(value)]
    except ValueError:
        return value


def _check_rule(rule: SequencingRule) -> None:
    problems = _Problems()
    if rule.before_kind not in KINDS:
        problems.add("before_kind", "Choose the kind of visit that comes first.")
    if rule.after_kind not in KINDS:
        problems.add("after_kind", "Choose the kind of visit that comes after.")
    elif rule.after_kind == rule.before_kind:
        problems.add("after_kind", "A rule links two different kinds of visit.")
    least, most = rule.min_days, rule.max_days
    if not isinstance(least, int) or not 0 <= least <= LONGEST_RULE_DAYS:
        problems.add("min_days", f"Give 0 to {LONGEST_RULE_DAYS} days (0: the same day is fine).")
    if most is not None:
        if not isinstance(most, int) or not 0 <= most <= LONGEST_RULE_DAYS:
            problems.add("max_days", f"Give 0 to {LONGEST_RULE_DAYS} days, or leave it empty.")
        elif not problems.has("min_days") and most < least:
            problems.add("max_days", f"“At most” is at least “at least” ({least} days).")
    rule.why = " ".join((rule.why or "").split())
    if not rule.why:
        problems.add("why", "Say why in a few words, e.g. “the implant fuses with the bone”.")
    elif len(rule.why) > 120:
        problems.add("why", "Say it in 120 characters or fewer.")
    if not problems.has("before_kind") and not problems.has("after_kind"):
        twin = (
            scoped(SequencingRule, rule.practice)
            .filter(before_kind=rule.before_kind, after_kind=rule.after_kind)
            .exclude(pk=rule.pk)
            .exists()
        )
        if twin:
            problems.add(
                "after_kind",
                f"There is a rule from {_kind_label(rule.before_kind)} to "
                f"{_kind_label(rule.after_kind)} already: change that one.",
            )
    problems.raise_any()


def _fill(row: models.Model, data: Mapping[str, Any], names: Sequence[str]) -> None:
    unknown = set(data) - set(names)
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)}")
    for name, value in data.items():
        setattr(row, name, value)
