"""Demo calendars and referrals: what the TC needs to schedule a whole plan and to keep
referring providers informed.

For each practice:

- The calendar. Working hours for every in-house provider, Monday to Friday with a lunch
  break (the second hygienist works Tuesday to Saturday), and the days the outside
  specialists see patients here (HOURS, VISITING); a few days off, all after the two weeks
  the demo's book fills (DAYS_OFF), so no booked visit falls on one; the default
  appointment types and sequencing rules (`scheduling.defaults.calendar_defaults`).
- The referral directory (eight providers): the practice's four outside specialists (the
  same people, specialty and NPI as on the plans) and the four who send us patients
  (REFERRERS), named as the new patients' first calls name them (demo/intake.py).
- Inbound referrals: one per new patient whose call source is "provider", received when
  they called, then scheduled when the first visit was booked and consulted when they
  came (and in treatment, completed, as their case goes).
- Outbound referrals: for every accepted (or later) demo case, one per outside specialist
  who does a part of the accepted option, with the procedures, the case's x-ray, and the
  steps the specialist's office reached by the demo's day along TRACKS (in treatment,
  returned to us, ...). One open referral per practice is overdue: the specialist's
  office is late sending the patient back.

Everything goes through the services (referrals.services: provider_create,
referral_receive, referral_send, referral_move) with the story's time as `now`, so the
events are dated to the story; dates count back from the generator's `as_of`. `rng` only
varies minutes and phone numbers: the same seed gives the same rows.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from casepath.cases.models import Case, CaseImage, ImageKind, PlannedProcedure, Urgency
from casepath.core.cases import ACCEPTED_OR_LATER, CaseStatus
from casepath.core.cases.acceptance import Decision
from casepath.core.catalog import plain_name
from casepath.demo import people
from casepath.intake.models import Intake, IntakeUrgency
from casepath.patients.models import ReferralSource
from casepath.referrals import services
from casepath.referrals.models import Referral, ReferralStatus, ReferralUrgency, ReferringProvider
from casepath.scheduling.defaults import calendar_defaults
from casepath.scheduling.models import TimeOff, WorkingHours
from casepath.tenancy.models import Membership, Practice, Provider, ProviderKind
from casepath.tenancy.roles import Role

S = ReferralStatus
Hours = tuple[tuple[time, time], ...]

# ---- the calendar -------------------------------------------------------------------

DAY: Hours = ((time(8), time(12)), (time(13), time(17)))
SATURDAY: Hours = ((time(8), time(13)),)
WEEKDAYS = {weekday: DAY for weekday in range(5)}
# (kind, which one of that kind in pk order): weekday (Monday 0) -> hours.
HOURS: dict[tuple[str, int], dict[int, Hours]] = {
    (ProviderKind.DENTIST, 0): WEEKDAYS,
    (ProviderKind.DENTIST, 1): WEEKDAYS,
    (ProviderKind.HYGIENIST, 0): WEEKDAYS,
    (ProviderKind.HYGIENIST, 1): {1: DAY, 2: DAY, 3: DAY, 4: DAY, 5: SATURDAY},
}
# The outside specialists' days in our rooms, by specialty.
SURGERY = "Oral and maxillofacial surgery"
VISITING: dict[str, dict[int, Hours]] = {
    SURGERY: {
        1: ((time(8), time(12)), (time(13), time(16))),
        3: ((time(8), time(12)), (time(13), time(16))),
    },
    "Periodontics": {0: ((time(8), time(12)),), 2: ((time(8), time(12)),)},
    "Endodontics": {2: DAY, 4: DAY},
    "Orthodontics": {3: ((time(13), time(18)),)},
}
# Days off: (who, first day at least this many days after `as_of`, on this weekday, days,
# reason). Who: None (the practice is closed), (kind, which one), or a specialty. All come
# after the two weeks the demo's book fills (demo/appointments.py UPCOMING_DAYS).
DAYS_OFF: tuple[tuple[Any, int, int, int, str], ...] = (
    (None, 28, 4, 1, "Staff training day: the office is closed"),
    ((ProviderKind.DENTIST, 0), 42, 0, 5, "Vacation"),
    ((ProviderKind.DENTIST, 1), 21, 2, 1, "Continuing education course"),
    ((ProviderKind.HYGIENIST, 1), 17, 5, 1, "Family wedding"),
    (SURGERY, 35, 1, 3, "Away at a conference"),
)

# ---- the directory ------------------------------------------------------------------


@dataclass(frozen=True)
class Referrer:
    name: str
    practice_name: str
    specialty: str
    npi_base: int
    address: str
    notes: str = ""

    @property
    def called_as(self) -> str:
        """How a new patient's call names them (intake.Call.source_detail)."""
        return f"{self.name}, {self.practice_name}"


