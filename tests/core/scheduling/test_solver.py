"""propose(): every visit of a plan placed by CP-SAT on hand-made calendars."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from casepath.core.errors import CasepathError
from casepath.core.scheduling import (
    Gap,
    Preferences,
    Proposal,
    Unschedulable,
    Visit,
    VisitKind,
    Window,
)
from casepath.core.scheduling.solver import propose
from tests.core.scheduling.calendars import (
    CHAIN_HEALING,
    CROWN,
    DENTIST,
    GRAFT,
    HOURS,
    IMPLANT,
    NY,
    START,
    SURGEON,
    at,
    request_for,
)


def when(proposal: Proposal) -> dict[str, tuple[str, int]]:
    """visit -> (local start, provider)."""
    return {
        p.visit: (f"{p.start.astimezone(NY):%a %Y-%m-%d %H:%M}", p.provider)
        for p in proposal.placed
    }


def reasons(error: pytest.ExceptionInfo[Unschedulable]) -> tuple[str, ...]:
    return error.value.reasons


def test_the_implant_chain_is_honoured_and_as_early_as_possible() -> None:
    proposal = propose(request_for(healing=CHAIN_HEALING))
    assert when(proposal) == {
        "graft": ("Tue 2026-03-17 08:00", SURGEON),  # the surgeon's first day
        "implant": ("Tue 2026-06-16 08:00", SURGEON),  # 91 days: Jun 15 is a Monday
        "crown": ("Mon 2026-09-14 08:00", DENTIST),  # 90 days after the implant
    }
    assert proposal.notes == ()
    crown = proposal.of("crown")
    assert crown.end - crown.start == timedelta(minutes=60)
    assert crown.start.tzinfo is NY


def test_the_rules_alone_keep_the_healing_days() -> None:
    proposal = propose(request_for())  # no phase healing: the default rules still apply
    assert when(proposal)["implant"] == ("Tue 2026-06-16 08:00", SURGEON)
    assert when(proposal)["crown"] == ("Mon 2026-09-14 08:00", DENTIST)


def test_booked_time_and_the_patients_own_appointments_are_avoided() -> None:
    busy = {SURGEON: [(at(date(2026, 3, 17), 8), at(date(2026, 3, 17), 11))]}
    patient = ((at(date(2026, 3, 17), 11), at(date(2026, 3, 17), 12)),)
    proposal = propose(request_for(busy=busy, patient_busy=patient))
    assert when(proposal)["graft"] == ("Tue 2026-03-17 12:00", SURGEON)


def test_a_visit_fits_inside_one_window_not_across_lunch() -> None:
    long = Visit("long", "Crown", 90, (DENTIST,), 1, VisitKind.CROWN)
    short = Visit("short", "Fillings", 60, (DENTIST,), 1, VisitKind.FILLING)
    start = at(START, 11)
    assert when(propose(request_for([long], start=start)))["long"][0] == "Mon 2026-03-16 13:00"
    assert when(propose(request_for([short], start=start)))["short"][0] == "Mon 2026-03-16 11:00"


def test_a_provider_on_tuesdays_and_thursdays_only() -> None:
    start = at(date(2026, 3, 18), 8)  # a Wednesday
    visits = [replace(GRAFT, phase=1), replace(IMPLANT, phase=2, kind=VisitKind.OTHER)]
    proposal = propose(request_for(visits, start=start, rules=False))
    assert when(proposal) == {
        "graft": ("Thu 2026-03-19 08:00", SURGEON),
        "implant": ("Thu 2026-03-19 09:30", SURGEON),
    }


def test_two_visits_of_one_provider_and_of_the_patient_never_overlap() -> None:
    exam = Visit("exam", "Exam", 60, (DENTIST,), 1, VisitKind.EXAM)
    cleaning = Visit("cleaning", "Cleaning", 60, (DENTIST,), 1, VisitKind.CLEANING)
    surgery = Visit("surgery", "Extraction", 90, (SURGEON,), 1, VisitKind.EXTRACTION)
    start = at(date(2026, 3, 17), 8)
    proposal = propose(request_for([exam, cleaning, surgery], start=start))
    starts = sorted(when(proposal).values())
    assert starts == [
        ("Tue 2026-03-17 08:00", DENTIST),
        ("Tue 2026-03-17 09:00", DENTIST),
        ("Tue 2026-03-17 10:00", SURGEON),  # after both: the patient is in the chair
    ]


def test_the_grid_rounds_a_visit_up() -> None:
    visits = [Visit(key, "Filling", 50, (DENTIST,), 1) for key in ("a", "b")]
    proposal = propose(request_for(visits))
    assert when(proposal) == {
        "a": ("Mon 2026-03-16 10:00", DENTIST),  # the same visit twice: in plan order
        "b": ("Mon 2026-03-16 11:00", DENTIST),  # not 10:50: off the 15-minute grid
    }


def test_one_of_several_providers_is_chosen() -> None:
    hours = {**HOURS, 3: HOURS[DENTIST]}
    busy = {DENTIST: [(at(START, 8), at(START, 17))]}
    visit = Visit("exam", "Exam", 60, (DENTIST, 3), 1, VisitKind.EXAM)
    proposal = propose(request_for([visit], hours=hours, busy=busy))
    assert when(proposal) == {"exam": ("Mon 2026-03-16 10:00", 3)}


@pytest.mark.parametrize(("providers", "chosen"), [((DENTIST, 3), DENTIST), ((3, DENTIST), 3)])
def test_between_equally_good_providers_the_first_listed(
    providers: tuple[int, ...], chosen: int
) -> None:
    hours = {**HOURS, 3: HOURS[DENTIST]}
    visit = Visit("exam", "Exam", 60, providers, 1, VisitKind.EXAM)
    assert when(propose(request_for([visit], hours=hours))) == {
        "exam": ("Mon 2026-03-16 10:00", chosen)
    }


def test_the_same_request_gives_the_same_proposal_on_a_busy_calendar() -> None:
    hours = {**HOURS, 3: HOURS[DENTIST]}
    busy = {
        provider: [
            (at(START + timedelta(days=d), h), at(START + timedelta(days=d), h, 45))
            for d in range(0, 60, 2)
            for h in (8, 10, 14)
        ]
        for provider in (DENTIST, 3)
    }
    general = (DENTIST, 3)
    visits = [
        Visit("exam", "Exam", 60, general, 1, VisitKind.EXAM),
        Visit("srp-upper", "Gum treatment, upper", 60, general, 1, VisitKind.PERIO),
        Visit("srp-lower", "Gum treatment, lower", 60, general, 1, VisitKind.PERIO),
        Visit("cleaning", "Cleaning", 60, general, 2, VisitKind.CLEANING),
        Visit("crown", "Crown", 90, general, 2, VisitKind.CROWN),
    ]
    request = request_for(visits, hours=hours, busy=busy, healing={1: 7}, days=60)
    first = propose(request)
    assert [propose(request) for _ in range(3)] == [first] * 3
    starts = {p.visit: p.start for p in first.placed}
    assert starts["srp-upper"] < starts["srp-lower"]


@pytest.mark.parametrize(
    ("start", "first", "second", "offsets"),
    [
        # spring: Friday in EST, the Monday after in EDT, both at 8:00 on the wall clock
        (at(date(2026, 3, 6), 8), "Fri 2026-03-06 08:00", "Mon 2026-03-09 08:00", (-5, -4)),
        # autumn: Friday in EDT, Monday in EST
        (at(date(2026, 10, 30), 16), "Fri 2026-10-30 16:00", "Mon 2026-11-02 08:00", (-4, -5)),
    ],
)
def test_days_are_counted_in_the_practices_zone_over_a_clock_change(
    start: datetime, first: str, second: str, offsets: tuple[int, int]
) -> None:
    visits = [
        Visit("a", "Fillings", 60, (DENTIST,), 1),
        Visit("b", "Crown", 60, (DENTIST,), 2),
    ]
    proposal = propose(request_for(visits, start=start, healing={1: 3}, days=30))
    assert when(proposal) == {"a": (first, DENTIST), "b": (second, DENTIST)}
    hours = [p.start.utcoffset() for p in proposal.placed]
    assert hours == [timedelta(hours=offsets[0]), timedelta(hours=offsets[1])]


def test_no_visit_runs_through_the_clock_change() -> None:
    hours = {DENTIST: {6: [(time(0), time(6))]}}  # 0:00 EST to 6:00 EDT: five real hours
    start = at(date(2026, 3, 8), 0)
    fits = Visit("fits", "Long visit", 180, (DENTIST,), 1)
    proposal = propose(request_for([fits], start=start, hours=hours, days=2))
    placed = proposal.of("fits")
    assert placed.start == at(date(2026, 3, 8), 3)  # 3:00 EDT, just after the change
    assert placed.end.astimezone(UTC) == datetime(2026, 3, 8, 10, tzinfo=UTC)
    too_long = Visit("long", "Longer visit", 195, (DENTIST,), 1)
    with pytest.raises(Unschedulable) as error:
        propose(request_for([too_long], start=start, hours=hours, days=2))
    assert reasons(error) == (
        "Longer visit needs 195 minutes; the longest free time of Dr. Nunez is 180 minutes.",
    )


def test_preferred_days_and_times_are_honoured() -> None:
    thursday_afternoons = Preferences(frozenset({3}), time(13), time(16))
    proposal = propose(request_for(preferences=thursday_afternoons))
    assert when(proposal) == {
        "graft": ("Thu 2026-03-19 13:00", SURGEON),
        "implant": ("Thu 2026-06-18 13:00", SURGEON),
        "crown": ("Thu 2026-09-17 13:00", DENTIST),
    }
    assert proposal.notes == ()


def test_preferences_come_before_finishing_early() -> None:
    fridays = Preferences(frozenset({4}))
    proposal = propose(request_for(preferences=fridays))
    assert when(proposal)["crown"] == ("Fri 2026-09-18 08:00", DENTIST)  # not Mon Sep 14
    assert proposal.notes == (
        "Not every visit fits the patient's preferred days and times; "
        "outside them: Bone graft, Implant placement.",
    )


def test_a_note_names_the_visits_outside_the_preferences() -> None:
    mondays = Preferences(frozenset({0}), time(8), time(12))
    proposal = propose(request_for(preferences=mondays))
    assert when(proposal) == {
        "graft": ("Tue 2026-03-17 08:00", SURGEON),
        "implant": ("Tue 2026-06-16 08:00", SURGEON),
        "crown": ("Mon 2026-09-14 08:00", DENTIST),
    }
    assert proposal.notes == (
        "Not every visit fits the patient's preferred days and times; "
        "outside them: Bone graft, Implant placement.",
    )


def test_a_visit_waits_for_the_next_benefit_year() -> None:
    crown = replace(CROWN, earliest=date(2026, 10, 1))
    proposal = propose(request_for([GRAFT, IMPLANT, crown]))
    assert when(proposal)["crown"] == ("Thu 2026-10-01 08:00", DENTIST)


def test_unschedulable_no_provider() -> None:
    with pytest.raises(Unschedulable) as error:
        propose(request_for([replace(CROWN, providers=())]))
    assert reasons(error) == ("No provider is set for Implant crown.",)
    assert error.value.errors[0].path == "visits"


def test_unschedulable_a_visit_longer_than_any_free_time() -> None:
    with pytest.raises(Unschedulable) as error:
        propose(request_for([replace(CROWN, minutes=300)]))
    assert reasons(error) == (
        "Implant crown needs 300 minutes; the longest free time of Dr. Nunez is 240 minutes.",
    )


def test_unschedulable_a_provider_with_no_free_time() -> None:
    with pytest.raises(Unschedulable) as error:
        propose(request_for([replace(CROWN, providers=(7,))]))
    assert reasons(error) == ("Implant crown: provider 7 has no free time before Jan 10.",)


def test_unschedulable_not_before_a_day_after_the_calendar() -> None:
    crown = replace(CROWN, earliest=date(2027, 2, 1))
    with pytest.raises(Unschedulable) as error:
        propose(request_for([crown]))
    assert reasons(error) == (
        "Implant crown is not before Feb 1; Dr. Nunez has no free 60 minutes from then "
        "until Jan 10.",
    )


def test_unschedulable_the_healing_chain_is_longer_than_the_calendar() -> None:
    with pytest.raises(Unschedulable) as error:
        propose(request_for(healing=CHAIN_HEALING, days=180))
    assert reasons(error) == (
        "The plan needs at least 180 days from Bone graft to Implant crown; "
        "the calendar shown ends in 180 days.",
    )


def test_unschedulable_the_chain_after_the_next_benefit_year() -> None:
    graft = replace(GRAFT, earliest=date(2026, 7, 1))
    with pytest.raises(Unschedulable) as error:
        propose(request_for([graft, IMPLANT, CROWN], days=200))
    assert reasons(error) == (
        "Bone graft is not before Jul 1, and Implant crown must be at least 180 days after "
        "it; the calendar shown ends in 200 days.",
    )


def test_unschedulable_rules_that_contradict_each_other() -> None:
    root_canal = Visit("rct", "Root canal", 90, (DENTIST,), 1, VisitKind.ROOT_CANAL)
    crown = Visit("crown", "Crown", 90, (DENTIST,), 2, VisitKind.CROWN)
    with pytest.raises(Unschedulable) as error:
        propose(request_for([root_canal, crown], healing={1: 90}))
    (reason,) = reasons(error)
    assert reason.startswith("These rules cannot all hold: ")
    assert "Crown at least 90 days after Root canal: phase 1 needs 90 days to heal" in reason
    assert "Crown within 60 days after Root canal: the crown protects the treated tooth" in reason


def test_unschedulable_a_most_days_rule_and_the_free_time() -> None:
    root_canal = Visit("rct", "Root canal", 90, (DENTIST,), 1, VisitKind.ROOT_CANAL)
    crown = Visit("crown", "Crown", 90, (SURGEON,), 2, VisitKind.CROWN)
    request = request_for([root_canal, crown], start=at(date(2026, 3, 16), 8), days=120)
    free = [
        w
        for w in request.free
        if (w.provider == DENTIST and w.start.date() == START)
        or (w.provider == SURGEON and w.start.month >= 6)
    ]
    request = replace(request, free=tuple(free))
    with pytest.raises(Unschedulable) as error:
        propose(request)
    assert reasons(error) == (
        "Crown can be on Jun 2 at the earliest (the first free time of Dr. Reyes), and Root "
        "canal must be at most 60 days before it; the last free time for Root canal "
        "(Dr. Nunez) is on Mar 16.",
    )


def test_unschedulable_the_solver_blames_the_rules() -> None:
    request = request_for(days=200)
    surgeon_days = {date(2026, 3, 17), date(2026, 4, 2), date(2026, 7, 16)}
    free = tuple(w for w in request.free if w.provider == DENTIST or w.start.date() in surgeon_days)
    with pytest.raises(Unschedulable) as error:
        propose(replace(request, free=free))
    assert reasons(error) == (
        "Nothing fits before Oct 2 with this rule: "
        "Implant placement at least 90 days after Bone graft: the bone graft heals.",
        "Nothing fits before Oct 2 with this rule: "
        "Implant crown at least 90 days after Implant placement: the implant fuses with the bone.",
    )


def test_unschedulable_the_solver_blames_a_visit() -> None:
    visits = [Visit(key, f"Fillings {key}", 60, (DENTIST,), 1) for key in ("A", "B")]
    request = request_for(visits, days=10)
    only = (Window(DENTIST, at(START, 10), at(START, 11)),)
    with pytest.raises(Unschedulable) as error:
        propose(replace(request, free=only))
    assert reasons(error) == (
        "Fillings A does not fit: Dr. Nunez has no free 60 minutes that keep its rules "
        "before Mar 26.",
        "Fillings B does not fit: Dr. Nunez has no free 60 minutes that keep its rules "
        "before Mar 26.",
    )


def test_unschedulable_the_calendar_is_too_full() -> None:
    visits = [Visit(key, f"Fillings {key}", 60, (DENTIST,), 1) for key in ("A", "B", "C")]
    request = request_for(visits, days=10)
    only = (Window(DENTIST, at(START, 10), at(START, 11)),)
    with pytest.raises(Unschedulable) as error:
        propose(replace(request, free=only))
    assert reasons(error) == (
        "The visits do not fit together in the free time before Mar 26: "
        "Dr. Nunez's calendar is too full.",
    )


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"visits": (CROWN, CROWN)}, "visits"),
        ({"visits": ()}, "visits"),
        ({"gaps": (Gap("graft", "nowhere", 1, "a rule"),)}, "gaps"),
        ({"grid_minutes": 7}, "grid_minutes"),
        ({"until": at(START, 9)}, "until"),
        ({"visits": (replace(CROWN, minutes=0),)}, "visits"),
    ],
)
def test_malformed_requests_are_refused(change: dict[str, object], path: str) -> None:
    request = replace(request_for(), **change)  # type: ignore[arg-type]
    if path != "gaps":
        request = replace(request, gaps=())
    with pytest.raises(CasepathError) as error:
        propose(request)
    assert error.value.errors[0].path == path


def test_no_answer_in_the_time_given() -> None:
    with pytest.raises(Unschedulable) as error:
        propose(request_for(), seconds=0)
    assert reasons(error) == (
        "No plan was found in 0 seconds: the calendars are very full. Try a later end, "
        "fewer visits at once, or more working hours.",
    )
