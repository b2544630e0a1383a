"""The patient page: key facts in the header, every tab, the timeline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from casepath.patients.services import patient_update
from casepath.patients.views import TABS
from tests.builders import build_patient
from tests.conftest import World, signed_in


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(1985, 4, 12), date(2026, 4, 11), 40),
        (date(1985, 4, 12), date(2026, 4, 12), 41),
        (date(2000, 2, 29), date(2026, 2, 28), 25),
        (date(2000, 2, 29), date(2026, 3, 1), 26),
    ],
)
def test_age_in_whole_years(world: World, born: date, on: date, age: int) -> None:
    patient = build_patient(world.practice_a, date_of_birth=born)
    assert patient.age(on) == age


def test_age_defaults_to_today_in_the_practice_time_zone(world: World) -> None:
    # Frozen at 2026-03-10 14:30 in New York.
    assert build_patient(world.practice_a, date_of_birth=date(1990, 3, 10)).age() == 36
    assert build_patient(world.practice_a, date_of_birth=date(1990, 3, 11)).age() == 35


def test_header_shows_the_key_facts(world: World) -> None:
    patient = build_patient(
        world.practice_a,
        first_name="Roberto",
        preferred_name="Bobby",
        last_name="Diaz",
        date_of_birth=date(1980, 3, 11),
        preferred_contact_method="email",
        email="bobby@example.com",
    )
    html = signed_in(world.tess).get(f"/patients/{patient.pk}/").content.decode()
    header = html[html.index('id="patient-name"') : html.index('aria-label="Patient sections"')]
    for fact in ("Roberto", "Bobby", "Diaz", patient.chart_number, "03/11/1980"):
        assert fact in header
    assert "age <strong>45</strong>" in header
    assert "Prefers <strong>E-mail</strong>" in header
    assert "New patient" in header
    assert "Status <strong>Active</strong>" in header
    assert "No consent to text messages" in header


def test_header_for_a_patient_of_record_who_agreed_to_texts(world: World) -> None:
    patient = build_patient(
        world.practice_a,
        first_name="Sam",
        is_new_patient=False,
        sms_consent=True,
        sms_consent_on=date(2025, 1, 2),
    )
    html = signed_in(world.tess).get(f"/patients/{patient.pk}/").content.decode()
    assert '<span class="badge">Patient of record</span>' in html
    assert '<span class="badge">New patient</span>' not in html
    assert "agreed 01/02/2025" in html
    assert "No consent to text messages" not in html


def test_inactive_patient_is_flagged(world: World) -> None:
    patient = build_patient(world.practice_a, first_name="Ina", status="inactive")
    html = signed_in(world.tess).get(f"/patients/{patient.pk}/").content.decode()
    assert '<span class="badge inactive">Inactive</span>' in html
    assert "Status <strong>Inactive</strong>" in html


@pytest.mark.parametrize("tab", [key for key, _ in TABS])
def test_every_tab_renders_and_marks_itself_selected(world: World, tab: str) -> None:
    response = signed_in(world.fran).get(f"/patients/{world.patient_a.pk}/{tab}/")
    assert response.status_code == 200
    assert response.context["tab"] == tab
    html = response.content.decode()
    label = dict(TABS)[tab]
    assert f'aria-selected="true">{label}</a>' in html


def test_an_unknown_tab_falls_back_to_the_overview(world: World) -> None:
    response = signed_in(world.tess).get(f"/patients/{world.patient_a.pk}/nonsense/")
    assert response.context["tab"] == "overview"


def test_another_practices_patient_is_not_found(world: World) -> None:
    assert signed_in(world.tess).get(f"/patients/{world.patient_b.pk}/").status_code == 404


def test_timeline_lists_who_viewed_and_changed_newest_first(world: World, frozen_now) -> None:
    patient = world.patient_a
    signed_in(world.fran).get(f"/patients/{patient.pk}/")
    frozen_now.shift(timedelta(minutes=5))
    patient_update(patient=patient, acting_user=world.tess, data={"first_name": "Anita"})
    frozen_now.shift(timedelta(minutes=5))
    response = signed_in(world.mona).get(f"/patients/{patient.pk}/timeline/")
    events = response.context["timeline"]
    assert [(e.actor_name, e.action) for e in events] == [
        ("mona", "view"),
        ("tess", "update"),
        ("fran", "view"),
    ]
    html = response.content.decode()
    assert html.index("mona") < html.index("tess") < html.index("fran")
    assert "first_name: “Ana” → “Anita”" in html
    assert "2026-03-10 14:40" in html  # shown in the practice's time zone


def test_timeline_holds_only_this_patients_events(world: World) -> None:
    other = build_patient(world.practice_a, first_name="Otto")
    client = signed_in(world.tess)
    client.get(f"/patients/{other.pk}/")
    response = client.get(f"/patients/{world.patient_a.pk}/timeline/")
    assert {e.patient_id for e in response.context["timeline"]} == {world.patient_a.pk}
