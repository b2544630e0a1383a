"""A proposal for a whole plan through the app: the database reads and the solver, and the
plan page, on six months of a busy calendar.

    python -m tests.bench.plan_proposal             # SQLite, in a temporary folder
    python -m tests.bench.plan_proposal --postgres  # a fresh PostgreSQL database, dropped after
    python -m tests.bench.plan_proposal --runs 40

tests/bench/scheduling.py times the solver alone (no database). This one seeds the demo
organization (two practices, a few hundred patients each, no demo cases), then gives each
practice the calendar of that benchmark: two dentists (Monday to Friday, 8:00-12:00 and
13:00-17:00) and the oral surgeon (Tuesdays and Thursdays, 8:00-16:00), a practice
holiday and a dentist's week off, the default appointment types and sequencing rules
(`scheduling.defaults.calendar_defaults`, after types of the lengths the solver benchmark
uses), and their appointments from six months before the start to the end of the six
months looked at, each working span filled from its start (30 to 90 minutes; 30 to 90
free minutes one time in seven, a third of those with a cancelled visit that does not
block): about 85% of the working time booked, other patients, both practices alike.

The case (Riverside, through the services: planned, estimated, presented and accepted):
12 visits in 4 phases. 1: exam, x-rays and gum treatment (two visits, either dentist);
extraction of 19 and bone graft (the surgeon). 2: root canal of 30 (two visits); two
fillings (the second dentist). 3: crown of 30 (two visits, within 60 days of the root
canal); the implant (the surgeon, 90 days after the graft). 4: crowns of 14 and 3 (two
visits, either dentist) and a cleaning (the second dentist). Healing: 28, 14 and 30 days.
No implant crown: 90 days after an implant placed 90 days after the graft is beyond six
months.

Times, with the clock at 7:30 on the first day (every other run with preferred days and
times: Tuesday to Thursday, 9:00 to 15:00):

a. `plan_request(case, ...)` (the case read as the page reads it, the plan, the types,
   rules, hours, days off and six months of bookings) then `solver.propose(...)`;
b. GET /schedule/plan/<case>/ through the Django test client, signed in as the demo TC.

Prints median, p95 and max seconds and the SQL queries of each, and PASS/FAIL against the
issue's 2 s (exit status 1 on a FAIL). docs/performance.md records the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from casepath.core.scheduling import KIND_LABELS, Preferences, Unschedulable, VisitKind
from casepath.core.scheduling.calendar import local_moment
from casepath.core.scheduling.solver import propose  # OR-Tools imported before timing
from tests.bench.database import configure_django, describe_database, rerun_on_postgres
from tests.bench.figures import TABLE_HEADER, Timings, Verdicts
from tests.bench.machine import describe_machine, load_average
from tests.bench.task_load import timed

if TYPE_CHECKING:
    from django.test import Client

    from casepath.cases.models import Case
    from casepath.tenancy.models import Practice, Provider

MODULE = "tests.bench.plan_proposal"
TARGET_S = 2.0
AS_OF = date(2026, 8, 14)  # the seed's day: the demo's own book ends two weeks later
START = date(2026, 9, 1)  # a Tuesday; the clocks go back on Nov 1
MONTHS = 6
HISTORY_DAYS = 182
ACCEPTED_AT = datetime(2026, 8, 27, 10, tzinfo=ZoneInfo("America/New_York"))
FREE_CHANCE = 1 / 7  # booked share = 6 * 3.8 / (6 * 3.8 + 4), about 85%
CANCELLED_CHANCE = 1 / 3  # of the free spans after START: a cancelled visit sits there
MORNING, AFTERNOON = (clock(8), clock(12)), (clock(13), clock(17))
DENTIST_HOURS = {day: (MORNING, AFTERNOON) for day in range(5)}
SURGEON_HOURS = {1: ((clock(8), clock(16)),), 3: ((clock(8), clock(16)),)}
PRACTICE_CLOSED = ((date(2026, 11, 26), date(2026, 11, 27)), (date(2026, 12, 24), date(2027, 1, 1)))
SECOND_AWAY = (date(2026, 10, 12), date(2026, 10, 16))
# The appointment types' lengths of the solver benchmark; "who does it" left empty: the
# in-house dentists, unless a procedure names its provider.
TYPE_MINUTES = {
    VisitKind.EXAM: 60,
    VisitKind.PERIO: 60,
    VisitKind.CLEANING: 60,
    VisitKind.FILLING: 60,
    VisitKind.ROOT_CANAL: 90,
    VisitKind.CROWN: 90,
    VisitKind.EXTRACTION: 60,
    VisitKind.GRAFT: 90,
    VisitKind.IMPLANT: 90,
    VisitKind.IMPLANT_RESTORATION: 60,
}
REASONS = {2: "Periodic exam", 3: "Filling", 4: "Checkup and cleaning", 6: "Crown preparation"}
# phase name -> (code, tooth, who, visits, healing days, fee); who: "" either dentist,
# "second" the second dentist, "surgeon" the oral surgeon.
PLAN = (
    (
        "Exam, gums and extraction",
        (
            ("D0150", "", "", 1, 0, "120.00"),
            ("D0210", "", "", 1, 0, "150.00"),
            ("D4341", "", "", 2, 28, "285.00"),
            ("D4341", "", "", 2, 28, "285.00"),
            ("D7140", "19", "surgeon", 1, 0, "210.00"),
            ("D7953", "19", "surgeon", 1, 0, "450.00"),
        ),
    ),
    (
        "Root canal and fillings",
        (
            ("D3330", "30", "", 2, 14, "1250.00"),
            ("D2392", "2", "second", 1, 0, "250.00"),
            ("D2391", "15", "second", 1, 0, "210.00"),
        ),
    ),
    (
        "Crown and implant",
        (
            ("D2740", "30", "", 2, 30, "1250.00"),
            ("D6010", "19", "surgeon", 1, 30, "2400.00"),
        ),
    ),
    (
        "Crowns and cleaning",
        (
            ("D2740", "14", "", 2, 0, "1250.00"),
            ("D2740", "3", "", 2, 0, "1250.00"),
            ("D1110", "", "second", 1, 0, "115.00"),
        ),
    ),
)
VISITS = 12
PREFERRED_QUERY = "weekdays=1&weekdays=2&weekdays=3&earliest=09:00&latest=15:00"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    options = _parse(argv)
    if options.postgres and "DATABASE_URL" not in os.environ:
        rerun_on_postgres(MODULE, argv)
    configure_django()
    print(_header(options))
    riverside, case, share, rows = _seed(options)
    print(f"booked share of the three providers' working time, Riverside: {share:.1%}")
    print(f"appointments in the database: {rows:,}\n")
    import time_machine

    verdicts = Verdicts()
    with time_machine.travel(_now(riverside), tick=False):
        _direct(case, options, verdicts)
        _page(riverside, case, options, verdicts)
    print(f"\nload average {load_average()} at the end\n")
    print(verdicts.report())
    return 1 if verdicts.failed else 0


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}", description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each kind")
    parser.add_argument("--patients", type=int, default=300, help="demo patients per practice")
    parser.add_argument("--seed", type=int, default=20261124, help="the calendars' random seed")
    return parser.parse_args(argv)


def _header(options: argparse.Namespace) -> str:
    import django

    return "\n".join(
        [
            f"# Plan proposal benchmark, database and solver, {time.strftime('%Y-%m-%d %H:%M')}",
            f"command:  python -m {MODULE} {' '.join(sys.argv[1:])}".rstrip(),
            f"machine:  {describe_machine()}",
            f"software: Python {platform.python_version()}, Django {django.get_version()}, "
            f"{describe_database()}, OR-Tools {_ortools_version()}",
            f"data:     2 practices x {options.patients:,} patients; 3 providers each booked "
            f"from {START - timedelta(days=HISTORY_DAYS)} to the end of {MONTHS} months from "
            f"{START}; a case of {VISITS} visits in 4 phases",
        ]
    )


def _ortools_version() -> str:
    import ortools

    return str(ortools.__version__)


def _now(practice: Practice) -> datetime:
    return datetime.combine(START, clock(7, 30), tzinfo=ZoneInfo(practice.time_zone))


# ---- data -------------------------------------------------------------------------


def _seed(options: argparse.Namespace) -> tuple[Practice, Case, float, int]:
    from django.core.management import call_command
    from django.db import connection

    from casepath.demo.generator import seed_database
    from casepath.scheduling.models import Appointment
    from casepath.tenancy.models import Practice

    started = time.perf_counter()
    print(f"\nmigrate:   {timed(lambda: call_command('migrate', verbosity=0)):.1f} s")
    seeding = timed(
        lambda: seed_database(
            patients_per_practice=options.patients, seed=1, as_of=AS_OF, with_cases=False
        )
    )
    print(f"seed:      {seeding:.1f} s (demo organization, patients, coverages, no cases)")
    practices = list(Practice.objects.order_by("pk"))
    shares: list[float] = []
    calendars = timed(
        lambda: shares.extend(
            _calendar(p, random.Random(options.seed + n)) for n, p in enumerate(practices)
        )
    )
    print(f"calendars: {calendars:.1f} s (hours, days off, types, rules, appointments)")
    riverside: Practice = practices[0]
    made: list[Case] = []
    print(f"case:      {timed(lambda: made.append(_accepted_case(riverside))):.1f} s")
    analyze = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    print(f"analyze:   {timed(lambda: connection.cursor().execute(analyze)):.1f} s")
    print(f"in all:    {time.perf_counter() - started:.1f} s")
    return riverside, made[0], shares[0], Appointment.objects.count()


def _providers(practice: Practice) -> tuple[Provider, Provider, Provider]:
    """The demo's two dentists and its (outside) oral surgeon, who sees patients here."""
    from casepath.tenancy.models import Provider, ProviderKind

    dentists = list(
        Provider.objects.filter(practice=practice, kind=ProviderKind.DENTIST).order_by("pk")
    )
    surgeon = Provider.objects.get(practice=practice, specialty__icontains="surgery")
    return dentists[0], dentists[1], surgeon


