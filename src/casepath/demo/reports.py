"""A year of presented cases behind the reports: what a practice's figures look like.

The stories of demo/cases.py are told through the services and cover a few months;
the reports need a year. `history_for` writes, in bulk, ten to sixteen cases
presented in each of the twelve months before the seed's month (and in that month up
to the seed's day): the TCs as first and last presenters, the recommended option (and
sometimes a second one), procedure decisions that agree with the case's status,
decision days (many the same day), decline reasons, expired cases that waited too
long, payments on accepted cases (some imported from the practice management system,
one refund), follow-up calls done on some cases, and the practice's metric settings.

These are finished history: they have no presentations, timeline or audit rows (the
audit trail records what people did in Casepath, and nobody did this). They go to
patients with no case and no appointment (in turn: a patient may have a case every
few months), so the huddle and the stories stay as told.
Everything comes from `rng` and `as_of`: the same seed writes the same rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from casepath.cases.models import (
    Acceptance,
    Case,
    CaseOption,
    CasePhase,
    CaseType,
    PlannedProcedure,
    Urgency,
)
from casepath.core.cases import CaseStatus, Decision, DeclineReason
from casepath.core.money import to_cents
from casepath.followups.models import Outcome, Task, TaskKind, TaskReason, TaskStatus
from casepath.patients.models import Patient, PatientStatus
from casepath.payments.models import PayerKind, Payment, PaymentImport, PaymentSource
from casepath.reports.case_figures import case_figures_rebuild
from casepath.reports.models import MetricSettings
from casepath.scheduling.models import Appointment
from casepath.tenancy.models import Membership, Practice, Provider, ProviderKind
from casepath.tenancy.roles import Role

MONTHS = 12
EXPIRY_DAYS = 30
BATCH = 2000
SETTINGS = {"RV": ("said_yes", "first"), "HC": ("said_yes", "last")}

# (title, case type, recommended option, another option or ()); each procedure is
# (code, tooth, the fee when the office schedule has none).
Line = tuple[str, str, str]
PLANS: tuple[tuple[str, str, tuple[Line, ...], tuple[Line, ...]], ...] = (
    (
        "Crown on a cracked molar",
        CaseType.FROM_HYGIENE,
        (("D2950", "30", "310.00"), ("D2740", "30", "1250.00")),
        (("D2393", "30", "285.00"),),
    ),
    (
        "Root canal and crown",
        CaseType.NEW_PATIENT,
        (("D3330", "14", "1150.00"), ("D2950", "14", "310.00"), ("D2740", "14", "1250.00")),
        (("D7140", "14", "225.00"),),
    ),
    (
        "Implant for a missing molar",
        CaseType.NEW_PATIENT,
        (("D6010", "19", "2300.00"), ("D6057", "19", "650.00"), ("D6058", "19", "1450.00")),
        (("D6750", "18", "1250.00"), ("D6240", "19", "1150.00"), ("D6750", "20", "1250.00")),
    ),
    (
        "Gum treatment",
        CaseType.FROM_HYGIENE,
        (("D4341", "", "265.00"), ("D4341", "", "265.00"), ("D4910", "", "145.00")),
        (),
    ),
    (
        "Fillings",
        CaseType.FROM_HYGIENE,
        (("D2392", "14", "215.00"), ("D2391", "19", "175.00"), ("D2393", "30", "285.00")),
        (),
    ),
    (
        "Broken tooth out today",
        CaseType.EMERGENCY,
        (("D7210", "3", "395.00"), ("D7953", "", "450.00")),
        (("D3330", "3", "1150.00"), ("D2740", "3", "1250.00")),
    ),
    (
        "Wisdom teeth",
        CaseType.SPECIALTY_CONSULT,
        (("D7240", "17", "495.00"), ("D7240", "32", "495.00"), ("D9230", "", "175.00")),
        (),
    ),
    (
        "Braces",
        CaseType.ORTHODONTIC,
        (("D0330", "", "125.00"), ("D8080", "", "5800.00")),
        (),
    ),
)
REASONS = (
    (DeclineReason.COST, "More than the patient can spend this year."),
    (DeclineReason.COST, "Asked for a lower monthly payment than we could offer."),
    (DeclineReason.INSURANCE, "The plan pays too little on major work."),
    (DeclineReason.TIMING, "Starting a new job; will call back."),
    (DeclineReason.FEAR, "Afraid of the surgery."),
    (DeclineReason.SECOND_OPINION, "Wants another dentist to look first."),
    (DeclineReason.NOT_A_PRIORITY, "Nothing hurts, so it can wait."),
    (DeclineReason.NO_RESPONSE, "Never called back after three tries."),
)
OPTION_NAMES = ("Recommended plan", "Another way")
OUTCOMES = {
    CaseStatus.PRESENTED: Outcome.LEFT_MESSAGE,
    CaseStatus.PENDING: Outcome.THINKING,
    CaseStatus.EXPIRED: Outcome.NO_ANSWER,
    CaseStatus.DECLINED: Outcome.DECLINED,
}
DECISION_DAYS = (0, 0, 0, 0, 1, 2, 3, 5, 8, 12, 20)


@dataclass
class History:
    """One practice's year: who presents, who records payments, which patients."""

    practice: Practice
    rng: random.Random
    as_of: date
    zone: ZoneInfo
    presenters: list[Any]
    desk: Any
    dentists: list[Provider]
    patients: list[int]
    office_fees: dict[str, Decimal]
    cases: list[Planned] = field(default_factory=list)


