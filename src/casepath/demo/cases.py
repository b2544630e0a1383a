"""Demo cases: every state of the lifecycle, told as the TC would have lived them.

Each practice gets about sixteen stories (STORIES, over the PLANS below) for its own
patients, dated back from the generator's `as_of`: drafts from this week, plans
waiting for an answer, accepted (whole or in part), declined and expired ones, and
treatment scheduled, started or finished months ago. Every story covers all ten
statuses in each practice; a few stories are told in one practice only.

The doctor's first plan is written at once and recorded as plan version 1 (see
Teller._write_plan); everything after it goes through the services: estimates,
presentations with their snapshots, revisions, decisions, lifecycle moves, notes and
images, so the timeline and the audit trail are the real ones. The services date
their rows with the clock; the timeline's rows (events, notes, revisions, images)
are then dated to the story's day. The audit trail keeps its own times: it records
when the demo was seeded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model

from casepath.cases import image_services, plan_services, services
from casepath.cases.models import (
    Case,
    CaseEvent,
    CaseImage,
    CaseNote,
    CaseOption,
    CasePhase,
    CaseRevision,
    CaseType,
    ImageKind,
    NoteKind,
    PlannedProcedure,
    PresentationMode,
    Urgency,
)
from casepath.cases.presentation_services import present_case
from casepath.cases.selectors import procedures_of_option
from casepath.core.cases import CaseStatus, PlannedItem, check_option
from casepath.core.catalog import plain_name
from casepath.core.fees import fee_for
from casepath.demo import images, people
from casepath.estimates.requests import PracticeFiles
from casepath.estimates.selectors import practice_files
from casepath.patients.models import Patient, PatientStatus
from casepath.tenancy.models import Membership, Practice, Provider, ProviderKind
from casepath.tenancy.roles import Role

# ---- plans ------------------------------------------------------------------------


@dataclass(frozen=True)
class P:
    """A planned procedure: who does it ("dentist" or a specialist), healing, visits,
    and a typed fee for a code the office schedule does not have."""

    code: str
    tooth: str = ""
    surfaces: str = ""
    who: str = "dentist"
    heal: int = 0
    visits: int = 1
    fee: str | None = None


@dataclass(frozen=True)
class Option:
    name: str
    summary: str
    phases: tuple[tuple[str, tuple[P, ...]], ...]


@dataclass(frozen=True)
class Picture:
    kind: str  # ImageKind
    caption: str
    missing: frozenset[int] = frozenset()
    marked: frozenset[int] = frozenset()  # x-ray: fillings and crowns; photo: damaged
    lesions: frozenset[int] = frozenset()
    on: str = ""  # "D3330 14": shown beside that procedure of the recommended option


@dataclass(frozen=True)
class Plan:
    title: str
    case_type: str
    urgency: str
    concern: str
    goals: str
    missing: str
    options: tuple[Option, ...]  # the first one is recommended
    notes: tuple[tuple[str, str], ...]  # discussed at the first presentation
    pictures: tuple[Picture, ...] = ()
    later: Option | None = None  # added when the plan is revised
    child: bool = False


S = frozenset
WISDOM = S({1, 16, 17, 32})

MOLAR_IMPLANT = Plan(
    "Missing lower left molar",
    CaseType.FROM_HYGIENE,
    Urgency.SOON,
    "Food gets stuck where my back tooth was pulled last year.",
    "Chew on both sides again, with something that lasts.",
    "19",
    (
        Option(
            "Implant",
            "A new root and tooth where the old one was. It lasts the longest and does "
            "not touch the teeth beside it.",
            (
                ("Implant placement", (P("D6010", "19", who="surgeon", heal=90), P("D7953"))),
                ("Implant crown", (P("D6057", "19"), P("D6058", "19", visits=2))),
            ),
        ),
        Option(
            "Bridge",
            "Three crowns joined together, held by the teeth on each side. Done in about "
            "three weeks.",
            (("Bridge", (P("D6750", "18", visits=2), P("D6240", "19"), P("D6750", "20"))),),
        ),
    ),
    (
        (
            NoteKind.FINANCIAL,
            "Plan pays 50% on major work up to the $1,500 yearly maximum; the estimate "
            "uses what is left this year. Asked about spreading the cost over 12 months.",
        ),
        (
            NoteKind.CLINICAL_QUESTION,
            "Is there enough bone for the implant without a bigger graft? Asked the "
            "doctor to look at the 3D scan before the next visit.",
        ),
        (
            NoteKind.OBJECTION,
            "Worried about surgery and time off work. Explained the implant goes in "
            "during one short visit with the area numbed.",
        ),
    ),
    (
        Picture(
            ImageKind.XRAY,
            "Panoramic x-ray: the gap at tooth 19 and the bone where the implant would go",
            missing=S({19}) | WISDOM,
            marked=S({3, 14}),
            on="D6010 19",
        ),
    ),
    later=Option(
        "Partial denture",
        "A removable tooth on a light metal frame. The lowest cost today.",
        (("Partial denture", (P("D5214", visits=3, fee="2150.00"),)),),
    ),
)

CROWNS_RCT = Plan(
    "Deep decay in upper left molars",
    CaseType.FROM_HYGIENE,
    Urgency.SOON,
    "Sharp pain on the upper left when I drink something cold.",
    "Stop the pain and keep my teeth.",
    "",
    (
        Option(
            "Root canal and two crowns",
            "Save tooth 14 with a root canal, then cap it and the cracked tooth beside it.",
            (
                ("Root canal", (P("D3330", "14", who="endo", heal=14),)),
                ("Crowns", (P("D2950", "14"), P("D2740", "14", visits=2), P("D2740", "15"))),
            ),
        ),
        Option(
            "Root canal, crown and a filling",
            "Save tooth 14 and cap it; a large filling on 15 for now.",
            (
                ("Root canal", (P("D3330", "14", who="endo", heal=14),)),
                (
                    "Crown and filling",
                    (P("D2950", "14"), P("D2740", "14"), P("D2393", "15", "MOD")),
                ),
            ),
        ),
        Option(
            "Remove tooth 14",
            "Take out the tooth that hurts and fill the one beside it. Leaves a gap.",
            (("Extraction and filling", (P("D7140", "14"), P("D2393", "15", "MOD"))),),
        ),
    ),
    (
        (
            NoteKind.FINANCIAL,
            "Two crowns this year would use most of the $1,000 maximum. Offered to do the "
            "crown on 15 in January, when the benefits start over.",
        ),
        (
            NoteKind.CLINICAL_QUESTION,
            "Does 15 really need a crown, or would a large filling hold? Doctor to confirm "
            "at the root canal visit.",
        ),
    ),
    (
        Picture(
            ImageKind.XRAY,
            "X-ray: decay under the old filling of tooth 14 reaches the nerve",
            missing=WISDOM,
            marked=S({3, 19, 30}),
            lesions=S({14}),
            on="D3330 14",
        ),
    ),
)

FRONT_TOOTH = Plan(
    "Missing upper front tooth",
    CaseType.NEW_PATIENT,
    Urgency.SOON,
    "I lost my front tooth in a bike accident and wear a flipper.",
    "A natural smile for my daughter's wedding in the fall.",
    "8",
    (
        Option(
            "Implant",
            "A new root and tooth. Looks and feels like your own; the teeth beside it "
            "stay as they are.",
            (
                ("Implant placement", (P("D6010", "8", who="surgeon", heal=120),)),
                ("Final crown", (P("D6057", "8"), P("D6058", "8", visits=2))),
            ),
        ),
        Option(
            "Bridge",
            "A false tooth held by crowns on the two teeth beside the gap.",
            (("Bridge", (P("D6750", "7", visits=2), P("D6240", "8"), P("D6750", "9"))),),
        ),
        Option(
            "Partial denture",
            "A removable plate with one tooth. Quick and the lowest cost.",
            (("Partial denture", (P("D5213", visits=3),)),),
        ),
    ),
    (
        (
            NoteKind.OBJECTION,
            "Does not want the healthy teeth beside the gap filed down for a bridge.",
        ),
        (
            NoteKind.FINANCIAL,
            "The wedding is in four months: the implant may not be finished by then. "
            "Discussed a better-looking temporary while it heals.",
        ),
        (NoteKind.GENERAL, "Came with a family member who will help with the cost."),
    ),
    (
        Picture(ImageKind.PHOTO, "Smile photo: the gap at tooth 8", missing=S({8})),
        Picture(
            ImageKind.XRAY,
            "Panoramic x-ray before planning",
            missing=S({8}) | WISDOM,
            marked=S({30}),
            on="D6010 8",
        ),
    ),
)

PERIO = Plan(
    "Gum disease, then fillings",
    CaseType.FROM_HYGIENE,
    Urgency.SOON,
    "My gums bleed when I brush and one side feels loose.",
    "Healthy gums, and keep my teeth as long as I can.",
    "",
    (
        Option(
            "Gum treatment, then fillings",
            "Deep cleaning first so the gums can heal, then three fillings.",
            (
                ("Deep cleaning", (P("D4341", who="perio"), P("D4341", who="perio", heal=42))),
                (
                    "Fillings",
                    (P("D2392", "14", "MO"), P("D2391", "19", "O"), P("D2393", "30", "MOD")),
                ),
                ("Gum maintenance", (P("D4910", who="perio"),)),
            ),
        ),
        Option(
            "Fillings first, cleaning later",
            "Fix the cavities now and a regular cleaning; the gum disease is watched.",
            (
                (
                    "Fillings",
                    (P("D2392", "14", "MO"), P("D2391", "19", "O"), P("D2393", "30", "MOD")),
                ),
                ("Cleaning", (P("D1110"),)),
            ),
        ),
    ),
    (
        (
            NoteKind.CLINICAL_QUESTION,
            "Asked if the deep cleaning hurts. Explained numbing, two visits, one side at a time.",
        ),
        (NoteKind.FINANCIAL, "Plan pays 80% for gum treatment after the $50 deductible."),
    ),
    (
        Picture(
            ImageKind.XRAY,
            "Full-mouth x-rays: bone loss around the lower molars",
            missing=WISDOM,
            marked=S({3}),
        ),
        Picture(ImageKind.PHOTO, "Front view: red, swollen gums at the lower front teeth"),
    ),
)

ORTHO = Plan(
    "Crowded front teeth",
    CaseType.ORTHODONTIC,
    Urgency.ELECTIVE,
    "The front teeth are crooked and our child hides them in photos.",
    "Straight teeth before high school starts.",
    "",
    (
        Option(
            "Braces",
            "Brackets and wires for about two years, checked every month.",
            (
                ("Records", (P("D0330", who="ortho"),)),
                ("Braces", (P("D8080", who="ortho", visits=24),)),
            ),
        ),
        Option(
            "Clear aligners",
            "Clear trays changed every two weeks; worn 22 hours a day.",
            (
                ("Records", (P("D0330", who="ortho"),)),
                ("Aligners", (P("D8080", who="ortho", visits=12, fee="6800.00"),)),
            ),
        ),
    ),
    (
        (
            NoteKind.FINANCIAL,
            "Ortho benefit is a $1,500 lifetime maximum, paid out during treatment. "
            "Offered the in-house 18-month payment plan.",
        ),
        (
            NoteKind.OBJECTION,
            "Parents like aligners but worry they will not be worn 22 hours a day.",
        ),
    ),
    (Picture(ImageKind.PHOTO, "Front view: crowding of the lower front teeth"),),
    child=True,
)

EMERGENCY = Plan(
    "Broken upper tooth with swelling",
    CaseType.EMERGENCY,
    Urgency.IMMEDIATE,
    "My tooth broke and my cheek is swollen; I could not sleep.",
    "Get out of pain today.",
    "",
    (
        Option(
            "Take the tooth out",
            "Remove the broken tooth today and save the bone for an implant later.",
            (("Today", (P("D7210", "3", who="surgeon", heal=60), P("D7953", who="surgeon"))),),
        ),
        Option(
            "Try to save the tooth",
            "A root canal, then a post and a crown. The break may be too deep to hold.",
            (
                ("Root canal", (P("D3330", "3", who="endo", heal=14),)),
                ("Crown", (P("D2950", "3"), P("D2740", "3", visits=2))),
            ),
        ),
    ),
    (
        (
            NoteKind.CLINICAL_QUESTION,
            "Started antibiotics yesterday: can the tooth still come out today? Doctor says yes.",
        ),
        (NoteKind.FINANCIAL, "Paid the patient portion of the extraction at the front desk today."),
    ),
    (
        Picture(
            ImageKind.XRAY,
            "X-ray: tooth 3 broken below the gum, infection at the root tip",
            missing=WISDOM,
            marked=S({14, 30}),
            lesions=S({3}),
            on="D7210 3",
        ),
    ),
)

CRACKED = Plan(
    "Cracked lower right molar",
    CaseType.NEW_PATIENT,
    Urgency.SOON,
    "It hurts when I bite down on the right side.",
    "Fix it before it breaks.",
    "",
    (
        Option(
            "Crown",
            "A cap over the whole tooth holds the crack together.",
            (("Crown", (P("D2950", "30"), P("D2740", "30", visits=2))),),
        ),
        Option(
            "Large filling",
            "Replace the old filling. Lower cost, but the crack can still spread.",
            (("Filling", (P("D2393", "30", "MOD"),)),),
        ),
    ),
    (
        (
            NoteKind.OBJECTION,
            "Thinks a crown is too much for a tooth that only hurts now and then.",
        ),
        (NoteKind.GENERAL, "Explained that a crack can split the tooth; a crown holds it."),
    ),
    (
        Picture(
            ImageKind.XRAY,
            "X-ray: large old filling in tooth 30",
            missing=WISDOM,
            marked=S({30, 3}),
            on="D2740 30",
        ),
    ),
)

WISDOM_TEETH = Plan(
    "Impacted wisdom teeth",
    CaseType.SPECIALTY_CONSULT,
    Urgency.ELECTIVE,
    "Pain at the back of my jaw on both sides.",
    "Have them out over winter break.",
    "",
    (
        Option(
            "Remove all four",
            "All four wisdom teeth out in one visit with the oral surgeon.",
            (
                (
                    "Surgery",
                    (
                        P("D7240", "1", who="surgeon"),
                        P("D7240", "16", who="surgeon"),
                        P("D7240", "17", who="surgeon"),
                        P("D7240", "32", who="surgeon", heal=14),
                        P("D9230", who="surgeon"),
                    ),
                ),
            ),
        ),
        Option(
            "Remove the two lower ones",
            "Only the lower teeth that hurt; the upper ones are watched.",
            (
                (
                    "Surgery",
                    (
                        P("D7240", "17", who="surgeon"),
                        P("D7240", "32", who="surgeon", heal=14),
                    ),
                ),
            ),
        ),
    ),
    (
        (
            NoteKind.CLINICAL_QUESTION,
            "Asked about being asleep for it: the oral surgeon will go over sedation "
            "at the consult.",
        ),
        (
            NoteKind.FINANCIAL,
            "Medical insurance may pay part of the surgery; gave the patient the codes "
            "to call them.",
        ),
    ),
    (
        Picture(
            ImageKind.XRAY,
            "Panoramic x-ray: all four wisdom teeth are impacted",
            marked=S({19}),
            lesions=S({17, 32}),
        ),
    ),
)

PLANS = {
    "molar_implant": MOLAR_IMPLANT,
    "crowns_rct": CROWNS_RCT,
    "front_tooth": FRONT_TOOTH,
    "perio": PERIO,
    "ortho": ORTHO,
    "emergency": EMERGENCY,
    "cracked": CRACKED,
    "wisdom": WISDOM_TEETH,
}

# ---- stories ----------------------------------------------------------------------

# A story: the plan, the day it was diagnosed, then its steps, each (action, days ago,
# *details). Actions: ready, present, present_remote, revise, pending (note), accept
# (option index, procedures declined as "code tooth"), decline (reason, detail),
# schedule / start / complete (note), note (kind, text). Presented cases that wait
# longer than the practice's expiry days are expired at the end (cases_expire).
Step = tuple[Any, ...]


@dataclass(frozen=True)
class Story:
    plan: str
    diagnosed: int
    steps: tuple[Step, ...] = ()
    options: int | None = None  # a draft may have fewer options planned so far
    only: int | None = None  # told only in the first (0) or the second (1) practice


STORIES = (
    Story("wisdom", 2),
    Story("perio", 4, options=1, only=1),
    Story("crowns_rct", 6, (("ready", 5),)),
    Story("front_tooth", 13, (("ready", 12), ("present_remote", 9)), only=0),
    Story("molar_implant", 21, (("ready", 20), ("present", 16), ("revise", 9), ("present", 8))),
    Story(
        "perio",
        15,
        (
            ("ready", 14),
            ("present", 12),
            ("pending", 11, "Wants to talk it over with the family first; call back Thursday."),
        ),
    ),
    Story("molar_implant", 34, (("ready", 33), ("present", 30), ("accept", 27, 0, ()))),
    Story("crowns_rct", 31, (("ready", 30), ("present", 28), ("accept", 24, 0, ("D2740 15",)))),
    Story("front_tooth", 44, (("ready", 43), ("present", 40), ("accept", 38, 1, ())), only=1),
    Story(
        "front_tooth",
        80,
        (
            ("ready", 79),
            ("present", 74),
            (
                "decline",
                66,
                "cost",
                "More than the patient can spend this year; keeping the flipper.",
            ),
        ),
    ),
    Story(
        "ortho",
        110,
        (
            ("ready", 108),
            ("present_remote", 104),
            ("decline", 95, "second_opinion", "Parents want an orthodontist nearer school."),
        ),
        only=0,
    ),
    Story(
        "wisdom",
        58,
        (
            ("ready", 57),
            ("present", 55),
            ("decline", 50, "fear", "Afraid of the surgery; will wait until it hurts again."),
        ),
        only=1,
    ),
    Story("cracked", 66, (("ready", 65), ("present", 61))),
    Story("perio", 52, (("ready", 51), ("present", 47)), only=0),
    Story(
        "emergency",
        9,
        (
            ("ready", 9),
            ("present", 9),
            ("accept", 9, 0, ()),
            ("schedule", 8, "Extraction with the oral surgeon booked for tomorrow morning."),
        ),
        only=1,
    ),
    Story(
        "cracked",
        120,
        (
            ("ready", 119),
            ("present", 115),
            ("decline", 105, "timing", "Starting a new job; call back in two months."),
            ("note", 46, NoteKind.GENERAL, "Called back as agreed: ready to go ahead now."),
            ("present", 45),
            ("accept", 42, 0, ()),
            ("schedule", 35, "Crown preparation booked."),
        ),
    ),
    Story(
        "ortho",
        70,
        (
            ("ready", 69),
            ("present", 65),
            ("accept", 60, 0, ()),
            ("schedule", 56, "Braces visit booked with the orthodontist."),
            ("start", 40, "Braces placed; monthly checks from now on."),
        ),
        only=0,
    ),
    Story(
        "molar_implant",
        150,
        (
            ("ready", 149),
            ("present", 145),
            ("accept", 140, 0, ()),
            ("schedule", 135, "Implant surgery booked."),
            ("start", 118, "Implant placed; healing until the crown visit."),
        ),
    ),
    Story(
        "crowns_rct",
        175,
        (
            ("ready", 174),
            ("present", 170),
            ("accept", 165, 0, ()),
            ("schedule", 160, "Root canal and crown visits booked."),
            ("start", 150, "Root canal done."),
            ("complete", 120, "Both crowns seated; all done."),
        ),
    ),
    Story(
        "emergency",
        140,
        (
            ("ready", 140),
            ("present", 140),
            ("accept", 140, 0, ()),
            ("schedule", 140, "Extraction this afternoon."),
            ("start", 139, "Tooth out; bone graft placed."),
            ("complete", 125, "Healed well at the follow-up visit."),
        ),
        only=0,
    ),
)

SPECIALISTS = {
    "surgeon": "Oral and maxillofacial surgery",
    "perio": "Periodontics",
    "endo": "Endodontics",
    "ortho": "Orthodontics",
}
MOVES = {
    "schedule": CaseStatus.SCHEDULED,
    "start": CaseStatus.IN_PROGRESS,
    "complete": CaseStatus.COMPLETED,
}
STAMPED: tuple[type[Model], ...] = (CaseEvent, CaseNote, CaseRevision, CaseImage)
ADULT_DAYS, CHILD_DAYS = 18 * 365, 8 * 365


@dataclass
class Demo:
    """One practice's storyteller: who acts, who treats, which patients, which days."""

    practice: Practice
    as_of: date
    rng: random.Random
    zone: ZoneInfo
    tcs: list[Any]
    doctor: Any
    dentists: list[Provider]
    specialists: dict[str, Provider | None]
    files: PracticeFiles
    adults: list[int]
    children: list[int]
    jitter: int = 0


