"""Moving a case, recording the patient's decision, and discussion notes through the API."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client

from casepath.audit.models import AuditEvent
from casepath.cases.models import Case, CaseEvent, CaseNote, PlannedProcedure
from tests.cases.api.conftest import case_url, presented, send
from tests.cases.builders import TwoOptions, build_case
from tests.conftest import World

# ---- transitions ---------------------------------------------------------------


def test_a_ready_case_goes_back_to_draft_and_ready_again(
    world: World, made: TwoOptions, tess: Client
) -> None:
    url = case_url(made.case, "/transitions")
    answer = send(tess, "post", url, {"to": "draft", "note": "The doctor is revising it."})
    assert answer.status_code == 200, answer.data
    assert answer.data["status"] == "draft"
    event = CaseEvent.objects.filter(case=made.case, kind="status").last()
    assert (event.from_status, event.to_status) == ("ready", "draft")
    assert "The doctor is revising it." in event.summary
    assert send(tess, "post", url, {"to": "ready"}).data["status"] == "ready"
    rows = AuditEvent.objects.filter(channel="api", summary__startswith="Moved from")
    assert [r.summary for r in rows.order_by("pk")] == [
        "Moved from ready to present to draft. The doctor is revising it.",
        "Moved from draft to ready to present",
    ]


REFUSED_MOVES = [
    pytest.param("completed", "its treatment has not started yet", id="complete-too-soon"),
    pytest.param("scheduled", "the patient has not accepted it yet", id="schedule-too-soon"),
    pytest.param("presented", "Present a case from its Present page.", id="present-here"),
    pytest.param("ready", "The case is already ready to present.", id="already"),
]


@pytest.mark.parametrize(("to", "words"), REFUSED_MOVES)
def test_a_refused_move_answers_422_at_status(
    world: World, made: TwoOptions, tess: Client, to: str, words: str
) -> None:
    answer = send(tess, "post", case_url(made.case, "/transitions"), {"to": to})
    assert answer.status_code == 422
    [error] = answer.data["errors"]
    assert error["path"] == "status"
    assert words in error["message"]
    made.case.refresh_from_db()
    assert made.case.status == "ready"


def test_an_unknown_status_names_the_field(world: World, made: TwoOptions, tess: Client) -> None:
    answer = send(tess, "post", case_url(made.case, "/transitions"), {"to": "finished"})
    assert answer.status_code == 422
    assert [e["path"] for e in answer.data["errors"]] == ["to"]


def test_an_empty_case_cannot_be_marked_ready(world: World, tess: Client) -> None:
    case = build_case(world)
    answer = send(tess, "post", case_url(case, "/transitions"), {"to": "ready"})
    assert answer.status_code == 422
    assert answer.data["errors"][0]["path"] == "options"


# ---- accept ----------------------------------------------------------------------


def test_accepting_the_whole_option(world: World, made: TwoOptions, tess: Client) -> None:
    case = presented(made, world.tess)
    with time_machine.travel("2026-03-12 15:00:00-05:00", tick=False):
        answer = send(tess, "post", case_url(case, "/accept"), {"option_id": made.implant.pk})
    assert answer.status_code == 200, answer.data
    assert (answer.data["status"], answer.data["acceptance"], answer.data["decided_on"]) == (
        "accepted",
        "whole",
        "2026-03-12",
    )
    assert answer.data["accepted_option_id"] == made.implant.pk
    decisions = [
        p["decision"] for ph in answer.data["options"][0]["phases"] for p in ph["procedures"]
    ]
    assert decisions == ["accepted", "accepted"]


def test_accepting_part_of_an_option(world: World, made: TwoOptions, tess: Client) -> None:
    case = presented(made, world.tess)
    crown = PlannedProcedure.objects.get(case=case, code="D6058")
    body = {"option_id": made.implant.pk, "declined_procedure_ids": [crown.pk]}
    answer = send(tess, "post", case_url(case, "/accept"), body)
    assert answer.status_code == 200, answer.data
    assert answer.data["acceptance"] == "part"
    crown.refresh_from_db()
    assert crown.decision == "declined"


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"option_id": 999999}, "option_id"),
        ({}, "option_id"),
        ({"option_id": "implant"}, "option_id"),
        ({"option_id": "IMPLANT", "declined_procedure_ids": "all"}, "declined_procedure_ids"),
    ],
)
def test_bad_acceptances_name_the_field(
    world: World, made: TwoOptions, tess: Client, body: dict[str, Any], path: str
) -> None:
    case = presented(made, world.tess)
    answer = send(tess, "post", case_url(case, "/accept"), body)
    assert answer.status_code == 422
    assert path in [e["path"] for e in answer.data["errors"]]
    case.refresh_from_db()
    assert case.status == "presented"


def test_declining_every_procedure_is_not_an_acceptance(
    world: World, made: TwoOptions, tess: Client
) -> None:
    case = presented(made, world.tess)
    ids = list(
        PlannedProcedure.objects.filter(phase__option=made.implant).values_list("pk", flat=True)
    )
    body = {"option_id": made.implant.pk, "declined_procedure_ids": ids}
    answer = send(tess, "post", case_url(case, "/accept"), body)
    assert answer.status_code == 422
    assert answer.data["errors"][0]["path"] == "declined_procedure_ids"


def test_procedures_of_another_option_cannot_be_declined(
    world: World, made: TwoOptions, tess: Client
) -> None:
    case = presented(made, world.tess)
    bridge_one = PlannedProcedure.objects.filter(phase__option=made.bridge).first()
    body = {"option_id": made.implant.pk, "declined_procedure_ids": [bridge_one.pk]}
    answer = send(tess, "post", case_url(case, "/accept"), body)
    assert answer.status_code == 422
    assert answer.data["errors"][0]["path"] == "declined_procedure_ids"


def test_a_case_not_presented_cannot_be_accepted(
    world: World, made: TwoOptions, tess: Client
) -> None:
    answer = send(tess, "post", case_url(made.case, "/accept"), {"option_id": made.implant.pk})
    assert answer.status_code == 422
    assert answer.data["errors"][0]["path"] == "status"


# ---- decline ---------------------------------------------------------------------


def test_declining_keeps_the_reason(world: World, made: TwoOptions, tess: Client) -> None:
    case = presented(made, world.tess)
    body = {"reason": "cost", "detail": "Will save up and call back in the fall."}
    answer = send(tess, "post", case_url(case, "/decline"), body)
    assert answer.status_code == 200, answer.data
    assert (answer.data["status"], answer.data["decline_reason"]) == ("declined", "cost")
    assert answer.data["decline_detail"] == "Will save up and call back in the fall."
    assert not PlannedProcedure.objects.filter(case=case).exclude(decision="declined").exists()


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "aliens"}, "reason"),
        ({"reason": "other", "detail": " "}, "detail"),
        ({}, "reason"),
    ],
)
def test_bad_declines_name_the_field(
    world: World, made: TwoOptions, tess: Client, body: dict[str, Any], path: str
) -> None:
    case = presented(made, world.tess)
    answer = send(tess, "post", case_url(case, "/decline"), body)
    assert answer.status_code == 422
    assert [e["path"] for e in answer.data["errors"]] == [path]
    case.refresh_from_db()
    assert case.status == "presented"


def test_a_draft_cannot_be_declined(world: World, made: TwoOptions, tess: Client) -> None:
    answer = send(tess, "post", case_url(made.case, "/decline"), {"reason": "cost"})
    assert answer.status_code == 422
    assert answer.data["errors"][0]["path"] == "status"


# ---- notes -----------------------------------------------------------------------


def test_a_note_is_added(world: World, made: TwoOptions, tess: Client) -> None:
    body = {"kind": "clinical", "text": "Can the implant wait until after her surgery in May?"}
    answer = send(tess, "post", case_url(made.case, "/notes"), body)
    assert answer.status_code == 201, answer.data
    note = CaseNote.objects.get()
    assert (answer.data["id"], answer.data["kind"], answer.data["author"]) == (
        note.pk,
        "clinical",
        world.tess.get_full_name() or "tess",
    )
    assert CaseEvent.objects.filter(case=made.case, kind="note").exists()


@pytest.mark.parametrize(
    ("body", "path"),
    [({"text": "  "}, "text"), ({"kind": "gossip", "text": "Hi"}, "kind"), ({}, "text")],
)
def test_bad_notes_name_the_field(
    world: World, made: TwoOptions, tess: Client, body: dict[str, Any], path: str
) -> None:
    answer = send(tess, "post", case_url(made.case, "/notes"), body)
    assert answer.status_code == 422
    assert [e["path"] for e in answer.data["errors"]] == [path]
    assert not CaseNote.objects.exists()


def test_the_api_writes_leave_the_case_untouched_when_refused(
    world: World, made: TwoOptions, tess: Client
) -> None:
    before = Case.objects.values().get(pk=made.case.pk)
    send(tess, "post", case_url(made.case, "/transitions"), {"to": "completed"})
    assert Case.objects.values().get(pk=made.case.pk) == before
