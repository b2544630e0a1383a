"""From an accepted case to the solver's request: the visits the plan needs, the waits
between them, and the providers' free time (reads only).

A visit groups the accepted procedures of one phase done by one provider; a procedure
planned over several visits (`visits` > 1) makes that many, a week or more apart. Its
length comes from the practice's appointment type for the kind of its main procedure
(the one whose type takes longest), else 60 minutes. Who may do it: the procedure's
provider, else the in-house providers the type asks for (kind, specialty), else every
in-house dentist. The waits: phase order and healing days, the practice's sequencing
rules in use (core `gaps_for`). Free time: working hours minus days off minus what is
booked (cancelled and no-show visits do not count). When the plan is split across
benefit years, the visits of the later phases wait for the patient's next benefit year.

`plan_conflicts` checks a plan the TC placed or adjusted against the calendar as it is
now (the same check runs again when everything is booked).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Final

from django.db.models import Q

from casepath.cases.models import Case, CasePhase, PlannedProcedure
from casepath.core.benefits.dates import add_months
from casepath.core.cases import Decision
from casepath.core.catalog.names import plain_name
from casepath.core.huddle.benefit_year import benefit_year_end
from casepath.core.scheduling import (
    KIND_LABELS,
    Conflict,
    Gap,
    Placed,
    Preferences,
    Request,
    Rule,
    Visit,
    VisitKind,
    Window,
    kind_of,
)
from casepath.core.scheduling.conflicts import conflicts
from casepath.core.scheduling.sequence import gaps_for
from casepath.insurance.models import Coverage
from casepath.scheduling.checks import provider_name, working_windows
from casepath.scheduling.models import (
    LONGEST_MINUTES,
    Appointment,
    AppointmentType,
    SequencingRule,
    WorkingHours,
)
from casepath.scheduling.selectors import day_start, practice_zone, visits
from casepath.tenancy.models import Practice, Provider, ProviderKind
from casepath.tenancy.scoping import scoped

DEFAULT_MINUTES: Final = 60
REPEAT_DAYS: Final = 7
"""Visits of one procedure planned over several visits are at least a week apart."""
REPEAT_WHY: Final = "visits of one treatment are a week or more apart"
LONGEST_MONTHS: Final = 12

Busy = dict[int, list[tuple[datetime, datetime]]]


@dataclass(frozen=True)
class PlanVisit:
    """One appointment the plan needs, with what the screen shows of it."""

    visit: Visit
    phase_name: str
    number: int
    of: int
    procedures: tuple[PlannedProcedure, ...]
    appointment_type: AppointmentType | None
    providers: tuple[Provider, ...]

    @property
    def key(self) -> str:
        return self.visit.key

    @property
    def minutes(self) -> int:
        return self.visit.minutes

    @property
    def procedure_words(self) -> list[str]:
        return [procedure_words(p) for p in self.procedures]


@dataclass(frozen=True)
class PlanRequest:
    """The core request and what the app knows around it."""

    case: Case
    request: Request
    """For the solver: free windows are working hours minus what is booked."""
    visits: tuple[PlanVisit, ...]
    start_on: date
    months: int
    split_phase: int | None = None
    next_year_starts: date | None = None
    notes: tuple[str, ...] = ()
    phases: tuple[tuple[int, str], ...] = ()
    """(number, name) of each phase with something to book, in order."""
    providers: dict[int, Provider] = field(default_factory=dict)

    def visit(self, key: str) -> PlanVisit:
        return next(v for v in self.visits if v.key == key)

    def waits_for(self, key: str) -> list[str]:
        """Why the visit waits: the gaps it comes after, in words."""
        return [gap.why for gap in self.request.gaps if gap.after == key]


def procedure_words(procedure: PlannedProcedure) -> str:
    name = plain_name(procedure.code)
    return f"{name}, tooth {procedure.tooth}" if procedure.tooth else name


def horizon(start_on: date, months: int) -> date:
    """The first day after the calendar the solver looks at."""
    return add_months(start_on, months)


def plan_request(
    case: Case,
    *,
    now: datetime,
    preferences: Preferences,
    start_on: date,
    months: int = 6,
    split_phase: int | None = None,
) -> PlanRequest:
    """The request for the accepted option of `case` (phases numbered from 1)."""
    practice = case.practice
    zone = practice_zone(practice)
    until_day = horizon(start_on, months)
    not_before = max(now, day_start(start_on, zone))
    until = day_start(until_day, zone)
    accepted = _accepted_procedures(case)
    procedures, elsewhere = _done_here(practice, accepted)
    phases = _phases(procedures)
    notes: list[str] = [_elsewhere_note(p) for p in elsewhere]
    waits_outside = _outside_waits(accepted, elsewhere, start_on)
    next_year: date | None = None
    if split_phase is not None:
        next_year, why = next_benefit_year(case, start_on)
        notes.append(why)
    types = _types_by_kind(practice)
    in_house = list(
        scoped(Provider, practice).filter(is_active=True, is_external=False).order_by("pk")
    )
    plan_visits: list[PlanVisit] = []
    repeat_gaps: list[Gap] = []
    healing: dict[int, int] = {}
    for number, (phase, rows) in enumerate(phases, start=1):
        healing[number] = max((p.healing_days for p in rows), default=0)
        earliest = next_year if split_phase is not None and number >= split_phase else None
        outside = waits_outside.get(phase.pk)
        if outside is not None:
            earliest = max(earliest, outside) if earliest else outside
        for group in _by_provider(rows):
            made = _group_visits(phase, number, group, types, in_house, earliest)
            plan_visits.extend(made)
            repeat_gaps.extend(_repeat_gaps(made))
    core_visits = tuple(v.visit for v in plan_visits)
    rules = _rules(practice)
    gaps = (*gaps_for(core_visits, rules, healing), *repeat_gaps)
    providers = {p.pk: p for v in plan_visits for p in v.providers}
    busy = busy_of(practice, providers, not_before, until)
    free = working_windows(
        practice, list(providers), start_on, until_day - timedelta(days=1), busy=busy
    )
    request = Request(
        visits=core_visits,
        gaps=gaps,
        free=_from(free, not_before),
        zone=zone,
        not_before=not_before,
        until=until,
        preferences=preferences,
        patient_busy=patient_busy_of(case, not_before, until),
        provider_names={pk: provider_name(p) for pk, p in providers.items()},
    )
    return PlanRequest(
        case=case,
        request=request,
        visits=tuple(plan_visits),
        start_on=start_on,
        months=months,
        split_phase=split_phase,
        next_year_starts=next_year,
        notes=tuple(notes),
        phases=tuple((n, phase.name) for n, (phase, _) in enumerate(phases, start=1)),
        providers=providers,
    )


def _done_here(
    practice: Practice, procedures: list[PlannedProcedure]
) -> tuple[list[PlannedProcedure], list[PlannedProcedure]]:
    """The procedures booked on our calendar, and those an outside specialist does in
    their own office (an outside provider with no working hours here): the specialist
    books those, through the referral."""
    visiting = set(
        scoped(WorkingHours, practice)
        .filter(provider__is_external=True)
        .values_list("provider_id", flat=True)
    )
    here, elsewhere = [], []
    for procedure in procedures:
        provider = procedure.provider
        outside = provider is not None and provider.is_external and provider.pk not in visiting
        (elsewhere if outside else here).append(procedure)
    return here, elsewhere


def _outside_waits(
    accepted: list[PlannedProcedure], elsewhere: list[PlannedProcedure], start_on: date
) -> dict[int, date]:
    """For each phase after work done outside: not before the healing of that work has
    run from `start_on` (the specialist's visits are not on our calendar, so the phase
    order cannot wait for them otherwise)."""
    outside_ids = {p.pk for p in elsewhere}
    waits: dict[int, date] = {}
    days = 0
    for phase, rows in _phases(accepted):
        if days:
            waits[phase.pk] = start_on + timedelta(days=days)
        outside = [p for p in rows if p.pk in outside_ids]
        if outside:
            days += max((p.healing_days for p in rows), default=0)
    return waits


def _elsewhere_note(procedure: PlannedProcedure) -> str:
    tooth = f" #{procedure.tooth}" if procedure.tooth else ""
    return (
        f"{procedure.code}{tooth} is done by {procedure.provider} in their own office: "
        "not booked here (refer it from the case; the specialist books it)."
    )


def _from(windows: Iterable[Window], start: datetime) -> tuple[Window, ...]:
    """The free time left from `start` on (today's morning is gone at noon)."""
    return tuple(
        w if w.start >= start else Window(w.provider, start.astimezone(w.start.tzinfo), w.end)
        for w in windows
        if w.end > start
    )


def _accepted_procedures(case: Case) -> list[PlannedProcedure]:
    if case.accepted_option_id is None:
        return []
    return list(
        scoped(PlannedProcedure, case.practice)
        .filter(phase__option_id=case.accepted_option_id)
        .exclude(decision=Decision.DECLINED)
        .select_related("phase", "provider")
        .order_by("phase__position", "phase__pk", "position", "pk")
    )


def _phases(
    procedures: Sequence[PlannedProcedure],
) -> list[tuple[CasePhase, list[PlannedProcedure]]]:
    """The phases with accepted procedures, in order (a phase left empty is skipped)."""
    found: dict[int, tuple[CasePhase, list[PlannedProcedure]]] = {}
    for procedure in procedures:
        found.setdefault(procedure.phase_id, (procedure.phase, []))[1].append(procedure)
    return list(found.values())


def _by_provider(rows: Sequence[PlannedProcedure]) -> list[list[PlannedProcedure]]:
    """The procedures of a phase grouped by who does them (unassigned ones together)."""
    groups: dict[int | None, list[PlannedProcedure]] = {}
    for procedure in rows:
        groups.setdefault(procedure.provider_id, []).append(procedure)
    return list(groups.values())


def _types_by_kind(practice: Practice) -> dict[str, AppointmentType]:
    """The practice's type in use for each kind (the first made, when several)."""
    found: dict[str, AppointmentType] = {}
    for kind_type in scoped(AppointmentType, practice).filter(is_active=True).order_by("pk"):
        found.setdefault(kind_type.kind, kind_type)
    return found


def _group_visits(
    phase: CasePhase,
    number: int,
    group: Sequence[PlannedProcedure],
    types: dict[str, AppointmentType],
    in_house: Sequence[Provider],
    earliest: date | None,
) -> list[PlanVisit]:
    main = max(group, key=lambda p: _minutes(types.get(kind_of(p.code))))
    kind = kind_of(main.code)
    kind_type = types.get(kind)
    minutes = min(_minutes(kind_type), LONGEST_MINUTES)
    providers = _providers_for(main, kind_type, in_house)
    count = max(p.visits for p in group)
    teeth = frozenset(p.tooth for p in group if p.tooth)
    made = []
    for visit_number in range(1, count + 1):
        key = f"ph{phase.pk}-pr{main.provider_id or 0}-v{visit_number}"
        label = _label(kind, group)
        if count > 1:
            label = f"{label} (visit {visit_number} of {count})"
        made.append(
            PlanVisit(
                visit=Visit(
                    key=key,
                    label=label,
                    minutes=minutes,
                    providers=tuple(p.pk for p in providers),
                    phase=number,
                    kind=kind,
                    also=frozenset(kind_of(p.code) for p in group) - {kind},
                    teeth=teeth,
                    earliest=earliest,
                ),
                phase_name=phase.name,
                number=visit_number,
                of=count,
                procedures=tuple(p for p in group if p.visits >= visit_number),
                appointment_type=kind_type,
                providers=tuple(providers),
            )
        )
    return made


def _label(kind: VisitKind, group: Sequence[PlannedProcedure]) -> str:
    """The main kind's name, and the others': "Extraction and bone graft"."""
    names = [KIND_LABELS[kind]]
    for procedure in group:
        name = KIND_LABELS[kind_of(procedure.code)]
        if name not in names:
            names.append(name)
    return " and ".join([names[0], *(n.lower() for n in names[1:])])


def _minutes(kind_type: AppointmentType | None) -> int:
    return kind_type.minutes if kind_type is not None else DEFAULT_MINUTES


def _providers_for(
    main: PlannedProcedure, kind_type: AppointmentType | None, in_house: Sequence[Provider]
) -> list[Provider]:
    if main.provider is not None:
        return [main.provider]
    if kind_type is not None and (kind_type.provider_kind or kind_type.specialty):
        fit = [
            p
            for p in in_house
            if (not kind_type.provider_kind or p.kind == kind_type.provider_kind)
            and (
                not kind_type.specialty
                or p.specialty.strip().lower() == kind_type.specialty.strip().lower()
            )
        ]
        if fit:
            return fit
    return [p for p in in_house if p.kind == ProviderKind.DENTIST]


def _repeat_gaps(made: Sequence[PlanVisit]) -> list[Gap]:
    return [
        Gap(
            before=first.key,
            after=then.key,
            min_days=REPEAT_DAYS,
            why=(
                f"{KIND_LABELS[VisitKind(then.visit.kind)]} visit {then.number} at least "
                f"{REPEAT_DAYS} days after visit {first.number}: {REPEAT_WHY}"
            ),
            because=REPEAT_WHY,
        )
        for first, then in pairwise(made)
    ]


def _rules(practice: Practice) -> tuple[Rule, ...]:
    return tuple(
        Rule(
            VisitKind(row.before_kind),
            VisitKind(row.after_kind),
            row.min_days,
            row.why,
            row.max_days,
        )
        for row in scoped(SequencingRule, practice).filter(is_active=True).order_by("pk")
    )


def next_benefit_year(case: Case, start_on: date) -> tuple[date, str]:
    """The first day of the patient's next benefit year after `start_on`, and how it was
    found (the primary coverage's plan year, else January 1)."""
    coverage = (
        scoped(Coverage, case.practice)
        .filter(patient_id=case.patient_id, ordinal=1, effective_date__lte=start_on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start_on))
        .select_related("plan")
        .defer("member_id")
        .order_by("-effective_date", "pk")
        .first()
    )
    if coverage is None:
        starts = date(start_on.year + 1, 1, 1)
        return starts, (
            f"No primary insurance is on file: the next benefit year is taken to start on "
            f"{starts:%m/%d/%Y} (January 1)."
        )
    month = coverage.plan.benefit_year_start_month
    starts = benefit_year_end(start_on, month) + timedelta(days=1)
    return starts, f"The next benefit year of {coverage.plan} starts on {starts:%m/%d/%Y}."


