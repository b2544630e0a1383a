"""Place every visit of a plan on the providers' free time with CP-SAT (OR-Tools).

Time is a grid of `request.grid_minutes` on the practice's wall clock, counted from the
local midnight of the `not_before` day (see `Axis`: free time is cut at clock changes
so that the wall clock and real time agree for every visit). Each visit gets one start
variable whose domain is built directly from the free windows it fits in
(`Domain.from_intervals`, never one boolean per slot), one choice per provider who may
do it, a day variable (start = day x units-per-day + the time of day: days are counted
in the practice's zone) when a gap counts days, and intervals for "no two visits of the
patient at once" and "no two new visits of one provider at once". The objective
finishes the plan as early as possible: the last end counts the number of visits times,
each start once (ties go to earlier starts), then the provider listed first.

The patient's preferred weekdays and times are tried as hard constraints first; when
they cannot all hold, the plan is solved again with them as a penalty (as few visits
outside them as possible, before finishing early) and a note names the visits outside.

When no plan fits, `Unschedulable` says why in words: first the checks that need no
solver (no provider, a visit longer than any free time, a chain of healing days longer
than the calendar, rules that contradict each other), then, when CP-SAT proves there is
no plan, each rule and each visit left out in turn to find the one to blame.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import pairwise

from ortools.sat.python import cp_model

from casepath.core.errors import CasepathError
from casepath.core.scheduling.calendar import (
    day_start,
    day_words,
    local_day,
    local_moment,
    merge,
    split_by_day,
    subtract,
)
from casepath.core.scheduling.plan import (
    Gap,
    Placed,
    Preferences,
    Proposal,
    Request,
    Unschedulable,
    Visit,
)
from casepath.core.scheduling.sequence import days_words

WORKERS = 1
"""One search worker: the same request gives the same proposal (several workers race
and return any one of equally good plans), and on the benchmark it was also the fastest
(p95 0.14 s against 0.41 s with four, on 2 cores)."""
SEED = 7
PROBING = 0
"""Presolve probing: off. On domains of hundreds of windows it took most of the time
(0.6 s of 0.8 s on the benchmark's busy calendar) and found nothing the search does not
(tests/bench/scheduling.py, docs/performance.md)."""


def propose(request: Request, *, seconds: float = 2) -> Proposal:
    """The earliest plan that honours every rule, in `seconds` at most (the best found
    by then when optimality is not proven). Raises `Unschedulable` with the reasons."""
    check_request(request)
    axis = Axis.of(request)
    plain = Space.build(request, axis, preferences=None)
    problems = precheck(request, axis, plain)
    if problems:
        raise Unschedulable(*problems)
    clock = Budget(seconds)
    if request.preferences.any():
        preferred = Space.build(request, axis, preferences=request.preferences)
        if not preferred.empty_visits() and not precheck_days(request, axis, preferred):
            outcome = solve(request, axis, preferred, clock.left())
            clock.spend(outcome.seconds)
            if outcome.placed is not None:
                return Proposal(outcome.placed)
        outcome = solve(request, axis, plain, clock.left(), soft=preferred)
        clock.spend(outcome.seconds)
        if outcome.placed is not None:
            return Proposal(outcome.placed, _preference_notes(request, outcome.outside))
    else:
        outcome = solve(request, axis, plain, clock.left())
        clock.spend(outcome.seconds)
        if outcome.placed is not None:
            return Proposal(outcome.placed)
    if outcome.status == cp_model.INFEASIBLE:
        raise Unschedulable(*diagnose(request, axis, plain, seconds))
    raise Unschedulable(
        f"No plan was found in {seconds:g} seconds: the calendars are very full. "
        "Try a later end, fewer visits at once, or more working hours."
    )


def check_request(request: Request) -> None:
    keys = [visit.key for visit in request.visits]
    if not keys:
        raise CasepathError.at("visits", "The plan has no visits to schedule.")
    if len(set(keys)) != len(keys):
        raise CasepathError.at("visits", "Two visits have the same key.")
    known = set(keys)
    for gap in request.gaps:
        if gap.before not in known or gap.after not in known:
            raise CasepathError.at("gaps", f"A rule names a visit not in the plan: {gap.why}")
    for visit in request.visits:
        if visit.minutes <= 0:
            raise CasepathError.at("visits", f"{visit.label} needs a length in minutes.")
    if request.grid_minutes <= 0 or 1440 % request.grid_minutes:
        raise CasepathError.at("grid_minutes", "The grid divides a day (5, 10, 15, 30, 60).")
    if _utc(request.until) <= _utc(request.not_before):
        raise CasepathError.at("until", "The calendar ends after it starts.")


@dataclass(frozen=True)
class Axis:
    """Grid units of local wall-clock time from the first day's midnight: unit `u` is on
    day `u // per_day`, so days count in the practice's zone with a plain linear link.

    Wall-clock time and real time differ only across a clock change. Free time is cut
    at each change (no visit runs through one), and after the autumn change the repeated
    hour is left out (its wall times are taken by the hour before the change): every
    wall time the solver may use is then one real moment, and two visits overlap on the
    wall clock exactly when they overlap in real time.
    """

    origin: datetime
    """Naive: the first day's midnight on the wall clock."""
    step: int
    """Seconds per unit."""
    per_day: int
    first_day: date
    last_day: date
    changes: tuple[tuple[datetime, int], ...]
    """Each clock change in the horizon: the moment (UTC) and the shift in seconds."""
    request: Request

    @classmethod
    def of(cls, request: Request) -> Axis:
        zone = request.zone
        first = local_day(request.not_before, zone)
        last = local_day(request.until, zone)
        step = request.grid_minutes * 60
        origin = datetime.combine(first, datetime.min.time())
        changes = tuple(_clock_changes(first, last, zone))
        return cls(origin, step, 86400 // step, first, last, changes, request)

    def seconds(self, moment: datetime) -> int:
        """Wall-clock seconds since the first midnight."""
        wall = moment.astimezone(self.request.zone).replace(tzinfo=None)
        return (wall - self.origin) // timedelta(seconds=1)

    def moment(self, unit: int) -> datetime:
        wall = self.origin + timedelta(seconds=unit * self.step)
        return wall.replace(tzinfo=self.request.zone).astimezone(UTC).astimezone(self.request.zone)

    def day_of(self, moment: datetime) -> int:
        return (local_day(moment, self.request.zone) - self.first_day).days

    def date_of(self, day: int) -> date:
        return self.first_day + timedelta(days=day)

    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def size(self, visit: Visit) -> int:
        """The units a visit blocks (a 50-minute visit blocks four 15-minute units)."""
        return _ceil(visit.minutes * 60, self.step)

    def until_words(self) -> str:
        return day_words(local_day(self.request.until, self.request.zone))

    def wall_safe(self, spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
        """Spans cut at each clock change, without the repeated hour after an autumn one."""
        if not self.changes:
            return spans
        cuts = [(at, at + timedelta(seconds=-shift)) for at, shift in self.changes if shift < 0]
        kept = subtract(spans, cuts) if cuts else spans
        pieces: list[tuple[datetime, datetime]] = []
        for start, end in kept:
            for at, _ in self.changes:
                if _utc(start) < at < _utc(end):
                    pieces.append((start, at))
                    start = at
            pieces.append((start, end))
        return pieces


def _clock_changes(first: date, last: date, zone: tzinfo) -> list[tuple[datetime, int]]:
    """The moments (UTC) the zone's offset changes between the two days, to the second."""
    found: list[tuple[datetime, int]] = []
    day = first
    while day <= last:
        low = _utc(day_start(day, zone))
        high = _utc(day_start(day + timedelta(days=1), zone))
        before, after = _offset(low, zone), _offset(high, zone)
        if before != after:
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if _offset(middle, zone) == before:
                    low = middle
                else:
                    high = middle
            found.append((high, (after - before) // timedelta(seconds=1)))
        day += timedelta(days=1)
    return found


def _offset(moment: datetime, zone: tzinfo) -> timedelta:
    return moment.astimezone(zone).utcoffset() or timedelta(0)


@dataclass(frozen=True)
class Starts:
    provider: int
    low: int
    high: int
    day: int


@dataclass
class Space:
    """Every visit's feasible starts, by provider, with their local day."""

    starts: dict[str, list[Starts]]
    longest: dict[int, int]
    """Each provider's longest free window, in minutes (for the words)."""

    @classmethod
    def build(cls, request: Request, axis: Axis, *, preferences: Preferences | None) -> Space:
        zone = request.zone
        by_provider: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
        for window in request.free:
            by_provider[window.provider].append((window.start, window.end))
        windows: dict[int, list[tuple[int, int, int]]] = {}
        longest: dict[int, int] = {}
        clip = [(request.not_before, request.until)]
        for provider, spans in by_provider.items():
            free = subtract(merge(spans), request.patient_busy)
            free = axis.wall_safe(_intersect(free, clip))
            pieces: list[tuple[int, int, int]] = []
            for start, end in free:
                for part_start, part_end in split_by_day(start, end, zone):
                    if preferences is not None:
                        kept = _preferred(part_start, part_end, preferences, axis)
                        if kept is None:
                            continue
                        part_start, part_end = kept
                    low = axis.seconds(part_start)
                    # the end's wall time on its own side of a change: 2:00, not 3:00
                    high = axis.seconds(_utc(part_end) - timedelta(seconds=1)) + 1
                    if high > low:
                        pieces.append((low, high, axis.day_of(part_start)))
            windows[provider] = pieces
            longest[provider] = max((high - low for low, high, _ in pieces), default=0) // 60
        starts: dict[str, list[Starts]] = {}
        for visit in request.visits:
            floor = 0
            if visit.earliest is not None and visit.earliest > axis.first_day:
                floor = axis.seconds(day_start(visit.earliest, zone))
            length = visit.minutes * 60
            found: list[Starts] = []
            for provider in dict.fromkeys(visit.providers):
                for low, high, day in windows.get(provider, ()):
                    first = _ceil(max(low, floor), axis.step)
                    last = (high - length) // axis.step
                    if first <= last:
                        found.append(Starts(provider, first, last, day))
            starts[visit.key] = found
        return cls(starts, longest)

    def empty_visits(self) -> list[str]:
        return [key for key, found in self.starts.items() if not found]

    def domain(self, key: str, provider: int | None = None) -> cp_model.Domain:
        intervals = [
            [s.low, s.high] for s in self.starts[key] if provider is None or s.provider == provider
        ]
        return cp_model.Domain.from_intervals(intervals)

    def days(self, key: str) -> list[int]:
        return sorted({s.day for s in self.starts[key]})


@dataclass
class Budget:
    total: float
    spent: float = 0

    def left(self) -> float:
        return max(self.total - self.spent, self.total / 10)

    def spend(self, seconds: float) -> None:
        self.spent += seconds


@dataclass
class Outcome:
    status: cp_model.CpSolverStatus
    seconds: float
    placed: tuple[Placed, ...] | None = None
    outside: list[str] = field(default_factory=list)


def solve(
    request: Request,
    axis: Axis,
    space: Space,
    seconds: float,
    *,
    soft: Space | None = None,
    leave_out_gaps: frozenset[int] = frozenset(),
    leave_out_visits: frozenset[str] = frozenset(),
    optimise: bool = True,
) -> Outcome:
    """One CP-SAT run. `soft`: the preferred starts, as a penalty per visit outside them."""
    model = cp_model.CpModel()
    visits = [v for v in request.visits if v.key not in leave_out_visits]
    gaps = [
        gap
        for number, gap in enumerate(request.gaps)
        if number not in leave_out_gaps
        and gap.before not in leave_out_visits
        and gap.after not in leave_out_visits
    ]
    dated = {key for gap in gaps if gap.min_days or gap.max_days is not None for key in _ends(gap)}
    horizon = axis.days() * axis.per_day
    start: dict[str, cp_model.IntVar] = {}
    chosen: dict[str, dict[int, cp_model.IntVar]] = {}
    by_provider: dict[int, list[cp_model.IntervalVar]] = defaultdict(list)
    patient: list[cp_model.IntervalVar] = []
    day: dict[str, cp_model.IntVar] = {}
    for visit in visits:
        key = visit.key
        size = axis.size(visit)
        start[key] = model.new_int_var_from_domain(space.domain(key), f"start {key}")
        patient.append(model.new_fixed_size_interval_var(start[key], size, f"patient {key}"))
        providers = list(dict.fromkeys(s.provider for s in space.starts[key]))
        chosen[key] = {}
        if len(providers) == 1:
            by_provider[providers[0]].append(
                model.new_fixed_size_interval_var(start[key], size, f"{key} by {providers[0]}")
            )
            chosen[key][providers[0]] = model.new_constant(1)
        else:
            for provider in providers:
                literal = model.new_bool_var(f"{key} by {provider}")
                chosen[key][provider] = literal
                model.add_linear_expression_in_domain(
                    start[key], space.domain(key, provider)
                ).only_enforce_if(literal)
                by_provider[provider].append(
                    model.new_optional_fixed_size_interval_var(
                        start[key], size, literal, f"{key} by {provider}"
                    )
                )
            model.add_exactly_one(list(chosen[key].values()))
        if key in dated:
            day[key] = model.new_int_var_from_domain(
                cp_model.Domain.from_values(space.days(key)), f"day {key}"
            )
            model.add_linear_constraint(start[key] - axis.per_day * day[key], 0, axis.per_day - 1)
    if len(patient) > 1:
        model.add_no_overlap(patient)
    for intervals in by_provider.values():
        if len(intervals) > 1:
            model.add_no_overlap(intervals)
    sizes = {visit.key: axis.size(visit) for visit in visits}
    for gap in gaps:
        if gap.min_days:
            model.add(day[gap.after] - day[gap.before] >= gap.min_days)
        else:
            model.add(start[gap.after] >= start[gap.before] + sizes[gap.before])
        if gap.max_days is not None:
            model.add(day[gap.after] - day[gap.before] <= gap.max_days)
    outside: dict[str, cp_model.IntVar] = {}
    if soft is not None:
        for visit in visits:
            if not soft.starts[visit.key]:
                outside[visit.key] = model.new_constant(1)
                continue
            preferred = soft.domain(visit.key)
            if preferred.size() == space.domain(visit.key).size():
                continue
            flag = model.new_bool_var(f"outside {visit.key}")
            model.add_linear_expression_in_domain(start[visit.key], preferred).only_enforce_if(
                ~flag
            )
            outside[visit.key] = flag
    for twins in _interchangeable(visits, gaps):
        for first, then in pairwise(twins):
            model.add(start[first] < start[then])  # the same visit twice: in plan order
    if optimise:
        last_end = model.new_int_var(0, horizon + max(sizes.values()), "last end")
        model.add_max_equality(last_end, [start[key] + sizes[key] for key in start])
        count = len(visits)
        objective = count * last_end + sum(start.values())
        if outside:
            weight = 2 * count * (horizon + max(sizes.values())) + 1
            objective += weight * sum(outside.values())
        # ties between providers go to the one listed first
        ranks = [
            (rank, literal)
            for visit in visits
            if len(chosen[visit.key]) > 1
            for rank, literal in enumerate(chosen[visit.key].values())
        ]
        if ranks:
            scale = sum(len(chosen[key]) - 1 for key in chosen) + 1
            objective = scale * objective + sum(rank * literal for rank, literal in ranks)
        model.minimize(objective)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = WORKERS
    solver.parameters.random_seed = SEED
    solver.parameters.cp_model_probing_level = PROBING
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Outcome(status, solver.wall_time)
    placed = []
    for visit in visits:
        unit = solver.value(start[visit.key])
        provider = next(p for p, literal in chosen[visit.key].items() if solver.value(literal))
        begins = axis.moment(unit)
        ends = (_utc(begins) + timedelta(minutes=visit.minutes)).astimezone(request.zone)
        placed.append(Placed(visit.key, provider, begins, ends))
    placed.sort(key=lambda p: (_utc(p.start), p.visit))
    late = [key for key, flag in outside.items() if solver.value(flag)]
    return Outcome(status, solver.wall_time, tuple(placed), late)


def _interchangeable(visits: Sequence[Visit], gaps: Sequence[Gap]) -> list[list[str]]:
    """Groups of visits any solution could swap (same length, providers, first day and
    gaps to the others): keeping them in plan order prunes the search and makes the
    answer the same every time."""
    ties: dict[str, set[tuple[str, str, int, int | None]]] = {v.key: set() for v in visits}
    for gap in gaps:
        ties[gap.before].add(("after", gap.after, gap.min_days, gap.max_days))
        ties[gap.after].add(("before", gap.before, gap.min_days, gap.max_days))
    groups: dict[object, list[str]] = defaultdict(list)
    for visit in visits:
        signature = (visit.minutes, visit.providers, visit.earliest, frozenset(ties[visit.key]))
        groups[signature].append(visit.key)
    return [keys for keys in groups.values() if len(keys) > 1]


def precheck(request: Request, axis: Axis, space: Space) -> list[str]:
    """Reasons found without the solver: providers, free time, healing chains."""
    reasons: list[str] = []
    for visit in request.visits:
        if space.starts[visit.key]:
            continue
        reasons.append(_no_time(request, axis, space, visit))
    if reasons:
        return reasons
    return precheck_days(request, axis, space)


def precheck_days(request: Request, axis: Axis, space: Space) -> list[str]:
    """Day bounds carried along the gaps (longest paths, Bellman-Ford): a chain of
    healing days longer than the calendar, or rules that contradict each other."""
    visits = {visit.key: visit for visit in request.visits}
    low = {key: space.days(key)[0] for key in visits}
    high = {key: space.days(key)[-1] for key in visits}
    edges: list[tuple[str, str, int, Gap]] = []
    for gap in request.gaps:
        edges.append((gap.before, gap.after, gap.min_days, gap))
        if gap.max_days is not None:
            edges.append((gap.after, gap.before, -gap.max_days, gap))
    best = dict(low)
    came: dict[str, tuple[str, Gap, int]] = {}
    for _ in range(len(visits) + 1):
        changed = None
        for origin, target, days, gap in edges:
            if best[origin] + days > best[target]:
                best[target] = best[origin] + days
                came[target] = (origin, gap, days)
                changed = target
        if changed is None:
            break
    else:
        return [_contradiction(came, changed)] if changed else []
    reasons: dict[str, tuple[int, str]] = {}
    for key, day in best.items():
        if day <= high[key]:
            continue
        source, chain = key, 0
        seen = {key}
        while source in came:
            source, _, days = came[source]
            chain += days
            if source in seen:
                break
            seen.add(source)
        reason = _chain_words(request, axis, visits[source], visits[key], chain, low, high)
        if source not in reasons or abs(chain) >= abs(reasons[source][0]):
            reasons[source] = (chain, reason)
    return [reason for _, reason in reasons.values()]


def diagnose(request: Request, axis: Axis, space: Space, seconds: float) -> list[str]:
    """CP-SAT proved there is no plan: leave out each rule, then each visit, in turn;
    the ones whose absence lets the rest fit are to blame."""
    clock = Budget(2 * seconds)
    each = max(seconds / 4, 1 / 4)
    groups: dict[str, list[int]] = defaultdict(list)
    for number, gap in enumerate(request.gaps):
        groups[gap.because or gap.why].append(number)
    until = axis.until_words()
    blamed: list[str] = []
    for because, numbers in groups.items():
        if clock.spent >= clock.total:
            break
        outcome = solve(
            request, axis, space, each, leave_out_gaps=frozenset(numbers), optimise=False
        )
        clock.spend(outcome.seconds)
        if outcome.placed is not None:
            whys = list(dict.fromkeys(request.gaps[number].why for number in numbers))
            said = "; ".join(whys) if len(whys) <= 2 else f"{because} ({len(whys)} pairs of visits)"
            blamed.append(f"Nothing fits before {until} with this rule: {said}.")
    if blamed:
        return blamed
    for visit in request.visits:
        if clock.spent >= clock.total or len(request.visits) == 1:
            break
        outcome = solve(
            request, axis, space, each, leave_out_visits=frozenset({visit.key}), optimise=False
        )
        clock.spend(outcome.seconds)
        if outcome.placed is not None:
            blamed.append(
                f"{visit.label} does not fit: {_names(request, visit.providers, 'have')} "
                f"no free {visit.minutes} minutes that keep its rules before {until}."
            )
    if blamed:
        return blamed
    everyone = sorted({p for visit in request.visits for p in visit.providers})
    calendars = (
        f"the calendars of {_names(request, everyone)} are"
        if len(everyone) > 1
        else f"{_names(request, everyone)}'s calendar is"
    )
    return [
        f"The visits do not fit together in the free time before {until}: {calendars} too full."
    ]


def _no_time(request: Request, axis: Axis, space: Space, visit: Visit) -> str:
    until = axis.until_words()
    if not visit.providers:
        return f"No provider is set for {visit.label}."
    names = _names(request, visit.providers)
    has = _names(request, visit.providers, "have")
    longest = max((space.longest.get(p, 0) for p in visit.providers), default=0)
    if longest == 0:
        return f"{visit.label}: {has} no free time before {until}."
    if longest < visit.minutes:
        return (
            f"{visit.label} needs {visit.minutes} minutes; the longest free time of "
            f"{names} is {longest} minutes."
        )
    if visit.earliest is not None and visit.earliest > axis.first_day:
        return (
            f"{visit.label} is not before {day_words(visit.earliest)}; {has} no free "
            f"{visit.minutes} minutes from then until {until}."
        )
    return f"{visit.label}: {has} no free {visit.minutes} minutes before {until}."


def _chain_words(
    request: Request,
    axis: Axis,
    first: Visit,
    last: Visit,
    chain: int,
    low: Mapping[str, int],
    high: Mapping[str, int],
) -> str:
    ends_in = (axis.last_day - axis.first_day).days
    if high[last.key] >= max(high.values()) - 7:
        ending = f"the calendar shown ends in {days_words(ends_in)}"
    else:
        ending = (
            f"the last free time for {last.label} ({_names(request, last.providers)}) "
            f"is on {day_words(axis.date_of(high[last.key]))}"
        )
    if first.earliest is not None and first.earliest > axis.first_day:
        since = f"{first.label} is not before {day_words(first.earliest)}"
    elif low[first.key] <= 7 and chain >= 0:
        return (
            f"The plan needs at least {days_words(chain)} from {first.label} to "
            f"{last.label}; {ending}."
        )
    else:
        since = (
            f"{first.label} can be on {day_words(axis.date_of(low[first.key]))} at the "
            f"earliest (the first free time of {_names(request, first.providers)})"
        )
    if chain < 0:
        return (
            f"{since}, and {last.label} must be at most {days_words(-chain)} before it; {ending}."
        )
    return f"{since}, and {last.label} must be at least {days_words(chain)} after it; {ending}."


def _contradiction(came: Mapping[str, tuple[str, Gap, int]], changed: str) -> str:
    node = changed
    for _ in range(len(came) + 1):
        if node not in came:
            return "The plan's rules contradict each other."
        node = came[node][0]
    whys: list[str] = []
    cursor = node
    while cursor in came:
        origin, gap, _ = came[cursor]
        if gap.why not in whys:
            whys.append(gap.why)
        cursor = origin
        if cursor == node:
            break
    return "These rules cannot all hold: " + "; ".join(reversed(whys)) + "."


def _preference_notes(request: Request, outside: Sequence[str]) -> tuple[str, ...]:
    if not outside:
        return ()
    labels = {visit.key: visit.label for visit in request.visits}
    names = ", ".join(labels[key] for key in outside)
    return (f"Not every visit fits the patient's preferred days and times; outside them: {names}.",)


def _preferred(
    start: datetime, end: datetime, preferences: Preferences, axis: Axis
) -> tuple[datetime, datetime] | None:
    """The part of a one-day window the patient prefers (None: none of it)."""
    zone = axis.request.zone
    day = local_day(start, zone)
    if day.weekday() not in preferences.weekdays:
        return None
    if preferences.earliest is not None:
        floor = local_moment(day, preferences.earliest, zone)
        start = max(start, floor, key=_utc)
    if preferences.latest is not None:
        ceiling = local_moment(day, preferences.latest, zone)
        end = min(end, ceiling, key=_utc)
    if _utc(end) <= _utc(start):
        return None
    return start, end


def _intersect(
    spans: Iterable[tuple[datetime, datetime]], clip: Sequence[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    kept = []
    for start, end in spans:
        for low, high in clip:
            begins = max(start, low, key=_utc)
            ends = min(end, high, key=_utc)
            if _utc(ends) > _utc(begins):
                kept.append((begins, ends))
    return kept


def _names(request: Request, providers: Iterable[int], verb: str = "") -> str:
    """Dr. Reyes; Dr. Reyes and Dr. Nunez; with `verb` "have": Dr. Reyes has."""
    names = [request.provider_names.get(p, f"provider {p}") for p in dict.fromkeys(providers)]
    said = "".join(names) if len(names) <= 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if not verb:
        return said
    return f"{said} {'has' if verb == 'have' and len(names) == 1 else verb}"


def _ends(gap: Gap) -> tuple[str, str]:
    return gap.before, gap.after


def _ceil(value: int, step: int) -> int:
    return -(-value // step)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
