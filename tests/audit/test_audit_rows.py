"""Each read and change of patient data writes exactly the expected audit rows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import override_settings

from casepath.audit.models import AuditEvent
from casepath.patients.models import Patient
from casepath.patients.views import TABS
from tests.conftest import World, signed_in
from tests.patients.conftest import patient_form_data, patient_json


def _rows() -> list[tuple[Any, ...]]:
    return [
        (e.actor_name, e.practice_id, e.action, e.channel, e.patient_id, e.ip_address)
        for e in AuditEvent.objects.order_by("id")
    ]


def test_opening_the_patient_page_writes_one_view_row(world: World) -> None:
    p = world.patient_a
    signed_in(world.tess).get(f"/patients/{p.pk}/", REMOTE_ADDR="192.0.2.10")
    assert _rows() == [("tess", world.practice_a.pk, "view", "web", p.pk, "192.0.2.10")]
    event = AuditEvent.objects.get()
    assert (event.actor, event.object_type, event.object_id) == (world.tess, "patient", str(p.pk))
    assert event.organization_id == world.practice_a.organization_id


@pytest.mark.parametrize(("tab", "label"), TABS)
def test_each_tab_writes_one_view_row_naming_the_tab(world: World, tab: str, label: str) -> None:
    signed_in(world.fran).get(f"/patients/{world.patient_a.pk}/{tab}/")
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.patient) == (world.fran, "view", world.patient_a)
    assert label.lower() in event.summary


def test_searching_stores_the_search_text(world: World) -> None:
    signed_in(world.tess).get("/patients/", {"q": "lopez, ana"})
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.patient) == ("search", "patient", None)
    assert "'lopez, ana'" in event.summary and "(1 found)" in event.summary


def test_the_empty_search_page_writes_nothing(world: World) -> None:
    signed_in(world.tess).get("/patients/")
    assert not AuditEvent.objects.exists()


def test_api_read_and_search_each_write_one_row(world: World) -> None:
    client = signed_in(world.tess)
    base = f"/api/v1/practices/{world.practice_a.pk}/patients"
    assert client.get(f"{base}/{world.patient_a.pk}").status_code == 200
    assert client.get(base, {"q": "555-0101"}).status_code == 200
    a, pk = world.practice_a.pk, world.patient_a.pk
    assert _rows() == [
        ("tess", a, "view", "api", pk, "127.0.0.1"),
        ("tess", a, "search", "api", None, "127.0.0.1"),
    ]
    assert "'555-0101'" in AuditEvent.objects.get(action="search").summary


def test_creating_writes_one_row_with_the_new_values(world: World) -> None:
    signed_in(world.tess).post("/patients/new/", patient_form_data())
    created = Patient.objects.get(last_name="Garcia")
    event = AuditEvent.objects.get()
    assert (event.action, event.patient, event.object_id) == ("create", created, str(created.pk))
    assert event.changes["last_name"] == {"before": None, "after": "Garcia"}
    assert event.changes["date_of_birth"] == {"before": None, "after": "1990-06-15"}


def test_api_create_is_audited_through_the_api_channel(world: World) -> None:
    url = f"/api/v1/practices/{world.practice_a.pk}/patients"
    signed_in(world.tess).post(url, json.dumps(patient_json()), content_type="application/json")
    event = AuditEvent.objects.get()
    assert (event.action, event.channel, event.actor) == ("create", "api", world.tess)


def test_updating_keeps_only_the_changed_fields_before_and_after(world: World) -> None:
    p = world.patient_a
    form = patient_form_data(
        first_name="Anita",
        last_name="Lopez",
        date_of_birth="1985-04-12",
        mobile_phone="(614) 555-0101",
        email="",
    )
    signed_in(world.tess).post(f"/patients/{p.pk}/edit/", form)
    event = AuditEvent.objects.get()
    assert (event.action, event.patient, event.actor) == ("update", p, world.tess)
    assert event.changes == {"first_name": {"before": "Ana", "after": "Anita"}}
    assert event.summary == "Changed first_name"


def test_api_patch_audits_the_diff(world: World) -> None:
    url = f"/api/v1/practices/{world.practice_a.pk}/patients/{world.patient_a.pk}"
    body = json.dumps({"preferred_name": "Annie", "first_name": "Ana"})
    signed_in(world.tess).patch(url, body, content_type="application/json")
    event = AuditEvent.objects.get()
    assert (event.action, event.channel) == ("update", "api")
    assert event.changes == {"preferred_name": {"before": "", "after": "Annie"}}


def test_saving_without_changes_writes_no_row(world: World) -> None:
    url = f"/api/v1/practices/{world.practice_a.pk}/patients/{world.patient_a.pk}"
    signed_in(world.tess).patch(
        url, json.dumps({"first_name": "Ana"}), content_type="application/json"
    )
    assert not AuditEvent.objects.exists()


def test_csv_export_is_audited_with_its_filter(world: World) -> None:
    response = signed_in(world.mona).get("/audit/export.csv", {"action": "view"})
    b"".join(response.streaming_content)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_type) == ("export", world.mona, "audit trail")
    assert "action=view" in event.summary


def test_forwarded_for_is_ignored_unless_configured(world: World) -> None:
    signed_in(world.tess).get(
        f"/patients/{world.patient_a.pk}/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert AuditEvent.objects.get().ip_address == "10.0.0.2"


@pytest.mark.parametrize(
    ("forwarded", "recorded"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("198.51.100.1, 203.0.113.7", "203.0.113.7"),  # only the proxy's own entry is trusted
        ("not-an-address", "10.0.0.2"),
        ("", "10.0.0.2"),
    ],
)
def test_forwarded_for_behind_a_trusted_proxy(world: World, forwarded: str, recorded: str) -> None:
    with override_settings(CASEPATH_TRUST_X_FORWARDED_FOR=True):
        signed_in(world.tess).get(
            f"/patients/{world.patient_a.pk}/",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )
    assert AuditEvent.objects.get().ip_address == recorded


def test_denied_and_missing_pages_write_nothing(world: World) -> None:
    client = signed_in(world.tess)
    assert client.get(f"/patients/{world.patient_b.pk}/").status_code == 404
    assert signed_in(world.olga).get(f"/patients/{world.patient_a.pk}/").status_code == 404
    assert client.get("/audit/").status_code == 403
    assert not AuditEvent.objects.exists()