def cases_for(practice: Practice, rng: random.Random, as_of: date) -> int:
    """Tell every story for the practice's patients; the number of cases made."""
    demo = _demo(practice, rng, as_of)
    if demo is None:
        return 0
    codes = [spec["short_code"] for spec in people.PRACTICES]
    place = codes.index(practice.short_code) if practice.short_code in codes else 0
    told = [story for story in STORIES if story.only in (None, place)]
    for index, story in enumerate(told):
        Teller(demo, story, index).tell()
    _expire(demo)
    return len(told)


def _demo(practice: Practice, rng: random.Random, as_of: date) -> Demo | None:
    providers = list(Provider.objects.filter(practice=practice, is_active=True).order_by("pk"))
    dentists = [p for p in providers if p.kind == ProviderKind.DENTIST and not p.is_external]
    specialty = {p.specialty: p for p in providers if p.is_external}
    adults, children = _patients(practice, as_of)
    tcs = _staff(practice, Role.TREATMENT_COORDINATOR)
    if not dentists or not adults or not tcs:
        return None
    rng.shuffle(adults)
    rng.shuffle(children)
    return Demo(
        practice=practice,
        as_of=as_of,
        rng=rng,
        zone=ZoneInfo(practice.time_zone),
        tcs=tcs,
        doctor=next(iter(_staff(practice, Role.PROVIDER)), None),
        dentists=dentists,
        files=practice_files(practice),
        specialists={who: specialty.get(name) for who, name in SPECIALISTS.items()},
        adults=adults,
        children=children or adults,
        jitter=rng.randint(0, 3),
    )


