"""The provider opens the case on the real New case screen: a handed-off new patient's
case is linked, the pipeline ends at "case created", and the case takes the chief
concern and the goals heard at intake unless the provider wrote their own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine

from casepath.cases.models import Case
from casepath.core.intake import Stage
from casepath.intake.models import Intake, IntakeMove
from casepath.patients.models import Patient
from tests.conftest import World, signed_in
from tests.intake.builders import CALLED_AT, VISIT_AT, capture, provider_of, take_to

NEW = "/cases/new/"
DIAGNOSED = VISIT_AT + timedelta(hours=1)
GOALS = (
    "A natural-looking front tooth before my wedding in June\n"
    "What matters most: Looks\n"
    "Fears or anxiety: Needles"
)


def at_stage(world: World, stage: Stage) -> Intake:
    with time_machine.travel(CALLED_AT, tick=False):
        return take_to(capture(world.practice_a, world.tess), stage, world.tess)


def opened(world: World, patient: Patient, **changes: Any) -> Case:
    data = {
        "patient_chart": patient.chart_number,
        "title": "Front tooth",
        "case_type": "new_patient",
        "urgency": "soon",
        "diagnosing_provider": provider_of(world.practice_a).pk,
        "coordinator": world.tess.pk,
        "diagnosed_on": "2026-11-10",
        "chief_concern": "",
        "goals": "",
        "missing_teeth": "",
    } | changes
    response = signed_in(world.doc).post(NEW, data)
    assert response.status_code == 302, response.context["form"].errors
    return Case.objects.get(pk=response["Location"].split("/")[2])


@time_machine.travel(DIAGNOSED, tick=False)
def test_the_case_of_a_handed_off_patient_takes_concern_and_goals(world: World) -> None:
    intake = at_stage(world, Stage.HANDED_OFF)

    case = opened(world, intake.patient)

    intake.refresh_from_db()
    assert (intake.stage, intake.case, intake.stage_entered_at) == (
        Stage.CASE_CREATED,
        case,
        DIAGNOSED,
    )
    assert case.chief_concern == "I broke my front tooth and hate my smile"
    assert case.goals == GOALS
    move = IntakeMove.objects.filter(intake=intake).latest("pk")
    assert (move.to_stage, move.by, move.note) == ("case_created", world.doc, "case “Front tooth”")


@time_machine.travel(DIAGNOSED, tick=False)
def test_what_the_provider_wrote_is_kept(world: World) -> None:
    intake = at_stage(world, Stage.HANDED_OFF)

    case = opened(world, intake.patient, chief_concern="Fractured #8 at the gum line")

    intake.refresh_from_db()
    assert case.chief_concern == "Fractured #8 at the gum line"
    assert case.goals == GOALS  # left blank by the provider: taken from intake
    assert intake.case == case and intake.stage == Stage.CASE_CREATED


@time_machine.travel(DIAGNOSED, tick=False)
def test_a_patient_with_no_intake_is_untouched(world: World) -> None:
    intake = at_stage(world, Stage.HANDED_OFF)  # someone else's hand-off
    moves_before = IntakeMove.objects.count()

    case = opened(world, world.patient_a, title="Crown on #19", case_type="from_hygiene")

    intake.refresh_from_db()
    assert (case.chief_concern, case.goals) == ("", "")
    assert (intake.stage, intake.case) == (Stage.HANDED_OFF, None)
    assert IntakeMove.objects.count() == moves_before
    assert not Intake.objects.filter(patient=world.patient_a).exists()


@time_machine.travel(DIAGNOSED, tick=False)
def test_a_patient_not_yet_handed_off_keeps_the_pipeline_as_it_is(world: World) -> None:
    intake = at_stage(world, Stage.INTERVIEWED)

    case = opened(world, intake.patient)

    intake.refresh_from_db()
    assert (intake.stage, intake.case) == (Stage.INTERVIEWED, None)
    assert case.chief_concern == ""


@time_machine.travel(DIAGNOSED, tick=False)
def test_a_second_case_does_not_take_the_hand_off_again(world: World) -> None:
    intake = at_stage(world, Stage.HANDED_OFF)
    first = opened(world, intake.patient)

    second = opened(world, intake.patient, title="Whitening")

    intake.refresh_from_db()
    assert intake.case == first
    assert (second.chief_concern, second.goals) == ("", "")
