"""A pre-determination's life through the services: drafted, sent, answered, expired; not
needed; voided at each open step; and every refused move leaves everything as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from casepath.cases.models import CaseEvent
from casepath.core.errors import CasepathError, FieldError
from casepath.predeterminations import response_services, services
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.selectors import lines_of, work_queue
from tests.conftest import World
from tests.predeterminations.builders import (
    CREATED,
    NOW,
    RECEIVED,
    SENT,
    Asked,
    drafted,
    received,
    sent,
)
from tests.predeterminations.services.helpers import answer, rows, state


def test_a_draft_keeps_the_procedures_as_asked(world: World) -> None:
    pd = drafted(world).pd
    assert (pd.status, pd.created_on, pd.created_by) == ("draft", CREATED, world.tess)
    assert pd.patient == world.patient_a
    assert pd.narrative == "Tooth 19 was extracted in 2025; the site has healed."
    assert [(x.position, x.code, x.tooth, x.fee, x.answered) for x in lines_of(pd)] == [
        (0, "D6010", "19", Decimal("2400.00"), False),
        (1, "D6058", "19", Decimal("1450.00"), False),
    ]
    [attachment] = pd.attachments.all()
    assert (attachment.kind, attachment.title, attachment.image) == (
        "xray",
        "Periapical x-ray of #19",
        None,
    )


def test_sent_by_mail_keeps_the_day_the_channel_and_no_claim(world: World) -> None:
    asked = drafted(world)
    pd = services.predetermination_send(
        acting_user=world.tess,
        predetermination=asked.pd,
        sent_on=SENT,
        channel="mail",
        payer_reference="  PA-2026-0419  ",
    )
    saved = Predetermination.objects.get(pk=pd.pk)
    assert (saved.status, saved.sent_on, saved.channel) == ("sent", SENT, "mail")
    assert (saved.payer_reference, saved.claim) == ("PA-2026-0419", {})


def test_sent_electronically_keeps_the_claim_it_sent(world: World) -> None:
    pd = Predetermination.objects.get(pk=sent(world, channel="electronic").pd.pk)
    assert pd.channel == "electronic"
    assert (pd.claim["resourceType"], pd.claim["use"]) == ("Claim", "preauthorization")
    assert [item["sequence"] for item in pd.claim["item"]] == [1, 2]


def test_received_holds_twelve_months_by_default(world: World) -> None:
    pd = Predetermination.objects.get(pk=received(world).pd.pk)
    assert (pd.status, pd.received_on, pd.response_expiry) == ("received", RECEIVED, None)
    assert pd.expires_on == date(2027, 4, 2)
    assert [(x.answered, x.approved, x.denied) for x in lines_of(pd)] == [
        (True, Decimal("1000.00"), False),
        (True, Decimal("700.00"), False),
    ]


def test_the_payers_last_day_wins_over_the_default(world: World) -> None:
    pd = sent(world).pd
    response_services.predetermination_record_response(
        acting_user=world.tess,
        predetermination=pd,
        received_on=RECEIVED,
        response_expiry=date(2026, 9, 30),
        lines=answer(pd, "1000.00", "700.00"),
        today=RECEIVED,
        now=NOW,
    )
    assert Predetermination.objects.get(pk=pd.pk).expires_on == date(2026, 9, 30)


def test_an_answer_expires_the_day_after_its_last_day(world: World) -> None:
    pd = received(world).pd
    practice = world.practice_a
    assert (
        response_services.predeterminations_expire(
            practice=practice, today=date(2027, 4, 2), now=NOW
        )
        == 0
    )
    assert Predetermination.objects.get(pk=pd.pk).status == "received"
    assert (
        response_services.predeterminations_expire(
            practice=practice, today=date(2027, 4, 3), now=NOW
        )
        == 1
    )
    assert Predetermination.objects.get(pk=pd.pk).status == "expired"
    assert (
        response_services.predeterminations_expire(
            practice=practice, today=date(2027, 4, 3), now=NOW
        )
        == 0
    )
    event = CaseEvent.objects.filter(case=pd.case).last()
    assert event is not None and event.actor_name == "system"


def test_expiry_leaves_unanswered_requests_and_other_practices_alone(world: World) -> None:
    asked = sent(world)
    pd, far = asked.pd, date(2030, 1, 1)
    for practice in (world.practice_a, world.practice_b):
        assert (
            response_services.predeterminations_expire(practice=practice, today=far, now=NOW) == 0
        )
    assert Predetermination.objects.get(pk=pd.pk).status == "sent"
    respond(world, asked)
    assert (
        response_services.predeterminations_expire(practice=world.practice_b, today=far, now=NOW)
        == 0
    )
    assert Predetermination.objects.get(pk=pd.pk).status == "received"


def close(world: World, pd: Predetermination, to: str, reason: str = "") -> Predetermination:
    closed: Predetermination = services.predetermination_close(
        acting_user=world.tess, predetermination=pd, to=to, reason=reason, now=NOW, as_of=RECEIVED
    )
    return closed


@pytest.mark.parametrize("step", [drafted, sent])
def test_not_needed_from_draft_or_sent(world: World, step: Callable[[World], Asked]) -> None:
    pd = close(world, step(world).pd, "not_needed", " The patient chose the bridge. ")
    saved = Predetermination.objects.get(pk=pd.pk)
    assert (saved.status, saved.closed_reason) == ("not_needed", "The patient chose the bridge.")


@pytest.mark.parametrize("step", [drafted, sent, received])
def test_voided_from_every_open_step(world: World, step: Callable[[World], Asked]) -> None:
    pd = close(world, step(world).pd, "voided", "Wrong member ID")
    saved = Predetermination.objects.get(pk=pd.pk)
    assert (saved.status, saved.closed_reason) == ("voided", "Wrong member ID")
    event = CaseEvent.objects.filter(case=pd.case).last()
    assert event is not None
    assert event.summary == "Pre-determination voided: Wrong member ID"


def test_discussed_leaves_the_work_queue(world: World) -> None:
    pd = received(world).pd
    assert [p.pk for p in work_queue(world.practice_a, RECEIVED).to_discuss] == [pd.pk]
    response_services.predetermination_discussed(
        acting_user=world.tess, predetermination=pd, on=date(2026, 4, 3), today=date(2026, 4, 3)
    )
    assert Predetermination.objects.get(pk=pd.pk).discussed_on == date(2026, 4, 3)
    assert work_queue(world.practice_a, date(2026, 4, 3)).to_discuss == []


def send_again(world: World, asked: Asked) -> None:
    services.predetermination_send(
        acting_user=world.tess, predetermination=asked.pd, sent_on=SENT, channel="fax"
    )


def respond(world: World, asked: Asked) -> None:
    response_services.predetermination_record_response(
        acting_user=world.tess,
        predetermination=asked.pd,
        received_on=RECEIVED,
        response_expiry=None,
        lines=answer(asked.pd, "1000.00", "700.00"),
        today=RECEIVED,
        now=NOW,
    )


def discuss(world: World, asked: Asked, on: date = RECEIVED) -> None:
    response_services.predetermination_discussed(
        acting_user=world.tess, predetermination=asked.pd, on=on, today=RECEIVED
    )


def void(world: World, asked: Asked) -> None:
    close(world, asked.pd, "voided")


REFUSED: list[tuple[Callable[[World], Asked], Callable[[World, Asked], Any], FieldError]] = [
    (sent, send_again, FieldError("status", "The pre-determination is already sent.")),
    (
        received,
        send_again,
        FieldError(
            "status",
            "A received pre-determination cannot be sent: the payer has answered; "
            "void it to set it aside.",
        ),
    ),
    (
        drafted,
        respond,
        FieldError("status", "A draft pre-determination cannot be marked received: send it first."),
    ),
    (
        received,
        lambda world, asked: close(world, asked.pd, "not_needed"),
        FieldError(
            "status",
            "A received pre-determination cannot be marked not needed: the payer has "
            "answered; void it to set it aside.",
        ),
    ),
    (
        drafted,
        lambda world, asked: close(world, asked.pd, "sent"),
        FieldError("status", "Close a pre-determination as not needed or voided."),
    ),
    (
        sent,
        discuss,
        FieldError("status", "Only an answered pre-determination can be discussed."),
    ),
    (
        received,
        lambda world, asked: discuss(world, asked, on=date(2026, 4, 1)),
        FieldError("discussed_on", "Give a day from 2026-04-02 (received) to 2026-04-02."),
    ),
]


@pytest.mark.parametrize(("step", "move", "error"), REFUSED)
def test_refused_moves_say_why_and_change_nothing(
    world: World,
    step: Callable[[World], Asked],
    move: Callable[[World, Asked], Any],
    error: FieldError,
) -> None:
    asked = step(world)
    before, counted = state(asked.pd), rows()
    with pytest.raises(CasepathError) as refused:
        move(world, asked)
    assert refused.value.errors == (error,)
    assert (state(asked.pd), rows()) == (before, counted)


def test_a_final_request_is_final(world: World) -> None:
    asked = drafted(world)
    void(world, asked)
    before, counted = state(asked.pd), rows()
    final = "A pre-determination that is voided is final; create a new one to ask the payer again."
    for move in (send_again, respond):
        with pytest.raises(CasepathError) as refused:
            move(world, asked)
        assert refused.value.errors == (FieldError("status", final),)
    with pytest.raises(CasepathError, match="already voided"):
        void(world, asked)
    assert (state(asked.pd), rows()) == (before, counted)


def test_an_expired_answer_cannot_be_voided_or_answered_again(world: World) -> None:
    asked = received(world)
    response_services.predeterminations_expire(
        practice=world.practice_a, today=date(2027, 5, 1), now=NOW
    )
    before = state(asked.pd)
    for move in (respond, void):
        with pytest.raises(CasepathError, match="expired is final"):
            move(world, asked)
    assert state(asked.pd) == before
