"""Demo new patients: in each practice, the TC's pipeline from the first call to the case.

Seventeen new patients are on their way in (CURRENT: sixteen calls, one a parent's for
two children), dated back from the generator's `as_of` (the demo's "today"): calls from
this morning and three days ago, first visits booked for today, tomorrow and next week
(later by half hours when every dentist is busy at the story's time), welcome packages
sent (one could not be: no e-mail address), visits confirmed, patients here today at
each step of the visit (arrived, welcomed and shown around, interviewed, handed off), two
no-shows with their follow-up call, one inquiry closed with its reason, and two whose
case the dentist opened (one presented and accepted). Thirteen more called in the last
three months (PAST), so conversion has figures for every source: some only called,
some booked, arrived, had their case presented or accepted.

Everything goes through the services with the story's time as `now`: call_capture,
visit_book (which e-mails the welcome package and queues the reminder), visit_confirm,
visit_arrived, visit_no_show (its follow-up task), readiness_update, intake_welcomed,
interview_save, hand_off, task_close, visit_cancel, intake_close. The dentist's cases are
told by the case stories' Teller (demo/cases.py): opening the case ends the pipeline
through the intake's receiver, and the case inherits the chief concern and the goals.

Afterwards, what the services dated with the clock is dated to the story: the "case
created" move, and messages due before the demo's day are recorded as sent then (the
worker sends today's when the demo starts). Names come from `rng`: the same seed gives
the same new patients.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from faker import Faker

from casepath.cases.models import Case, CaseType
from casepath.core.intake import Stage
from casepath.demo import cases
from casepath.followups.models import Outcome, Task, TaskReason, TaskStatus
from casepath.followups.services import task_close
from casepath.intake import arrival_services, services, visit_services
from casepath.intake.models import CallerRelation, Intake, IntakeMove, IntakeUrgency
from casepath.intake.selectors import possible_duplicates
from casepath.messaging.models import Message, MessageStatus
from casepath.messaging.timeline import described, record
from casepath.patients.models import ReferralSource
from casepath.scheduling.models import AppointmentStatus
from casepath.scheduling.selectors import day_start, visits_between
from casepath.scheduling.services import appointment_set_status
from casepath.tenancy.models import Practice, Provider

# A step: (action, days before the demo's day (negative: after it), "HH:MM" local, *details).
# Actions: book (visit days before, visit "HH:MM"), ready (chart, forms, insurance),
# confirm (how), arrive, no_show, welcome (tour given), interview, hand_off, callback
# (outcome, note), cancel (reason), close (reason).
# A story's steps fall on the same day (in time order) or three days apart or more: a
# weekend moves a day back to its Friday, so two days closer than that may meet.
Step = tuple[Any, ...]
VISIT_MINUTES = 60
MOST_LATER = 120  # minutes a first visit may move when the dentists are busy then
CALL_MINUTES = (12, 14)  # the first call; the visit is booked at its end, 15 minutes in
SRC = ReferralSource
U = IntakeUrgency


@dataclass(frozen=True)
class Story:
    """One call and the new patient(s) it is about, then what happened since."""

    called: tuple[int, str]
    source: str
    detail: str
    reason: str
    concern: str
    goals: str
    steps: tuple[Step, ...] = ()
    fears: str = ""
    urgency: str = U.ROUTINE
    who: str = "adult"  # adult, senior, child (a parent calls), children (two of them)
    email: bool = True
    texts: bool = False
    times: str = "Weekday mornings"
    insurance: tuple[str, str] = ("", "")  # carrier, group number
    needs: str = ""
    matters: str = ""
    note: str = ""  # the hand-off note
    case: tuple[str, tuple[Step, ...]] | None = None  # a plan of demo/cases.py, its steps
    sibling: tuple[str, str, str] = ("", "", "")  # the second child's concern, goals, fears


def seen(ago: int, at: str, *, tour: bool = True, until: str = "hand_off") -> tuple[Step, ...]:
    """The first visit at `at`: arrived a few minutes early, welcomed, interviewed,
    handed off (stopping after `until`)."""
    steps = (
        ("arrive", ago, _later(at, -5)),
        ("welcome", ago, at, tour),
        ("interview", ago, _later(at, 20)),
        ("hand_off", ago, _later(at, 40)),
    )
    names = [step[0] for step in steps]
    return steps[: names.index(until) + 1]


def _later(at: str, minutes: int) -> str:
    hour, minute = map(int, at.split(":"))
    total = hour * 60 + minute + minutes
    return f"{total // 60:02d}:{total % 60:02d}"


KEYSTONE = ("Keystone Dental Benefits", "KDB-40112")
SUMMIT = ("Summit Mutual Dental", "SMD-1203")
LAKESHORE = ("Lakeshore Indemnity", "LKI-0077")
DR_PARK = "Dr. Renee Park, Park Orthodontics"
DR_OKAFOR = "Dr. James Okafor, Northside Family Medicine"

CURRENT = (
    Story(
        (0, "09:20"),
        SRC.WEB,
        "Google search: dentist near me",
        "New to Columbus, looking for a dentist",
        "My last cleaning was three years ago and a back tooth is sensitive to cold.",
        "Get back on track and keep my teeth healthy.",
        texts=True,
        times="After 5 pm",
    ),
    Story(
        (3, "14:10"),
        SRC.INSURANCE,
        "Keystone provider directory",
        "Asked whether we take their insurance",
        "A filling fell out on the lower left.",
        "Fix it without a big bill.",
        insurance=KEYSTONE,
        times="Lunch hour",
    ),
    Story(
        (2, "11:20"),
        SRC.PROVIDER,
        DR_OKAFOR,
        "Loose lower denture",
        "My lower denture rocks when I eat and gives me sore spots.",
        "Eat a steak again without the denture moving.",
        (("book", 2, "11:35", -1, "10:30"),),
        fears="A bad extraction years ago.",
        who="senior",
        email=False,
        insurance=LAKESHORE,
    ),
    Story(
        (0, "08:40"),
        SRC.CAMPAIGN,
        "Spring whitening mailer",
        "Whitening and a checkup",
        "Coffee stains: my teeth look yellow in photos.",
        "A brighter smile for my new job.",
        (("book", 0, "08:55", -5, "13:00"),),
        texts=True,
        times="Weekends",
    ),
    Story(
        (2, "12:40"),
        SRC.PATIENT,
        "A neighbor who comes here",
        "First dental visits for two children",
        "Never been to a dentist; a dark spot on a back tooth.",
        "A good first visit, so the dentist is not scary.",
        (("book", 2, "12:55", 0, "15:30"),),
        fears="Scared of the drill after a cousin's story.",
        who="children",
        times="After school",
        insurance=SUMMIT,
        sibling=("Checkup before summer camp.", "Clean teeth and a fluoride treatment.", ""),
    ),
    Story(
        (6, "10:00"),
        SRC.WEB,
        "Practice website",
        "Bleeding gums",
        "My gums bleed every time I floss.",
        "Healthy gums and fresh breath.",
        (
            ("book", 6, "10:15", 0, "14:00"),
            ("confirm", 1, "18:20", "on the link"),
            ("ready", 0, "07:45", True, True, True),
        ),
        insurance=SUMMIT,
        texts=True,
    ),
    Story(
        (4, "09:45"),
        SRC.PATIENT,
        "Sent by a sister who is a patient",
        "Chipped front tooth",
        "I chipped my front tooth on a fork and it catches my lip.",
        "Make it look like nothing happened.",
        (("book", 4, "10:00", -1, "09:00"), ("confirm", 0, "08:30", "by phone")),
        urgency=U.SOON,
    ),
    Story(
        (8, "15:30"),
        SRC.PROVIDER,
        DR_PARK,
        "Wisdom teeth before braces come off",
        "The orthodontist says my wisdom teeth are pushing my teeth forward.",
        "Keep my straight teeth straight.",
        (
            ("book", 8, "15:45", 0, "11:00"),
            ("confirm", 2, "19:05", "on the link"),
            ("ready", 0, "07:50", True, True, False),
            ("arrive", 0, "10:55"),
        ),
        insurance=KEYSTONE,
        texts=True,
    ),
    Story(
        (7, "11:10"),
        SRC.INSURANCE,
        "Summit Mutual member website",
        "Needs a new dentist in the network",
        "A crown came off last week and I glued it back with denture paste.",
        "A crown that stays on, covered by my plan.",
        (
            ("book", 7, "11:25", 0, "10:00"),
            ("confirm", 3, "09:40", "by phone"),
            ("ready", 0, "07:55", True, True, True),
            *seen(0, "10:00", until="welcome"),
        ),
        urgency=U.SOON,
        insurance=SUMMIT,
    ),
    Story(
        (9, "13:00"),
        SRC.CAMPAIGN,
        "Radio ad on WCBE",
        "Missing back teeth",
        "Two back teeth were pulled years ago and now I chew on one side.",
        "Chew comfortably on both sides.",
        (
            ("book", 9, "13:20", 0, "09:00"),
            ("confirm", 2, "12:30", "by phone"),
            ("ready", 0, "07:40", True, False, True),
            *seen(0, "09:00", tour=False, until="interview"),
        ),
        fears="Needles.",
        needs="A way to replace the missing teeth that fits the budget.",
        matters="Chewing, and the cost spread over time.",
        insurance=KEYSTONE,
    ),
    Story(
        (10, "10:30"),
        SRC.WEB,
        "Online reviews",
        "Toothache and a broken filling",
        "A filling on the upper right broke and the tooth aches at night.",
        "Stop the ache and keep the tooth.",
        (
            ("book", 10, "10:45", 0, "08:00"),
            ("confirm", 1, "17:10", "on the link"),
            ("ready", 0, "07:30", True, True, True),
            *seen(0, "08:00"),
        ),
        urgency=U.SOON,
        needs="Relief first, then a lasting repair.",
        matters="Keeping the tooth.",
        note="Aching upper right tooth with a broken filling, worse at night; wants to save "
        "it. Nervous about a root canal: explain each step.",
        texts=True,
    ),
    Story(
        (5, "11:00"),
        SRC.CAMPAIGN,
        "Free exam offer on Facebook",
        "Exam and cleaning",
        "Haven't been in years; my teeth feel rough.",
        "A fresh start and a clean smile.",
        (("book", 5, "11:15", 1, "14:00"), ("no_show", 1, "14:20")),
        times="After 5 pm",
    ),
    Story(
        (8, "14:45"),
        SRC.WEB,
        "Google search",
        "Sensitive teeth",
        "Sharp pain with ice cream on both sides.",
        "Eat cold food again.",
        (("book", 8, "15:00", 3, "09:30"), ("no_show", 3, "09:50")),
        texts=True,
    ),
    Story(
        (13, "10:20"),
        SRC.PATIENT,
        "Sent by a coworker who is a patient",
        "Pain when biting",
        "It hurts when I bite down on the right side.",
        "Fix it before it breaks.",
        (("book", 13, "10:35", 6, "09:00"), *seen(6, "09:00")),
        needs="Find which tooth is cracked and what will save it.",
        matters="Keeping my own teeth.",
        case=("cracked", ()),
    ),
    Story(
        (17, "16:00"),
        SRC.PROVIDER,
        "Dr. Maya Brooks, Brooks Oral Surgery",
        "Front tooth lost in an accident",
        "I lost my front tooth in a bike accident and wear a flipper.",
        "A natural smile for my daughter's wedding in the fall.",
        (("book", 17, "16:15", 12, "10:00"), *seen(12, "10:00")),
        needs="A permanent front tooth that looks real.",
        matters="Looks, and being done before the wedding.",
        case=("front_tooth", (("ready", 12), ("present", 12), ("accept", 9, 0, ()))),
        insurance=KEYSTONE,
    ),
    Story(
        (8, "13:30"),
        SRC.WEB,
        "Practice website",
        "Price of a cleaning",
        "Wants a cleaning and a price before booking.",
        "A cleaning at a fair price.",
        (("close", 5, "10:00", "Chose a practice closer to work."),),
    ),
)

PAST = (
    Story(
        (80, "09:30"),
        SRC.WEB,
        "Google search",
        "Missing lower back tooth",
        "Food gets stuck where my back tooth was pulled last year.",
        "Chew on both sides again, with something that lasts.",
        (("book", 80, "09:45", 74, "09:00"), *seen(74, "09:00")),
        case=(
            "molar_implant",
            (("ready", 74), ("present", 74), ("accept", 70, 0, ())),
        ),
    ),
    Story(
        (62, "15:00"),
        SRC.WEB,
        "Whitening page of the website",
        "Price of whitening",
        "Yellow teeth.",
        "Whiter teeth.",
        (("close", 59, "11:00", "Only wanted a price for whitening."),),
    ),
    Story(
        (45, "10:10"),
        SRC.WEB,
        "Online reviews",
        "Checkup",
        "A tooth feels rough on the tongue.",
        "A checkup and a cleaning.",
        (
            ("book", 45, "10:25", 41, "13:30"),
            ("no_show", 41, "13:50"),
            ("callback", 38, "10:00", Outcome.LEFT_MESSAGE, "Left a message to rebook."),
            ("close", 33, "16:00", "Did not call back after the missed visit."),
        ),
    ),
    Story(
        (28, "11:40"),
        SRC.WEB,
        "Google search: implant dentist",
        "Flipper for a front tooth",
        "I lost my front tooth in a bike accident and wear a flipper.",
        "A tooth that stays in.",
        (("book", 28, "11:55", 24, "09:00"), *seen(24, "09:00")),
        case=("front_tooth", (("ready", 24), ("present", 21))),
    ),
    Story(
        (70, "09:15"),
        SRC.PATIENT,
        "Sent by a family member who is a patient",
        "Pain with cold drinks",
        "Sharp pain on the upper left when I drink something cold.",
        "Stop the pain and keep my teeth.",
        (("book", 70, "09:30", 66, "09:00"), *seen(66, "09:00")),
        case=("crowns_rct", (("ready", 66), ("present", 66), ("accept", 63, 0, ()))),
        insurance=KEYSTONE,
    ),
    Story(
        (50, "14:20"),
        SRC.PATIENT,
        "Sent by a friend who is a patient",
        "Bleeding, loose tooth",
        "My gums bleed when I brush and one side feels loose.",
        "Healthy gums, and keep my teeth as long as I can.",
        (("book", 50, "14:35", 45, "09:00"), *seen(45, "09:00")),
        case=("perio", (("ready", 45), ("present", 45), ("accept", 44, 0, ()))),
        insurance=SUMMIT,
    ),
    Story(
        (33, "10:50"),
        SRC.PATIENT,
        "Sent by a parent who is a patient",
        "Pain when biting",
        "It hurts when I bite down on the right side.",
        "Fix it before it breaks.",
        (("book", 33, "11:05", 29, "09:00"), *seen(29, "09:00")),
        case=("cracked", (("ready", 29), ("present", 22))),
    ),
    Story(
        (58, "16:30"),
        SRC.PROVIDER,
        DR_PARK,
        "Wisdom teeth",
        "Pain at the back of my jaw on both sides.",
        "Have them out over winter break.",
        (("book", 58, "16:45", 53, "09:00"), *seen(53, "09:00")),
        case=("wisdom", (("ready", 53),)),
    ),
    Story(
        (40, "08:50"),
        SRC.PROVIDER,
        DR_OKAFOR,
        "Missing back tooth",
        "Food gets stuck where my back tooth was pulled last year.",
        "Chew on both sides again, with something that lasts.",
        (("book", 40, "09:05", 35, "09:00"), *seen(35, "09:00")),
        case=("molar_implant", (("ready", 35), ("present", 35), ("accept", 30, 0, ()))),
        insurance=SUMMIT,
    ),
    Story(
        (76, "13:15"),
        SRC.INSURANCE,
        "Lakeshore provider list",
        "Checking the network",
        "Needs a cleaning.",
        "Stay in network.",
        (("close", 72, "09:30", "Chose a practice in their network closer to home."),),
        insurance=LAKESHORE,
    ),
    Story(
        (36, "12:00"),
        SRC.INSURANCE,
        "Keystone provider directory",
        "Cold sensitivity",
        "Sharp pain on the upper left when I drink something cold.",
        "Stop the pain and keep my teeth.",
        (("book", 36, "12:15", 31, "09:00"), *seen(31, "09:00")),
        case=("crowns_rct", (("ready", 31), ("present", 24))),
        insurance=KEYSTONE,
    ),
    Story(
        (58, "17:10"),
        SRC.CAMPAIGN,
        "Spring whitening mailer",
        "Whitening",
        "Stained teeth.",
        "A whiter smile.",
        (
            ("book", 58, "17:25", 52, "15:00"),
            ("cancel", 55, "10:00", "Moving out of state next month."),
            ("close", 55, "10:05", "Moving out of state."),
        ),
    ),
    Story(
        (30, "10:00"),
        SRC.CAMPAIGN,
        "Radio ad on WCBE",
        "Wisdom tooth pain",
        "Pain at the back of my jaw on both sides.",
        "Have them out over winter break.",
        (("book", 30, "10:15", 26, "09:00"), *seen(26, "09:00")),
        case=("wisdom", ()),
    ),
)

AGES = {"adult": (24, 58), "senior": (64, 82), "child": (6, 14), "children": (6, 14)}


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    born: date
    sex: str
    phone: str
    email: str


@dataclass
class Town:
    """One practice's storyteller: who acts, who sees new patients, the demo's days."""

    practice: Practice
    as_of: date
    zone: ZoneInfo
    rng: random.Random
    fake: Faker
    tcs: list[Any]
    dentists: list[Provider]
    cases: cases.Demo
    taken: dict[date, set[tuple[int, datetime]]] = field(default_factory=dict)

    def day(self, ago: int) -> date:
        """`ago` days before the demo's day (after it when negative), on a weekday;
        today and tomorrow as they are."""
        day = self.as_of - timedelta(days=ago)
        if ago > 0:
            return day - timedelta(days=max(day.weekday() - 4, 0))
        if ago < -1 and day.weekday() > 4:
            return day + timedelta(days=7 - day.weekday())
        return day

    def at(self, ago: int, hm: str) -> datetime:
        hour, minute = map(int, hm.split(":"))
        return datetime.combine(self.day(ago), time(hour, minute), self.zone)

    def dentist_free(self, start: datetime, minutes: int) -> tuple[datetime, Provider]:
        """The first dentist with nothing booked at `start`, or half an hour later (and so
        on, up to MOST_LATER); when every dentist is busy, the first one at `start`."""
        day = start.astimezone(self.zone).date()
        if day not in self.taken:
            self.taken[day] = {
                (visit.provider_id, visit.starts_at + timedelta(minutes=m))
                for visit in visits_between(self.practice, day, day, self.zone)
                for m in range(0, visit.duration_minutes, 30)
            }
        taken = self.taken[day]
        for later in range(0, MOST_LATER + 1, 30):
            moved = start + timedelta(minutes=later)
            for dentist in self.dentists:
                wanted = {(dentist.pk, moved + timedelta(minutes=m)) for m in range(0, minutes, 30)}
                if not wanted & taken:
                    taken |= wanted
                    return moved, dentist
        return start, self.dentists[0]


def intakes_for(practice: Practice, rng: random.Random, as_of: date) -> int:
    """Tell every new patient's story in `practice`; how many intakes were made."""
    town = _town(practice, rng, as_of)
    if town is None:
        return 0
    made = 0
    for index, story in enumerate(PAST + CURRENT):
        made += len(Walker(town, story, index).walk())
    _history_sent(town)
    return made