def busy_of(practice: Practice, providers: Iterable[int], start: datetime, end: datetime) -> Busy:
    """What `providers` have booked from `start` to `end` (visits only), per provider."""
    found: Busy = defaultdict(list)
    rows = (
        visits(practice)
        .filter(
            provider_id__in=list(providers),
            starts_at__lt=end,
            starts_at__gt=start - timedelta(minutes=LONGEST_MINUTES),
        )
        .values_list("provider_id", "starts_at", "duration_minutes")
    )
    for provider_id, starts_at, minutes in rows:
        ends_at = starts_at + timedelta(minutes=minutes)
        if ends_at > start:
            found[provider_id].append((starts_at, ends_at))
    return dict(found)


def patient_busy_of(
    case: Case, start: datetime, end: datetime
) -> tuple[tuple[datetime, datetime], ...]:
    """The patient's own visits from `start` to `end`."""
    rows = (
        visits(case.practice)
        .filter(
            patient_id=case.patient_id,
            starts_at__lt=end,
            starts_at__gt=start - timedelta(minutes=LONGEST_MINUTES),
        )
        .values_list("starts_at", "duration_minutes")
    )
    spans = ((s, s + timedelta(minutes=m)) for s, m in rows)
    return tuple(span for span in spans if span[1] > start)