REFERRERS = (
    Referrer(
        "Dr. Maya Brooks",
        "Brooks Oral Surgery",
        SURGERY,
        1_650_013,
        "455 Polaris Parkway, Suite 210\nWesterville, OH 43082",
        "Sends us patients who need the tooth replaced after her surgery.",
    ),
    Referrer(
        "Dr. Renee Park",
        "Park Orthodontics",
        "Orthodontics",
        1_650_026,
        "2100 Henderson Road\nColumbus, OH 43220",
        "Sends teens for wisdom teeth and checkups before the braces come off.",
    ),
    Referrer(
        "Dr. James Okafor",
        "Northside Family Medicine",
        "Family medicine",
        1_650_039,
        "3870 Indianola Avenue\nColumbus, OH 43214",
        "A physician: sends older patients with loose dentures or missing teeth.",
    ),
    Referrer(
        "Dr. Alan Reyes",
        "Reyes Family Dentistry",
        "General dentistry",
        1_650_042,
        "17 Main Street\nGrove City, OH 43123",
        "A general dentist close to retiring: sends implant cases and second opinions.",
    ),
)
OFFICE = {
    SURGERY: ("Oral Surgery", "2900 Olentangy River Road\nColumbus, OH 43202"),
    "Periodontics": ("Periodontics", "650 High Street, Suite 3\nWorthington, OH 43085"),
    "Endodontics": ("Endodontics", "1440 Dublin Road\nColumbus, OH 43215"),
    "Orthodontics": ("Orthodontics", "5025 Bradenton Avenue\nDublin, OH 43017"),
}

# ---- outbound referrals -------------------------------------------------------------


@dataclass(frozen=True)
class Track:
    """How a referral out usually goes: days after it is sent for each step, when the
    patient is expected back, and what the TC hears at each step."""

    steps: tuple[tuple[str, int, str], ...]
    back: int
    ask: str


TRACKS = {
    SURGERY: Track(
        (
            (S.SCHEDULED, 2, "Their office booked the consult."),
            (S.CONSULTED, 7, "Consult done; the surgery is booked."),
            (S.IN_TREATMENT, 16, "Surgery done; healing well."),
            (S.COMPLETED, 30, "Healed; the surgeon has finished."),
            (S.RETURNED, 37, "Back with us for the next step."),
        ),
        45,
        "We restore the tooth here afterwards: please send the surgical note.",
    ),
    "Endodontics": Track(
        (
            (S.SCHEDULED, 1, "Their office booked the visit."),
            (S.CONSULTED, 6, "Seen; the root canal is booked."),
            (S.IN_TREATMENT, 8, "Root canal started."),
            (S.COMPLETED, 15, "Root canal finished; the final x-ray is on its way."),
            (S.RETURNED, 25, "Back with us for the crown."),
        ),
        35,
        "The crown is done here afterwards: please send the final x-ray.",
    ),
    "Periodontics": Track(
        (
            (S.SCHEDULED, 3, "Their office booked the visit."),
            (S.CONSULTED, 10, "Gums measured; deep cleaning booked."),
            (S.IN_TREATMENT, 17, "Deep cleaning started."),
            (S.COMPLETED, 70, "Gums healthy again; maintenance set up."),
            (S.RETURNED, 77, "Back with us for the fillings."),
        ),
        90,
        "We do the fillings once the gums settle: please send the chart.",
    ),
    "Orthodontics": Track(
        (
            (S.SCHEDULED, 4, "Their office booked the records visit."),
            (S.CONSULTED, 14, "Records taken; braces planned."),
            (S.IN_TREATMENT, 28, "Braces on; monthly checks there."),
            (S.COMPLETED, 600, "Braces off; retainers made."),
            (S.RETURNED, 610, "Back with us for checkups."),
        ),
        640,
        "We keep seeing the patient for checkups and cleanings.",
    ),
}
URGENT = Track(
    (
        (S.SCHEDULED, 0, "Their office fits the patient in tomorrow morning."),
        (S.CONSULTED, 1, "Seen the next morning."),
        (S.IN_TREATMENT, 1, "Tooth out; the socket grafted."),
        (S.COMPLETED, 7, "Healed well at the check a week later."),
        (S.RETURNED, 10, "Back with us for the next step."),
    ),
    14,
    "Please see the patient as soon as you can: in pain, with swelling.",
)
URGENCY = {
    Urgency.IMMEDIATE: ReferralUrgency.URGENT,
    Urgency.SOON: ReferralUrgency.SOON,
    Urgency.ELECTIVE: ReferralUrgency.ROUTINE,
}
OVERDUE_DAYS = 6  # how late the one overdue patient is
OVERDUE_NOTE = "Their office said the patient would be back by now: call to ask."