@dataclass
class Planned:
    """A case before it is written: its options' procedures, and the ones said yes to."""

    case: Case
    options: list[list[PlannedProcedure]]
    chosen: list[PlannedProcedure] | None = None

    def accepted_usd(self) -> Decimal:
        rows = self.chosen or []
        return sum((r.fee for r in rows if r.decision == Decision.ACCEPTED), Decimal(0))


def history_for(practice: Practice, rng: random.Random, as_of: date) -> int:
    """Write the practice's year of presented cases; the number of cases made."""
    _settings(practice)
    history = _history(practice, rng, as_of)
    if history is None:
        return 0
    for month_start in _months(as_of):
        for _ in range(rng.randint(10, 16)):
            day = _weekday_in(month_start, as_of, rng)
            if day is not None:
                _case(history, day)
    _write(history)
    case_figures_rebuild([practice])  # written in bulk: no model signal summed them
    return len(history.cases)


def _settings(practice: Practice) -> None:
    means, rule = SETTINGS.get(practice.short_code, ("said_yes", "first"))
    MetricSettings.objects.update_or_create(
        practice=practice, defaults={"accepted_means": means, "presenter_rule": rule}
    )


def _history(practice: Practice, rng: random.Random, as_of: date) -> History | None:
    from casepath.estimates.selectors import practice_files

    presenters = _members(practice, (Role.TREATMENT_COORDINATOR, Role.PRACTICE_MANAGER))
    desk = _members(practice, (Role.FRONT_DESK, Role.PRACTICE_MANAGER, Role.TREATMENT_COORDINATOR))
    dentists = list(
        Provider.objects.filter(
            practice=practice, kind=ProviderKind.DENTIST, is_external=False, is_active=True
        ).order_by("pk")
    )
    if not presenters or not desk or not dentists:
        return None
    busy = set(Case.objects.filter(practice=practice).values_list("patient_id", flat=True))
    busy |= set(Appointment.objects.filter(practice=practice).values_list("patient_id", flat=True))
    adults = Patient.objects.filter(
        practice=practice,
        status=PatientStatus.ACTIVE,
        date_of_birth__lte=as_of - timedelta(days=18 * 365),
    )
    every = list(adults.order_by("pk").values_list("pk", flat=True))
    patients = [pk for pk in every if pk not in busy] or every
    if not patients:
        return None
    random.Random(rng.getrandbits(64)).shuffle(patients)  # the year's rng is left as is
    return History(
        practice=practice,
        rng=rng,
        as_of=as_of,
        zone=ZoneInfo(practice.time_zone),
        presenters=presenters,
        desk=desk[0],
        dentists=dentists,
        patients=patients,
        office_fees=dict(practice_files(practice).office_fees),
    )


def _members(practice: Practice, roles: tuple[str, ...]) -> list[Any]:
    """Active members with one of `roles`, in the order of `roles`, then by user name."""
    found = []
    for role in roles:
        ids = Membership.objects.filter(practice=practice, role=role, is_active=True).values_list(
            "user_id", flat=True
        )
        found += list(get_user_model().objects.filter(pk__in=ids).order_by("username"))
    return found


def _months(as_of: date) -> list[date]:
    """The first days of the twelve months before `as_of`'s month, and of its month."""
    first = as_of.replace(day=1)
    months = [first]
    for _ in range(MONTHS):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return sorted(months)


def _weekday_in(month_start: date, as_of: date, rng: random.Random) -> date | None:
    last = min((month_start + timedelta(days=31)).replace(day=1) - timedelta(days=1), as_of)
    days = [
        month_start + timedelta(days=n)
        for n in range((last - month_start).days + 1)
        if (month_start + timedelta(days=n)).weekday() < 5
    ]
    return rng.choice(days) if days else None


# ---- one case -------------------------------------------------------------------


