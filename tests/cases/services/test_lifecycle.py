"""Every move of a case through the services: allowed ones land on the timeline and the
audit trail; refused ones say why and change nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from casepath.audit.models import AuditEvent
from casepath.cases import plan_services, services
from casepath.cases.models import Case, CaseEvent, EventKind, PlannedProcedure
from casepath.core.cases import WORK_QUEUE, CaseStatus
from casepath.core.errors import CasepathError
from tests.builders import build_practice, build_provider
from tests.cases.builders import DIAGNOSED, build_case, two_option_case
from tests.conftest import World

pytestmark = pytest.mark.django_db


def presented(case: Case, on: date = DIAGNOSED) -> Case:
    """As if presented (presenting itself is tested with the presentation services)."""
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.PRESENTED, presented_on=on)
    case.refresh_from_db()
    return case


def message(error: pytest.ExceptionInfo[CasepathError]) -> tuple[str, str]:
    first = error.value.errors[0]
    return first.path, first.message


def test_a_new_case_is_a_draft_on_the_timeline_and_in_the_audit_trail(world: World) -> None:
    case = build_case(world)

    assert case.status == CaseStatus.DRAFT
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.to_status, event.actor) == (EventKind.CREATED, "draft", world.tess)
    audit = AuditEvent.objects.filter(object_type="case", object_id=str(case.pk)).get()
    assert audit.patient == world.patient_a and audit.action == "create"


def test_a_provider_of_another_practice_is_refused_and_nothing_is_saved(world: World) -> None:
    stranger = build_provider(build_practice("Elsewhere", "EW"))
    with pytest.raises(CasepathError) as error:
        services.case_create(
            acting_user=world.tess,
            patient=world.patient_a,
            diagnosing_provider=stranger,
            title="Crown",
            case_type="emergency",
            diagnosed_on=DIAGNOSED,
        )
    assert message(error)[0] == "diagnosing_provider"
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        ("nothing", "Add at least one option before marking it ready."),
        ("empty option", "The option “Implant” has no procedures."),
    ],
)
def test_ready_needs_options_with_procedures(world: World, plan: str, expected: str) -> None:
    case = build_case(world)
    if plan == "empty option":
        plan_services.option_add(acting_user=world.tess, case=case, name="Implant")
    with pytest.raises(CasepathError) as error:
        services.case_move(acting_user=world.tess, case=case, to="ready")
    assert message(error) == ("options", expected)
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def test_ready_and_back_to_draft(world: World) -> None:
    case = two_option_case(world).case
    services.case_move(acting_user=world.tess, case=case, to="draft")
    moved = services.case_move(acting_user=world.tess, case=case, to="ready")
    assert moved.status == CaseStatus.READY
    moves = CaseEvent.objects.filter(case=case, kind=EventKind.STATUS)
    assert [(e.from_status, e.to_status) for e in moves] == [
        ("draft", "ready"),
        ("ready", "draft"),
        ("draft", "ready"),
    ]


def test_a_draft_cannot_be_presented_nor_accepted(world: World) -> None:
    case = build_case(world)
    with pytest.raises(CasepathError) as error:
        services.case_move(acting_user=world.tess, case=case, to="presented")
    assert message(error) == ("status", "A draft case cannot be presented: mark it ready first.")
    with pytest.raises(CasepathError):
        services.case_accept(acting_user=world.tess, case=case, option_id=0, decided_on=DIAGNOSED)
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def test_accept_the_whole_option(world: World) -> None:
    made = two_option_case(world)
    case = presented(made.case)
    accepted = services.case_accept(
        acting_user=world.tess, case=case, option_id=made.implant.pk, decided_on=DIAGNOSED
    )
    assert (accepted.status, accepted.acceptance) == ("accepted", "whole")
    assert accepted.accepted_option == made.implant
    decisions = dict(PlannedProcedure.objects.filter(case=case).values_list("code", "decision"))
    assert decisions["D6010"] == decisions["D6058"] == "accepted"
    assert decisions["D6750"] == "undecided"  # the other option was not chosen


def test_accept_part_of_an_option(world: World) -> None:
    made = two_option_case(world)
    case = presented(made.case)
    crown = PlannedProcedure.objects.get(case=case, code="D6058")
    accepted = services.case_accept(
        acting_user=world.tess,
        case=case,
        option_id=made.implant.pk,
        declined_procedure_ids=frozenset({crown.pk}),
        decided_on=DIAGNOSED,
    )
    assert accepted.acceptance == "part"
    crown.refresh_from_db()
    assert crown.decision == "declined"


def test_accepting_nothing_or_another_case_s_option_is_refused(world: World) -> None:
    made = two_option_case(world)
    case = presented(made.case)
    every = frozenset(
        PlannedProcedure.objects.filter(phase__option=made.bridge).values_list("pk", flat=True)
    )
    with pytest.raises(CasepathError) as error:
        services.case_accept(
            acting_user=world.tess,
            case=case,
            option_id=made.bridge.pk,
            declined_procedure_ids=every,
            decided_on=DIAGNOSED,
        )
    assert message(error)[0] == "procedures"
    with pytest.raises(CasepathError) as error:
        services.case_accept(
            acting_user=world.tess, case=case, option_id=10_000, decided_on=DIAGNOSED
        )
    assert message(error)[0] == "option"
    case.refresh_from_db()
    assert case.status == CaseStatus.PRESENTED and case.accepted_option is None


def test_decline_needs_a_reason_and_leaves_the_work_queue(world: World) -> None:
    case = presented(two_option_case(world).case)
    with pytest.raises(CasepathError) as error:
        services.case_decline(
            acting_user=world.tess, case=case, reason="other", detail=" ", decided_on=DIAGNOSED
        )
    assert message(error)[0] == "detail"
    declined = services.case_decline(
        acting_user=world.tess, case=case, reason="cost", detail="", decided_on=DIAGNOSED
    )
    assert declined.status == "declined" and declined.decline_reason == "cost"
    assert declined.status not in WORK_QUEUE
    assert set(PlannedProcedure.objects.filter(case=case).values_list("decision", flat=True)) == {
        "declined"
    }


def test_from_accepted_to_completed_and_completed_is_final(world: World) -> None:
    made = two_option_case(world)
    case = services.case_accept(
        acting_user=world.tess,
        case=presented(made.case),
        option_id=made.implant.pk,
        decided_on=DIAGNOSED,
    )
    for status in ("scheduled", "in_progress", "completed"):
        case = services.case_move(acting_user=world.tess, case=case, to=status)
    with pytest.raises(CasepathError) as error:
        services.case_move(acting_user=world.tess, case=case, to="draft")
    assert message(error) == ("status", "A completed case is final; it cannot become draft.")


def test_the_plan_is_fixed_once_scheduled(world: World) -> None:
    made = two_option_case(world)
    case = services.case_accept(
        acting_user=world.tess,
        case=presented(made.case),
        option_id=made.implant.pk,
        decided_on=DIAGNOSED,
    )
    services.case_move(acting_user=world.tess, case=case, to="scheduled")
    with pytest.raises(CasepathError) as error:
        plan_services.option_add(acting_user=world.tess, case=case, name="Partial denture")
    assert message(error) == ("status", "The case is scheduled: its plan is fixed.")


def test_cases_expire_after_the_practice_s_days(world: World) -> None:
    case = presented(two_option_case(world).case, on=DIAGNOSED)
    last_day = DIAGNOSED + timedelta(days=30)
    assert services.cases_expire(practice=world.practice_a, today=last_day) == 0
    assert services.cases_expire(practice=world.practice_a, today=last_day + timedelta(1)) == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.EXPIRED
    event = CaseEvent.objects.filter(case=case).last()
    assert event is not None and event.actor is None and event.to_status == "expired"


def test_a_note_is_on_the_timeline(world: World) -> None:
    case = build_case(world)
    note = services.case_note_add(
        acting_user=world.tess, case=case, kind="financial", text="Wants to spread the cost."
    )
    assert note.author == world.tess
    last = CaseEvent.objects.filter(case=case).last()
    assert last is not None and "Wants to spread the cost." in last.summary
    with pytest.raises(CasepathError):
        services.case_note_add(acting_user=world.tess, case=case, kind="general", text="  ")


def test_the_timeline_keeps_every_step(world: World, django_assert_max_num_queries: Any) -> None:
    made = two_option_case(world)
    kinds = list(CaseEvent.objects.filter(case=made.case).values_list("kind", flat=True))
    assert kinds[0] == "created" and "revised" in kinds and kinds[-1] == "status"


def test_the_daily_command_expires_old_presentations(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    from casepath.cli import main

    case = presented(two_option_case(world).case, on=DIAGNOSED)
    assert main(["expire-cases", "--today", "2026-04-10"]) == 0
    assert capsys.readouterr().out.strip() == "1 case(s) expired"
    case.refresh_from_db()
    assert case.status == CaseStatus.EXPIRED
    assert CaseEvent.objects.filter(case=case).last().actor_name == "system"  # type: ignore[union-attr]
    assert main(["expire-cases", "--today", "10/04/2026"]) == 2