@dataclass
class Outbound:
    """One referral out, worked out before it is written (the overdue one is chosen
    among them)."""

    case: Case
    specialist: ReferringProvider
    procedures: list[PlannedProcedure]
    urgency: str
    sent: datetime
    steps: list[tuple[str, datetime, str]]
    back: date
    track: Track

    @property
    def status(self) -> str:
        return self.steps[-1][0] if self.steps else S.SENT


# ---- the practice -------------------------------------------------------------------


@dataclass
class Office:
    practice: Practice
    as_of: date
    zone: ZoneInfo
    rng: random.Random
    tc: Any
    providers: list[Provider]

    def at(self, day: date, minutes: int) -> datetime:
        """`day` at 9:30 plus `minutes` and a few more (never past noon: the demo's "now"
        on its own day)."""
        late = min(minutes + 5 * self.rng.randint(0, 6), 145)
        return datetime.combine(day, time(9, 30), self.zone) + timedelta(minutes=late)


def schedule_for(practice: Practice, rng: random.Random, as_of: date) -> int:
    """The practice's calendar settings, referral directory and referrals; how many
    referrals were made (none without a TC)."""
    office = _office(practice, rng, as_of)
    calendar_for(office)
    if office.tc is None:
        return 0
    directory = directory_for(office)
    return inbound_for(office, directory) + outbound_for(office, directory)


def _office(practice: Practice, rng: random.Random, as_of: date) -> Office:
    members = Membership.objects.filter(
        practice=practice, role=Role.TREATMENT_COORDINATOR, is_active=True
    )
    tc = (
        get_user_model()
        .objects.filter(pk__in=members.values_list("user_id", flat=True))
        .order_by("username")
        .first()
    )
    providers = list(Provider.objects.filter(practice=practice, is_active=True).order_by("pk"))
    return Office(practice, as_of, ZoneInfo(practice.time_zone), rng, tc, providers)


# -- the calendar --


def calendar_for(office: Office) -> None:
    practice = office.practice
    rows = []
    for provider, week in _weeks(office.providers):
        for weekday, hours in sorted(week.items()):
            rows += [
                WorkingHours(
                    practice=practice,
                    organization_id=practice.organization_id,
                    provider=provider,
                    weekday=weekday,
                    starts=starts,
                    ends=ends,
                )
                for starts, ends in hours
            ]
    WorkingHours.objects.bulk_create(rows)
    TimeOff.objects.bulk_create(_days_off(office))
    calendar_defaults(practice)


def _weeks(providers: list[Provider]) -> list[tuple[Provider, dict[int, Hours]]]:
    seen: dict[str, int] = defaultdict(int)
    weeks = []
    for provider in providers:
        if provider.is_external:
            week = VISITING.get(provider.specialty)
        else:
            week = HOURS.get((provider.kind, seen[provider.kind]), WEEKDAYS)
            seen[provider.kind] += 1
        if week:
            weeks.append((provider, week))
    return weeks


def _who(providers: list[Provider], who: Any) -> Provider | None:
    if isinstance(who, str):
        return next((p for p in providers if p.is_external and p.specialty == who), None)
    kind, index = who
    of_kind = [p for p in providers if p.kind == kind and not p.is_external]
    return of_kind[index] if index < len(of_kind) else None


def _days_off(office: Office) -> list[TimeOff]:
    rows = []
    for who, after, weekday, days, reason in DAYS_OFF:
        provider = None if who is None else _who(office.providers, who)
        if who is not None and provider is None:
            continue
        first = office.as_of + timedelta(days=after)
        first += timedelta(days=(weekday - first.weekday()) % 7)
        rows.append(
            TimeOff(
                practice=office.practice,
                organization_id=office.practice.organization_id,
                provider=provider,
                starts_on=first,
                ends_on=first + timedelta(days=days - 1),
                reason=reason,
            )
        )
    return rows


# -- the directory --