def _calendar(practice: Practice, rng: random.Random) -> float:
    """Working hours, days off, the types and rules, and the three providers' book filled
    (the demo's own visits of theirs removed first). Returns the booked share of their
    working time in the months looked at."""
    from casepath.scheduling.defaults import calendar_defaults
    from casepath.scheduling.models import Appointment, AppointmentType, TimeOff, WorkingHours

    first, second, surgeon = _providers(practice)
    hours = {first.pk: DENTIST_HOURS, second.pk: DENTIST_HOURS, surgeon.pk: SURGEON_HOURS}
    scoped_fields = {"practice": practice, "organization_id": practice.organization_id}
    WorkingHours.objects.bulk_create(
        WorkingHours(provider_id=pk, weekday=day, starts=starts, ends=ends, **scoped_fields)
        for pk, week in hours.items()
        for day, spans in week.items()
        for starts, ends in spans
    )
    TimeOff.objects.bulk_create(
        [
            *(
                TimeOff(starts_on=a, ends_on=b, reason="Practice closed", **scoped_fields)
                for a, b in PRACTICE_CLOSED
            ),
            TimeOff(
                provider=second,
                starts_on=SECOND_AWAY[0],
                ends_on=SECOND_AWAY[1],
                reason="Vacation",
                **scoped_fields,
            ),
        ]
    )
    AppointmentType.objects.bulk_create(
        AppointmentType(name=KIND_LABELS[kind], kind=kind, minutes=minutes, **scoped_fields)
        for kind, minutes in TYPE_MINUTES.items()
    )
    calendar_defaults(practice)  # the other types and the default sequencing rules
    Appointment.objects.filter(provider_id__in=list(hours)).delete()
    patients = _other_patients(practice)
    zone = ZoneInfo(practice.time_zone)
    closed = {None: PRACTICE_CLOSED, second.pk: (*PRACTICE_CLOSED, SECOND_AWAY)}
    booked = total = 0
    rows: list[Any] = []
    for pk, week in hours.items():
        away = closed.get(pk, PRACTICE_CLOSED)
        made, quarters_booked, quarters = _fill(pk, week, away, zone, rng)
        rows += made
        booked += quarters_booked
        total += quarters
    for n, row in enumerate(rows):
        row.practice, row.organization_id = practice, practice.organization_id
        row.patient_id = patients[n % len(patients)]
    Appointment.objects.bulk_create(rows, batch_size=2000)
    return booked / total


