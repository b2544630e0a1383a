"""The checks of one appointment before it is booked or moved, and the providers' working
time over some days (for the solver and the calendar).

`appointment_conflicts` answers core `Conflict`s whose `visit` names the field to show
the words beside: "provider", "operatory" (the room), "patient" or "starts_at".
Blocking: the provider, the room or the patient is already booked then (cancelled and
no-show appointments do not count). Warnings (the TC may book anyway): outside the
provider's working hours (only when the provider has hours set) or on a day off.
Everything is read in the practice's time zone, in three queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from django.db.models import Q

from casepath.core.scheduling import Conflict, Window
from casepath.core.scheduling.calendar import free_windows
from casepath.patients.models import Patient
from casepath.scheduling.models import LONGEST_MINUTES, WEEKDAYS, TimeOff, WorkingHours
from casepath.scheduling.selectors import practice_zone, visits
from casepath.tenancy.models import Operatory, Practice, Provider, ProviderKind
from casepath.tenancy.scoping import scoped

DAY_NAMES = dict(WEEKDAYS)


def provider_name(provider: Provider) -> str:
    """'Dr Nunez' for a dentist or specialist, else the full name."""
    if provider.kind in (ProviderKind.DENTIST, ProviderKind.SPECIALIST):
        return f"Dr {provider.last_name}"
    return f"{provider.first_name} {provider.last_name}"


DASH = "\u2013"


def clock(value: datetime | time) -> str:
    """8:00, 13:30 (the practice's wall clock)."""
    return f"{value.hour}:{value.minute:02d}"


def span(starts: datetime | time, ends: datetime | time) -> str:
    """8:00\u201312:00."""
    return f"{clock(starts)}{DASH}{clock(ends)}"


def _day(value: date) -> str:
    return f"{value:%m/%d/%Y}"


def appointment_conflicts(
    practice: Practice,
    *,
    patient: Patient | None,
    provider: Provider,
    starts_at: datetime,
    minutes: int,
    operatory: Operatory | None = None,
    ignore_ids: Iterable[int] = (),
) -> list[Conflict]:
    """What stands in the way of `patient` seeing `provider` at `starts_at` for `minutes`
    (in `operatory` when given); `ignore_ids`: appointments not to count (the one being
    moved). Blocking conflicts first, then warnings."""
    zone = practice_zone(practice)
    starts_at = starts_at.astimezone(UTC)  # arithmetic in UTC: right across a clock change
    ends_at = starts_at + timedelta(minutes=minutes)
    blocking = _booked(
        practice,
        patient=patient,
        provider=provider,
        operatory=operatory,
        starts_at=starts_at,
        ends_at=ends_at,
        ignore_ids=tuple(ignore_ids),
        zone=zone,
    )
    local_start, local_end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    warnings = [
        *_outside_hours(practice, provider, local_start, local_end),
        *_days_off(practice, provider, local_start.date(), local_end.date()),
    ]
    return [*blocking, *warnings]


def _booked(
    practice: Practice,
    *,
    patient: Patient | None,
    provider: Provider,
    operatory: Operatory | None,
    starts_at: datetime,
    ends_at: datetime,
    ignore_ids: tuple[int, ...],
    zone: tzinfo,
) -> list[Conflict]:
    who = Q(provider=provider)
    if patient is not None:
        who |= Q(patient=patient)
    if operatory is not None:
        who |= Q(operatory=operatory)
    nearby = (
        visits(practice)
        .filter(who)
        .filter(
            starts_at__lt=ends_at,
            starts_at__gt=starts_at - timedelta(minutes=LONGEST_MINUTES),
        )
        .exclude(pk__in=ignore_ids)
        .select_related("patient", "provider", "operatory")
        .order_by("starts_at", "pk")
    )
    local_day = starts_at.astimezone(zone).date()
    found: list[Conflict] = []
    for other in nearby:
        if other.ends_at <= starts_at:
            continue
        other_start = other.starts_at.astimezone(zone)
        other_end = other.ends_at.astimezone(zone)
        when = f"from {clock(other_start)} to {clock(other_end)}"
        if other_start.date() != local_day:
            when += f" on {_day(other_start.date())}"
        seen_by = provider_name(other.provider)
        if other.provider_id == provider.pk:
            found.append(
                Conflict(
                    "provider",
                    f"{seen_by} already sees {other.patient.display_name} {when}.",
                )
            )
        elif patient is not None and other.patient_id == patient.pk:
            found.append(
                Conflict(
                    "patient",
                    f"{patient.display_name} already has a visit with {seen_by} {when}.",
                )
            )
        if operatory is not None and other.operatory_id == operatory.pk:
            found.append(
                Conflict(
                    "operatory",
                    f"{operatory.name} is taken by {other.patient.display_name} with "
                    f"{seen_by} {when}.",
                )
            )
    return found


def _outside_hours(
    practice: Practice, provider: Provider, local_start: datetime, local_end: datetime
) -> list[Conflict]:
    hours = list(scoped(WorkingHours, practice).filter(provider=provider))
    if not hours:
        return []
    weekday = local_start.weekday()
    day = [row for row in hours if row.weekday == weekday]
    name, day_name = provider_name(provider), DAY_NAMES[weekday]
    if not day:
        return [Conflict("starts_at", f"{name} does not work on {day_name}s.", blocking=False)]
    start, end = local_start.time(), local_end.time()
    fits = local_end.date() == local_start.date() and any(
        row.starts <= start and end <= row.ends for row in day
    )
    if fits:
        return []
    ranges = " and ".join(span(row.starts, row.ends) for row in day)
    return [
        Conflict(
            "starts_at",
            f"{name} works {ranges} on {day_name}s: {clock(local_start)} to "
            f"{clock(local_end)} is outside those hours.",
            blocking=False,
        )
    ]


def _days_off(
    practice: Practice, provider: Provider, first_day: date, last_day: date
) -> list[Conflict]:
    away = (
        scoped(TimeOff, practice)
        .filter(Q(provider=provider) | Q(provider__isnull=True))
        .filter(starts_on__lte=last_day, ends_on__gte=first_day)
        .order_by("starts_on", "pk")
    )
    found = []
    for time_off in away:
        days = _day(time_off.starts_on)
        if time_off.ends_on != time_off.starts_on:
            days = f"from {days} to {_day(time_off.ends_on)}"
        else:
            days = f"on {days}"
        reason = f" ({time_off.reason})" if time_off.reason else ""
        if time_off.provider_id is None:
            words = f"The practice is closed {days}{reason}."
        else:
            words = f"{provider_name(provider)} is off {days}{reason}."
        found.append(Conflict("starts_at", words, blocking=False))
    return found


def working_windows(
    practice: Practice,
    providers: Iterable[Provider | int],
    start_day: date,
    end_day: date,
    *,
    busy: Mapping[int, Sequence[tuple[datetime, datetime]]] | None = None,
) -> tuple[Window, ...]:
    """When each of `providers` works from `start_day` to `end_day` (both included, the
    practice's days): their weekly hours minus their days off and the practice's closed
    days, minus `busy` when given. Two queries."""
    ids = [p if isinstance(p, int) else p.pk for p in providers]
    hours: dict[int, dict[int, list[tuple[time, time]]]] = {pk: {} for pk in ids}
    rows = scoped(WorkingHours, practice).filter(provider_id__in=ids).order_by("starts")
    for row in rows:
        hours[row.provider_id].setdefault(row.weekday, []).append((row.starts, row.ends))
    days_off: dict[int | None, list[tuple[date, date]]] = {}
    away = (
        scoped(TimeOff, practice)
        .filter(Q(provider_id__in=ids) | Q(provider__isnull=True))
        .filter(starts_on__lte=end_day, ends_on__gte=start_day)
    )
    for time_off in away:
        days_off.setdefault(time_off.provider_id, []).append((time_off.starts_on, time_off.ends_on))
    return free_windows(
        hours,
        days_off,
        {pk: list(spans) for pk, spans in (busy or {}).items()},
        start_day=start_day,
        end_day=end_day,
        zone=practice_zone(practice),
    )
