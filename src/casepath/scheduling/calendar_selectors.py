"""Reads of the calendar: a day (a column per provider) and a week (a row per provider).

Times are the practice's wall-clock times (`Practice.time_zone`): a visit at 10:00 sits at
10:00 on the day the clocks change too. Each page reads in a fixed number of queries
whatever the number of appointments: the appointments (with patient, provider, room, type
and case), their planned procedures, the providers, the working hours and the days off.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casepath.core.catalog.names import plain_name
from casepath.scheduling.models import (
    NOT_A_VISIT,
    Appointment,
    AppointmentProcedure,
    AppointmentStatus,
    TimeOff,
    WorkingHours,
)
from casepath.scheduling.selectors import day_start, practice_zone
from casepath.tenancy.models import Practice, Provider
from casepath.tenancy.scoping import get_scoped_or_404, scoped

AXIS_START = 7 * 60
"""The day's grid runs from 7:00 to 19:00 (minutes after midnight), or wider when a visit
or a provider's hours fall outside."""
AXIS_END = 19 * 60
SLOT_MINUTES = 15
DAY_MINUTES = 24 * 60

# What the calendar's buttons may change a status to, from each status.
NEXT_STATUSES: dict[str, tuple[AppointmentStatus, ...]] = {
    AppointmentStatus.SCHEDULED: (
        AppointmentStatus.CONFIRMED,
        AppointmentStatus.ARRIVED,
        AppointmentStatus.NO_SHOW,
        AppointmentStatus.CANCELLED,
    ),
    AppointmentStatus.CONFIRMED: (
        AppointmentStatus.ARRIVED,
        AppointmentStatus.NO_SHOW,
        AppointmentStatus.CANCELLED,
    ),
    AppointmentStatus.ARRIVED: (AppointmentStatus.COMPLETED,),
    AppointmentStatus.COMPLETED: (),
    AppointmentStatus.CANCELLED: (),
    AppointmentStatus.NO_SHOW: (),
}
BUTTON_LABELS = {
    AppointmentStatus.CONFIRMED: "Confirmed",
    AppointmentStatus.ARRIVED: "Arrived",
    AppointmentStatus.COMPLETED: "Completed",
    AppointmentStatus.NO_SHOW: "No-show",
    AppointmentStatus.CANCELLED: "Cancel",
}


@dataclass(frozen=True)
class Action:
    status: str
    label: str


@dataclass(frozen=True)
class Card:
    """One appointment as the calendar shows it (in the practice's local time)."""

    appointment: Appointment
    starts: datetime
    ends: datetime
    procedures: tuple[str, ...]

    @property
    def what(self) -> str:
        """The type, else the reason, else nothing."""
        kind = self.appointment.appointment_type
        return kind.name if kind is not None else self.appointment.reason

    @property
    def is_visit(self) -> bool:
        return self.appointment.status not in NOT_A_VISIT

    @property
    def actions(self) -> tuple[Action, ...]:
        return tuple(
            Action(status.value, BUTTON_LABELS[status])
            for status in NEXT_STATUSES[self.appointment.status]
        )


@dataclass(frozen=True)
class Block:
    """A card placed on the day's grid: minutes from the top of the grid, and its lane
    among the visits of the same provider that overlap it."""

    card: Card
    top: int
    length: int
    lane: int
    lanes: int


@dataclass(frozen=True)
class Shade:
    """A stretch of a provider's working hours on the grid (minutes from its top)."""

    top: int
    length: int
    label: str
    starts: str
    """'08:00', for a link that books from the start of the hours."""


@dataclass
class Column:
    provider: Provider
    hours: list[Shade] = field(default_factory=list)
    off: str = ""
    """Why the provider is away that day, when away."""
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Tick:
    top: int
    label: str
    hour: bool


@dataclass
class DayView:
    day: date
    today: date
    columns: list[Column]
    axis_start: int
    axis_end: int
    closed: str = ""
    """Why the whole practice is closed that day, when closed."""

    @property
    def previous_day(self) -> date:
        return self.day - timedelta(days=1)

    @property
    def next_day(self) -> date:
        return self.day + timedelta(days=1)

    @property
    def is_today(self) -> bool:
        return self.day == self.today

    @property
    def height(self) -> int:
        return self.axis_end - self.axis_start

    @property
    def ticks(self) -> list[Tick]:
        return [
            Tick(minute - self.axis_start, _clock(minute), minute % 60 == 0)
            for minute in range(self.axis_start, self.axis_end, SLOT_MINUTES)
        ]

    @property
    def appointment_count(self) -> int:
        return sum(1 for column in self.columns for block in column.blocks if block.card.is_visit)


@dataclass
class WeekCell:
    day: date
    cards: list[Card] = field(default_factory=list)
    hours: str = ""
    off: str = ""


@dataclass
class WeekRow:
    provider: Provider
    cells: list[WeekCell]