def _case(h: History, presented_on: date) -> None:
    rng = h.rng
    title, case_type, recommended, other = rng.choice(PLANS)
    first = _presenter(h)
    last = first if rng.random() < 0.8 else _presenter(h)
    case = Case(
        practice=h.practice,
        organization_id=h.practice.organization_id,
        patient_id=h.patients[len(h.cases) % len(h.patients)],
        title=title,
        case_type=case_type,
        urgency=Urgency.IMMEDIATE if case_type == CaseType.EMERGENCY else Urgency.SOON,
        diagnosing_provider=rng.choice(h.dentists),
        coordinator=first,
        first_presenter=first,
        last_presenter=last,
        diagnosed_on=_weekday_before(presented_on, rng.choice((0, 0, 0, 1, 3, 7, 14))),
        presented_on=presented_on,
    )
    options = [recommended, *([other] if other else [])]
    planned = Planned(case, [[_row(h, *line) for line in lines] for lines in options])
    _decide(h, planned)
    h.cases.append(planned)


def _presenter(h: History) -> Any:
    """The TCs present most cases; a manager now and then."""
    tcs = h.presenters[:-1] if len(h.presenters) > 1 else h.presenters
    return h.rng.choice(tcs * 4 + h.presenters)


def _weekday_before(day: date, days: int) -> date:
    earlier = day - timedelta(days=days)
    return earlier - timedelta(days=max(earlier.weekday() - 4, 0))


def _row(h: History, code: str, tooth: str, fee: str) -> PlannedProcedure:
    known = h.office_fees.get(code)
    return PlannedProcedure(
        practice=h.practice,
        organization_id=h.practice.organization_id,
        code=code,
        tooth=tooth,
        fee=known if known is not None else Decimal(fee),
        fee_typed=known is None,
        decision=Decision.UNDECIDED,
    )


def _decide(h: History, planned: Planned) -> None:
    """Accepted (the chosen option's procedures, perhaps one declined), declined (every
    procedure), or still waiting: presented or pending within the expiry, else expired."""
    case, rows = planned.case, planned.options
    rng, presented_on = h.rng, case.presented_on
    assert presented_on is not None
    roll = rng.random()
    decided_on = presented_on + timedelta(days=rng.choice(DECISION_DAYS))
    if roll < 0.58 and decided_on <= h.as_of:
        chosen = rows[1] if len(rows) > 1 and rng.random() < 0.15 else rows[0]
        for row in chosen:
            row.decision = Decision.ACCEPTED
        part = len(chosen) > 2 and rng.random() < 0.2
        if part:
            chosen[-1].decision = Decision.DECLINED
        case.acceptance = Acceptance.PART if part else Acceptance.WHOLE
        case.decided_on = decided_on
        case.status = _after_yes(h, decided_on)
        planned.chosen = chosen
    elif roll < 0.8 and decided_on + timedelta(days=1) <= h.as_of:
        for row in (r for option in rows for r in option):
            row.decision = Decision.DECLINED
        reason, detail = rng.choice(REASONS)
        case.status, case.decided_on = CaseStatus.DECLINED, decided_on + timedelta(days=1)
        case.decline_reason, case.decline_detail = reason.value, detail
    else:
        case.expires_on = presented_on + timedelta(days=EXPIRY_DAYS)
        waiting = case.expires_on >= h.as_of
        pending = CaseStatus.PENDING if rng.random() < 0.3 else CaseStatus.PRESENTED
        case.status = pending if waiting else CaseStatus.EXPIRED
    changed = case.decided_on or case.expires_on or presented_on
    case.status_changed_at = datetime.combine(min(changed, h.as_of), time(16), h.zone)


def _after_yes(h: History, decided_on: date) -> str:
    """Older yeses have gone further: completed, in progress, scheduled, accepted."""
    age = (h.as_of - decided_on).days + h.rng.randint(-20, 20)
    if age > 120:
        return CaseStatus.COMPLETED if h.rng.random() < 0.9 else CaseStatus.IN_PROGRESS
    if age > 45:
        return h.rng.choice((CaseStatus.COMPLETED, CaseStatus.IN_PROGRESS, CaseStatus.SCHEDULED))
    if age > 10:
        return h.rng.choice((CaseStatus.SCHEDULED, CaseStatus.SCHEDULED, CaseStatus.ACCEPTED))
    return h.rng.choice((CaseStatus.ACCEPTED, CaseStatus.SCHEDULED))


# ---- writing --------------------------------------------------------------------


def _write(h: History) -> None:
    cases = [p.case for p in h.cases]
    Case.objects.bulk_create(cases, batch_size=BATCH)
    chosen_options = _write_plans(h)
    for case in cases:
        case.accepted_option = chosen_options.get(case.pk)
    Case.objects.bulk_update(cases, ["accepted_option"], batch_size=BATCH)
    Payment.objects.bulk_create(_payments(h), batch_size=BATCH)
    Task.objects.bulk_create(_followups(h), batch_size=BATCH)


