"""Demo pre-determinations: in each practice, one in every state, asked through the services.

Cases of insured patients (not declined or expired) ask their primary coverage about
one option each: a draft from yesterday, one sent last week, one waiting 33 days for
the payer, an answer not yet discussed with the patient (its call task open), answers
discussed, one expiring soon, one expired, one voided and one not needed. The payer
approves half of each fee and denies bone grafts, so those options' estimates read
"from pre-determination of <date>". Timeline rows and tasks are dated to the story's
days, so they fall between the case's own events (the timeline is shown by date).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

from casepath.cases.models import Case, CaseEvent, CaseOption, PlannedProcedure
from casepath.core.money import to_cents
from casepath.core.predeterminations import ResponseLine
from casepath.demo.people import make_npi
from casepath.followups.models import Outcome, Task, TaskStatus
from casepath.followups.services import task_close
from casepath.insurance.models import Coverage
from casepath.predeterminations import response_services, services
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.rules_services import Rules, predetermination_settings_update
from casepath.predeterminations.selectors import lines_of
from casepath.predeterminations.services import AttachmentIn, Draft
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

T = TypeVar("T")
SHARE = Decimal("0.50")
DENIED = {"D7953": "Bone grafts are not a covered benefit of this plan."}
NARRATIVE = "Treatment as planned after the exam and radiographs; the patient wants to proceed."


@dataclass(frozen=True)
class Ask:
    """One pre-determination's story, in days before the seed's day."""

    created: int
    sent: int | None = None
    channel: str = "mail"
    received: int | None = None
    ends: int | None = None  # the payer's last day, days after the seed's (None: the default)
    discussed: int | None = None
    closed: tuple[str, int, str] | None = None  # (status, days ago, reason)


# Oldest first: the oldest stories need the oldest cases.
ASKS = {
    "expired": Ask(75, sent=74, received=60, ends=-12, discussed=57),
    "expiring soon": Ask(36, sent=35, channel="fax", received=25, ends=18, discussed=22),
    "waiting too long": Ask(34, sent=33),
    "answered and discussed": Ask(30, sent=29, channel="electronic", received=12, discussed=9),
    "voided": Ask(
        25,
        sent=24,
        channel="fax",
        closed=("voided", 6, "Sent with an old member ID; the patient has a new card."),
    ),
    "not needed": Ask(
        20, closed=("not_needed", 15, "The patient decided to go ahead without waiting.")
    ),
    "answered, to discuss": Ask(16, sent=15, channel="portal", received=2),
    "sent recently": Ask(8, sent=7, channel="electronic"),
    "draft": Ask(1),
}
# A pre-determination belongs to a plan still being decided or carried out.
CLOSED_CASES = ("declined", "expired")
OLD = 60  # days: a story this old may belong to a case completed since


@dataclass
class Teller:
    practice: Practice
    as_of: date
    zone: ZoneInfo

    def day(self, ago: int) -> date:
        """`ago` days before the seed's day, on a weekday (Friday for a weekend)."""
        day = self.as_of - timedelta(days=ago)
        return day - timedelta(days=max(day.weekday() - 4, 0))

    def at(self, day: date, hour: int = 10) -> datetime:
        return datetime.combine(day, time(hour), self.zone)

    def dated(self, case: Case, when: datetime, step: Callable[[], T]) -> T:
        """Run a step and date the timeline rows it wrote to `when`."""
        mark = CaseEvent.objects.filter(case=case).order_by("-pk").values("pk")[:1]
        last = mark[0]["pk"] if mark else 0
        done = step()
        CaseEvent.objects.filter(case=case, pk__gt=last).update(created_at=when)
        return done


def predeterminations_for(practice: Practice, as_of: date) -> int:
    """Billing NPI and tax ID for the practice, then every story; how many were made."""
    number = sum(map(ord, practice.short_code))
    predetermination_settings_update(
        acting_user=None,
        practice=practice,
        rules=Rules(
            12, 30, 30, billing_npi=make_npi(1_299_000 + number), tax_id=f"31-{4_400_000 + number}"
        ),
    )
    teller = Teller(practice, as_of, ZoneInfo(practice.time_zone))
    choices, used = _choices(practice), set[int]()
    made = []
    for ask in ASKS.values():
        option = _pick(choices, used, ask, teller.day(ask.created))
        if option is not None:
            made.append(_tell(teller, ask, option))
    expired = response_services.predeterminations_expire(
        practice=practice, today=as_of, now=teller.at(as_of, 6)
    )
    _date_expiry(teller, made, expired)
    return len(made)