@dataclass
class WeekView:
    monday: date
    today: date
    rows: list[WeekRow]
    closed: dict[date, str]

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=n) for n in range(7)]

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def previous_week(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next_week(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def is_this_week(self) -> bool:
        return self.monday <= self.today <= self.sunday


def practice_today(practice: Practice, now: datetime) -> date:
    return timezone.localtime(now, practice_zone(practice)).date()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def calendar_appointments(practice: Practice) -> QuerySet[Appointment]:
    """Appointments with all the calendar shows of them, in two queries."""
    planned = scoped(AppointmentProcedure, practice).select_related("procedure")
    return (
        scoped(Appointment, practice)
        .select_related("patient", "provider", "operatory", "appointment_type", "case")
        .prefetch_related(Prefetch("planned", queryset=planned))
        .order_by("starts_at", "pk")
    )


def appointment_card(practice: Practice, appointment_id: object) -> Card:
    """One appointment of `practice` as a card (404 when it is not one of the practice's)."""
    try:
        found = calendar_appointments(practice).get(pk=appointment_id)
    except (Appointment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such appointment") from None
    return card_of(found, practice_zone(practice))


def appointment_get(practice: Practice, appointment_id: object) -> Appointment:
    """An appointment of `practice` to change (404 when it is not one of the practice's)."""
    return get_scoped_or_404(
        Appointment, practice, appointment_id, related=("patient", "provider", "practice")
    )


def card_of(appointment: Appointment, zone: ZoneInfo) -> Card:
    procedures = tuple(
        _procedure_words(link.procedure.code, link.procedure.tooth)
        for link in appointment.planned.all()
    )
    return Card(
        appointment,
        timezone.localtime(appointment.starts_at, zone),
        timezone.localtime(appointment.ends_at, zone),
        procedures,
    )


def day_view(practice: Practice, day: date, *, now: datetime) -> DayView:
    """The day's grid: a column per in-house provider working that day or with visits."""
    zone = practice_zone(practice)
    cards = _cards_between(practice, day, day, zone)
    hours = _hours(practice, {day.weekday()})
    away, closed = _days_off(practice, day, day)
    by_provider: dict[int, list[Card]] = defaultdict(list)
    for card in cards:
        by_provider[card.appointment.provider_id].append(card)
    providers = _providers(practice, hours, by_provider, cards)
    closed_reason = closed.get(day)
    columns = []
    for provider in providers:
        off = _why_off(provider.pk, day, away, closed_reason)
        shown = by_provider.get(provider.pk, [])
        ranges = [] if off else hours.get((provider.pk, day.weekday()), [])
        if shown or ranges:
            shades = [_shade(start, end) for start, end in ranges]
            columns.append(Column(provider, hours=shades, off=off, blocks=_place(shown, day)))
    axis_start, axis_end = _axis(columns)
    for column in columns:
        column.blocks = [
            Block(b.card, b.top - axis_start, b.length, b.lane, b.lanes) for b in column.blocks
        ]
        column.hours = [
            Shade(s.top - axis_start, s.length, s.label, s.starts) for s in column.hours
        ]
    return DayView(
        day=day,
        today=practice_today(practice, now),
        columns=columns,
        axis_start=axis_start,
        axis_end=axis_end,
        closed=closed_reason or "",
    )


def week_view(practice: Practice, any_day: date, *, now: datetime) -> WeekView:
    """Monday to Sunday: a row per in-house provider working that week or with visits."""
    zone = practice_zone(practice)
    monday = monday_of(any_day)
    sunday = monday + timedelta(days=6)
    cards = _cards_between(practice, monday, sunday, zone)
    hours = _hours(practice, set(range(7)))
    away, closed = _days_off(practice, monday, sunday)
    by_cell: dict[tuple[int, date], list[Card]] = defaultdict(list)
    by_provider: dict[int, list[Card]] = defaultdict(list)
    for card in cards:
        by_cell[(card.appointment.provider_id, card.starts.date())].append(card)
        by_provider[card.appointment.provider_id].append(card)
    rows = []
    for provider in _providers(practice, hours, by_provider, cards):
        cells = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            off = _why_off(provider.pk, day, away, closed.get(day))
            ranges = hours.get((provider.pk, day.weekday()), [])
            cells.append(
                WeekCell(
                    day,
                    by_cell.get((provider.pk, day), []),
                    hours=", ".join(_span(start, end) for start, end in ranges),
                    off=off,
                )
            )
        working = any(cell.hours and not cell.off for cell in cells)
        if working or by_provider.get(provider.pk):
            rows.append(WeekRow(provider, cells))
    return WeekView(monday, practice_today(practice, now), rows, closed)


def _cards_between(practice: Practice, first: date, last: date, zone: ZoneInfo) -> list[Card]:
    rows = calendar_appointments(practice).filter(
        starts_at__gte=day_start(first, zone),
        starts_at__lt=day_start(last + timedelta(days=1), zone),
    )
    return [card_of(row, zone) for row in rows]


Hours = tuple[time, time]


def _hours(practice: Practice, weekdays: set[int]) -> dict[tuple[int, int], list[Hours]]:
    """(provider id, weekday) -> [(starts, ends)] of the in-house providers' hours."""
    found: dict[tuple[int, int], list[Hours]] = defaultdict(list)
    rows = (
        scoped(WorkingHours, practice)
        .filter(weekday__in=weekdays)
        .order_by("provider_id", "weekday", "starts")
        .values_list("provider_id", "weekday", "starts", "ends")
    )
    for provider_id, weekday, starts, ends in rows:
        found[(provider_id, weekday)].append((starts, ends))
    return found


def _days_off(practice: Practice, first: date, last: date) -> tuple[list[TimeOff], dict[date, str]]:
    """The providers' days off touching the range, and the days the practice is closed."""
    rows = list(
        scoped(TimeOff, practice).filter(starts_on__lte=last, ends_on__gte=first).order_by("pk")
    )
    closed: dict[date, str] = {}
    for row in rows:
        if row.provider_id is not None:
            continue
        day = max(row.starts_on, first)
        while day <= min(row.ends_on, last):
            closed.setdefault(day, row.reason or "Practice closed")
            day += timedelta(days=1)
    return [row for row in rows if row.provider_id is not None], closed


def _why_off(provider_id: int, day: date, away: Iterable[TimeOff], closed: str | None) -> str:
    if closed is not None:
        return closed
    for row in away:
        if row.provider_id == provider_id and row.starts_on <= day <= row.ends_on:
            return row.reason or "Day off"
    return ""


def _providers(
    practice: Practice,
    hours: dict[tuple[int, int], list[Hours]],
    by_provider: dict[int, list[Card]],
    cards: Sequence[Card],
) -> list[Provider]:
    """The in-house providers with hours, and whoever has appointments, by name."""
    with_hours = {provider_id for provider_id, _ in hours}
    found = {
        provider.pk: provider
        for provider in scoped(Provider, practice).filter(
            Q(pk__in=with_hours, is_external=False, is_active=True)
        )
    }
    for card in cards:
        found.setdefault(card.appointment.provider_id, card.appointment.provider)
    return sorted(
        (p for p in found.values() if p.pk in with_hours or p.pk in by_provider),
        key=lambda p: (p.last_name, p.first_name, p.pk),
    )


def _minute_of_day(moment: datetime, day: date) -> int:
    """Wall-clock minutes after the day's midnight (0 before the day, 1440 after it)."""
    if moment.date() < day:
        return 0
    if moment.date() > day:
        return DAY_MINUTES
    return moment.hour * 60 + moment.minute


def _place(cards: Sequence[Card], day: date) -> list[Block]:
    """Blocks in minutes after midnight; overlapping visits side by side in lanes."""
    spans = []
    for card in cards:
        start = _minute_of_day(card.starts, day)
        end = max(_minute_of_day(card.ends, day), start + SLOT_MINUTES)
        spans.append((start, min(end, DAY_MINUTES), card))
    blocks: list[Block] = []
    group: list[tuple[int, int, Card, int]] = []
    lane_ends: list[int] = []
    group_end = -1
    for start, end, card in sorted(spans, key=lambda s: (s[0], s[2].appointment.pk)):
        if group and start >= group_end:
            blocks.extend(_lanes(group))
            group, lane_ends, group_end = [], [], -1
        lane = next((n for n, last in enumerate(lane_ends) if last <= start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        group.append((start, end, card, lane))
        group_end = max(group_end, end)
    blocks.extend(_lanes(group))
    return blocks


def _lanes(group: Sequence[tuple[int, int, Card, int]]) -> list[Block]:
    lanes = max((lane for *_, lane in group), default=-1) + 1
    return [Block(card, start, end - start, lane, lanes) for start, end, card, lane in group]


def _axis(columns: Sequence[Column]) -> tuple[int, int]:
    starts = [AXIS_START]
    ends = [AXIS_END]
    for column in columns:
        for block in column.blocks:
            starts.append(block.top)
            ends.append(block.top + block.length)
        for shade in column.hours:
            starts.append(shade.top)
            ends.append(shade.top + shade.length)
    start = min(starts) // 60 * 60
    end = min(-(-max(ends) // 60) * 60, DAY_MINUTES)
    return start, end


def _shade(start: time, end: time) -> Shade:
    top = start.hour * 60 + start.minute
    return Shade(top, end.hour * 60 + end.minute - top, _span(start, end), f"{start:%H:%M}")


def _span(start: time, end: time) -> str:
    """'8:00 to 12:00' with an en dash."""
    return (
        f"{_clock(start.hour * 60 + start.minute)}\N{EN DASH}{_clock(end.hour * 60 + end.minute)}"
    )


def _clock(minute: int) -> str:
    hour, rest = divmod(minute, 60)
    return f"{hour}:{rest:02d}"


def _procedure_words(code: str, tooth: str) -> str:
    name = plain_name(code)
    return f"{name}, tooth {tooth}" if tooth else name
