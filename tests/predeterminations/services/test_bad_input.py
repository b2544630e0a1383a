"""Bad input to the pre-determination services: each problem names its field, and nothing
is written (rows are counted before and after)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from casepath.cases import plan_services
from casepath.core.errors import CasepathError, FieldError
from casepath.core.predeterminations import ResponseLine
from casepath.predeterminations import response_services, services
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.selectors import lines_of
from casepath.predeterminations.services import AttachmentIn, Draft
from tests.builders import build_patient
from tests.cases.builders import TwoOptions, build_case, two_option_case
from tests.conftest import World
from tests.insurance.coverage_builders import build_carrier, build_coverage, build_plan
from tests.predeterminations.builders import CREATED, NOW, RECEIVED, SENT, drafted, received, sent
from tests.predeterminations.services.helpers import (
    case_image,
    case_of_practice_b,
    rows,
    state,
)


def ids_of(option: Any) -> list[int]:
    return [p.pk for phase in option.phases.order_by("position") for p in phase.procedures.all()]


def create(world: World, made: TwoOptions, **changes: Any) -> Predetermination:
    draft = {
        "option_id": made.implant.pk,
        "coverage_id": made.insured.coverage.pk,
        "procedure_ids": ids_of(made.implant),
    }
    draft.update(changes)
    made_pd: Predetermination = services.predetermination_create(
        acting_user=world.tess, case=made.case, draft=Draft(**draft), created_on=CREATED
    )
    return made_pd


def refused(world: World, made: TwoOptions, **changes: Any) -> tuple[FieldError, ...]:
    counted = rows()
    with pytest.raises(CasepathError) as error:
        create(world, made, **changes)
    assert rows() == counted
    return error.value.errors


def test_a_procedure_of_another_practice(world: World) -> None:
    made = two_option_case(world)
    _, theirs = case_of_practice_b(world)
    ours = ids_of(made.implant)[0]
    assert refused(world, made, procedure_ids=[ours, theirs.pk]) == (
        FieldError("procedures[1]", "This procedure is not in this case's plan."),
    )


def test_a_procedure_of_another_option_or_chosen_twice(world: World) -> None:
    made = two_option_case(world)
    implant, bridge = ids_of(made.implant), ids_of(made.bridge)
    assert refused(world, made, procedure_ids=[implant[0], bridge[1], implant[0]]) == (
        FieldError("procedures[1]", "D6240 19 is not part of “Implant”."),
        FieldError("procedures[2]", "D6010 19 is chosen twice."),
    )


def test_no_procedure_and_an_unreadable_id(world: World) -> None:
    made = two_option_case(world)
    assert refused(world, made, procedure_ids=[]) == (
        FieldError("procedures", "Choose at least one procedure to ask about."),
    )
    assert refused(world, made, procedure_ids=["D6010"]) == (
        FieldError("procedures[0]", "This procedure is not in this case's plan."),
    )


def test_an_option_of_another_case(world: World) -> None:
    made = two_option_case(world)
    other = build_case(world, title="Upper front teeth")
    theirs = plan_services.option_add(acting_user=world.tess, case=other, name="Veneers")
    practice_b_case, _ = case_of_practice_b(world)
    for option in (theirs, practice_b_case.options.get()):
        assert refused(world, made, option_id=option.pk) == (
            FieldError("option", "Choose an option of this case."),
        )


def test_a_coverage_of_another_patient(world: World) -> None:
    made = two_option_case(world)
    practice = world.practice_a
    sister = build_patient(practice, first_name="Eva", last_name="Lopez")
    theirs = build_coverage(sister, build_plan(practice, build_carrier(practice, "Aetna")))
    assert refused(world, made, coverage_id=theirs.pk) == (
        FieldError("coverage", "Choose one of the patient's coverages."),
    )


def test_attachments_must_be_of_this_case_and_say_what_they_are(world: World) -> None:
    made = two_option_case(world)
    other_case = build_case(world, title="Upper front teeth")
    ours = case_image(made.case)
    assert refused(
        world,
        made,
        attachments=[
            AttachmentIn("xray", "Bitewings", case_image(other_case).pk),
            AttachmentIn("video", " "),
            AttachmentIn("photo", "Intraoral photo", ours.pk),
        ],
    ) == (
        FieldError("attachments[0].image", "Link an image of this case."),
        FieldError(
            "attachments[1].kind",
            "Choose one of radiographs, periodontal chart, photographs, other document.",
        ),
        FieldError("attachments[1].title", "Say what the document is."),
    )
    pd = create(world, made, attachments=[AttachmentIn("photo", "Intraoral photo", ours.pk)])
    assert [(a.kind, a.image) for a in pd.attachments.all()] == [("photo", ours)]


def test_every_problem_at_once(world: World) -> None:
    made = two_option_case(world)
    errors = refused(world, made, option_id=0, coverage_id="x", procedure_ids=[])
    assert [e.path for e in errors] == ["option", "coverage", "procedures"]


def test_the_same_procedure_is_not_asked_twice_of_one_coverage_while_open(world: World) -> None:
    first = drafted(world)
    made = first.made
    assert refused(world, made, procedure_ids=ids_of(made.implant)[1:]) == (
        FieldError(
            "procedures",
            "D6058 19 is already asked of this coverage in the pre-determination of "
            "2026-03-12 (draft).",
        ),
    )
    services.predetermination_close(
        acting_user=world.tess,
        predetermination=first.pd,
        to="voided",
        reason="",
        now=NOW,
        as_of=CREATED,
    )
    again = create(world, made, procedure_ids=ids_of(made.implant)[1:])
    assert [line.code for line in lines_of(again)] == ["D6058"]


def secondary(world: World, made: TwoOptions) -> Any:
    practice = world.practice_a
    return build_coverage(
        world.patient_a,
        build_plan(practice, build_carrier(practice, "Delta Dental"), group_number="DD-777"),
        ordinal=2,
        member_id="DD5550001",
    )


def test_a_secondary_is_asked_after_the_primary_answered(world: World) -> None:
    asked = sent(world)
    made = asked.made
    coverage = secondary(world, made)
    assert refused(world, made, coverage_id=coverage.pk) == (
        FieldError(
            "coverage",
            "Ask the secondary coverage after the earlier one has answered: no answer yet "
            "for D6010 19, D6058 19.",
        ),
    )
    lines = lines_of(asked.pd)
    response_services.predetermination_record_response(
        acting_user=world.tess,
        predetermination=asked.pd,
        received_on=RECEIVED,
        response_expiry=None,
        lines=[ResponseLine(lines[0].pk, Decimal("1000.00"), None, False)],
        today=RECEIVED,
        now=NOW,
    )
    assert refused(world, made, coverage_id=coverage.pk) == (
        FieldError(
            "coverage",
            "Ask the secondary coverage after the earlier one has answered: no answer yet "
            "for D6058 19.",
        ),
    )
    pd = create(world, made, coverage_id=coverage.pk, procedure_ids=ids_of(made.implant)[:1])
    assert (pd.coverage, [line.code for line in lines_of(pd)]) == (coverage, ["D6010"])


def test_a_send_before_the_draft_or_by_no_known_channel(world: World) -> None:
    asked = drafted(world)
    before, counted = state(asked.pd), rows()
    with pytest.raises(CasepathError) as error:
        services.predetermination_send(
            acting_user=world.tess,
            predetermination=asked.pd,
            sent_on=date(2026, 3, 11),
            channel="pigeon",
        )
    assert error.value.errors == (
        FieldError(
            "sent_on", "It cannot be sent on 2026-03-11, before it was created on 2026-03-12."
        ),
        FieldError("channel", "Choose how it was sent: electronic, payer portal, mail, fax."),
    )
    assert (state(asked.pd), rows()) == (before, counted)


def test_an_electronic_send_needs_the_billing_npi(world: World) -> None:
    asked = drafted(world)
    before, counted = state(asked.pd), rows()
    with pytest.raises(CasepathError) as error:
        services.predetermination_send(
            acting_user=world.tess, predetermination=asked.pd, sent_on=SENT, channel="electronic"
        )
    assert "npi" in " ".join(e.path for e in error.value.errors).lower()
    assert (state(asked.pd), rows()) == (before, counted)
    assert Predetermination.objects.get(pk=asked.pd.pk).claim == {}


# ---- the payer's answer ------------------------------------------------------------------


def respond(
    world: World,
    pd: Predetermination,
    lines: list[ResponseLine],
    received_on: date = RECEIVED,
    response_expiry: date | None = None,
    today: date = RECEIVED,
) -> tuple[FieldError, ...]:
    before, counted = state(pd), rows()
    with pytest.raises(CasepathError) as error:
        response_services.predetermination_record_response(
            acting_user=world.tess,
            predetermination=pd,
            received_on=received_on,
            response_expiry=response_expiry,
            lines=lines,
            today=today,
            now=NOW,
        )
    assert (state(pd), rows()) == (before, counted)
    return error.value.errors


def line(pk: int, approved: str | None, allowed: str | None = None, **rest: Any) -> ResponseLine:
    return ResponseLine(
        pk,
        None if approved is None else Decimal(approved),
        None if allowed is None else Decimal(allowed),
        rest.pop("denied", False),
        **rest,
    )


def test_a_line_not_on_the_request(world: World) -> None:
    asked = sent(world)
    pd, made = asked.pd, asked.made
    implant, _ = lines_of(pd)
    other = create(world, made, option_id=made.bridge.pk, procedure_ids=ids_of(made.bridge))
    stranger = lines_of(other)[0].pk
    assert respond(world, pd, [line(implant.pk, "1000.00"), line(stranger, "10.00")]) == (
        FieldError("lines[1].line_id", "Line 2 answers a procedure that is not on this request."),
    )


def test_amounts_above_the_fee_and_approved_above_allowed(world: World) -> None:
    pd = sent(world).pd
    implant, crown = lines_of(pd)
    assert respond(
        world,
        pd,
        [line(implant.pk, "2400.01", "2500.00"), line(crown.pk, "800.00", "700.00")],
    ) == (
        FieldError(
            "lines[0].approved",
            "The approved $2,400.01 for D6010 on line 1 is more than its fee of $2,400.00.",
        ),
        FieldError(
            "lines[0].allowed",
            "The allowed $2,500.00 for D6010 on line 1 is more than its fee of $2,400.00.",
        ),
        FieldError(
            "lines[1].approved",
            "The approved $800.00 for D6058 on line 2 is more than the allowed $700.00.",
        ),
    )


def test_a_denial_needs_the_payers_reason(world: World) -> None:
    pd = sent(world).pd
    implant, _ = lines_of(pd)
    assert respond(world, pd, [line(implant.pk, None, denied=True)]) == (
        FieldError("lines[0].reason", "Give the payer's reason for denying D6010 on line 1."),
    )


@pytest.mark.parametrize(
    ("received_on", "response_expiry", "error"),
    [
        (
            date(2026, 3, 12),
            None,
            FieldError(
                "received_on",
                "The response cannot arrive on 2026-03-12, before the request was sent on "
                "2026-03-13.",
            ),
        ),
        (
            date(2026, 4, 3),
            None,
            FieldError("received_on", "The response cannot be received after today (2026-04-02)."),
        ),
        (
            RECEIVED,
            date(2026, 4, 1),
            FieldError(
                "response_expiry",
                "The answer cannot end on 2026-04-01, before it was received on 2026-04-02.",
            ),
        ),
    ],
)
def test_dates_out_of_order(
    world: World, received_on: date, response_expiry: date | None, error: FieldError
) -> None:
    pd = sent(world).pd
    implant, _ = lines_of(pd)
    lines = [line(implant.pk, "1000.00")]
    assert respond(world, pd, lines, received_on, response_expiry) == (error,)


def test_an_answer_with_no_line(world: World) -> None:
    pd = sent(world).pd
    assert respond(world, pd, []) == (FieldError("lines", "Answer at least one procedure."),)


def test_a_refused_correction_keeps_the_first_answer(world: World) -> None:
    pd = received(world).pd
    implant, _ = lines_of(pd)
    errors = respond(world, pd, [line(implant.pk, "3000.00")])
    assert [e.path for e in errors] == ["lines[0].approved"]
    assert [x.approved for x in lines_of(pd)] == [Decimal("1000.00"), Decimal("700.00")]