def _other_patients(practice: Practice) -> list[int]:
    """Patients of the practice, shuffled, without the one the case is for (the first)."""
    from casepath.patients.models import Patient

    ids = list(
        Patient.objects.filter(practice=practice).order_by("pk").values_list("pk", flat=True)
    )
    others = ids[1:]
    random.Random(practice.pk).shuffle(others)
    return others


def _fill(
    provider_id: int,
    week: dict[int, tuple[tuple[clock, clock], ...]],
    away: tuple[tuple[date, date], ...],
    zone: ZoneInfo,
    rng: random.Random,
) -> tuple[list[Any], int, int]:
    """Unsaved appointments filling each working span of the provider from its start; the
    quarters booked and worked from START on (cancelled and no-show visits do not count)."""
    from casepath.scheduling.models import AppointmentStatus

    end = _until()
    made: list[Any] = []
    booked = total = 0
    day = START - timedelta(days=HISTORY_DAYS)
    while day < end:
        spans = () if any(a <= day <= b for a, b in away) else week.get(day.weekday(), ())
        ahead = day >= START
        for starts, ends in spans:
            quarters = (ends.hour * 60 - starts.hour * 60) // 15
            total += quarters if ahead else 0
            cursor = 0
            while cursor < quarters:
                begins = local_moment(day, starts, zone) + timedelta(minutes=15 * cursor)
                if rng.random() < FREE_CHANCE:
                    length = rng.choice((2, 4, 6))
                    if ahead and rng.random() < CANCELLED_CHANCE:
                        status = AppointmentStatus.CANCELLED
                        made.append(
                            _visit(provider_id, begins, min(length, quarters - cursor), status)
                        )
                    cursor += length
                    continue
                length = min(rng.choice((2, 3, 4, 4, 6)), quarters - cursor)
                status = _status(ahead, rng)
                made.append(_visit(provider_id, begins, length, status))
                booked += length if ahead else 0
                cursor += length
        day += timedelta(days=1)
    return made, booked, total