def plan_conflicts(plan: PlanRequest, placed: Sequence[Placed], *, now: datetime) -> list[Conflict]:
    """What is wrong with `placed` against the calendar as it is now: blocking conflicts
    (a provider or the patient booked twice, a wait broken, a provider who cannot do the
    visit, a visit missing) first, then warnings (outside working hours or the patient's
    preferred times, before the next benefit year of a split plan)."""
    found = _shape_conflicts(plan, placed)
    if any(c.blocking for c in found) or not placed:
        return found
    practice = plan.case.practice
    first = min(p.start for p in placed)
    last = max(p.end for p in placed)
    zone = plan.request.zone
    providers = {p.provider for p in placed}
    start_day = first.astimezone(zone).date()
    end_day = last.astimezone(zone).date()
    check = replace(
        plan.request,
        free=working_windows(practice, providers, start_day, end_day),
        not_before=now,
        until=max(plan.request.until, last),
        patient_busy=patient_busy_of(plan.case, first, last),
    )
    busy = busy_of(practice, providers, first, last)
    found = [*found, *conflicts(check, placed, busy)]
    return sorted(found, key=lambda c: not c.blocking)


def _shape_conflicts(plan: PlanRequest, placed: Sequence[Placed]) -> list[Conflict]:
    """Every visit placed once, each by a provider who may do it."""
    found = []
    keys = [p.visit for p in placed]
    for visit in plan.visits:
        if visit.key not in keys:
            found.append(Conflict(visit.key, f"{visit.visit.label} has no day and time yet."))
        elif keys.count(visit.key) > 1:
            found.append(Conflict(visit.key, f"{visit.visit.label} is placed twice."))
    known = {v.key for v in plan.visits}
    for one in placed:
        if one.visit not in known:
            found.append(Conflict(one.visit, "This visit is no longer in the plan: propose again."))
            continue
        visit = plan.visit(one.visit)
        if one.provider not in visit.visit.providers:
            names = ", ".join(provider_name(p) for p in visit.providers) or "nobody"
            found.append(
                Conflict(
                    one.visit,
                    f"{visit.visit.label} is done by {names}, not by the provider chosen.",
                )
            )
    return found


def plan_phases(case: Case) -> list[tuple[int, str]]:
    """(number, name) of the accepted option's phases with something to book."""
    return [(n, phase.name) for n, (phase, _) in enumerate(_phases(_accepted_procedures(case)), 1)]


def booked_visits(case: Case) -> list[Appointment]:
    """The appointments booked from the case's plan, in time order."""
    return list(
        scoped(Appointment, case.practice)
        .filter(case_id=case.pk, booking__isnull=False)
        .select_related("provider", "appointment_type")
        .order_by("starts_at", "pk")
    )
