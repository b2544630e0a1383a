"""The checks of a plan the TC adjusted by hand, in words, before it is booked.

Blocking (the booking is refused): a visit with no day and time, a provider booked twice
(with what is already on the calendar, `busy`, or with another visit of the plan), the
patient booked twice (two visits of the plan, or `request.patient_busy`), a sequencing
gap broken (healing days, phase order, a rule's most days), a visit before
`request.not_before`. Warnings (the TC may go ahead): outside the provider's working
hours or on a day off, another provider than the plan's, before the day set for a visit
(the benefit-year split), outside the patient's preferred days and times.

Working hours are read from the request's free windows with the booked time (`busy`)
added back: free time plus booked time is the working day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from casepath.core.scheduling.calendar import (
    WEEKDAY_WORDS,
    day_words,
    local_day,
    local_moment,
    merge,
    moment_words,
    time_words,
    weekday_day_words,
)
from casepath.core.scheduling.plan import Conflict, Gap, Placed, Request, Visit
from casepath.core.scheduling.sequence import days_words

Busy = Mapping[int, Sequence[tuple[datetime, datetime]]]


def conflicts(
    request: Request, placed: Sequence[Placed], busy: Busy | None = None
) -> list[Conflict]:
    """Every problem with `placed`: blocking ones first, each group in the plan's order."""
    busy = busy or {}
    visits = {visit.key: visit for visit in request.visits}
    found: list[Conflict] = []
    seen: set[str] = set()
    ordered = sorted(placed, key=lambda p: (_utc(p.start), p.visit))
    for place in ordered:
        if place.visit not in visits:
            found.append(Conflict(place.visit, "This visit is not part of the plan."))
        elif place.visit in seen:
            found.append(Conflict(place.visit, f"{visits[place.visit].label} is placed twice."))
        elif _utc(place.end) <= _utc(place.start):
            found.append(
                Conflict(place.visit, f"{visits[place.visit].label} ends before it starts.")
            )
        seen.add(place.visit)
    for visit in request.visits:
        if visit.key not in seen:
            found.append(Conflict(visit.key, f"{visit.label} has no day and time yet."))
    checked = [
        p for p in _first_of_each(ordered) if p.visit in visits and _utc(p.end) > _utc(p.start)
    ]
    found += _blocking(request, visits, checked, busy)
    found += _warnings(request, visits, checked, busy)
    return found


def _blocking(
    request: Request, visits: Mapping[str, Visit], placed: Sequence[Placed], busy: Busy
) -> list[Conflict]:
    zone = request.zone
    found: list[Conflict] = []
    for place in placed:
        label = visits[place.visit].label
        if _utc(place.start) < _utc(request.not_before):
            found.append(
                Conflict(
                    place.visit,
                    f"{label} on {moment_words(place.start, zone)} is before "
                    f"{moment_words(request.not_before, zone)}, the earliest time for this plan.",
                )
            )
        for start, end in busy.get(place.provider, ()):
            if _overlap(place.start, place.end, start, end):
                found.append(
                    Conflict(
                        place.visit,
                        f"{label} on {moment_words(place.start, zone)}: "
                        f"{_name(request, place.provider)} is already booked from "
                        f"{_clock(start, request)} to {_clock(end, request)}.",
                    )
                )
                break
        for start, end in request.patient_busy:
            if _overlap(place.start, place.end, start, end):
                found.append(
                    Conflict(
                        place.visit,
                        f"{label} on {moment_words(place.start, zone)}: the patient already "
                        f"has an appointment from {_clock(start, request)} to "
                        f"{_clock(end, request)}.",
                    )
                )
                break
    for later_index, later in enumerate(placed):
        for earlier in placed[:later_index]:
            if not _overlap(earlier.start, earlier.end, later.start, later.end):
                continue
            both = f"{visits[earlier.visit].label} and {visits[later.visit].label}"
            day = day_words(local_day(later.start, zone))
            if earlier.provider == later.provider:
                who = f"{_name(request, later.provider)} cannot do both"
            else:
                who = "the patient cannot be at both"
            found.append(Conflict(later.visit, f"{both} overlap on {day}: {who}."))
    found += _gaps(request, visits, {p.visit: p for p in placed})
    return found