def _until() -> date:
    from casepath.scheduling.plan_requests import horizon

    return horizon(START, MONTHS)


def _status(ahead: bool, rng: random.Random) -> str:
    from casepath.scheduling.models import AppointmentStatus

    if ahead:
        return AppointmentStatus.CONFIRMED if rng.random() < 0.3 else AppointmentStatus.SCHEDULED
    roll = rng.random()
    if roll < 0.04:  # a no-show or a late cancellation: the time stayed empty
        return AppointmentStatus.NO_SHOW if roll < 0.02 else AppointmentStatus.CANCELLED
    return AppointmentStatus.COMPLETED


def _visit(provider_id: int, begins: datetime, quarters: int, status: str) -> Any:
    from casepath.scheduling.models import Appointment

    return Appointment(
        provider_id=provider_id,
        starts_at=begins,
        duration_minutes=15 * quarters,
        status=status,
        reason=REASONS.get(quarters, "Treatment"),
    )


def _accepted_case(practice: Practice) -> Case:
    """The 12-visit case, through the services as the TC builds it, accepted whole; and a
    cleaning of the patient's own in the months looked at."""
    import time_machine
    from django.contrib.auth import get_user_model

    from casepath.cases import plan_services, services
    from casepath.cases.models import Case, CaseType
    from casepath.cases.presentation_services import present_case
    from casepath.patients.models import Patient
    from casepath.scheduling.models import Appointment
    from casepath.tenancy.models import Provider, ProviderKind

    tc = get_user_model().objects.get(username="tc")
    first, second, surgeon = _providers(practice)
    who = {"": None, "second": second, "surgeon": surgeon}
    patient = Patient.objects.filter(practice=practice).order_by("pk").first()
    assert patient is not None
    accepted_on = ACCEPTED_AT.date()
    with time_machine.travel(ACCEPTED_AT, tick=False):
        case = services.case_create(
            acting_user=tc,
            patient=patient,
            diagnosing_provider=first,
            title="Gums, a root canal, an implant and crowns",
            case_type=CaseType.FROM_HYGIENE,
            diagnosed_on=accepted_on - timedelta(days=10),
            coordinator=tc,
        )
        option = plan_services.option_add(
            acting_user=tc, case=case, name="Full treatment", recommended=True
        )
        for number, (name, rows) in enumerate(PLAN):  # the first phase comes with the option
            phase = (
                option.phases.get()
                if number == 0
                else plan_services.phase_add(acting_user=tc, option=option, name=name)
            )
            for code, tooth, provider, visits, healing, fee in rows:
                plan_services.procedure_add(
                    acting_user=tc,
                    phase=phase,
                    code=code,
                    tooth=tooth,
                    provider=who[provider],
                    visits=visits,
                    healing_days=healing,
                    fee=Decimal(fee),
                )
        services.case_move(acting_user=tc, case=case, to="ready")
        present_case(
            acting_user=tc, case=case, mode="in_person", today=accepted_on, now=ACCEPTED_AT
        )
        services.case_accept(acting_user=tc, case=case, option_id=option.pk, decided_on=accepted_on)
    hygienist = Provider.objects.filter(practice=practice, kind=ProviderKind.HYGIENIST).first()
    Appointment.objects.create(
        practice=practice,
        patient=patient,
        provider=hygienist,
        starts_at=datetime.combine(
            START + timedelta(days=35), clock(10), ZoneInfo(practice.time_zone)
        ),
        duration_minutes=60,
        reason="Checkup and cleaning",
    )
    case = Case.objects.get(pk=case.pk)
    assert case.status == "accepted", case.status
    return case


