"""Importing a day's schedule: all of a good file, nothing of a bad one."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from casepath.audit.models import AuditEvent
from casepath.core.huddle import ScheduleRejected, VisitKind
from casepath.huddle.models import ImportedVisit, ScheduleImport
from casepath.huddle.selectors import huddle_for_day
from casepath.huddle.services import schedule_import
from casepath.scheduling.models import Appointment
from tests.builders import build_patient, build_provider
from tests.conftest import World
from tests.huddle.builders import DAY, at, build_case_with, visit

HEADER = "date,time,chart_number,last_name,first_name,date_of_birth,provider,type,length,reason\n"


def good_file(world: World) -> str:
    build_patient(world.practice_a, first_name="Ben", last_name="Okafor", chart_number="RV-7")
    return (
        HEADER
        + "2026-04-02,08:00,RV-000001,,,,Nunez,hygiene,60,Prophy\n"
        + '04/02/2026,9:30 am,,Okafor,Ben,04/12/1985,"Nunez, Rita",emergency,30,\n'
        + "2026-04-02,13:00,rv-7,,,,Dr. Rita Nunez DDS,other,90,Crown prep\n"
    )


def test_a_good_file_books_every_visit(world: World) -> None:
    batch = schedule_import(
        acting_user=world.fran,
        practice=world.practice_a,
        text=good_file(world),
        file_name="apr2.csv",
    )
    assert (batch.visits_added, batch.visits_on_file) == (3, 0)
    assert (batch.first_day, batch.last_day, batch.file_name) == (DAY, DAY, "apr2.csv")
    booked = list(Appointment.objects.filter(practice=world.practice_a).order_by("starts_at"))
    assert [(v.starts_at, v.duration_minutes) for v in booked] == [
        (at(8), 60),
        (at(9, 30), 30),
        (at(13), 90),
    ]
    # Ben twice: by name and birth date at 9:30, by his chart number at 13:00
    assert [v.patient.chart_number for v in booked] == ["RV-000001", "RV-7", "RV-7"]
    assert [v.reason for v in booked] == ["Prophy", "Emergency visit", "Crown prep"]
    assert {v.provider.last_name for v in booked} == {"Nunez"}
    kinds = ImportedVisit.objects.order_by("line").values_list("line", "kind", "schedule_import")
    assert list(kinds) == [
        (2, "hygiene", batch.pk),
        (3, "emergency", batch.pk),
        (4, "other", batch.pk),
    ]
    audit = AuditEvent.objects.filter(object_type="scheduleimport").get()
    assert (
        audit.summary
        == "Imported the schedule of 04/02/2026: 3 visits added, 0 already on the schedule"
    )
    # one audit row per booked appointment too, as booking in Casepath writes
    assert AuditEvent.objects.filter(object_type="appointment").count() == 3


def test_imported_visits_make_the_huddle(world: World) -> None:
    text = good_file(world)
    build_case_with(world, world.patient_a, status="presented", fees=("1800.00",))
    schedule_import(acting_user=world.fran, practice=world.practice_a, text=text)
    (row,) = huddle_for_day(world.practice_a, DAY, threshold=Decimal("1000.00")).rows
    assert (row.patient, row.kind, row.outstanding) == (
        world.patient_a,
        VisitKind.HYGIENE,
        Decimal("1800.00"),
    )


def test_importing_again_books_nothing_twice(world: World) -> None:
    text = good_file(world)
    visit(world.patient_a, 8, "Crown seat")  # on the schedule already: the file says hygiene
    first = schedule_import(acting_user=world.fran, practice=world.practice_a, text=text)
    assert (first.visits_added, first.visits_on_file) == (2, 1)
    again = schedule_import(acting_user=world.fran, practice=world.practice_a, text=text)
    assert (again.visits_added, again.visits_on_file) == (0, 3)
    assert Appointment.objects.count() == 3
    marked = ImportedVisit.objects.get(appointment__patient=world.patient_a)
    assert (marked.kind, marked.schedule_import) == ("hygiene", again)


def test_a_bad_file_imports_nothing_and_lists_every_bad_row(world: World) -> None:
    build_patient(world.practice_a, first_name="Ana", last_name="Lopez")  # a namesake, same DOB
    build_provider(world.practice_a, first_name="Jin", last_name="Park", kind="hygienist")
    build_provider(world.practice_a, first_name="Mina", last_name="Park", kind="hygienist")
    build_patient(world.practice_b, chart_number="HC-9")
    text = (
        HEADER
        + "2026-04-02,08:00,RV-000001,,,,Nunez,hygiene,60,\n"  # good
        + "2026-04-02,08:30,RV-999999,,,,Nunez,hygiene,60,\n"  # no such chart
        + "2026-04-02,09:00,,Lopez,Ana,1985-04-12,Nunez,hygiene,60,\n"  # two Ana Lopez
        + "2026-04-02,09:30,,Nobody,Nina,1990-01-01,Nunez,hygiene,60,\n"  # nobody
        + "2026-04-02,10:00,RV-000001,,,,Park,hygiene,60,\n"  # two Parks
        + "2026-04-02,10:30,RV-000001,,,,Smith,hygiene,60,\n"  # no Smith
        + "2026-04-02,11:00,HC-9,,,,Nunez,hygiene,60,\n"  # practice B's chart
        + "2026-04-31,25:00,RV-000001,,,,Nunez,scaling,0,\n"  # date, time, type, length
    )
    with pytest.raises(ScheduleRejected) as rejected:
        schedule_import(acting_user=world.fran, practice=world.practice_a, text=text)
    assert [(p.line, p.field) for p in rejected.value.problems] == [
        (3, "chart_number"),
        (4, "last_name"),
        (5, "last_name"),
        (6, "provider"),
        (7, "provider"),
        (8, "chart_number"),
        (9, "date"),
        (9, "length"),
        (9, "time"),
        (9, "type"),
    ]
    messages = {(p.line, p.field): p.message for p in rejected.value.problems}
    assert (
        messages[(3, "chart_number")] == "No patient of this practice has chart number RV-999999."
    )
    assert (
        messages[(4, "last_name")]
        == "2 patients are Ana Lopez born 04/12/1985: give the chart number."
    )
    assert (
        messages[(6, "provider")]
        == "“Park” names 2 providers: add the first name, or give the NPI."
    )
    assert messages[(8, "chart_number")] == "No patient of this practice has chart number HC-9."
    assert Appointment.objects.count() == 0
    assert ScheduleImport.objects.count() == ImportedVisit.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type__in=["appointment", "scheduleimport"]).exists()


def test_an_inactive_provider_takes_no_visits(world: World) -> None:
    inactive = build_provider(world.practice_a, first_name="Old", last_name="Timer")
    inactive.is_active = False
    inactive.save()
    text = HEADER + "2026-04-02,08:00,RV-000001,,,,Old Timer,hygiene,60,\n"
    with pytest.raises(ScheduleRejected) as rejected:
        schedule_import(acting_user=world.fran, practice=world.practice_a, text=text)
    assert [(p.line, p.field) for p in rejected.value.problems] == [(2, "provider")]
    assert Appointment.objects.count() == 0


def test_visits_land_on_the_practice_day_across_midnight_utc(world: World) -> None:
    text = HEADER + "2026-04-02,21:30,RV-000001,,,,Nunez,emergency,30,\n"
    schedule_import(acting_user=world.fran, practice=world.practice_a, text=text)
    booked = Appointment.objects.get()
    assert booked.starts_at == at(21, 30)  # 01:30 UTC on April 3
    assert huddle_for_day(world.practice_a, DAY, threshold=Decimal("0")).patients_seen == 1
    after = huddle_for_day(world.practice_a, DAY + timedelta(days=1), threshold=Decimal("0"))
    assert after.patients_seen == 0


def test_a_patient_found_by_the_name_they_go_by(world: World) -> None:
    bill = build_patient(
        world.practice_a, first_name="William", preferred_name="Bill", last_name="Okafor"
    )
    text = HEADER + "2026-04-02,08:00,,Okafor,Bill,1985-04-12,Nunez,hygiene,60,\n"
    schedule_import(acting_user=world.fran, practice=world.practice_a, text=text)
    assert Appointment.objects.get().patient == bill
