"""Opening a case and changing its header through the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from casepath.audit.models import AuditEvent
from casepath.cases.models import Case, CaseEvent
from tests.builders import build_provider
from tests.cases.api.conftest import base, case_url, send
from tests.cases.builders import TwoOptions
from tests.conftest import World
from tests.estimates.builders import nunez


def case_json(world: World, **change: Any) -> dict[str, Any]:
    body = {
        "patient_id": world.patient_a.pk,
        "diagnosing_provider_id": nunez(world).pk,
        "title": "Broken front tooth",
        "case_type": "emergency",
        "urgency": "immediate",
        "coordinator_id": world.tess.pk,
        "diagnosed_on": "2026-03-10",
        "chief_concern": "I chipped it on a fork.",
        "missing_teeth": "1, 16",
    }
    return body | change


def test_a_case_is_opened_as_a_draft(world: World, tess: Client) -> None:
    answer = send(tess, "post", base(world.practice_a.pk), case_json(world))
    assert answer.status_code == 201, answer.data
    case = Case.objects.get()
    assert answer.data["id"] == case.pk
    assert (answer.data["status"], answer.data["urgency"], answer.data["options"]) == (
        "draft",
        "immediate",
        [],
    )
    assert (case.title, case.case_type, case.coordinator, case.missing_teeth) == (
        "Broken front tooth",
        "emergency",
        world.tess,
        "1, 16",
    )
    assert CaseEvent.objects.get(case=case).kind == "created"
    api_row = AuditEvent.objects.get(channel="api")
    assert (api_row.action, api_row.object_id, api_row.patient) == (
        "create",
        str(case.pk),
        world.patient_a,
    )


BAD_CASES = [
    pytest.param({"title": ""}, "title", id="no-title"),
    pytest.param({"case_type": "cosmetic"}, "case_type", id="unknown-type"),
    pytest.param({"urgency": "whenever"}, "urgency", id="unknown-urgency"),
    pytest.param({"diagnosed_on": "2026-02-30"}, "diagnosed_on", id="not-a-date"),
    pytest.param({"patient_id": 999999}, "patient_id", id="unknown-patient"),
    pytest.param({"diagnosing_provider_id": 999999}, "diagnosing_provider_id", id="no-provider"),
    pytest.param({"coordinator_id": 999999}, "coordinator_id", id="unknown-coordinator"),
]


@pytest.mark.parametrize(("change", "path"), BAD_CASES)
def test_bad_input_names_the_field_and_saves_nothing(
    world: World, tess: Client, change: dict[str, Any], path: str
) -> None:
    audit_rows = AuditEvent.objects.count()
    answer = send(tess, "post", base(world.practice_a.pk), case_json(world, **change))
    assert answer.status_code == 422
    assert [e["path"] for e in answer.data["errors"]] == [path]
    assert not Case.objects.exists()
    assert AuditEvent.objects.count() == audit_rows


def test_people_of_another_practice_are_refused_at_their_field(world: World, tess: Client) -> None:
    elsewhere = build_provider(world.practice_b)
    for change, path in (
        ({"patient_id": world.patient_b.pk}, "patient_id"),
        ({"diagnosing_provider_id": elsewhere.pk}, "diagnosing_provider_id"),
        ({"coordinator_id": world.olga.pk}, "coordinator_id"),
    ):
        answer = send(tess, "post", base(world.practice_a.pk), case_json(world, **change))
        assert answer.status_code == 422
        assert answer.data["errors"][0]["path"] == path
        assert "of this practice" in answer.data["errors"][0]["message"]
    assert not Case.objects.exists()


def test_front_desk_cannot_open_a_case(world: World, fran: Client) -> None:
    answer = send(fran, "post", base(world.practice_a.pk), case_json(world))
    assert answer.status_code == 403
    assert answer.data["errors"][0]["message"] == "Your role cannot plan and revise cases."
    assert not Case.objects.exists()


def test_an_outsider_cannot_open_a_case_in_practice_a(world: World, olga: Client) -> None:
    answer = send(olga, "post", base(world.practice_a.pk), case_json(world))
    assert answer.status_code == 404
    assert not Case.objects.exists()


def test_patch_changes_the_header_fields_given(
    world: World, made: TwoOptions, tess: Client
) -> None:
    body = {"urgency": "elective", "goals": "Keep my own teeth.", "coordinator_id": world.mona.pk}
    answer = send(tess, "patch", case_url(made.case), body)
    assert answer.status_code == 200, answer.data
    made.case.refresh_from_db()
    assert (made.case.urgency, made.case.goals, made.case.coordinator) == (
        "elective",
        "Keep my own teeth.",
        world.mona,
    )
    assert made.case.title == "Missing lower left molar"
    assert answer.data["coordinator"]["id"] == world.mona.pk
    row = AuditEvent.objects.filter(channel="api").get()
    assert row.summary.startswith("Changed the case's ")
    assert {"coordinator", "goals", "urgency"} == set(row.summary[19:].split(", "))


def test_patch_null_clears_the_coordinator_and_texts(
    world: World, made: TwoOptions, tess: Client
) -> None:
    answer = send(tess, "patch", case_url(made.case), {"coordinator_id": None, "goals": None})
    assert answer.status_code == 200
    made.case.refresh_from_db()
    assert (made.case.coordinator, made.case.goals) == (None, "")


def test_patch_without_changes_writes_no_api_row(
    world: World, made: TwoOptions, tess: Client
) -> None:
    send(tess, "patch", case_url(made.case), {"title": "Missing lower left molar"})
    assert not AuditEvent.objects.filter(channel="api").exists()


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"title": None}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"diagnosing_provider_id": None}, "diagnosing_provider_id"),
        ({"diagnosing_provider_id": 999999}, "diagnosing_provider_id"),
        ({"urgency": "later"}, "urgency"),
    ],
)
def test_patch_bad_input_names_the_field(
    world: World, made: TwoOptions, tess: Client, body: dict[str, Any], path: str
) -> None:
    answer = send(tess, "patch", case_url(made.case), body)
    assert answer.status_code == 422
    assert [e["path"] for e in answer.data["errors"]] == [path]
    made.case.refresh_from_db()
    assert (made.case.title, made.case.urgency) == ("Missing lower left molar", "soon")


def test_patch_needs_edit_cases_and_the_practice(
    world: World, made: TwoOptions, fran: Client, olga: Client
) -> None:
    assert send(fran, "patch", case_url(made.case), {"urgency": "elective"}).status_code == 403
    assert send(olga, "patch", case_url(made.case), {"urgency": "elective"}).status_code == 404
    own = f"{base(world.practice_b.pk)}/{made.case.pk}"
    assert send(olga, "patch", own, {"urgency": "elective"}).status_code == 404
    made.case.refresh_from_db()
    assert made.case.urgency == "soon"