# ---- timings ----------------------------------------------------------------------


def _preferences(run: int) -> Preferences:
    if run % 2 == 0:
        return Preferences()
    return Preferences(frozenset({1, 2, 3}), clock(9), clock(15))


def _direct(case: Case, options: argparse.Namespace, verdicts: Verdicts) -> None:
    """a. The case read, plan_request() and propose(), as the page calls them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from casepath.cases.models import Case
    from casepath.scheduling.plan_requests import plan_conflicts, plan_request
    from casepath.tenancy.scoping import get_scoped_or_404

    practice = case.practice
    whole = Timings("a. plan_request + propose")
    reads = Timings("   of it: plan_request (reads)")
    solves = Timings("   of it: propose (solver)")
    refused: list[str] = []
    problems: list[str] = []
    for run in range(options.runs + 2):
        warming = run < 2
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            read = get_scoped_or_404(
                Case, practice, case.pk, related=("patient", "accepted_option", "practice")
            )
            plan = plan_request(
                read,
                now=timezone.now(),
                preferences=_preferences(run),
                start_on=START,
                months=MONTHS,
            )
            built = time.perf_counter()
            queries = len(captured)
            try:
                proposal = propose(plan.request)
            except Unschedulable as error:
                proposal = None
                refused.append(f"run {run}: no plan fits: {' '.join(error.reasons)}")
            done = time.perf_counter()
        if warming:
            continue
        whole.add(done - started, queries, found=proposal is not None)
        reads.add(built - started, queries, found=True)
        solves.add(done - built, 0, found=proposal is not None)
        if proposal is None:
            continue
        found = plan_conflicts(plan, proposal.placed, now=timezone.now())
        if any(c.blocking for c in found) or len(proposal.placed) != VISITS:
            problems.append(f"run {run}: {[c.message for c in found if c.blocking]}")
        if run == 2:
            _print_proposal(plan, proposal)
    print(f"\n## a. plan_request + propose ({options.runs} runs, every other with preferences)\n")
    print(TABLE_HEADER)
    for timings in (whole, reads, solves):
        print(timings.row())
    for line in refused + problems:
        print(line)
    _check(verdicts, "a. proposal through the app", whole)
    verdicts.check(
        "a. proposals of 12 visits without a blocking conflict",
        not problems and not refused,
        f"{len(problems)} with a problem, {len(refused)} refused",
        "0",
    )


def _print_proposal(plan: Any, proposal: Any) -> None:
    from casepath.scheduling.checks import provider_name

    zone = plan.request.zone
    print(
        f"\nthe first timed run (no preferences): {len(plan.request.free)} free windows, "
        f"{len(plan.request.gaps)} gaps; the proposal:"
    )
    for placed in sorted(proposal.placed, key=lambda p: p.start):
        visit = plan.visit(placed.visit)
        name = provider_name(plan.providers[placed.provider])
        local = placed.start.astimezone(zone)
        print(
            f"  {visit.visit.phase}  {visit.visit.label[:48]:<48} {name[:22]:<22} "
            f"{local:%a %b %d %H:%M} {visit.minutes} min"
        )


def _page(practice: Practice, case: Case, options: argparse.Namespace, verdicts: Verdicts) -> None:
    """b. GET the plan page, signed in as the demo TC."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/schedule/plan/{case.pk}/"
    client = _signed_in(practice, url)
    expected = {kind: _expected_days(case, kind) for kind in (0, 1)}
    page = Timings("b. GET plan page")
    for run in range(options.runs):
        target = (
            url if run % 2 == 0 else f"{url}?start_on={START}&months={MONTHS}&{PREFERRED_QUERY}"
        )
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(target)
            elapsed = time.perf_counter() - started
        html = response.content.decode()
        shown = (
            response.status_code == 200
            and f'Proposed visits <span class="muted">({VISITS})</span>' in html
            and all(f'value="{day}"' in html for day in expected[run % 2])
        )
        page.add(elapsed, len(captured), found=shown)
    print(f"\n## b. GET {url} (test client, signed in as the TC; every other with preferences)\n")
    print(TABLE_HEADER)
    print(page.row())
    _report_queries(client, url, case)
    _check(verdicts, "b. plan page", page)
    verdicts.check(
        "b. the page shows the 12 visits as proposed",
        page.missed == 0,
        f"{page.missed} missed",
        "0",
    )


