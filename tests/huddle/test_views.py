"""The huddle's screens: who may see and do what, the printable page, the import."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casepath.audit.models import AuditEvent
from casepath.huddle.models import HuddleSettings, ScheduleImport
from casepath.scheduling.models import Appointment
from tests.builders import build_patient
from tests.conftest import World, signed_in
from tests.huddle.builders import build_case_with, hand_made_day, insure, visit

pytestmark = pytest.mark.usefixtures("at_now")

HEADER = "date,time,chart_number,provider,type,length\n"


def test_the_day_lists_the_patients_with_amounts_and_a_link_to_ways_to_pay(world: World) -> None:
    day = hand_made_day(world)
    page = signed_in(world.tess).get("/huddle/")  # today: April 2
    assert page.status_code == 200
    html = page.content.decode()
    assert "Huddle for Thursday, April 2, 2026" in html
    assert "3 patients with treatment of at least $1,000.00" in html
    assert "of 6 in hygiene and emergency visits" in html
    ana_case = day.ana.cases.get()
    assert f'href="/cases/{ana_case.pk}/#case-financing"' in html
    for shown in ("Ana Lopez", "$3,850.00", "$1,200.00", "$1,100.00", "Dan Huddle", "Fay Huddle"):
        assert shown in html
    for hidden in ("Ben Huddle", "Cara Huddle", "Eve Huddle", "Gus Huddle", "Hal Huddle"):
        assert hidden not in html
    assert "No insurance on file" in html  # Fay


def test_another_day(world: World) -> None:
    day = hand_made_day(world)
    page = signed_in(world.doc).get("/huddle/", {"day": "2026-04-03"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Huddle for Friday, April 3, 2026" in html
    assert "Ivy Huddle" in html and "Ana Lopez" not in html
    assert day.ivy.first_name == "Ivy"


def test_a_bad_day_shows_today(world: World) -> None:
    page = signed_in(world.tess).get("/huddle/", {"day": "2026-02-30"})
    assert page.status_code == 200
    assert "Huddle for Thursday, April 2, 2026" in page.content.decode()


def test_the_printable_page_renders_without_the_menus_and_is_audited(world: World) -> None:
    hand_made_day(world)
    page = signed_in(world.tess).get("/huddle/print/", {"day": "2026-04-02"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Morning huddle · Riverside Dental · Thursday, April 2, 2026" in html
    assert "huddle/huddle.css" in html and "mainnav" not in html
    assert "Ana Lopez" in html and "$3,850.00" in html
    audit = AuditEvent.objects.get(action="export", object_type="huddle")
    assert audit.summary == "Printed the huddle of 04/02/2026 (3 patients)"
    assert audit.actor == world.tess


def test_the_print_stylesheet_hides_the_screen_parts() -> None:
    from pathlib import Path

    import casepath.huddle

    css = (Path(casepath.huddle.__file__).parent / "static/huddle/huddle.css").read_text()
    print_rules = css[css.index("@media print") :]
    assert ".mainnav" in print_rules and ".no-print" in print_rules and "@page" in print_rules


def test_the_outsider_sees_only_their_own_practice(world: World) -> None:
    hand_made_day(world)
    olga = signed_in(world.olga)
    page = olga.get("/huddle/", {"day": "2026-04-02"})
    assert page.status_code == 200
    assert "Ana Lopez" not in page.content.decode()
    batch = ScheduleImport.objects.get(practice=world.practice_a)
    url = f"/huddle/imports/{batch.pk}/"
    assert olga.get(url).status_code == 404
    assert [olga.post(url).status_code, olga.delete(url).status_code] == [405, 405]
    assert signed_in(world.tess).get(f"/huddle/imports/{batch.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("user", "path", "status"),
    [
        ("doc", "/huddle/", 200),
        ("fran", "/huddle/benefits-expiring/", 200),
        ("doc", "/huddle/import/", 403),
        ("fran", "/huddle/import/", 200),
        ("tess", "/huddle/import/", 200),
        ("tess", "/huddle/settings/", 403),
        ("mona", "/huddle/settings/", 200),
    ],
)
def test_who_may_do_what(world: World, user: str, path: str, status: int) -> None:
    assert signed_in(getattr(world, user)).get(path).status_code == status


def test_signed_out_is_sent_to_sign_in(world: World) -> None:
    from django.test import Client

    assert Client().get("/huddle/").status_code == 302


def test_importing_a_file(world: World) -> None:
    upload = SimpleUploadedFile(
        "apr2.csv", (HEADER + "2026-04-02,08:00,RV-000001,Nunez,hygiene,60\n").encode()
    )
    answer = signed_in(world.fran).post("/huddle/import/", {"file": upload})
    batch = ScheduleImport.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/huddle/imports/{batch.pk}/"
    assert batch.file_name == "apr2.csv"
    detail = signed_in(world.fran).get(answer["Location"]).content.decode()
    assert "1 visit added, 0 already on the schedule" in detail
    assert "Ana Lopez" in detail and "Hygiene" in detail


def test_a_bad_file_lists_every_problem_and_imports_nothing(world: World) -> None:
    text = (
        HEADER
        + "2026-04-02,08:00,RV-000001,Nunez,hygiene,60\n"
        + "2026-04-02,08:00,RV-424242,Nunez,cleaning,60\n"
        + "2026-04-32,08:00,RV-000001,Nobody,hygiene,60\n"
    )
    answer = signed_in(world.fran).post("/huddle/import/", {"text": text})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "Nothing was imported. Correct these 4 problems" in html
    for line, column in (("3", "chart_number"), ("3", "type"), ("4", "date"), ("4", "provider")):
        assert f"<td>{line}</td><td><code>{column}</code></td>" in html
    assert Appointment.objects.count() == ScheduleImport.objects.count() == 0


def test_an_empty_import(world: World) -> None:
    answer = signed_in(world.fran).post("/huddle/import/", {"text": "  "})
    assert answer.status_code == 200
    assert "Choose a CSV file or paste its rows." in answer.content.decode()


def test_settings_change_the_threshold(world: World) -> None:
    hand_made_day(world)
    mona = signed_in(world.mona)
    answer = mona.post("/huddle/settings/", {"threshold": "3000", "expiring_within_days": "60"})
    assert (answer.status_code, answer["Location"]) == (302, "/huddle/")
    saved = HuddleSettings.objects.get(practice=world.practice_a)
    assert (str(saved.threshold), saved.expiring_within_days) == ("3000.00", 60)
    html = mona.get("/huddle/").content.decode()
    assert "1 patient with treatment of at least $3,000.00" in html
    audit = AuditEvent.objects.get(object_type="huddlesettings")
    assert audit.changes["threshold"] == {"before": "1000.00", "after": "3000.00"}


def test_bad_settings_are_refused_beside_the_field(world: World) -> None:
    answer = signed_in(world.mona).post(
        "/huddle/settings/", {"threshold": "-5", "expiring_within_days": "400"}
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "Ensure this value is greater than or equal to 0." in html
    assert "Ensure this value is less than or equal to 366." in html
    assert not HuddleSettings.objects.exists()


def test_the_benefits_expiring_page(world: World, at_now: Any) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    at_now.move_to(datetime(2026, 10, 15, 9, tzinfo=ZoneInfo("America/New_York")))
    insure(world.patient_a, used="400.00")
    case = build_case_with(world, world.patient_a, status="accepted", fees=("2000.00",))
    html = signed_in(world.tess).get("/huddle/benefits-expiring/").content.decode()
    assert "1 patient" in html and "within 90 days" in html
    assert "Dec 31, 2026" in html and "$1,100.00" in html and "$2,000.00" in html
    assert f'href="/cases/{case.pk}/#case-financing"' in html
    soon = signed_in(world.tess).get("/huddle/benefits-expiring/", {"within": "30"})
    assert "0 patients" in soon.content.decode()


def _page_queries(world: World) -> int:
    client = signed_in(world.tess)
    client.get("/huddle/")  # the session and the membership, once
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/huddle/").status_code == 200
    return len(queries)


def _patients(world: World, first: int, count: int) -> None:
    for n in range(first, first + count):
        someone = build_patient(world.practice_a, first_name=f"Pat{n}", last_name="Busy")
        visit(someone, 8 + n % 9, "Prophy")
        build_case_with(world, someone, status="presented", fees=("2500.00",), portion="800.00")
        insure(someone, used="300.00")


def test_the_page_reads_as_many_queries_for_3_as_for_15_patients(world: World) -> None:
    _patients(world, 0, 3)
    few = _page_queries(world)
    _patients(world, 3, 12)
    assert _page_queries(world) == few
    # signing in and the membership (4), the settings (1), the huddle (5): changed on purpose only
    assert few == 10
