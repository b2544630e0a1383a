"""The calendar's settings: working hours, days off, appointment types and sequencing
rules. Who may see and change them, refusals beside their field, the audit trail, the
defaults a practice starts with, and another practice's rows (404)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
import time_machine
from django.test import Client

from casepath.audit.models import Action, AuditEvent
from casepath.core.scheduling import DEFAULT_RULES, VisitKind
from casepath.scheduling.defaults import DEFAULT_TYPES, calendar_defaults
from casepath.scheduling.models import (
    AppointmentType,
    SequencingRule,
    TimeOff,
    WorkingHours,
)
from casepath.tenancy.models import Provider, ProviderKind
from tests.builders import build_provider
from tests.conftest import World, signed_in
from tests.estimates.builders import nunez
from tests.scheduling.builders import build_appointment

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # Tuesday 11:00 in New York
TYPE = {
    "name": "Crown preparation",
    "kind": "crown",
    "minutes": "90",
    "provider_kind": "",
    "specialty": "",
    "is_active": "on",
}
RULE = {
    "before_kind": "graft",
    "after_kind": "implant",
    "min_days": "120",
    "max_days": "",
    "why": "the bone graft heals",
    "is_active": "on",
}
DAYS_OFF = {
    "provider": "",
    "starts_on": "2026-07-03",
    "ends_on": "2026-07-03",
    "reason": "Independence Day",
}


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mona(world: World) -> Client:
    return signed_in(world.mona)


def audits(world: World, **match: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(practice=world.practice_a, **match).order_by("id"))


def hours_of(provider: Provider) -> list[tuple[int, time, time]]:
    return list(
        WorkingHours.objects.filter(provider=provider)
        .order_by("weekday", "starts")
        .values_list("weekday", "starts", "ends")
    )


# Who may see and change


READ_PAGES = [
    "/schedule/settings/",
    "/schedule/settings/hours/",
    "/schedule/settings/days-off/",
    "/schedule/settings/types/",
    "/schedule/settings/rules/",
]


@pytest.mark.parametrize("user", ["tess", "fran", "doc", "mona"])
@pytest.mark.parametrize("url", READ_PAGES)
def test_everyone_who_sees_patients_reads_the_settings(world: World, user: str, url: str) -> None:
    assert signed_in(getattr(world, user)).get(url).status_code == 200


@pytest.mark.parametrize("user", ["tess", "fran", "doc"])
def test_only_managers_change_them(world: World, user: str) -> None:
    client = signed_in(getattr(world, user))
    dentist = nunez(world)
    calendar_defaults(world.practice_a)
    kind = AppointmentType.objects.filter(practice=world.practice_a).first()
    rule = SequencingRule.objects.filter(practice=world.practice_a).first()
    off = TimeOff.objects.create(
        practice=world.practice_a, starts_on=date(2026, 7, 3), ends_on=date(2026, 7, 3)
    )
    assert kind is not None and rule is not None
    for url in (
        f"/schedule/settings/hours/{dentist.pk}/",
        "/schedule/settings/types/new/",
        f"/schedule/settings/types/{kind.pk}/",
        "/schedule/settings/rules/new/",
        f"/schedule/settings/rules/{rule.pk}/",
        f"/schedule/settings/days-off/{off.pk}/",
    ):
        assert client.get(url).status_code == 403, url
    posts = {
        f"/schedule/settings/hours/{dentist.pk}/": {"monday_1_starts": "8:00"},
        "/schedule/settings/days-off/": DAYS_OFF,
        "/schedule/settings/types/new/": TYPE,
        f"/schedule/settings/types/{kind.pk}/delete/": {},
        f"/schedule/settings/rules/{rule.pk}/delete/": {},
        f"/schedule/settings/days-off/{off.pk}/delete/": {},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    assert TimeOff.objects.filter(practice=world.practice_a).count() == 1
    assert AppointmentType.objects.filter(pk=kind.pk).exists()
    assert SequencingRule.objects.filter(pk=rule.pk).exists()
    page = client.get("/schedule/settings/types/").content.decode()
    assert "/schedule/settings/types/new/" not in page


def test_managers_see_the_change_links(world: World, mona: Client) -> None:
    dentist = nunez(world)
    page = mona.get("/schedule/settings/hours/").content.decode()
    assert f'href="/schedule/settings/hours/{dentist.pk}/"' in page
    assert (
        'href="/schedule/settings/types/new/"'
        in mona.get("/schedule/settings/types/").content.decode()
    )


def test_another_practices_rows_are_not_found(world: World) -> None:
    calendar_defaults(world.practice_a)
    off = TimeOff.objects.create(
        practice=world.practice_a, starts_on=date(2026, 7, 3), ends_on=date(2026, 7, 3)
    )
    ids = {
        "hours": nunez(world).pk,
        "days-off": off.pk,
        "types": AppointmentType.objects.filter(practice=world.practice_a)[0].pk,
        "rules": SequencingRule.objects.filter(practice=world.practice_a)[0].pk,
    }
    olga = signed_in(world.olga)
    for section, pk in ids.items():
        url = f"/schedule/settings/{section}/{pk}/"
        assert olga.get(url).status_code == 404, url
        assert olga.post(url, {}).status_code == 404, url
        if section != "hours":
            assert olga.post(f"{url}delete/").status_code == 404, url
    assert TimeOff.objects.filter(pk=off.pk).exists()


# The defaults


def test_the_first_read_makes_the_defaults_once(world: World, mona: Client) -> None:
    assert mona.get("/schedule/settings/").status_code == 200
    types = AppointmentType.objects.filter(practice=world.practice_a)
    rules = SequencingRule.objects.filter(practice=world.practice_a)
    assert types.count() == len(DEFAULT_TYPES)
    assert rules.count() == len(DEFAULT_RULES)
    implant = rules.get(before_kind=VisitKind.IMPLANT, after_kind=VisitKind.IMPLANT_RESTORATION)
    assert (implant.min_days, implant.max_days, implant.why) == (
        90,
        None,
        "the implant fuses with the bone",
    )
    cleaning = types.get(kind=VisitKind.CLEANING)
    assert (cleaning.name, cleaning.minutes, cleaning.provider_kind) == (
        "Cleaning",
        60,
        "hygienist",
    )
    assert calendar_defaults(world.practice_a) is False
    mona.get("/schedule/settings/rules/")
    mona.get("/schedule/settings/types/")
    assert (types.count(), rules.count()) == (len(DEFAULT_TYPES), len(DEFAULT_RULES))
    assert len(audits(world, object_type="calendar_defaults")) == 1
    assert not AppointmentType.objects.filter(practice=world.practice_b).exists()


def test_a_removed_default_stays_removed(world: World, mona: Client) -> None:
    calendar_defaults(world.practice_a)
    rule = SequencingRule.objects.get(
        practice=world.practice_a, before_kind="perio", after_kind="crown"
    )
    assert mona.post(f"/schedule/settings/rules/{rule.pk}/delete/").status_code == 302
    mona.get("/schedule/settings/rules/")
    assert not SequencingRule.objects.filter(
        practice=world.practice_a, before_kind="perio"
    ).exists()


def test_a_practice_with_its_own_calendar_keeps_it(world: World) -> None:
    AppointmentType.objects.create(
        practice=world.practice_a, name="Crown", kind=VisitKind.CROWN, minutes=120
    )
    SequencingRule.objects.create(
        practice=world.practice_a,
        before_kind=VisitKind.EXTRACTION,
        after_kind=VisitKind.IMPLANT,
        min_days=120,
        why="our surgeon waits four months",
    )
    assert calendar_defaults(world.practice_a) is True
    crown = AppointmentType.objects.get(practice=world.practice_a, name="Crown")
    assert crown.minutes == 120
    assert AppointmentType.objects.filter(practice=world.practice_a).count() == len(DEFAULT_TYPES)
    waits = SequencingRule.objects.filter(
        practice=world.practice_a, before_kind="extraction", after_kind="implant"
    ).values_list("min_days", flat=True)
    assert list(waits) == [120]


# Working hours


def test_a_split_day_is_saved_and_audited(world: World, mona: Client) -> None:
    dentist = nunez(world)
    response = mona.post(
        f"/schedule/settings/hours/{dentist.pk}/",
        {
            "monday_1_starts": "08:00",
            "monday_1_ends": "12:00",
            "monday_2_starts": "13:00",
            "monday_2_ends": "17:00",
        },
    )
    assert response.status_code == 302
    assert hours_of(dentist) == [(0, time(8), time(12)), (0, time(13), time(17))]
    (event,) = audits(world, object_type="provider")
    assert event.action == Action.UPDATE
    assert event.actor == world.mona
    assert event.changes == {
        "Monday": {"before": None, "after": "8:00\u201312:00, 13:00\u201317:00"}
    }


def test_the_form_shows_the_saved_week(world: World, mona: Client) -> None:
    dentist = nunez(world)
    WorkingHours.objects.create(
        practice=world.practice_a, provider=dentist, weekday=2, starts=time(9), ends=time(15)
    )
    form = mona.get(f"/schedule/settings/hours/{dentist.pk}/").context["form"]
    assert form["wednesday_1_starts"].value() == time(9)
    assert form["wednesday_1_ends"].value() == time(15)
    assert form["monday_1_starts"].value() is None


def test_overlapping_hours_are_refused_beside_the_field(world: World, mona: Client) -> None:
    dentist = nunez(world)
    WorkingHours.objects.create(
        practice=world.practice_a, provider=dentist, weekday=0, starts=time(9), ends=time(17)
    )
    response = mona.post(
        f"/schedule/settings/hours/{dentist.pk}/",
        {
            "monday_1_starts": "08:00",
            "monday_1_ends": "12:00",
            "monday_2_starts": "11:00",
            "monday_2_ends": "13:00",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "monday_2_starts": ["Monday: 11:00\u201313:00 overlaps 8:00\u201312:00."]
    }
    assert hours_of(dentist) == [(0, time(9), time(17))]
    assert audits(world, object_type="provider") == []


def test_hours_ending_before_they_start_are_refused(world: World, mona: Client) -> None:
    dentist = nunez(world)
    response = mona.post(
        f"/schedule/settings/hours/{dentist.pk}/",
        {"friday_1_starts": "12:00", "friday_1_ends": "08:00"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "friday_1_ends": ["Friday: the hours end after they start (12:00)."]
    }
    assert hours_of(dentist) == []


def test_a_range_needs_both_times(world: World, mona: Client) -> None:
    dentist = nunez(world)
    response = mona.post(f"/schedule/settings/hours/{dentist.pk}/", {"tuesday_2_starts": "13:00"})
    assert response.context["form"].errors == {
        "tuesday_2_ends": ["Tuesday: give the time the range ends."]
    }
    assert "Tuesday: give the time the range ends." in response.content.decode()


def test_copy_monday_to_every_weekday(world: World, mona: Client) -> None:
    dentist = nunez(world)
    WorkingHours.objects.create(
        practice=world.practice_a, provider=dentist, weekday=3, starts=time(10), ends=time(19)
    )
    response = mona.post(
        f"/schedule/settings/hours/{dentist.pk}/",
        {
            "monday_1_starts": "08:00",
            "monday_1_ends": "12:00",
            "monday_2_starts": "13:00",
            "monday_2_ends": "16:00",
            "saturday_1_starts": "09:00",
            "saturday_1_ends": "13:00",
            "copy_monday": "1",
        },
    )
    assert response.status_code == 302
    split = [(time(8), time(12)), (time(13), time(16))]
    expected = [(day, a, b) for day in range(5) for a, b in split] + [(5, time(9), time(13))]
    assert hours_of(dentist) == expected


def test_clearing_a_week_removes_the_hours(world: World, mona: Client) -> None:
    dentist = nunez(world)
    WorkingHours.objects.create(
        practice=world.practice_a, provider=dentist, weekday=1, starts=time(8), ends=time(12)
    )
    assert mona.post(f"/schedule/settings/hours/{dentist.pk}/", {}).status_code == 302
    assert hours_of(dentist) == []
    (event,) = audits(world, object_type="provider")
    assert event.changes == {"Tuesday": {"before": "8:00\u201312:00", "after": None}}


def test_the_hours_of_many_providers_read_in_few_queries(
    world: World, mona: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        provider = build_provider(world.practice_a, first_name=f"P{n}", last_name=f"Doe{n}")
        for weekday in range(5):
            WorkingHours.objects.create(
                practice=world.practice_a,
                provider=provider,
                weekday=weekday,
                starts=time(8),
                ends=time(16),
            )
    with django_assert_max_num_queries(12):
        page = mona.get("/schedule/settings/hours/")
    assert page.content.decode().count("8:00\u201316:00") == 60


# Days off


def test_a_closed_practice_day_is_added_and_audited(world: World, mona: Client) -> None:
    response = mona.post("/schedule/settings/days-off/", DAYS_OFF)
    assert response.status_code == 302
    off = TimeOff.objects.get(practice=world.practice_a)
    assert (off.provider, off.starts_on, off.reason) == (None, date(2026, 7, 3), "Independence Day")
    (event,) = audits(world, object_type="timeoff")
    assert event.action == Action.CREATE
    assert event.changes["starts_on"] == {"before": None, "after": "2026-07-03"}
    page = mona.get("/schedule/settings/days-off/").content.decode()
    assert "Independence Day" in page and "The practice is closed" in page


def test_a_providers_days_off(world: World, mona: Client) -> None:
    dentist = nunez(world)
    data = DAYS_OFF | {"provider": str(dentist.pk), "ends_on": "2026-07-10", "reason": "Vacation"}
    assert mona.post("/schedule/settings/days-off/", data).status_code == 302
    off = TimeOff.objects.get(practice=world.practice_a)
    assert (off.provider, off.ends_on) == (dentist, date(2026, 7, 10))


def test_days_off_ending_before_they_start_are_refused(world: World, mona: Client) -> None:
    response = mona.post("/schedule/settings/days-off/", DAYS_OFF | {"ends_on": "2026-07-01"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "ends_on": ["The last day off is on or after the first (07/03/2026)."]
    }
    assert not TimeOff.objects.exists()


def test_past_days_off_are_refused(world: World, mona: Client) -> None:
    past = DAYS_OFF | {"starts_on": "2026-03-02", "ends_on": "2026-03-09"}
    response = mona.post("/schedule/settings/days-off/", past)
    assert response.context["form"].errors == {
        "ends_on": ["These days are past: days off are kept for the days ahead."]
    }


def test_another_practices_provider_cannot_be_chosen(world: World, mona: Client) -> None:
    theirs = build_provider(world.practice_b)
    response = mona.post("/schedule/settings/days-off/", DAYS_OFF | {"provider": str(theirs.pk)})
    assert response.status_code == 200
    assert response.context["form"].errors == {"provider": ["Choose a provider of this practice."]}


def test_days_off_are_changed_and_removed(world: World, mona: Client) -> None:
    mona.post("/schedule/settings/days-off/", DAYS_OFF)
    off = TimeOff.objects.get(practice=world.practice_a)
    url = f"/schedule/settings/days-off/{off.pk}/"
    assert mona.get(url).context["form"]["reason"].value() == "Independence Day"
    bad = mona.post(url, DAYS_OFF | {"starts_on": ""})
    assert bad.context["form"].errors == {"starts_on": ["Give the first day off."]}
    assert mona.post(url, DAYS_OFF | {"ends_on": "2026-07-04"}).status_code == 302
    off.refresh_from_db()
    assert off.ends_on == date(2026, 7, 4)
    assert mona.post(f"{url}delete/").status_code == 302
    assert not TimeOff.objects.filter(pk=off.pk).exists()
    changed, removed = audits(world, object_type="timeoff")[1:]
    assert changed.changes == {"ends_on": {"before": "2026-07-03", "after": "2026-07-04"}}
    assert (
        removed.summary
        == "Removed days off: the practice is closed, 07/03/2026 to 07/04/2026 (Independence Day)"
    )
    assert removed.changes["id"] == {"before": off.pk, "after": None}


# Appointment types


def test_a_type_is_added_and_audited(world: World, mona: Client) -> None:
    response = mona.post(
        "/schedule/settings/types/new/",
        TYPE | {"provider_kind": "specialist", "specialty": " Oral surgery "},
    )
    assert response.status_code == 302
    kind = AppointmentType.objects.get(practice=world.practice_a, name="Crown preparation")
    assert (kind.kind, kind.minutes, kind.provider_kind, kind.specialty, kind.is_active) == (
        "crown",
        90,
        ProviderKind.SPECIALIST,
        "Oral surgery",
        True,
    )
    (event,) = audits(world, object_type="appointmenttype")
    assert event.changes["minutes"] == {"before": None, "after": 90}


def test_a_type_name_taken_is_refused_beside_the_name(world: World, mona: Client) -> None:
    calendar_defaults(world.practice_a)
    response = mona.post("/schedule/settings/types/new/", TYPE | {"name": "cleaning"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["There is a type named “cleaning” already: choose another name."]
    }


@pytest.mark.parametrize(
    ("minutes", "words"),
    [("3", "A visit lasts from 5 to 720 minutes."), ("", "Give the usual length in minutes.")],
)
def test_a_type_length_out_of_range_is_refused(
    world: World, mona: Client, minutes: str, words: str
) -> None:
    response = mona.post("/schedule/settings/types/new/", TYPE | {"minutes": minutes})
    assert response.context["form"].errors == {"minutes": [words]}
    assert not AppointmentType.objects.filter(name="Crown preparation").exists()


def test_a_type_is_changed_and_taken_out_of_use(world: World, mona: Client) -> None:
    mona.post("/schedule/settings/types/new/", TYPE)
    kind = AppointmentType.objects.get(practice=world.practice_a, name="Crown preparation")
    changed = TYPE | {"minutes": "120"}
    changed.pop("is_active")
    assert mona.post(f"/schedule/settings/types/{kind.pk}/", changed).status_code == 302
    kind.refresh_from_db()
    assert (kind.minutes, kind.is_active) == (120, False)
    event = audits(world, object_type="appointmenttype")[-1]
    assert event.changes == {
        "minutes": {"before": 90, "after": 120},
        "is_active": {"before": True, "after": False},
    }


def test_a_type_in_use_cannot_be_removed(world: World, mona: Client) -> None:
    mona.post("/schedule/settings/types/new/", TYPE)
    kind = AppointmentType.objects.get(practice=world.practice_a, name="Crown preparation")
    build_appointment(world.patient_a, NOW, appointment_type=kind)
    response = mona.post(f"/schedule/settings/types/{kind.pk}/delete/", follow=True)
    assert "1 appointment(s) have the type “Crown preparation”: take it out of use" in (
        response.content.decode()
    )
    assert AppointmentType.objects.filter(pk=kind.pk).exists()


def test_an_unused_type_is_removed(world: World, mona: Client) -> None:
    mona.post("/schedule/settings/types/new/", TYPE)
    kind = AppointmentType.objects.get(practice=world.practice_a, name="Crown preparation")
    assert mona.post(f"/schedule/settings/types/{kind.pk}/delete/").status_code == 302
    assert not AppointmentType.objects.filter(pk=kind.pk).exists()
    removed = audits(world, object_type="appointmenttype")[-1]
    assert removed.summary == "Removed the appointment type Crown preparation"


# Sequencing rules


def test_a_rule_is_added_and_audited(world: World, mona: Client) -> None:
    assert mona.post("/schedule/settings/rules/new/", RULE).status_code == 302
    rule = SequencingRule.objects.get(practice=world.practice_a)
    assert (rule.before_kind, rule.after_kind, rule.min_days, rule.max_days) == (
        "graft",
        "implant",
        120,
        None,
    )
    (event,) = audits(world, object_type="sequencingrule")
    assert event.summary == (
        "Added the sequencing rule Implant placement at least 120 days after Bone graft "
        "(the bone graft heals)"
    )


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"after_kind": "graft"}, {"after_kind": ["A rule links two different kinds of visit."]}),
        (
            {"min_days": "30", "max_days": "20"},
            {"max_days": ["“At most” is at least “at least” (30 days)."]},
        ),
        ({"min_days": "-1"}, {"min_days": ["Give 0 to 730 days."]}),
        ({"why": ""}, {"why": ["Say why in a few words."]}),
    ],
)
def test_a_bad_rule_is_refused_beside_the_field(
    world: World, mona: Client, change: dict[str, str], errors: dict[str, list[str]]
) -> None:
    response = mona.post("/schedule/settings/rules/new/", RULE | change)
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert not SequencingRule.objects.filter(practice=world.practice_a).exists()


def test_a_second_rule_between_the_same_kinds_is_refused(world: World, mona: Client) -> None:
    mona.post("/schedule/settings/rules/new/", RULE)
    response = mona.post("/schedule/settings/rules/new/", RULE | {"min_days": "60"})
    assert response.context["form"].errors == {
        "after_kind": [
            "There is a rule from Bone graft to Implant placement already: change that one."
        ]
    }


def test_a_rule_is_changed_and_removed(world: World, mona: Client) -> None:
    mona.post("/schedule/settings/rules/new/", RULE)
    rule = SequencingRule.objects.get(practice=world.practice_a)
    url = f"/schedule/settings/rules/{rule.pk}/"
    assert mona.get(url).context["form"]["min_days"].value() == 120
    assert mona.post(url, RULE | {"max_days": "180"}).status_code == 302
    rule.refresh_from_db()
    assert rule.max_days == 180
    assert mona.post(f"{url}delete/").status_code == 302
    assert not SequencingRule.objects.filter(pk=rule.pk).exists()
    _, changed, removed = audits(world, object_type="sequencingrule")
    assert changed.changes == {"max_days": {"before": None, "after": 180}}
    assert removed.summary.startswith("Removed the sequencing rule Implant placement")


def test_the_rules_page_lists_the_rules_in_words(world: World, mona: Client) -> None:
    page = mona.get("/schedule/settings/rules/").content.decode()
    assert "the implant fuses with the bone" in page
    assert "Root canal" in page and "60 days" in page
