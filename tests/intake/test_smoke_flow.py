"""The whole pipeline through the services, once (each step has its own tests)."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine

from casepath.cases.services import case_create
from casepath.core.intake import Stage
from casepath.intake.models import IntakeMove
from casepath.messaging.models import Message, MessageStatus
from casepath.tenancy.scoping import scoped
from tests.intake.builders import CALLED_AT, capture, provider_of, take_to


@time_machine.travel(CALLED_AT, tick=False)
def test_a_call_goes_all_the_way_to_a_case(world: Any) -> None:
    intake = capture(world.practice_a, world.tess)
    assert intake.stage == Stage.INQUIRY
    intake = take_to(intake, Stage.HANDED_OFF, world.tess)
    assert intake.stage == Stage.HANDED_OFF
    messages = scoped(Message, world.practice_a).filter(patient=intake.patient)
    assert {m.idempotency_key.split(":")[2] for m in messages} == {"welcome", "reminder"}
    welcome = messages.get(idempotency_key__endswith=":welcome")
    assert welcome.status == MessageStatus.QUEUED, welcome.why
    assert welcome.attachments.get().content[:4] == b"%PDF"
    assert "Tuesday, November 10" in welcome.body
    case = case_create(
        acting_user=world.doc,
        patient=intake.patient,
        diagnosing_provider=provider_of(world.practice_a),
        title="Front tooth",
        case_type="new_patient",
        diagnosed_on=date(2026, 11, 10),
    )
    intake.refresh_from_db()
    case.refresh_from_db()
    assert intake.stage == Stage.CASE_CREATED and intake.case == case
    assert case.chief_concern == "I broke my front tooth and hate my smile"
    assert case.goals.startswith("A natural-looking front tooth")
    stages = list(
        scoped(IntakeMove, world.practice_a)
        .filter(intake=intake)
        .order_by("pk")
        .values_list("to_stage", flat=True)
    )
    assert stages == [
        "inquiry",
        "booked",
        "welcome_sent",
        "confirmed",
        "arrived",
        "welcomed",
        "interviewed",
        "handed_off",
        "case_created",
    ]