def _choices(practice: Practice) -> list[CaseOption]:
    """Options of open cases whose patient has a primary coverage, newest case first."""
    insured = scoped(Coverage, practice).filter(ordinal=1).values("patient_id")
    return list(
        scoped(CaseOption, practice)
        .filter(case__patient_id__in=insured, phases__procedures__isnull=False)
        .exclude(case__status__in=CLOSED_CASES)
        .select_related("case")
        .distinct()
        .order_by("-case__diagnosed_on", "case_id", "position", "pk")
    )


def _pick(choices: list[CaseOption], used: set[int], ask: Ask, created: date) -> CaseOption | None:
    """A case diagnosed by `created` not asked yet (else another of its options): the
    newest, or the oldest for an old story (treatment may have been done since)."""
    fitting = [
        o
        for o in choices
        if o.pk not in used
        and o.case.diagnosed_on <= created
        and (ask.created >= OLD or o.case.status != "completed")
    ]
    if ask.created >= OLD:
        fitting.reverse()
    cases_used = {o.case_id for o in choices if o.pk in used}
    chosen = next((o for o in fitting if o.case_id not in cases_used), None)
    chosen = chosen or next(iter(fitting), None)
    if chosen is not None:
        used.add(chosen.pk)
    return chosen


def _tell(teller: Teller, ask: Ask, option: CaseOption) -> Predetermination:
    case, tc = option.case, option.case.coordinator
    coverage = scoped(Coverage, teller.practice).get(patient_id=case.patient_id, ordinal=1)
    procedures = scoped(PlannedProcedure, teller.practice).filter(phase__option=option)
    created = teller.day(ask.created)
    draft = Draft(
        option_id=option.pk,
        coverage_id=coverage.pk,
        procedure_ids=list(
            procedures.order_by("phase__position", "position", "pk").values_list("pk", flat=True)
        ),
        narrative=NARRATIVE,
        attachments=[AttachmentIn("xray", "Periapical radiographs")],
    )
    pd: Predetermination = teller.dated(
        case,
        teller.at(created),
        lambda: services.predetermination_create(
            acting_user=tc, case=case, draft=draft, created_on=created
        ),
    )
    if ask.sent is not None:
        sent = teller.day(ask.sent)
        pd = teller.dated(
            case,
            teller.at(sent, 11),
            lambda: services.predetermination_send(
                acting_user=tc, predetermination=pd, sent_on=sent, channel=ask.channel
            ),
        )
    if ask.received is not None:
        pd = _answer(teller, ask, pd)
    if ask.closed is not None:
        status, ago, reason = ask.closed
        when = teller.at(teller.day(ago), 14)
        closed: Predetermination = teller.dated(
            case,
            when,
            lambda: services.predetermination_close(
                acting_user=tc,
                predetermination=pd,
                to=status,
                reason=reason,
                now=when,
                as_of=teller.as_of,
            ),
        )
        return closed
    return pd


def _answer(teller: Teller, ask: Ask, pd: Predetermination) -> Predetermination:
    assert ask.received is not None
    case, tc = pd.case, pd.case.coordinator
    received = teller.day(ask.received)
    when = teller.at(received, 15)
    lines = [
        ResponseLine(line.pk, None, None, True, DENIED[line.code])
        if line.code in DENIED
        else ResponseLine(line.pk, to_cents(line.fee * SHARE), None, False)
        for line in lines_of(pd)
    ]
    pd = teller.dated(
        case,
        when,
        lambda: response_services.predetermination_record_response(
            acting_user=tc,
            predetermination=pd,
            received_on=received,
            response_expiry=None if ask.ends is None else teller.as_of + timedelta(days=ask.ends),
            lines=lines,
            today=teller.as_of,
            now=when,
        ),
    )
    tasks = scoped(Task, teller.practice).filter(key__startswith=services.task_prefix(pd))
    tasks.update(created_at=when)
    if ask.discussed is None:
        return pd
    on = teller.day(ask.discussed)
    talked = teller.at(on, 16)
    for task in tasks.filter(status=TaskStatus.OPEN):
        task_close(
            acting_user=tc, task=task, status=TaskStatus.DONE, now=talked, outcome=Outcome.THINKING
        )
    discussed: Predetermination = teller.dated(
        case,
        talked,
        lambda: response_services.predetermination_discussed(
            acting_user=tc, predetermination=pd, on=on, today=teller.as_of
        ),
    )
    return discussed


def _date_expiry(teller: Teller, made: list[Predetermination], expired: int) -> None:
    """Date the expiry events to the night after each answer's last day."""
    if not expired:
        return
    for pd in scoped(Predetermination, teller.practice).filter(
        pk__in=[p.pk for p in made], status="expired"
    ):
        assert pd.expires_on is not None
        when = teller.at(pd.expires_on + timedelta(days=1), 6)
        events = CaseEvent.objects.filter(case_id=pd.case_id, data__predetermination=pd.pk)
        events.filter(data__status="expired").update(created_at=when)
