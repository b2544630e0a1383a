"""conflicts(): a plan the TC adjusted, checked in words before it is booked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from casepath.core.scheduling import Placed, Preferences, Visit, VisitKind
from casepath.core.scheduling.conflicts import conflicts
from tests.core.scheduling.calendars import (
    CHAIN_HEALING,
    CROWN,
    DENTIST,
    GRAFT,
    IMPLANT,
    SURGEON,
    at,
    request_for,
)

EXAM = Visit("exam", "Exam", 60, (DENTIST,), 1, VisitKind.EXAM)
CLEANING = Visit("cleaning", "Cleaning", 60, (DENTIST,), 1, VisitKind.CLEANING)


def place(visit: Visit, provider: int, start: datetime) -> Placed:
    return Placed(visit.key, provider, start, start + timedelta(minutes=visit.minutes))


def chain(
    graft: datetime, implant: datetime, crown: datetime, crown_by: int = DENTIST
) -> list[Placed]:
    return [
        place(GRAFT, SURGEON, graft),
        place(IMPLANT, SURGEON, implant),
        place(CROWN, crown_by, crown),
    ]


GOOD = chain(at(date(2026, 3, 17), 8), at(date(2026, 6, 16), 8), at(date(2026, 9, 14), 8))


def words(found: list) -> list[tuple[str, str, bool]]:  # type: ignore[type-arg]
    return [(c.visit, c.message, c.blocking) for c in found]


def test_the_proposed_plan_has_no_conflict() -> None:
    assert conflicts(request_for(healing=CHAIN_HEALING), GOOD, {}) == []


def test_a_healing_interval_broken() -> None:
    placed = chain(at(date(2026, 4, 2), 8), at(date(2026, 6, 2), 8), at(date(2026, 9, 1), 8))
    assert words(conflicts(request_for(healing=CHAIN_HEALING), placed, {})) == [
        (
            "implant",
            "Implant placement on Jun 2 is 61 days after Bone graft on Apr 2: "
            "at least 90 days (the bone graft heals).",
            True,
        ),
    ]


def test_a_visit_before_the_one_it_follows() -> None:
    placed = chain(at(date(2026, 6, 18), 8), at(date(2026, 6, 16), 8), at(date(2026, 9, 21), 8))
    assert words(conflicts(request_for(), placed, {})) == [
        (
            "implant",
            "Implant placement on Jun 16 is 2 days before Bone graft on Jun 18: "
            "at least 90 days (the bone graft heals).",
            True,
        ),
    ]


def test_the_phases_out_of_order_the_same_day() -> None:
    crown = Visit("crown", "Crown", 60, (DENTIST,), 2, VisitKind.CROWN)
    request = request_for([EXAM, crown])
    placed = [
        place(crown, DENTIST, at(date(2026, 3, 16), 13)),
        place(EXAM, DENTIST, at(date(2026, 3, 16), 14)),
    ]
    assert words(conflicts(request, placed, {})) == [
        (
            "crown",
            "Crown on Mar 16 at 1:00 pm starts before Exam on Mar 16 at 2:00 pm ends: "
            "it comes after (the phases go in order).",
            True,
        ),
    ]


def test_too_many_days_after() -> None:
    root_canal = Visit("rct", "Root canal", 90, (DENTIST,), 1, VisitKind.ROOT_CANAL)
    crown = Visit("crown", "Crown", 90, (DENTIST,), 2, VisitKind.CROWN)
    placed = [
        place(root_canal, DENTIST, at(date(2026, 3, 16), 13)),
        place(crown, DENTIST, at(date(2026, 5, 26), 8)),
    ]
    assert words(conflicts(request_for([root_canal, crown]), placed, {})) == [
        (
            "crown",
            "Crown on May 26 is 71 days after Root canal on Mar 16: at most 60 days "
            "(the crown protects the treated tooth).",
            True,
        ),
    ]


def test_a_provider_already_booked() -> None:
    busy = {SURGEON: [(at(date(2026, 3, 17), 8), at(date(2026, 3, 17), 9))]}
    placed = [
        replace(GOOD[0], start=at(date(2026, 3, 17), 8, 30), end=at(date(2026, 3, 17), 10)),
        *GOOD[1:],
    ]
    assert words(conflicts(request_for(), placed, busy)) == [
        (
            "graft",
            "Bone graft on Mar 17 at 8:30 am: Dr. Reyes is already booked from 8:00 am to 9:00 am.",
            True,
        ),
    ]


def test_one_provider_for_two_visits_at_once() -> None:
    placed = [
        place(EXAM, DENTIST, at(date(2026, 3, 16), 13)),
        place(CLEANING, DENTIST, at(date(2026, 3, 16), 13, 30)),
    ]
    assert words(conflicts(request_for([EXAM, CLEANING]), placed, {})) == [
        ("cleaning", "Exam and Cleaning overlap on Mar 16: Dr. Nunez cannot do both.", True),
    ]


def test_the_patient_in_two_places_at_once() -> None:
    surgery = replace(GRAFT, phase=1)
    placed = [
        place(EXAM, DENTIST, at(date(2026, 3, 17), 8)),
        place(surgery, SURGEON, at(date(2026, 3, 17), 8, 30)),
    ]
    assert words(conflicts(request_for([EXAM, surgery]), placed, {})) == [
        ("graft", "Exam and Bone graft overlap on Mar 17: the patient cannot be at both.", True),
    ]


def test_the_patients_own_appointment() -> None:
    request = request_for(
        [EXAM], patient_busy=((at(date(2026, 3, 17), 8, 30), at(date(2026, 3, 17), 9, 30)),)
    )
    placed = [place(EXAM, DENTIST, at(date(2026, 3, 17), 8))]
    assert words(conflicts(request, placed, {})) == [
        (
            "exam",
            "Exam on Mar 17 at 8:00 am: the patient already has an appointment from "
            "8:30 am to 9:30 am.",
            True,
        ),
    ]


def test_before_the_earliest_time() -> None:
    placed = [place(EXAM, DENTIST, at(date(2026, 3, 16), 8))]
    assert words(conflicts(request_for([EXAM]), placed, {})) == [
        (
            "exam",
            "Exam on Mar 16 at 8:00 am is before Mar 16 at 10:00 am, the earliest time for "
            "this plan.",
            True,
        ),
    ]


def test_a_visit_missing_a_visit_unknown_and_a_visit_twice() -> None:
    placed = [GOOD[0], GOOD[0], Placed("nowhere", DENTIST, GOOD[1].start, GOOD[1].end)]
    assert words(conflicts(request_for(), placed, {})) == [
        ("graft", "Bone graft is placed twice.", True),
        ("nowhere", "This visit is not part of the plan.", True),
        ("implant", "Implant placement has no day and time yet.", True),
        ("crown", "Implant crown has no day and time yet.", True),
    ]


def test_warnings_outside_working_hours_and_on_a_day_off() -> None:
    lunch = chain(GOOD[0].start, GOOD[1].start, at(date(2026, 9, 14), 12))
    saturday = chain(GOOD[0].start, GOOD[1].start, at(date(2026, 9, 19), 9))
    request = request_for()
    assert words(conflicts(request, lunch, {})) == [
        (
            "crown",
            "Implant crown at 12:00 pm to 1:00 pm on Sep 14 is outside Dr. Nunez's hours "
            "that day (8:00 am to 12:00 pm, 1:00 pm to 5:00 pm).",
            False,
        ),
    ]
    assert words(conflicts(request, saturday, {})) == [
        (
            "crown",
            "Implant crown: Dr. Nunez does not work on Sat, Sep 19 (not a working day, or a "
            "day off).",
            False,
        ),
    ]


def test_booked_time_counts_as_working_time() -> None:
    busy = {DENTIST: [(at(date(2026, 9, 14), 8), at(date(2026, 9, 14), 17))]}
    found = words(conflicts(request_for(busy=busy), GOOD, busy))
    assert found == [
        (
            "crown",
            "Implant crown on Sep 14 at 8:00 am: Dr. Nunez is already booked from 8:00 am "
            "to 5:00 pm.",
            True,
        ),
    ]


def test_warnings_another_provider_and_before_the_day_set() -> None:
    request = request_for([GRAFT, IMPLANT, replace(CROWN, earliest=date(2026, 10, 1))])
    placed = chain(GOOD[0].start, GOOD[1].start, at(date(2026, 9, 15), 8), crown_by=SURGEON)
    assert words(conflicts(request, placed, {})) == [
        ("crown", "Dr. Reyes is not one of the providers for Implant crown.", False),
        ("crown", "Implant crown on Sep 15 is before Oct 1, the first day set for it.", False),
    ]


def test_warnings_outside_the_patients_preferred_days_and_times() -> None:
    request = request_for(preferences=Preferences(frozenset({1, 3}), time(13), time(15)))
    placed = chain(
        at(date(2026, 3, 17), 13, 45), at(date(2026, 6, 18), 13), at(date(2026, 9, 21), 8)
    )
    assert words(conflicts(request, placed, {})) == [
        (
            "graft",
            "Bone graft ends at 3:15 pm, after the patient's latest time (3:00 pm).",
            False,
        ),
        (
            "crown",
            "Implant crown on Mon, Sep 21 is not on the patient's preferred days (Tue, Thu).",
            False,
        ),
        (
            "crown",
            "Implant crown starts at 8:00 am, before the patient's earliest time (1:00 pm).",
            False,
        ),
    ]


def test_after_the_calendar_shown() -> None:
    placed = chain(GOOD[0].start, GOOD[1].start, at(date(2027, 3, 1), 8))
    assert words(conflicts(request_for(days=300), placed, {})) == [
        (
            "crown",
            "Implant crown on Mar 1 is after the calendar shown (it ends Jan 10): working "
            "hours not checked.",
            False,
        ),
    ]