def _expected_days(case: Case, run: int) -> set[str]:
    """The days of the proposal the page must show (the solver is deterministic)."""
    from django.utils import timezone

    from casepath.scheduling.plan_requests import plan_request

    plan = plan_request(
        case, now=timezone.now(), preferences=_preferences(run), start_on=START, months=MONTHS
    )
    zone = plan.request.zone
    return {f"{p.start.astimezone(zone):%Y-%m-%d}" for p in propose(plan.request).placed}


def _signed_in(practice: Practice, url: str) -> Client:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from casepath.tenancy.middleware import SESSION_KEY

    client = Client()
    client.force_login(get_user_model().objects.get(username="tc"))
    session = client.session
    session[SESSION_KEY] = practice.pk
    session.save()
    for _ in range(2):  # warm the session, the templates
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"GET {url} answered {response.status_code}")
    return client


def _report_queries(client: Client, url: str, case: Case) -> None:
    """One page's SQL queries: which the plan's (plan_request's) are, and their times."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from casepath.scheduling.plan_requests import plan_request

    with CaptureQueriesContext(connection) as own:
        plan_request(case, now=timezone.now(), preferences=Preferences(), start_on=START)
    mine = {_shape(q["sql"]) for q in own}
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    print("\nOne page's SQL queries (ms as Django rounds them; plan_request's marked *):\n")
    for query in captured:
        mark = "*" if _shape(query["sql"]) in mine else " "
        print(f"  {mark} {float(query['time']) * 1000:4.0f}  {_what(query['sql'])}")
    _explain_bookings(own)


def _shape(sql: str) -> str:
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def _what(sql: str) -> str:
    tables = list(dict.fromkeys(re.findall(r'(?:FROM|JOIN|UPDATE|INTO) "?(\w+)"?', sql)))
    return f"{sql.split()[0]} {', '.join(tables)}"[:100]


def _explain_bookings(own: Any) -> None:
    """The plan of the query that reads six months of the providers' bookings."""
    from django.db import connection

    explain = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    for query in own:
        sql = query["sql"]
        if "scheduling_appointment" in sql and "provider_id" in sql and "IN (" in sql:
            with connection.cursor() as cursor:
                cursor.execute(explain + sql)
                plan = "\n    ".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
            print(f"\nThe bookings' query ({_what(sql)}):\n\n    {plan}")
            return


def _check(verdicts: Verdicts, name: str, timings: Timings) -> None:
    seconds = [ms / 1000 for ms in timings.milliseconds]
    figures = f"median {statistics.median(seconds):.3f} s, p95 {timings.p95 / 1000:.3f} s, "
    figures += f"max {max(seconds):.3f} s, {timings.queries()} SQL queries"
    verdicts.check(name, max(seconds) <= TARGET_S, figures, f"at most {TARGET_S} s, every run")


if __name__ == "__main__":
    sys.exit(main())