def directory_for(office: Office) -> dict[str, ReferringProvider]:
    """The eight providers, keyed by specialty (outside specialists) and by how calls
    name them (those who send us patients)."""
    made: dict[str, ReferringProvider] = {}
    for provider in office.providers:
        if not provider.is_external or provider.specialty not in OFFICE:
            continue
        suffix, address = OFFICE[provider.specialty]
        made[provider.specialty] = _listed(
            office,
            name=f"Dr. {provider.first_name} {provider.last_name}",
            practice_name=f"{provider.last_name} {suffix}",
            specialty=provider.specialty,
            npi=provider.npi,
            address=address,
            notes="Sees our patients here on set days, and in their own office.",
        )
    for referrer in REFERRERS:
        made[referrer.called_as] = _listed(
            office,
            name=referrer.name,
            practice_name=referrer.practice_name,
            specialty=referrer.specialty,
            npi=people.make_npi(referrer.npi_base),
            address=referrer.address,
            notes=referrer.notes,
        )
    return made


def _listed(office: Office, **data: str) -> ReferringProvider:
    phone = f"(614) 555-{office.rng.randint(200, 999):04d}"
    domain = "".join(ch for ch in data["practice_name"].lower() if ch.isalnum())
    data |= {
        "phone": phone,
        "fax": phone[:-1] + str((int(phone[-1]) + 1) % 10),
        "email": f"referrals@{domain}.example",
    }
    return services.provider_create(practice=office.practice, acting_user=office.tc, data=data)


# -- inbound --


def inbound_for(office: Office, directory: dict[str, ReferringProvider]) -> int:
    """A referral for each new patient a provider sent us, moved as their visit went."""
    intakes = Intake.objects.filter(
        practice=office.practice, call__source=ReferralSource.PROVIDER
    ).select_related("call", "patient", "case", "first_visit", "coordinator")
    made = 0
    for intake in intakes.order_by("call__started_at", "pk"):
        sender = directory.get(intake.call.source_detail)
        if sender is None:
            continue
        acting = intake.coordinator or office.tc
        referral = services.referral_receive(
            practice=office.practice,
            acting_user=acting,
            now=intake.call.ended_at,
            other_provider=sender,
            intake=intake,
            reason=intake.call.reason,
            urgency=_intake_urgency(intake.urgency),
            received_on=intake.call.started_at.astimezone(office.zone).date(),
            notes=f"The patient named {sender.name} on the first call.",
        )
        for to, when, note in _inbound_steps(intake):
            referral = services.referral_move(
                referral=referral, acting_user=acting, now=when, to=to, note=note
            )
        made += 1
    return made


def _intake_urgency(urgency: str) -> str:
    return {
        IntakeUrgency.PAIN: ReferralUrgency.URGENT,
        IntakeUrgency.SOON: ReferralUrgency.SOON,
    }.get(urgency, ReferralUrgency.ROUTINE)


def _inbound_steps(intake: Intake) -> list[tuple[str, datetime, str]]:
    steps = []
    if intake.booked_at is not None and intake.first_visit is not None:
        steps.append((S.SCHEDULED, intake.booked_at, "First visit booked."))
    if intake.arrived_at is not None:
        steps.append((S.CONSULTED, intake.arrived_at, "Seen at the first visit."))
    case = intake.case
    if case is not None and case.status_changed_at is not None:
        if case.status in (CaseStatus.IN_PROGRESS, CaseStatus.COMPLETED):
            steps.append((S.IN_TREATMENT, case.status_changed_at, "Treatment started."))
        if case.status == CaseStatus.COMPLETED:
            steps.append((S.COMPLETED, case.status_changed_at, "Treatment finished."))
    return steps


# -- outbound --


def outbound_for(office: Office, directory: dict[str, ReferringProvider]) -> int:
    """A referral to each outside specialist who does part of an accepted case."""
    planned = [
        one for case in _accepted_cases(office) for one in _referrals_of(office, directory, case)
    ]
    overdue = _overdue(planned)
    for one in planned:
        late = one is overdue
        _write(office, one, late)
    return len(planned)


def _accepted_cases(office: Office) -> list[Case]:
    cases = Case.objects.filter(
        practice=office.practice,
        status__in=ACCEPTED_OR_LATER,
        accepted_option__isnull=False,
        decided_on__isnull=False,
    ).select_related("patient", "coordinator")
    return list(cases.order_by("decided_on", "pk"))