def _write_plans(h: History) -> dict[int, CaseOption]:
    """Options, one phase each, and their procedures; the option each case accepted."""
    practice, org = h.practice, h.practice.organization_id
    options, phases, chosen = [], [], {}
    for planned in h.cases:
        for position, rows in enumerate(planned.options):
            option = CaseOption(
                practice=practice,
                organization_id=org,
                case=planned.case,
                position=position,
                name=OPTION_NAMES[min(position, 1)],
                is_recommended=position == 0,
            )
            options.append((option, rows))
            if rows is planned.chosen:
                chosen[planned.case.pk] = option
    CaseOption.objects.bulk_create([o for o, _ in options], batch_size=BATCH)
    for option, _ in options:
        phases.append(CasePhase(practice=practice, organization_id=org, option=option, name="Plan"))
    CasePhase.objects.bulk_create(phases, batch_size=BATCH)
    procedures = []
    for phase, (option, rows) in zip(phases, options, strict=True):
        for position, row in enumerate(rows):
            row.phase, row.case, row.position = phase, option.case, position
            procedures.append(row)
    PlannedProcedure.objects.bulk_create(procedures, batch_size=BATCH)
    return chosen


def _payments(h: History) -> list[Payment]:
    """Collected on accepted cases by how far the treatment has gone; insurance
    payments came in the practice management system's export; one refund."""
    share = {
        CaseStatus.COMPLETED: Decimal("1.00"),
        CaseStatus.IN_PROGRESS: Decimal("0.50"),
        CaseStatus.SCHEDULED: Decimal("0.20"),
    }
    batch = PaymentImport.objects.create(
        practice=h.practice,
        file_name=f"ledger-{h.as_of:%Y-%m}.csv",
        sha256=f"{h.rng.getrandbits(256):064x}",
        imported_by=h.desk,
    )
    made: list[Payment] = []
    for planned in h.cases:
        case = planned.case
        if case.status in share:
            made += _paid(h, case, to_cents(planned.accepted_usd() * share[case.status]), batch)
    refunded = next((p for p in made if p.amount >= 100 and p.source == "entered"), None)
    if refunded is not None:
        made.append(_payment(h, refunded.case, Decimal("-40.00"), refunded.received_on, None))
        made[-1].note = "Refund: the estimate was higher than the plan paid"
    imported = [p for p in made if p.batch is not None]
    batch.lines = batch.imported = len(imported)
    batch.save(update_fields=["lines", "imported"])
    return made


def _paid(h: History, case: Case, total: Decimal, batch: PaymentImport) -> list[Payment]:
    """A patient deposit on the day of the yes, the rest from insurance later."""
    if total <= 0 or case.decided_on is None:
        return []
    deposit = to_cents(total * Decimal("0.4")) if total > 200 else total
    made = [_payment(h, case, deposit, case.decided_on, None)]
    rest = total - deposit
    later = case.decided_on + timedelta(days=h.rng.randint(14, 45))
    if rest > 0 and later <= h.as_of:
        insurance = _payment(h, case, rest, later, batch)
        insurance.payer, insurance.reference = PayerKind.INSURANCE, f"PMS-{case.pk:07d}"
        made.append(insurance)
    return made


def _payment(
    h: History, case: Case, amount: Decimal, day: date, batch: PaymentImport | None
) -> Payment:
    return Payment(
        practice=h.practice,
        organization_id=h.practice.organization_id,
        case=case,
        patient_id=case.patient_id,
        amount=amount,
        received_on=day,
        source=PaymentSource.IMPORTED if batch else PaymentSource.ENTERED,
        batch=batch,
        recorded_by=h.desk,
    )


def _followups(h: History) -> list[Task]:
    """A call after about a third of the presentations not decided on the day."""
    tasks = []
    for case in (p.case for p in h.cases):
        presented_on = case.presented_on
        assert presented_on is not None
        call_on = presented_on + timedelta(days=2)
        if case.decided_on == presented_on or call_on > h.as_of or h.rng.random() > 0.35:
            continue
        when = datetime.combine(call_on, time(11), h.zone)
        tasks.append(
            Task(
                practice=h.practice,
                organization_id=h.practice.organization_id,
                kind=TaskKind.CALL,
                reason=TaskReason.PRESENTED,
                title=f"Call about “{case.title}”",
                patient_id=case.patient_id,
                case=case,
                owner=case.first_presenter,
                due_at=when,
                status=TaskStatus.DONE,
                outcome=OUTCOMES.get(CaseStatus(case.status), Outcome.SCHEDULED),
                decline_reason=case.decline_reason,
                key=f"history:{case.pk}:call",
                closed_at=when,
                closed_by=case.first_presenter,
            )
        )
    return tasks