def _gaps(
    request: Request, visits: Mapping[str, Visit], placed: Mapping[str, Placed]
) -> list[Conflict]:
    """One message per pair and kind of breach: the longest healing broken (the later
    listed on a tie: gaps_for lists the practice's rules after the phase order)."""
    zone = request.zone
    worst: dict[tuple[str, str, str], Gap] = {}
    for gap in request.gaps:
        if gap.before not in placed or gap.after not in placed:
            continue
        before, after = placed[gap.before], placed[gap.after]
        days = (local_day(after.start, zone) - local_day(before.start, zone)).days
        if gap.min_days == 0 and _utc(after.start) < _utc(before.end):
            _keep(worst, (gap.before, gap.after, "order"), gap)
        elif gap.min_days and days < gap.min_days:
            _keep(worst, (gap.before, gap.after, "min"), gap)
        if gap.max_days is not None and days > gap.max_days:
            _keep(worst, (gap.before, gap.after, "max"), gap)
    for before_key, after_key, breach in list(worst):
        if breach == "order" and (before_key, after_key, "min") in worst:
            del worst[(before_key, after_key, "order")]  # the days say more
    found: list[Conflict] = []
    for (before_key, after_key, breach), gap in worst.items():
        before, after = placed[before_key], placed[after_key]
        first, then = visits[before_key].label, visits[after_key].label
        because = gap.because or gap.why
        if breach == "order":
            found.append(
                Conflict(
                    after_key,
                    f"{then} on {moment_words(after.start, zone)} starts before {first} on "
                    f"{moment_words(before.start, zone)} ends: it comes after ({because}).",
                )
            )
            continue
        days = (local_day(after.start, zone) - local_day(before.start, zone)).days
        if days > 0:
            apart = f"is {days_words(days)} after"
        elif days == 0:
            apart = "is the same day as"
        else:
            apart = f"is {days_words(-days)} before"
        limit = (
            f"at least {days_words(gap.min_days)}"
            if breach == "min"
            else f"at most {days_words(gap.max_days or 0)}"
        )
        found.append(
            Conflict(
                after_key,
                f"{then} on {day_words(local_day(after.start, zone))} {apart} {first} on "
                f"{day_words(local_day(before.start, zone))}: {limit} ({because}).",
            )
        )
    return found


def _keep(worst: dict[tuple[str, str, str], Gap], key: tuple[str, str, str], gap: Gap) -> None:
    held = worst.get(key)
    if held is None:
        worst[key] = gap
    elif key[2] == "max":
        if gap.max_days is not None and gap.max_days <= (held.max_days or 0):
            worst[key] = gap
    elif gap.min_days >= held.min_days:
        worst[key] = gap


def _warnings(
    request: Request, visits: Mapping[str, Visit], placed: Sequence[Placed], busy: Busy
) -> list[Conflict]:
    zone = request.zone
    working: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for window in request.free:
        working[window.provider].append((window.start, window.end))
    for provider, spans in busy.items():
        working[provider].extend(spans)
    days = {provider: merge(spans) for provider, spans in working.items()}
    preferences = request.preferences
    found: list[Conflict] = []
    for place in placed:
        visit = visits[place.visit]
        label = visit.label
        name = _name(request, place.provider)
        day = local_day(place.start, zone)
        if visit.providers and place.provider not in visit.providers:
            found.append(
                Conflict(place.visit, f"{name} is not one of the providers for {label}.", False)
            )
        hours = days.get(place.provider, [])
        inside = any(
            _utc(start) <= _utc(place.start) and _utc(place.end) <= _utc(end)
            for start, end in hours
        )
        if not inside:
            if _utc(place.end) > _utc(request.until):
                found.append(
                    Conflict(
                        place.visit,
                        f"{label} on {day_words(day)} is after the calendar shown (it ends "
                        f"{day_words(local_day(request.until, zone))}): working hours "
                        "not checked.",
                        False,
                    )
                )
            else:
                that_day = [
                    (start, end)
                    for start, end in hours
                    if local_day(start, zone) <= day <= local_day(end, zone)
                ]
                if not that_day:
                    message = (
                        f"{label}: {name} does not work on {weekday_day_words(day)} "
                        "(not a working day, or a day off)."
                    )
                else:
                    listed = ", ".join(
                        f"{_clock(start, request)} to {_clock(end, request)}"
                        for start, end in that_day
                    )
                    message = (
                        f"{label} at {_clock(place.start, request)} to "
                        f"{_clock(place.end, request)} on {day_words(day)} is outside "
                        f"{name}'s hours that day ({listed})."
                    )
                found.append(Conflict(place.visit, message, False))
        if visit.earliest is not None and day < visit.earliest:
            found.append(
                Conflict(
                    place.visit,
                    f"{label} on {day_words(day)} is before {day_words(visit.earliest)}, "
                    "the first day set for it.",
                    False,
                )
            )
        if day.weekday() not in preferences.weekdays:
            liked = ", ".join(WEEKDAY_WORDS[d] for d in sorted(preferences.weekdays)) or "none"
            found.append(
                Conflict(
                    place.visit,
                    f"{label} on {weekday_day_words(day)} is not on the patient's preferred "
                    f"days ({liked}).",
                    False,
                )
            )
        if preferences.earliest is not None and _utc(place.start) < _utc(
            local_moment(day, preferences.earliest, zone)
        ):
            found.append(
                Conflict(
                    place.visit,
                    f"{label} starts at {_clock(place.start, request)}, before the patient's "
                    f"earliest time ({time_words(preferences.earliest)}).",
                    False,
                )
            )
        if preferences.latest is not None and _utc(place.end) > _utc(
            local_moment(day, preferences.latest, zone)
        ):
            found.append(
                Conflict(
                    place.visit,
                    f"{label} ends at {_clock(place.end, request)}, after the patient's "
                    f"latest time ({time_words(preferences.latest)}).",
                    False,
                )
            )
    return found


def _first_of_each(placed: Sequence[Placed]) -> list[Placed]:
    kept: dict[str, Placed] = {}
    for place in placed:
        kept.setdefault(place.visit, place)
    return list(kept.values())


def _overlap(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return _utc(a_start) < _utc(b_end) and _utc(b_start) < _utc(a_end)


def _clock(moment: datetime, request: Request) -> str:
    return time_words(moment.astimezone(request.zone).time())


def _name(request: Request, provider: int) -> str:
    return request.provider_names.get(provider, f"provider {provider}")


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