def _referrals_of(
    office: Office, directory: dict[str, ReferringProvider], case: Case
) -> list[Outbound]:
    rows = (
        PlannedProcedure.objects.filter(
            phase__option_id=case.accepted_option_id, provider__is_external=True
        )
        .exclude(decision=Decision.DECLINED)
        .select_related("provider")
        .order_by("phase__position", "position", "pk")
    )
    by_specialty: dict[str, list[PlannedProcedure]] = defaultdict(list)
    for row in rows:
        if row.provider.specialty in directory:
            by_specialty[row.provider.specialty].append(row)
    made = []
    for specialty, procedures in by_specialty.items():
        urgency = URGENCY.get(case.urgency, ReferralUrgency.ROUTINE)
        track = URGENT if urgency == ReferralUrgency.URGENT else TRACKS[specialty]
        sent = _sent(office, case.decided_on, urgent=urgency == ReferralUrgency.URGENT)
        if sent is None:
            continue
        made.append(
            Outbound(
                case,
                directory[specialty],
                procedures,
                urgency,
                sent,
                _steps(office, case, track, sent),
                sent.astimezone(office.zone).date() + timedelta(days=track.back),
                track,
            )
        )
    return made


def _sent(office: Office, decided: date | None, *, urgent: bool) -> datetime | None:
    """When the TC sent it: an urgent one at noon on the day the patient said yes, else
    the next weekday morning; None when that is still to come."""
    if decided is None:
        return None
    if urgent:
        return datetime.combine(decided, time(12), office.zone) if decided < office.as_of else None
    day = _on_weekday(decided + timedelta(days=1))
    return office.at(day, 0) if day <= office.as_of else None


def _steps(
    office: Office, case: Case, track: Track, sent: datetime
) -> list[tuple[str, datetime, str]]:
    """The steps the specialist's office reached by the demo's day; a completed case
    had all of them by the day it was completed, a scheduled one waits for its visit."""
    done = (
        case.status_changed_at.astimezone(office.zone).date()
        if case.status == CaseStatus.COMPLETED and case.status_changed_at is not None
        else None
    )
    start = sent.astimezone(office.zone).date()
    steps: list[tuple[str, datetime, str]] = []
    last = sent
    for position, (status, after, note) in enumerate(track.steps, start=1):
        day = _on_weekday(start + timedelta(days=after))
        if done is not None:
            day = max(min(day, done), start)
        if day > office.as_of:
            break
        when = max(office.at(day, 10 * position), last + timedelta(minutes=10))
        steps.append((status, when, note))
        last = when
        if status == S.SCHEDULED and case.status == CaseStatus.SCHEDULED:
            break  # the case waits for its booked visit: so does the referral
    return steps


def _on_weekday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() > 4 else 0)


def _overdue(planned: list[Outbound]) -> Outbound | None:
    """The open referral sent longest ago (braces excepted: they take years)."""
    open_ = [
        one
        for one in planned
        if one.status not in (S.COMPLETED, S.RETURNED)
        if one.track.back <= 120
    ]
    return min(open_, key=lambda one: one.sent, default=None)


def _write(office: Office, one: Outbound, late: bool) -> Referral:
    case = one.case
    acting = case.coordinator or office.tc
    back = one.back
    if late:
        sent_on = one.sent.astimezone(office.zone).date()
        back = max(office.as_of - timedelta(days=OVERDUE_DAYS), sent_on)
    referral = services.referral_send(
        practice=office.practice,
        acting_user=acting,
        now=one.sent,
        other_provider=one.specialist,
        case=case,
        procedures=one.procedures,
        reason=f"{_words(one.procedures)}. {one.track.ask}",
        urgency=one.urgency,
        sent_on=one.sent.astimezone(office.zone).date(),
        expected_back_on=back,
        notes=OVERDUE_NOTE if late else "",
        documents=_xrays(case),
    )
    for to, when, note in one.steps:
        on = when.astimezone(office.zone).date() if to == S.RETURNED else None
        referral = services.referral_move(
            referral=referral, acting_user=acting, now=when, to=to, note=note, on=on
        )
    return referral


def _words(procedures: list[PlannedProcedure]) -> str:
    """ "Implant placed in the jaw (tooth 19); Oral surgery" as the TC writes it."""
    said: list[str] = []
    for row in procedures:
        words = plain_name(row.code) + (f" (tooth {row.tooth})" if row.tooth else "")
        if words not in said:
            said.append(words)
    return "; ".join(said)


def _xrays(case: Case) -> list[tuple[SimpleUploadedFile, str]]:
    """The case's x-rays go with the referral."""
    images = CaseImage.objects.filter(case=case, kind=ImageKind.XRAY).order_by("pk")
    sent = []
    for image in images:
        with image.file.open("rb") as handle:
            content = handle.read()
        sent.append(
            (SimpleUploadedFile("xray.png", content, image.content_type), image.caption[:120])
        )
    return sent