def _patients(practice: Practice, as_of: date) -> tuple[list[int], list[int]]:
    rows = Patient.objects.filter(practice=practice, status=PatientStatus.ACTIVE).order_by("pk")
    adults, children = [], []
    for pk, born in rows.values_list("pk", "date_of_birth"):
        age_days = (as_of - born).days
        if age_days >= ADULT_DAYS:
            adults.append(pk)
        elif age_days >= CHILD_DAYS:
            children.append(pk)
    return adults, children


def _staff(practice: Practice, role: str) -> list[Any]:
    """Active members of the practice with `role`, in user-name order."""
    members = Membership.objects.filter(practice=practice, role=role, is_active=True)
    ids = members.values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=ids).order_by("username"))


def _expire(demo: Demo) -> None:
    """Expire what waited too long, dated to the first day past the expiry."""
    waiting = Case.objects.filter(
        practice=demo.practice, status__in=[CaseStatus.PRESENTED, CaseStatus.PENDING]
    )
    marks = {case.pk: _last_event(case) for case in waiting}
    services.cases_expire(practice=demo.practice, today=demo.as_of)
    for case in Case.objects.filter(pk__in=marks, status=CaseStatus.EXPIRED):
        assert case.expires_on is not None
        when = datetime.combine(case.expires_on + timedelta(days=1), time(6), demo.zone)
        CaseEvent.objects.filter(case=case, pk__gt=marks[case.pk]).update(created_at=when)
        Case.objects.filter(pk=case.pk).update(status_changed_at=when)


