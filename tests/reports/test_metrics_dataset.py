# ruff: noqa: E501  (the hand computation reads as tables: one case or group a line)
"""The small hand-computed dataset behind test_metrics.py, test_definitions.py and the
worked example of docs/metrics.md (keep the three in step).

Period 1 October - 30 November 2026; collected counts payments up to 10 December 2026.
Practice A (Riverside): TCs Tess and Tina, providers Rita and Sam. Practice B
(Hillcrest): TC Olga, one provider. Fees are net of discount; "rec" is the recommended
option, "acc" the procedures the patient accepted (any option).

case prac patient first last prov type      source   status      dx     presented   rec $  acc $  paid to as_of
C1   A    P1      Tess  Tess Rita new       web      scheduled   Oct 1  Oct 5  d0  2200   2200   1200 (500+700)
C2   A    P2      Tess  Tina Sam  hygiene   patient  completed   Oct 2  Oct 6  d10  850    850    750 (850-100 refund)
C3   A    P3      Tina  Tina Rita emergency web      accepted    Oct 3  Oct 3  d5  4500   2100*  1000 (+1100 after as_of)
C4   A    P4      Tess  Tess Rita new       campaign declined    Oct 6  Oct 7  cost 3000    0       0
C5   A    P1      Tina  Tess Sam  hygiene   web      presented   Oct 10 Oct 12      400      0       0
C6   A    P5      Tess  Tina Rita emergency (none)   declined    Oct 14 Oct 14 insurance 250 0    0
C7   A    P6      Tina  Tina Sam  new       patient  accepted    Oct 20 Nov 3  d0  2500   1300    300
C8   A    P7      -     -    Rita new       campaign ready       Nov 20 -           4500      -      -
C9   A    P8      Tess  Tess Sam  specialty insurance in_progress Sep 25 Oct 1 d3  1000   1000    400 (Sep 28)
C10  A    P9      Tess  Tess Rita new       web      completed   Sep 1  Sep 5       (outside the period)
C11  B    Q1      Olga  Olga B    new       web      completed   Oct 5  Oct 5  d0  1000   1000   1000
C12  B    Q2      Olga  Olga B    emergency walk_in  declined    Nov 2  Nov 4  timing 300  0       0

* C3 accepted the other option (a bridge, 1000 + 1100), not the recommended implant.
"dN" is days from presentation to the yes. Follow-ups done: C2, C3, C4 (C5 has only an
open and a skipped task).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from casepath.cases.models import Case, CaseType
from casepath.core.metrics import AcceptedMeans, Cut, Definitions, Measures, Report
from casepath.financing.models import ApplicationStatus, FinancingApplication
from casepath.followups.models import Task, TaskReason, TaskStatus
from casepath.patients.models import Patient
from casepath.predeterminations.models import Predetermination
from casepath.reports.facts import NO_FILTERS, Filters
from casepath.reports.selectors import acceptance_report
from casepath.tenancy.models import Practice, Provider
from casepath.tenancy.roles import Role
from tests.builders import build_patient, build_provider, build_user
from tests.conftest import World
from tests.financing.builders import build_lender
from tests.insurance.coverage_builders import build_carrier, build_coverage, build_plan
from tests.reports.builders import metric_case, no, open_line, pay, provider_of, yes

START = date(2026, 10, 1)
END = date(2026, 11, 30)
AS_OF = date(2026, 12, 10)
NEW, HYGIENE = CaseType.NEW_PATIENT, CaseType.FROM_HYGIENE
EMERGENCY, SPECIALTY = CaseType.EMERGENCY, CaseType.SPECIALTY_CONSULT
SAID_YES = AcceptedMeans.SAID_YES
DEFAULTS = Definitions()  # said yes, first presenter
COLUMNS = (
    "dx dx$ | pr pat proc pr$ | yes ypat yproc yes$ | sch sch$ | cmp cmp$ | same_day | "
    "days days_n | coll$ | fu fu_yes | declined | pd_sent pd_ret | fin fin_ok"
)


@dataclass
class Dataset:
    a: Practice
    b: Practice
    tess: Any
    tina: Any
    olga: Any
    rita: Provider
    sam: Provider
    b_provider: Provider
    cases: dict[str, Case]

    def __getitem__(self, name: str) -> Case:
        return self.cases[name]


def build_dataset(world: World) -> Dataset:
    a, b = world.practice_a, world.practice_b
    tess, olga = world.tess, world.olga
    tina = build_user("tina", (a, Role.TREATMENT_COORDINATOR))
    rita = provider_of(a)
    sam = build_provider(a, first_name="Sam", last_name="Okafor")
    b_provider = provider_of(b)
    patients = _patients(a, b)
    P = patients.__getitem__

    def case(name: str, practice: Practice, patient: str, **fields: Any) -> Case:
        return metric_case(practice, patient=P(patient), title=name, **fields)

    cases = {
        "C1": case(
            "C1", a, "P1", lines=[yes("D2740", "1200.00"), yes("D3330", "1000.00")],
            status="scheduled", diagnosed_on=date(2026, 10, 1), presented_on=date(2026, 10, 5),
            decided_on=date(2026, 10, 5), first=tess, provider=rita, case_type=NEW,
        ),
        "C2": case(
            "C2", a, "P2", lines=[yes("D4341", "800.00", "100.00"), yes("D1110", "150.00")],
            status="completed", diagnosed_on=date(2026, 10, 2), presented_on=date(2026, 10, 6),
            decided_on=date(2026, 10, 16), first=tess, last=tina, provider=sam,
            case_type=HYGIENE,
        ),
        "C3": case(
            "C3", a, "P3", lines=[no("D6010", "3000.00"), no("D6065", "1500.00")],
            other_option=[yes("D6240", "1000.00"), yes("D6750", "1100.00")],
            status="accepted", diagnosed_on=date(2026, 10, 3), presented_on=date(2026, 10, 3),
            decided_on=date(2026, 10, 8), first=tina, provider=rita, case_type=EMERGENCY,
        ),
        "C4": case(
            "C4", a, "P4", lines=[no("D6010", "3000.00")], status="declined",
            diagnosed_on=date(2026, 10, 6), presented_on=date(2026, 10, 7),
            decided_on=date(2026, 10, 9), first=tess, provider=rita, case_type=NEW,
            decline_reason="cost",
        ),
        "C5": case(
            "C5", a, "P1", lines=[open_line("D2391", "200.00"), open_line("D2391", "200.00")],
            status="presented", diagnosed_on=date(2026, 10, 10),
            presented_on=date(2026, 10, 12), first=tina, last=tess, provider=sam,
            case_type=HYGIENE,
        ),
        "C6": case(
            "C6", a, "P5", lines=[no("D7140", "250.00")], status="declined",
            diagnosed_on=date(2026, 10, 14), presented_on=date(2026, 10, 14),
            decided_on=date(2026, 10, 20), first=tess, last=tina, provider=rita,
            case_type=EMERGENCY, decline_reason="insurance",
        ),
        "C7": case(
            "C7", a, "P6",
            lines=[yes("D2740", "1200.00"), no("D2740", "1200.00"), yes("D0150", "100.00")],
            status="accepted", diagnosed_on=date(2026, 10, 20), presented_on=date(2026, 11, 3),
            decided_on=date(2026, 11, 3), first=tina, provider=sam, case_type=NEW,
        ),
        "C8": case(
            "C8", a, "P7", lines=[open_line("D6010", "3000.00"), open_line("D6065", "1500.00")],
            status="ready", diagnosed_on=date(2026, 11, 20), presented_on=None, provider=rita,
            case_type=NEW,
        ),
        "C9": case(
            "C9", a, "P8", lines=[yes("D3330", "1000.00")], status="in_progress",
            diagnosed_on=date(2026, 9, 25), presented_on=date(2026, 10, 1),
            decided_on=date(2026, 10, 4), first=tess, provider=sam, case_type=SPECIALTY,
        ),
        "C10": case(
            "C10", a, "P9", lines=[yes("D2740", "1200.00")], status="completed",
            diagnosed_on=date(2026, 9, 1), presented_on=date(2026, 9, 5),
            decided_on=date(2026, 9, 5), first=tess, provider=rita, case_type=NEW,
        ),
        "C11": case(
            "C11", b, "Q1", lines=[yes("D2740", "1000.00")], status="completed",
            diagnosed_on=date(2026, 10, 5), presented_on=date(2026, 10, 5),
            decided_on=date(2026, 10, 5), first=olga, provider=b_provider, case_type=NEW,
        ),
        "C12": case(
            "C12", b, "Q2", lines=[no("D7140", "300.00")], status="declined",
            diagnosed_on=date(2026, 11, 2), presented_on=date(2026, 11, 4),
            decided_on=date(2026, 11, 10), first=olga, provider=b_provider,
            case_type=EMERGENCY, decline_reason="timing",
        ),
    }  # fmt: skip
    _payments(cases, world)
    _followups(cases)
    _predeterminations(cases)
    _applications(cases)
    return Dataset(a, b, tess, tina, olga, rita, sam, b_provider, cases)


def _patients(a: Practice, b: Practice) -> dict[str, Patient]:
    sources = {
        "P1": (a, "web"),
        "P2": (a, "patient"),
        "P3": (a, "web"),
        "P4": (a, "campaign"),
        "P5": (a, ""),
        "P6": (a, "patient"),
        "P7": (a, "campaign"),
        "P8": (a, "insurance"),
        "P9": (a, "web"),
        "Q1": (b, "web"),
        "Q2": (b, "walk_in"),
    }
    return {
        name: build_patient(practice, first_name=name, last_name="Metric", referral_source=source)
        for name, (practice, source) in sources.items()
    }


def _payments(cases: dict[str, Case], world: World) -> None:
    for name, amount, day, by in (
        ("C1", "500.00", date(2026, 10, 10), world.tess),
        ("C1", "700.00", date(2026, 11, 1), world.tess),
        ("C2", "850.00", date(2026, 10, 20), world.tess),
        ("C2", "-100.00", date(2026, 10, 25), world.tess),  # a refund
        ("C3", "1000.00", date(2026, 12, 1), world.tess),
        ("C3", "1100.00", date(2026, 12, 20), world.tess),  # after as_of: not collected
        ("C7", "300.00", date(2026, 11, 10), world.tess),
        ("C9", "400.00", date(2026, 9, 28), world.tess),  # a deposit before the period
        ("C10", "500.00", date(2026, 10, 15), world.tess),  # case outside the cohort
        ("C11", "1000.00", date(2026, 10, 30), world.olga),
    ):
        pay(cases[name], amount, day, by=by)


def task(case: Case, key: str, status: str) -> Task:
    return Task.objects.create(
        practice=case.practice,
        reason=TaskReason.PRESENTED,
        title=f"Call about {case.title}",
        patient=case.patient,
        case=case,
        due_at=datetime(2026, 10, 20, 15, 0, tzinfo=UTC),
        status=status,
        key=f"metrics:{key}",
    )


def _followups(cases: dict[str, Case]) -> None:
    task(cases["C2"], "c2-call", TaskStatus.DONE)
    task(cases["C2"], "c2-email", TaskStatus.DONE)  # two tasks, still one case
    task(cases["C3"], "c3-call", TaskStatus.DONE)
    task(cases["C4"], "c4-call", TaskStatus.DONE)
    task(cases["C5"], "c5-call", TaskStatus.OPEN)
    task(cases["C5"], "c5-text", TaskStatus.SKIPPED)


def predetermination(case: Case, sent_on: date, received_on: date | None) -> Predetermination:
    plan = build_plan(case.practice, build_carrier(case.practice, f"Carrier {case.title}"))
    return Predetermination.objects.create(
        practice=case.practice,
        case=case,
        option=case.options.get(is_recommended=True),
        patient=case.patient,
        coverage=build_coverage(case.patient, plan),
        status="received" if received_on else "sent",
        created_on=sent_on,
        sent_on=sent_on,
        channel="mail",
        received_on=received_on,
    )


def _predeterminations(cases: dict[str, Case]) -> None:
    """Sent in the period: PD1 Oct 10, PD3 Nov 25, PD4 Oct 20 (A), PD5 Oct 15 (B) = 4.
    Returned in the period: PD1 Oct 30, PD2 Oct 5 (sent Sep 20), PD5 Nov 5 = 3."""
    predetermination(cases["C3"], date(2026, 10, 10), date(2026, 10, 30))  # PD1
    predetermination(cases["C4"], date(2026, 9, 20), date(2026, 10, 5))  # PD2
    predetermination(cases["C8"], date(2026, 11, 25), None)  # PD3
    predetermination(cases["C1"], date(2026, 10, 20), date(2026, 12, 3))  # PD4
    predetermination(cases["C11"], date(2026, 10, 15), date(2026, 11, 5))  # PD5


def application(case: Case, submitted_on: date, status: str) -> FinancingApplication:
    lender = build_lender(case.practice, name=f"Lender {case.title} {submitted_on}")
    return FinancingApplication.objects.create(
        practice=case.practice,
        patient=case.patient,
        case=case,
        lender=lender,
        amount=Decimal("2000.00"),
        status=status,
        submitted_on=submitted_on,
    )


def _applications(cases: dict[str, Case]) -> None:
    """Submitted in the period: F1 Oct 8 approved, F2 Oct 12 declined, F3 Nov 5 pending
    (A); F5 Oct 6 approved, F6 Nov 20 approved (B) = 5, of which 3 approved. F4 was
    submitted on Sep 30 (approved): outside."""
    approved, declined = ApplicationStatus.APPROVED, ApplicationStatus.DECLINED
    application(cases["C3"], date(2026, 10, 8), approved)  # F1
    application(cases["C4"], date(2026, 10, 12), declined)  # F2
    application(cases["C5"], date(2026, 11, 5), ApplicationStatus.SUBMITTED)  # F3
    application(cases["C9"], date(2026, 9, 30), approved)  # F4
    application(cases["C11"], date(2026, 10, 6), approved)  # F5
    application(cases["C12"], date(2026, 11, 20), approved)  # F6


def report(
    data: Dataset,
    definitions: Definitions = DEFAULTS,
    *,
    practices: tuple[str, ...] = ("a", "b"),
    as_of: date = AS_OF,
    filters: Filters = NO_FILTERS,
    with_cases: bool = False,
) -> Report:
    """The acceptance report of the dataset for the period (both practices)."""
    chosen = [getattr(data, p) for p in practices]
    return acceptance_report(
        chosen, START, END, definitions, as_of=as_of, filters=filters, with_cases=with_cases
    )


def rows(r: Report, cut: Cut) -> dict[str, tuple[Any, ...]]:
    return {g.key: row(g.measures) for g in r.breakdowns[cut]}


def row(m: Measures) -> tuple[Any, ...]:
    """A group's sums in `COLUMNS` order: diagnosed, presented, said yes, scheduled,
    completed (cases, $), same-day yes, days to the yes, collected, follow-ups, declined,
    pre-determinations, financing."""
    yes, p = m.accepted[SAID_YES], m.presented
    sch, cmp = m.accepted[AcceptedMeans.SCHEDULED], m.accepted[AcceptedMeans.COMPLETED]
    return (
        m.diagnosed_cases, m.diagnosed_usd,
        p.cases, p.patients, p.procedures, p.usd,
        yes.cases, yes.patients, yes.procedures, yes.usd,
        sch.cases, sch.usd, cmp.cases, cmp.usd,
        m.accepted[AcceptedMeans.SAME_DAY].cases,
        m.days_to_accept_total, m.days_to_accept_cases,
        m.collected_usd,
        m.followed_up_cases, m.followed_up_accepted[SAID_YES],
        m.declined_cases,
        m.predeterminations_sent, m.predeterminations_returned,
        m.financing_applications, m.financing_approved,
    )  # fmt: skip