def _town(practice: Practice, rng: random.Random, as_of: date) -> Town | None:
    """None when the case stories have nobody to tell them (no TC, no dentist, no adult
    patient: a seed of no patients stays empty)."""
    fake = Faker("en_US")
    fake.seed_instance(rng.randrange(2**32))
    demo = cases._demo(practice, random.Random(rng.random()), as_of)
    if demo is None:
        return None
    demo.jitter = 0  # a case is opened on the day of its hand-off
    zone = ZoneInfo(practice.time_zone)
    return Town(practice, as_of, zone, rng, fake, demo.tcs, demo.dentists, demo)


def _history_sent(town: Town) -> None:
    """Messages due before the demo's day went out then; today's wait for the worker."""
    due = Message.objects.filter(
        practice=town.practice,
        idempotency_key__startswith="intake:",
        status=MessageStatus.QUEUED,
        send_after__lt=day_start(town.as_of, town.zone),
    )
    for message in due.select_related("patient").order_by("send_after", "pk"):
        message.status, message.sent_at = MessageStatus.SENT, message.send_after
        message.save(update_fields=["status", "sent_at", "updated_at"])
        record(message, f"{described(message)} sent")


class Walker:
    """Tells one story: the call, then each step through the services at the story's time."""

    def __init__(self, town: Town, story: Story, index: int) -> None:
        self.town, self.story, self.index = town, story, index
        self.tc = town.tcs[index % len(town.tcs)]
        self.intakes: list[Intake] = []
        self.moved: dict[int, tuple[date, timedelta]] = {}  # a visit later than the story's

    def walk(self) -> list[Intake]:
        self.intakes = self._call()
        for action, ago, hm, *details in self.story.steps:
            for offset, intake in enumerate(self.intakes):
                when = self.town.at(ago, hm) + timedelta(minutes=VISIT_MINUTES * offset)
                day, later = self.moved.get(intake.pk, (None, timedelta()))
                if action != "book" and when.date() == day:
                    when += later  # the visit day's steps follow the visit
                getattr(self, f"_{action}")(intake, when, *details)
        for intake in self.intakes:
            self._visit_done(intake)
            if self.story.case is not None and intake.stage == Stage.HANDED_OFF:
                self._case(intake, *self.story.case)
        return self.intakes

    # -- the call --

    def _call(self) -> list[Intake]:
        story, town = self.story, self.town
        started = town.at(*story.called)
        caller, patients = self._people()
        call = {
            "caller_name": f"{caller.first_name} {caller.last_name}",
            "caller_relation": CallerRelation.SELF if caller in patients else CallerRelation.PARENT,
            "caller_phone": caller.phone,
            "caller_email": caller.email if story.email else "",
            "source": story.source,
            "source_detail": story.detail,
            "reason": story.reason,
            "preferred_times": story.times,
            "may_call": True,
            "may_text": story.texts,
            "may_email": story.email,
        }
        entries = [
            services.CallPatient(new=self._record(person, caller), about=self._about(i, caller))
            for i, person in enumerate(patients)
        ]
        _, intakes = services.call_capture(
            practice=town.practice,
            acting_user=self.tc,
            call=call,
            patients=entries,
            started_at=started,
            now=started + timedelta(minutes=town.rng.randint(*CALL_MINUTES)),
        )
        return intakes

    def _people(self) -> tuple[Person, list[Person]]:
        """The caller and the patients, none of them looking like a patient on file."""
        for _ in range(50):
            caller, patients = self._draw()
            if not any(
                possible_duplicates(self.town.practice, self._record(p, caller)) for p in patients
            ):
                return caller, patients
        raise RuntimeError("no new patient name left")  # pragma: no cover

    def _draw(self) -> tuple[Person, list[Person]]:
        who = self.story.who
        caller = self._person(AGES["adult" if who in ("child", "children") else who])
        if who in ("adult", "senior"):
            return caller, [caller]
        count = 2 if who == "children" else 1
        children = [self._person(AGES[who], caller.last_name) for _ in range(count)]
        return caller, children

    def _person(self, ages: tuple[int, int], last_name: str = "") -> Person:
        rng, fake = self.town.rng, self.town.fake
        sex = rng.choice("FM")
        first = fake.first_name_female() if sex == "F" else fake.first_name_male()
        last = last_name or fake.last_name()
        age = rng.randint(*ages)
        born = self.town.as_of - timedelta(days=age * 365 + rng.randint(0, 364))
        phone = fake.numerify("(614) 555-02##")
        email = f"{first}.{last}{rng.randint(1, 99)}@example.com".lower()
        return Person(first, last, born, sex, phone, re.sub(r"[^a-z0-9@.]", "", email))

    def _record(self, person: Person, caller: Person) -> dict[str, Any]:
        """The new patient's record (a child's phone and e-mail are the parent's)."""
        data = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "date_of_birth": person.born,
            "sex": person.sex,
            "is_new_patient": True,
            "time_zone": self.town.practice.time_zone,
            "email": caller.email if self.story.email else "",
        }
        if person is caller:
            return data | {"mobile_phone": caller.phone}
        return data | {"home_phone": caller.phone}

    def _about(self, index: int, caller: Person) -> dict[str, Any]:
        story = self.story
        concern, goals, fears = story.concern, story.goals, story.fears
        if index == 1:
            concern, goals, fears = story.sibling
        carrier, group = story.insurance
        about = {"chief_concern": concern, "goals": goals, "fears": fears, "urgency": story.urgency}
        if carrier:
            about |= {
                "insurance_carrier": carrier,
                "insurance_subscriber": f"{caller.first_name} {caller.last_name}",
                "insurance_member_id": self.town.fake.numerify("W#########"),
                "insurance_group": group,
            }
        return about

    # -- the steps --

    def _book(self, intake: Intake, now: datetime, visit_ago: int, hm: str) -> None:
        offset = self.intakes.index(intake) * VISIT_MINUTES
        wanted = self.town.at(visit_ago, hm) + timedelta(minutes=offset)
        starts, dentist = self.town.dentist_free(wanted, VISIT_MINUTES)
        self.moved[intake.pk] = (wanted.date(), starts - wanted)
        visit_services.visit_book(
            intake=intake,
            acting_user=self.tc,
            provider=dentist,
            starts_at=starts,
            duration_minutes=VISIT_MINUTES,
            now=now,
        )

    def _ready(self, intake: Intake, now: datetime, chart: bool, forms: bool, ins: bool) -> None:
        ready = {"chart_prepared": chart, "forms_received": forms, "insurance_verified": ins}
        arrival_services.readiness_update(intake=intake, acting_user=self.tc, ready=ready)

    def _confirm(self, intake: Intake, now: datetime, how: str) -> None:
        visit_services.visit_confirm(intake=intake, acting_user=self.tc, now=now, how=how)

    def _arrive(self, intake: Intake, now: datetime) -> None:
        visit_services.visit_arrived(intake=intake, acting_user=self.tc, now=now)

    def _no_show(self, intake: Intake, now: datetime) -> None:
        visit_services.visit_no_show(intake=intake, acting_user=self.tc, now=now)

    def _welcome(self, intake: Intake, now: datetime, tour: bool) -> None:
        arrival_services.intake_welcomed(
            intake=intake, acting_user=self.tc, now=now, tour_given=tour
        )

    def _interview(self, intake: Intake, now: datetime) -> None:
        story = self.story
        answers = {
            "chief_concern": intake.chief_concern,
            "goals": intake.goals,
            "fears": intake.fears,
            "needs": story.needs or "An exam, x-rays and a plan explained in plain words.",
            "what_matters": story.matters or "Knowing the choices and the cost up front.",
        }
        arrival_services.interview_save(
            intake=intake, acting_user=self.tc, now=now, answers=answers
        )

    def _hand_off(self, intake: Intake, now: datetime) -> None:
        note = self.story.note or " ".join(
            part
            for part in (
                intake.chief_concern,
                f"Goals: {intake.goals}",
                f"Nervous about: {intake.fears}" if intake.fears else "",
            )
            if part
        )
        visit = intake.first_visit
        provider = visit.provider if visit is not None else self.town.dentists[0]
        arrival_services.hand_off(
            intake=intake, acting_user=self.tc, now=now, provider=provider, note=note
        )

    def _callback(self, intake: Intake, now: datetime, outcome: str, note: str) -> None:
        tasks = Task.objects.filter(
            practice=intake.practice,
            patient=intake.patient,
            reason=TaskReason.NO_SHOW,
            status=TaskStatus.OPEN,
        )
        for task in tasks.order_by("pk"):
            task_close(
                acting_user=self.tc,
                task=task,
                status=TaskStatus.DONE,
                now=now,
                outcome=outcome,
                note=note,
            )

    def _cancel(self, intake: Intake, now: datetime, reason: str) -> None:
        visit_services.visit_cancel(intake=intake, acting_user=self.tc, now=now, reason=reason)

    def _close(self, intake: Intake, now: datetime, reason: str) -> None:
        services.intake_close(intake=intake, reason=reason, acting_user=self.tc, now=now)

    # -- after the visit --

    def _visit_done(self, intake: Intake) -> None:
        """A first visit of a day before the demo's is over: the appointment is completed."""
        visit = intake.first_visit
        if visit is None or visit.status != AppointmentStatus.ARRIVED:
            return
        if visit.starts_at.astimezone(self.town.zone).date() < self.town.as_of:
            appointment_set_status(
                appointment=visit, status=AppointmentStatus.COMPLETED, acting_user=self.tc
            )

    def _case(self, intake: Intake, plan: str, steps: tuple[Step, ...]) -> None:
        """The dentist's case, told by the case stories' Teller for this new patient."""
        demo, handed = self.town.cases, intake.handed_off_at
        if handed is None or intake.handed_off_to is None:
            return
        local = handed.astimezone(self.town.zone)
        teller = cases.Teller(
            demo, cases.Story(plan, (self.town.as_of - local.date()).days, steps), self.index
        )
        # The case opens empty-handed: it inherits the concern and goals from the intake.
        teller.plan = replace(
            cases.PLANS[plan], concern="", goals="", case_type=CaseType.NEW_PATIENT
        )
        teller.patient, teller.tc, teller.dentist = intake.patient, self.tc, intake.handed_off_to
        teller.minutes = local.hour * 60 + local.minute - 9 * 60
        case = teller.tell()
        opened = Case.objects.get(pk=case.pk).created_at
        IntakeMove.objects.filter(intake=intake, to_stage=Stage.CASE_CREATED).update(at=opened)
        Intake.objects.filter(pk=intake.pk).update(stage_entered_at=opened)
        intake.refresh_from_db()
