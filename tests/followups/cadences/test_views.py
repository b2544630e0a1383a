"""The cadence settings page, and on a case the running cadence: the agreed time and
the patient's opt-out."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string

from casepath.audit.models import AuditEvent
from casepath.followups import cadence_services
from casepath.followups.cadence_models import Cadence, CadenceRun
from tests.cases.builders import TwoOptions
from tests.conftest import World, signed_in
from tests.followups.builders import NOW
from tests.followups.cadences.conftest import cadence_tasks

HTMX = {"HTTP_HX_REQUEST": "true"}
NEW_YORK = ZoneInfo("America/New_York")


def _rows(*steps: tuple[str, str, str], blanks: int = 2) -> dict[str, str]:
    data: dict[str, str] = {}
    for i, (kind, offset, unit) in enumerate([*steps, *[("", "", "days")] * blanks]):
        data |= {f"step-{i}-kind": kind, f"step-{i}-offset": offset, f"step-{i}-unit": unit}
    return data


def test_settings_show_the_default(world: World, clock: Any) -> None:
    page = signed_in(world.mona).get("/follow-ups/cadences/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="Presented, not accepted"' in html
    assert 'name="step-0-offset" value="48"' in html
    assert 'name="step-5-offset" value="90"' in html
    assert 'name="step-7-offset"' in html  # two blank rows to add steps
    assert 'name="step-8-offset"' not in html


def test_settings_save(world: World, clock: Any) -> None:
    data = {"name": "Gentle", "is_active": "on"} | _rows(
        ("call", "3", "days"), ("sms", "10", "days"), ("letter", "45", "days")
    )
    response = signed_in(world.mona).post("/follow-ups/cadences/", data)
    assert response.status_code == 302
    cadence = Cadence.objects.get(practice=world.practice_a)
    assert (cadence.name, cadence.is_active) == ("Gentle", True)
    assert cadence.steps == [
        {"kind": "call", "offset": 3, "unit": "days"},
        {"kind": "sms", "offset": 10, "unit": "days"},
        {"kind": "letter", "offset": 45, "unit": "days"},
    ]
    audit = AuditEvent.objects.get(object_type="cadence", object_id=str(cadence.pk))
    assert set(audit.changes) == {"name", "steps"}


def test_settings_turn_the_cadence_off(world: World, clock: Any) -> None:
    data = {"name": "Presented, not accepted"} | _rows(("call", "2", "days"))
    signed_in(world.mona).post("/follow-ups/cadences/", data)
    assert Cadence.objects.get(practice=world.practice_a).is_active is False


def test_settings_refuse_bad_steps_naming_them(world: World, clock: Any) -> None:
    before = cadence_services.cadence_of(world.practice_a).steps
    data = {"name": "Muddled", "is_active": "on"} | _rows(
        ("call", "48", "hours"), ("email", "1", "days"), ("fax", "9", "days"), ("call", "x", "days")
    )
    response = signed_in(world.mona).post("/follow-ups/cadences/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_step-1-offset_error">Step 2 must come after step 1 (within 48 hours).' in html
    assert 'id="id_step-2-kind_error">Choose a call, e-mail, text or letter.' in html
    assert 'id="id_step-3-offset_error">Give a whole number of days from 0 to 365.' in html
    assert Cadence.objects.get(practice=world.practice_a).steps == before


def test_settings_refuse_no_steps_and_no_name(world: World, clock: Any) -> None:
    response = signed_in(world.mona).post("/follow-ups/cadences/", {"name": " "} | _rows())
    html = response.content.decode()
    assert response.status_code == 200
    assert "A cadence needs at least one step." in html
    assert 'id="id_name_error">' in html
    assert Cadence.objects.get(practice=world.practice_a).name == "Presented, not accepted"


def test_settings_are_for_managers(world: World, clock: Any) -> None:
    assert signed_in(world.tess).get("/follow-ups/cadences/").status_code == 403
    data = {"name": "Mine"} | _rows(("call", "1", "days"))
    assert signed_in(world.tess).post("/follow-ups/cadences/", data).status_code == 403


def test_the_case_shows_its_cadence(world: World, presented: TwoOptions) -> None:
    url = f"/follow-ups/cases/{presented.case.pk}/cadence/"
    stub = render_to_string("followups/cadences/agreed.html", {"case": presented.case})
    assert f'hx-get="{url}"' in stub
    response = signed_in(world.tess).get(url, **HTMX)
    html = response.content.decode()
    assert "step 1 of 6, call within 48 hours." in html
    assert "started 04/02/2026 10:00 AM" in html
    assert response["HX-Retarget"] == "#case-cadence"
    assert 'name="agreed_at"' in html


def test_the_agreed_time_replaces_step_one(world: World, presented: TwoOptions) -> None:
    url = f"/follow-ups/cases/{presented.case.pk}/cadence/agree/"
    response = signed_in(world.tess).post(url, {"agreed_at": "2026-04-03T09:30"}, **HTMX)
    assert response.status_code == 302
    assert response["Location"] == f"/follow-ups/cases/{presented.case.pk}/"
    [call] = cadence_tasks(presented.case)
    agreed = datetime(2026, 4, 3, 9, 30, tzinfo=NEW_YORK)
    assert call.due_at == agreed
    assert CadenceRun.objects.get(case=presented.case).agreed_at == agreed
    assert AuditEvent.objects.filter(
        object_type="task", object_id=str(call.pk), summary__startswith="Follow-up time agreed"
    ).exists()


def test_after_step_one_the_agreed_time_moves_the_next(world: World, presented: TwoOptions) -> None:
    from casepath.followups.services import task_close

    [call] = cadence_tasks(presented.case)
    task_close(acting_user=world.tess, task=call, status="done", outcome="thinking", now=NOW)
    url = f"/follow-ups/cases/{presented.case.pk}/cadence/agree/"
    signed_in(world.tess).post(url, {"agreed_at": "2026-04-20T14:00"})
    done, email = cadence_tasks(presented.case)
    assert done.due_at == NOW + timedelta(hours=48)
    assert (email.kind, email.due_at) == ("email", datetime(2026, 4, 20, 14, tzinfo=NEW_YORK))


def test_an_agreed_time_in_the_past_is_refused(world: World, presented: TwoOptions) -> None:
    url = f"/follow-ups/cases/{presented.case.pk}/cadence/agree/"
    response = signed_in(world.tess).post(url, {"agreed_at": "2026-04-01T09:30"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#case-cadence"
    assert 'id="cadence_agreed_at_error" role="alert">Give a time from now on.' in (
        response.content.decode()
    )
    [call] = cadence_tasks(presented.case)
    assert call.due_at == NOW + timedelta(hours=48)
    assert CadenceRun.objects.get(case=presented.case).agreed_at is None


def test_no_cadence_no_agreed_time(world: World, ready: TwoOptions) -> None:
    url = f"/follow-ups/cases/{ready.case.pk}/cadence/"
    html = signed_in(world.tess).get(url, **HTMX).content.decode()
    assert "No cadence yet: one starts when the case is presented." in html
    response = signed_in(world.tess).post(f"{url}agree/", {"agreed_at": "2026-04-03T09:30"})
    assert "No follow-up cadence is running for this case." in response.content.decode()


def test_opt_out_stops_the_cadence(world: World, presented: TwoOptions) -> None:
    url = f"/follow-ups/cases/{presented.case.pk}/cadence/opt-out/"
    response = signed_in(world.tess).post(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/cases/{presented.case.pk}/#case-tasks")
    run = CadenceRun.objects.get(case=presented.case)
    assert run.stop_reason == "opted_out"
    [task] = cadence_tasks(presented.case)
    assert task.status == "cancelled"
    html = signed_in(world.tess).get(url.replace("opt-out/", ""), **HTMX).content.decode()
    assert "The cadence stopped on 04/02/2026: patient asked not to be contacted." in html


def test_a_provider_sees_but_cannot_move(world: World, presented: TwoOptions) -> None:
    doc = signed_in(world.doc)
    base = f"/follow-ups/cases/{presented.case.pk}/cadence/"
    html = doc.get(base, **HTMX).content.decode()
    assert "step 1 of 6" in html
    assert 'name="agreed_at"' not in html
    assert doc.post(f"{base}agree/", {"agreed_at": "2026-04-03T09:30"}).status_code == 403
    assert doc.post(f"{base}opt-out/").status_code == 403
    assert CadenceRun.objects.get(case=presented.case).stopped_at is None


def test_another_practice_gets_404(world: World, presented: TwoOptions) -> None:
    olga = signed_in(world.olga)
    base = f"/follow-ups/cases/{presented.case.pk}/cadence/"
    assert olga.get(base).status_code == 404
    assert olga.post(f"{base}agree/", {"agreed_at": "2026-04-03T09:30"}).status_code == 404
    assert olga.post(f"{base}opt-out/").status_code == 404
    assert CadenceRun.objects.get(case=presented.case).stopped_at is None