def _last_event(case: Case) -> int:
    last = CaseEvent.objects.filter(case=case).order_by("-pk").values_list("pk", flat=True)
    return next(iter(last), 0)


class Teller:
    """Tells one story: opens the case, plans it, then walks its steps in order, each
    through the services, dating what each step wrote to the story's day."""

    def __init__(self, demo: Demo, story: Story, index: int) -> None:
        self.demo, self.story, self.plan = demo, story, PLANS[story.plan]
        self.tc = demo.tcs[index % len(demo.tcs)]
        self.dentist = demo.dentists[index % len(demo.dentists)]
        pool = demo.children if self.plan.child else demo.adults
        self.patient = Patient.objects.get(pk=pool[index % len(pool)])
        self.marks: dict[type[Model], int] = {}
        self.minutes = 0
        self.case: Case

    def tell(self) -> Case:
        opened = self._at(self._day(self.story.diagnosed))
        self.case = services.case_create(
            acting_user=self.tc,
            patient=self.patient,
            diagnosing_provider=self.dentist,
            title=self.plan.title,
            case_type=self.plan.case_type,
            urgency=self.plan.urgency,
            coordinator=self.tc,
            diagnosed_on=opened.date(),
            chief_concern=self.plan.concern,
            goals=self.plan.goals,
            missing_teeth=self.plan.missing,
        )
        self._write_plan(self.plan.options[: self.story.options])
        if self.story.steps:
            self._pictures()
        self._stamp(opened)
        last = opened
        for action, ago, *details in self.story.steps:
            last = self._at(self._day(ago))
            getattr(self, f"_{action}")(last.date(), *details)
            self._stamp(last, STAMPED if action == "revise" else (CaseEvent, CaseNote))
        changed = last if self.story.steps else None
        Case.objects.filter(pk=self.case.pk).update(created_at=opened, status_changed_at=changed)
        return self.case

    # -- the plan --

    def _write_plan(self, specs: tuple[Option, ...]) -> None:
        """The doctor's plan, written at once and recorded as plan version 1.

        Planning procedure by procedure through plan_services would make a version per
        procedure and take a quarter of a second per case; the rows are instead checked
        as the services check them (check_option, fees from the schedule), inserted
        together, and recorded by option_update (the TC confirming the recommended
        option), which writes the revision, its timeline line and its audit row."""
        case, practice = self.case, self.demo.practice
        options = []
        for position, spec in enumerate(specs):
            option = CaseOption(
                practice=practice,
                case=case,
                position=position,
                name=spec.name,
                summary=spec.summary,
                is_recommended=position == 0,
            )
            option.save()
            options.append(option)
            rows = []
            for index, (name, procedures) in enumerate(spec.phases):
                phase = CasePhase(practice=practice, option=option, position=index, name=name)
                phase.save()
                rows += [self._row(phase, i, p) for i, p in enumerate(procedures)]
            self._check(rows)
            PlannedProcedure.objects.bulk_create(rows)
        if options:
            first = options[0]
            plan_services.option_update(
                acting_user=self.tc,
                option=first,
                name=first.name,
                summary=first.summary,
                recommended=True,
            )

    def _row(self, phase: CasePhase, position: int, p: P) -> PlannedProcedure:
        provider = self._provider(p.who)
        fee = Decimal(p.fee) if p.fee else fee_for(self.demo.files.fee_lookup(provider.pk), p.code)
        return PlannedProcedure(
            practice=self.demo.practice,
            organization_id=self.demo.practice.organization_id,
            phase=phase,
            case=self.case,
            position=position,
            code=p.code,
            tooth=p.tooth,
            surfaces=p.surfaces,
            provider=provider,
            fee=fee,
            fee_typed=p.fee is not None,
            visits=p.visits,
            healing_days=p.heal,
        )

    def _check(self, rows: list[PlannedProcedure]) -> None:
        """What procedure_add would refuse (a mistake in the stories above)."""
        items = [
            PlannedItem(r.code, r.tooth, r.surfaces, r.fee if r.fee_typed else None) for r in rows
        ]
        fees = frozenset(self.demo.files.office_fees)
        check_option(items, missing_teeth=self.case.missing_teeth_set, fee_codes=fees)

    def _add_option(self, spec: Option, actor: Any, *, recommended: bool) -> CaseOption:
        option = plan_services.option_add(
            acting_user=actor,
            case=self.case,
            name=spec.name,
            summary=spec.summary,
            recommended=recommended,
        )
        first = option.phases.get()  # "Phase 1": replaced by the named phases
        for name, procedures in spec.phases:
            phase = plan_services.phase_add(acting_user=actor, option=option, name=name)
            for p in procedures:
                plan_services.procedure_add(
                    acting_user=actor,
                    phase=phase,
                    fee=Decimal(p.fee) if p.fee else None,
                    code=p.code,
                    tooth=p.tooth,
                    surfaces=p.surfaces,
                    provider=self._provider(p.who),
                    visits=p.visits,
                    healing_days=p.heal,
                )
        plan_services.phase_remove(acting_user=actor, phase=first)
        return option

    def _provider(self, who: str) -> Provider:
        return self.demo.specialists.get(who) or self.dentist

    def _pictures(self) -> None:
        for picture in self.plan.pictures:
            name = "xray.png" if picture.kind == ImageKind.XRAY else "photo.png"
            image_services.image_add(
                acting_user=self.tc,
                case=self.case,
                upload=SimpleUploadedFile(name, _drawn(picture), "image/png"),
                kind=picture.kind,
                caption=picture.caption,
                procedure=self._procedure(picture.on) if picture.on else None,
            )

    def _procedure(self, code_tooth: str, option: CaseOption | None = None) -> PlannedProcedure:
        code, tooth = code_tooth.split()
        rows = PlannedProcedure.objects.filter(case=self.case, code=code, tooth=tooth)
        if option is None:
            return rows.filter(phase__option__is_recommended=True).get()
        return rows.get(phase__option=option)

    # -- the steps --

    def _ready(self, day: date) -> None:
        if self.story.steps[-1][0] == "ready":  # stays ready: estimated, first question noted
            plan_services.case_estimate(acting_user=self.tc, case=self.case, as_of=day)
            kind, text = self.plan.notes[-1]
            services.case_note_add(acting_user=self.tc, case=self.case, kind=kind, text=text)
        self.case = services.case_move(acting_user=self.tc, case=self.case, to=CaseStatus.READY)

    def _present(self, day: date, mode: str = PresentationMode.IN_PERSON) -> None:
        first = not self.case.presentations.exists()
        present_case(acting_user=self.tc, case=self.case, mode=mode, today=day, now=self._at(day))
        self.case.refresh_from_db()
        if first:
            for kind, text in self.plan.notes:
                services.case_note_add(acting_user=self.tc, case=self.case, kind=kind, text=text)

    def _present_remote(self, day: date) -> None:
        self._present(day, PresentationMode.REMOTE)

    def _revise(self, day: date) -> None:
        """The doctor revises the presented plan: a cheaper option, or a courtesy."""
        doctor = self.demo.doctor or self.tc
        if self.plan.later is not None:
            option = self._add_option(self.plan.later, doctor, recommended=False)
            text = f"Asked for a lower-cost choice: the doctor added “{option.name}”."
            kind = NoteKind.OBJECTION
        else:
            recommended = self.case.options.get(is_recommended=True)
            top = max(procedures_of_option(recommended), key=lambda p: p.fee)
            discount = (top.fee / 10).quantize(Decimal("0.01"))
            plan_services.procedure_update(acting_user=doctor, procedure=top, discount=discount)
            text = f"The doctor approved a 10% courtesy on {top.code} ({discount} off)."
            kind = NoteKind.FINANCIAL
        services.case_note_add(acting_user=self.tc, case=self.case, kind=kind, text=text)

    def _pending(self, day: date, note: str) -> None:
        self.case = services.case_move(
            acting_user=self.tc, case=self.case, to=CaseStatus.PENDING, note=note
        )
        services.case_note_add(
            acting_user=self.tc, case=self.case, kind=NoteKind.GENERAL, text=note
        )

    def _accept(self, day: date, index: int, declined: tuple[str, ...]) -> None:
        option = list(self.case.options.order_by("position", "pk"))[index]
        skipped = frozenset(self._procedure(item, option).pk for item in declined)
        self.case = services.case_accept(
            acting_user=self.tc,
            case=self.case,
            option_id=option.pk,
            declined_procedure_ids=skipped,
            decided_on=day,
        )
        if declined:
            later = ", ".join(_words(item) for item in declined)
            text = (
                f"Said yes to “{option.name}” except the {later}: "
                "it waits until the benefits start over."
            )
            services.case_note_add(
                acting_user=self.tc, case=self.case, kind=NoteKind.FINANCIAL, text=text
            )

    def _decline(self, day: date, reason: str, detail: str) -> None:
        self.case = services.case_decline(
            acting_user=self.tc, case=self.case, reason=reason, detail=detail, decided_on=day
        )

    def _move(self, action: str, note: str) -> None:
        self.case = services.case_move(
            acting_user=self.tc, case=self.case, to=MOVES[action], note=note
        )

    def _schedule(self, day: date, note: str) -> None:
        self._move("schedule", note)

    def _start(self, day: date, note: str) -> None:
        self._move("start", note)

    def _complete(self, day: date, note: str) -> None:
        self._move("complete", note)

    def _note(self, day: date, kind: str, text: str) -> None:
        services.case_note_add(acting_user=self.tc, case=self.case, kind=kind, text=text)

    # -- dates --

    def _day(self, ago: int) -> date:
        """`ago` days before the seed's day (plus the practice's jitter), on a weekday."""
        day = self.demo.as_of - timedelta(days=ago + self.demo.jitter)
        return day - timedelta(days=max(day.weekday() - 4, 0))

    def _at(self, day: date) -> datetime:
        """Office hours, a little later at each step of the story."""
        self.minutes += 25
        return datetime.combine(day, time(9), self.demo.zone) + timedelta(minutes=self.minutes)

    def _stamp(self, when: datetime, models: tuple[type[Model], ...] = STAMPED) -> None:
        """Date what the last step wrote on the case's timeline."""
        for model in models:
            manager = model._default_manager
            rows = manager.filter(case=self.case, pk__gt=self.marks.get(model, 0))
            last = rows.order_by("-pk").values_list("pk", flat=True).first()
            if last is not None:
                rows.update(created_at=when)
                self.marks[model] = last


def _words(code_tooth: str) -> str:
    """ "D2740 15" as the TC says it: "all-ceramic crown on tooth 15"."""
    code, tooth = code_tooth.split()
    return f"{plain_name(code).lower()} on tooth {tooth}"


_DRAWN: dict[Picture, bytes] = {}


def _drawn(picture: Picture) -> bytes:
    """Each picture is drawn once (seeded by its caption) and shared by its cases."""
    if picture not in _DRAWN:
        rng = random.Random(picture.caption)
        if picture.kind == ImageKind.XRAY:
            _DRAWN[picture] = images.panoramic_xray(
                rng, missing=picture.missing, restored=picture.marked, lesions=picture.lesions
            )
        else:
            _DRAWN[picture] = images.intraoral_photo(
                rng, missing=picture.missing, damaged=picture.marked
            )
    return _DRAWN[picture]
