"""The first call and the pipeline's moves: call_capture, intake_move, close, reopen."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine

from casepath.audit.models import Action, AuditEvent
from casepath.core.errors import CasepathError
from casepath.core.intake import Stage
from casepath.intake.models import Call, Intake, IntakeMove
from casepath.intake.services import (
    CallPatient,
    DuplicatesFound,
    call_capture,
    intake_close,
    intake_move,
    intake_reopen,
)
from casepath.messaging.models import Message, MessageStatus
from casepath.patients.models import Patient
from casepath.scheduling.models import AppointmentStatus
from casepath.tenancy.scoping import scoped
from tests.intake.builders import CALLED_AT, about, call_data, capture, new_patient, take_to

pytestmark = pytest.mark.usefixtures("frozen")
ENDED_AT = CALLED_AT + timedelta(minutes=13)


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(CALLED_AT, tick=False):
        yield


def counts(world: Any) -> dict[str, int]:
    a = world.practice_a
    return {
        "calls": scoped(Call, a).count(),
        "intakes": scoped(Intake, a).count(),
        "moves": scoped(IntakeMove, a).count(),
        "patients": scoped(Patient, a).count(),
        "audit": AuditEvent.objects.filter(practice=a).count(),
    }


def take(world: Any, patients: list[CallPatient], **call: Any) -> tuple[Call, list[Intake]]:
    return call_capture(
        practice=world.practice_a,
        acting_user=world.tess,
        call=call_data(**call),
        patients=patients,
        started_at=CALLED_AT,
        now=ENDED_AT,
    )


def someone_new(**fields: Any) -> CallPatient:
    return CallPatient(new=new_patient(**fields), about=about())


def refused(error: CasepathError) -> dict[str, str]:
    return {e.path: e.message for e in error.errors}


# --- refusals: nothing written ---------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "email"), [("", ""), ("   ", ""), (None, None), ("", "  ")], ids=str
)
def test_a_call_without_a_way_to_reach_the_caller_is_refused(
    world: Any, phone: Any, email: Any
) -> None:
    before = counts(world)
    with pytest.raises(CasepathError) as caught:
        take(world, [someone_new()], caller_phone=phone, caller_email=email)
    assert refused(caught.value) == {
        "caller_phone": "Give a phone number or an e-mail address to reach the caller."
    }
    assert counts(world) == before


@pytest.mark.parametrize(
    ("phone", "email"), [("(614) 555-0142", ""), ("", "nina@example.com")], ids=str
)
def test_a_phone_or_an_email_is_enough(world: Any, phone: str, email: str) -> None:
    call, (intake,) = take(world, [someone_new()], caller_phone=phone, caller_email=email)
    assert (call.caller_phone, call.caller_email) == (phone, email)
    assert intake.patient.mobile_phone == phone and intake.patient.email == email


def test_a_call_about_nobody_is_refused(world: Any) -> None:
    before = counts(world)
    with pytest.raises(CasepathError) as caught:
        take(world, [])
    assert refused(caught.value) == {"patients": "Say who the call is about."}
    assert counts(world) == before


def test_a_possible_duplicate_is_flagged_before_anything_is_written(world: Any) -> None:
    before = counts(world)
    # Ana Lopez (born 1985-04-12, mobile (614) 555-0101) is on file
    look_alike = new_patient(first_name="Ána", last_name="LÓPEZ", date_of_birth=date(1985, 4, 12))
    other = new_patient(first_name="Theo", last_name="Quist", date_of_birth=date(2015, 1, 2))
    with pytest.raises(DuplicatesFound) as caught:
        take(
            world,
            [CallPatient(new=other), CallPatient(new=look_alike)],
            caller_relation="parent",
            caller_phone="+1 614 555 0101",
        )
    assert counts(world) == before
    assert list(caught.value.found) == [1]  # the second patient of the call
    (candidate,) = caught.value.found[1]
    assert candidate.patient == world.patient_a
    assert candidate.reasons == ("same last name and date of birth", "same first and last name")
    (error,) = caught.value.errors
    assert error.path == "patients[1]"
    assert "same last name and date of birth" in error.message
    assert str(world.patient_a) in error.message
    assert error.message.endswith("Choose the patient on file, or say it is someone else.")


def test_a_duplicate_by_phone_alone_is_flagged(world: Any) -> None:
    with pytest.raises(DuplicatesFound) as caught:
        take(world, [someone_new(mobile_phone="614.555.0101")])
    assert caught.value.found[0][0].reasons == ("same phone number",)


def test_a_duplicate_in_another_practice_is_not_flagged(world: Any) -> None:
    # Bea Barnes is a patient of practice B only
    _, (intake,) = take(
        world, [someone_new(first_name="Bea", last_name="Barnes", date_of_birth=date(1985, 4, 12))]
    )
    assert intake.patient.practice == world.practice_a
    assert intake.patient != world.patient_b


def test_someone_else_after_all_is_created(world: Any) -> None:
    before = counts(world)
    entry = CallPatient(
        new=new_patient(first_name="Ana", last_name="Lopez", date_of_birth=date(1985, 4, 12)),
        not_a_duplicate=True,
    )
    _, (intake,) = take(world, [entry])
    assert intake.patient != world.patient_a
    assert (intake.patient.first_name, intake.patient.last_name) == ("Ana", "Lopez")
    assert counts(world)["patients"] == before["patients"] + 1


def test_an_existing_patient_gets_no_new_record(world: Any) -> None:
    before = counts(world)
    call, (intake,) = take(world, [CallPatient(existing=world.patient_a, about=about())])
    assert intake.patient == world.patient_a
    assert intake.call == call
    after = counts(world)
    assert after["patients"] == before["patients"]
    assert (after["calls"], after["intakes"]) == (before["calls"] + 1, before["intakes"] + 1)


def test_a_patient_of_another_practice_is_refused(world: Any) -> None:
    before = counts(world)
    with pytest.raises(CasepathError) as caught:
        take(world, [CallPatient(existing=world.patient_b)])
    assert refused(caught.value) == {"patients": "Choose a patient of this practice."}
    assert counts(world) == before


def test_bad_patient_fields_are_named_and_nothing_is_written(world: Any) -> None:
    before = counts(world)
    with pytest.raises(CasepathError) as caught:
        take(world, [someone_new(date_of_birth=date(2030, 1, 1), first_name="")])
    errors = refused(caught.value)
    assert errors["patient.date_of_birth"] == "The date of birth cannot be in the future."
    assert "patient.first_name" in errors
    assert counts(world) == before


def test_a_bad_second_patient_leaves_nothing_of_the_first(world: Any) -> None:
    before = counts(world)
    with pytest.raises(CasepathError):
        take(
            world,
            [someone_new(), someone_new(first_name="Theo", date_of_birth=date(2030, 1, 1))],
        )
    assert counts(world) == before


# --- what a call writes ---------------------------------------------------------------


def test_the_call_and_the_intake_keep_what_the_tc_heard(world: Any) -> None:
    call, (intake,) = take(
        world,
        [
            CallPatient(
                new=new_patient(), not_a_duplicate=True, about=about(insurance_member_id="XJ12")
            )
        ],
    )
    assert call.practice == world.practice_a and call.taken_by == world.tess
    assert (call.started_at, call.ended_at) == (CALLED_AT, ENDED_AT)
    assert call.duration == timedelta(minutes=13)
    assert (call.source, call.source_detail, call.reason) == (
        "web",
        "Google search",
        "Broken front tooth",
    )
    assert intake.stage == Stage.INQUIRY and intake.stage_entered_at == ENDED_AT
    assert intake.coordinator == world.tess
    intake.refresh_from_db()
    assert intake.chief_concern == "I broke my front tooth and hate my smile"
    assert intake.goals.startswith("A natural-looking front tooth")
    assert (intake.fears, intake.urgency) == ("Needles", "soon")
    assert intake.insurance_member_id == "XJ12"


def test_the_new_patient_gets_source_consent_and_contact_from_the_call(world: Any) -> None:
    _, (intake,) = take(
        world,
        [someone_new()],
        source="provider",
        source_detail="Dr. Amir Haddad, endodontist",
        may_text=True,
        preferred_times="After 4 pm",
    )
    patient = Patient.objects.get(pk=intake.patient.pk)
    assert (patient.referral_source, patient.referral_detail) == (
        "provider",
        "Dr. Amir Haddad, endodontist",
    )
    assert patient.preferred_contact_times == "After 4 pm"
    assert (patient.mobile_phone, patient.email) == ("(614) 555-0142", "nina.patel@example.com")
    assert patient.mobile_phone_key == "6145550142"
    assert patient.sms_consent is True and patient.sms_consent_on == date(2026, 11, 2)
    assert patient.date_of_birth == date(1988, 4, 12)


def test_no_text_consent_unless_the_caller_agreed(world: Any) -> None:
    _, (intake,) = take(world, [someone_new()], may_text=False)
    assert intake.patient.sms_consent is False and intake.patient.sms_consent_on is None


def test_a_parent_calling_for_two_children_makes_two_intakes(world: Any) -> None:
    kids = [
        someone_new(first_name="Theo", last_name="Quist", date_of_birth=date(2015, 1, 2)),
        someone_new(first_name="Mila", last_name="Quist", date_of_birth=date(2017, 6, 3)),
    ]
    call, intakes = take(
        world, kids, caller_name="Jo Quist", caller_relation="parent", may_text=True
    )
    assert [i.patient.first_name for i in intakes] == ["Theo", "Mila"]
    assert {i.call_id for i in intakes} == {call.pk}
    for intake in intakes:
        # the parent's phone and e-mail stay on the call, not on the child's record
        assert intake.patient.mobile_phone == "" and intake.patient.email == ""
        assert intake.patient.sms_consent is False
        assert intake.patient.referral_source == "web"


def test_the_first_move_and_its_audit_row(world: Any) -> None:
    intake = capture(world.practice_a, world.tess)
    (move,) = scoped(IntakeMove, world.practice_a).filter(intake=intake)
    assert (move.from_stage, move.to_stage, move.at, move.by) == (
        "",
        "inquiry",
        ENDED_AT,
        world.tess,
    )
    assert move.note == "First call: Broken front tooth"
    (row,) = AuditEvent.objects.filter(object_type="intake", object_id=str(intake.pk))
    assert (row.action, row.actor, row.patient) == (Action.CREATE, world.tess, intake.patient)
    assert row.changes == {"stage": "inquiry"}
    assert row.summary == "New patient: Inquiry (First call: Broken front tooth)"


# --- moves -------------------------------------------------------------------------------


def audit_of(intake: Intake) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type="intake", object_id=str(intake.pk)).order_by("id")
    )


def test_every_move_writes_a_move_and_an_audit_row(world: Any) -> None:
    intake = capture(world.practice_a, world.tess)
    later = ENDED_AT + timedelta(hours=2)
    intake_move(
        intake=intake, to_stage=Stage.BOOKED, acting_user=world.fran, now=later, note="by hand"
    )
    intake.refresh_from_db()
    assert intake.stage == Stage.BOOKED and intake.stage_entered_at == later
    move = scoped(IntakeMove, world.practice_a).filter(intake=intake).last()
    assert move is not None
    assert (move.from_stage, move.to_stage, move.at, move.by, move.note) == (
        "inquiry",
        "booked",
        later,
        world.fran,
        "by hand",
    )
    row = audit_of(intake)[-1]
    assert (row.action, row.actor, row.changes) == (Action.UPDATE, world.fran, {"stage": "booked"})
    assert row.summary == "New patient: First visit booked (by hand)"


def test_the_usual_way_leaves_one_move_and_one_audit_row_per_stage(world: Any) -> None:
    intake = take_to(capture(world.practice_a, world.tess), Stage.HANDED_OFF, world.tess)
    moves = list(scoped(IntakeMove, world.practice_a).filter(intake=intake).order_by("pk"))
    assert [m.to_stage for m in moves] == [
        "inquiry",
        "booked",
        "welcome_sent",
        "confirmed",
        "arrived",
        "welcomed",
        "interviewed",
        "handed_off",
    ]
    assert [m.from_stage for m in moves[1:]] == [m.to_stage for m in moves[:-1]]
    assert all(m.by == world.tess for m in moves)
    assert [m.at for m in moves] == sorted(m.at for m in moves)
    stage_rows = [r.changes["stage"] for r in audit_of(intake) if "stage" in r.changes]
    assert stage_rows == [m.to_stage for m in moves]


@pytest.mark.parametrize(
    "target", [Stage.ARRIVED, Stage.CONFIRMED, Stage.CASE_CREATED, Stage.INQUIRY]
)
def test_a_refused_move_leaves_the_stage_as_it_was(world: Any, target: Stage) -> None:
    intake = capture(world.practice_a, world.tess)
    before = counts(world)
    with pytest.raises(CasepathError) as caught:
        intake_move(
            intake=intake,
            to_stage=target,
            acting_user=world.tess,
            now=ENDED_AT + timedelta(hours=1),
        )
    assert caught.value.errors[0].path == "stage"
    assert "“Inquiry”" in caught.value.errors[0].message
    assert (intake.stage, intake.stage_entered_at) == (Stage.INQUIRY, ENDED_AT)
    intake.refresh_from_db()
    assert (intake.stage, intake.stage_entered_at) == (Stage.INQUIRY, ENDED_AT)
    assert counts(world) == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_closing_needs_a_reason(world: Any, reason: str) -> None:
    intake = capture(world.practice_a, world.tess)
    before = counts(world)
    with pytest.raises(CasepathError) as caught:
        intake_close(intake=intake, reason=reason, acting_user=world.tess, now=ENDED_AT)
    assert refused(caught.value) == {"reason": "Say why the patient is not coming."}
    intake.refresh_from_db()
    assert (intake.stage, intake.closed_reason) == (Stage.INQUIRY, "")
    assert counts(world) == before


def test_close_then_reopen(world: Any) -> None:
    intake = capture(world.practice_a, world.tess)
    closed_at, reopened_at = ENDED_AT + timedelta(days=1), ENDED_AT + timedelta(days=9)
    intake_close(
        intake=intake,
        reason="  Went to a dentist nearer home ",
        acting_user=world.tess,
        now=closed_at,
    )
    intake.refresh_from_db()
    assert intake.stage == Stage.CLOSED and intake.stage_entered_at == closed_at
    assert intake.closed_reason == "Went to a dentist nearer home"
    with pytest.raises(CasepathError):
        intake_move(intake=intake, to_stage=Stage.BOOKED, acting_user=world.tess, now=reopened_at)
    intake_reopen(intake=intake, acting_user=world.mona, now=reopened_at)
    intake.refresh_from_db()
    assert intake.stage == Stage.INQUIRY and intake.stage_entered_at == reopened_at
    moves = scoped(IntakeMove, world.practice_a).filter(intake=intake).order_by("pk")
    assert [(m.from_stage, m.to_stage, m.by) for m in moves][1:] == [
        ("inquiry", "closed", world.tess),
        ("closed", "inquiry", world.mona),
    ]
    assert moves[1].note == "Went to a dentist nearer home"
    with pytest.raises(CasepathError) as caught:
        intake_reopen(intake=intake, acting_user=world.tess, now=reopened_at)
    assert caught.value.errors[0].path == "stage"


def test_a_patient_who_arrived_cannot_be_closed(world: Any) -> None:
    intake = take_to(capture(world.practice_a, world.tess), Stage.ARRIVED, world.tess)
    with pytest.raises(CasepathError) as caught:
        intake_close(intake=intake, reason="Left", acting_user=world.tess, now=ENDED_AT)
    assert caught.value.errors[0].path == "stage"
    intake.refresh_from_db()
    assert (intake.stage, intake.closed_reason) == (Stage.ARRIVED, "")


def test_closing_before_the_visit_calls_the_visit_off(world: Any) -> None:
    intake = take_to(capture(world.practice_a, world.tess), Stage.CONFIRMED, world.tess)
    visit = intake.first_visit
    assert visit is not None
    reminder = scoped(Message, world.practice_a).get(idempotency_key__contains=":reminder:")
    assert reminder.status == MessageStatus.QUEUED
    intake_close(
        intake=intake, reason="Found a dentist nearer home", acting_user=world.tess, now=ENDED_AT
    )
    intake.refresh_from_db()
    visit.refresh_from_db()
    reminder.refresh_from_db()
    assert intake.stage == Stage.CLOSED and intake.first_visit is None
    assert intake.confirmed_at is None
    assert visit.status == AppointmentStatus.CANCELLED
    assert reminder.status == MessageStatus.CANCELLED
    assert reminder.why == "the patient is not coming"


def test_text_consent_is_dated_on_the_practices_day(world: Any) -> None:
    late = datetime.fromisoformat("2026-11-03T01:30:00+00:00")  # 8:30 pm on Nov 2 in New York
    with time_machine.travel(late, tick=False):
        _, (intake,) = call_capture(
            practice=world.practice_a,
            acting_user=world.tess,
            call=call_data(may_text=True),
            patients=[someone_new()],
            started_at=late,
            now=late + timedelta(minutes=12),
        )
    assert intake.patient.sms_consent_on == date(2026, 11, 2)


@pytest.mark.parametrize("phone", ["555-0142", "call me", "(614) 555-01"])
def test_a_phone_that_cannot_be_dialled_is_refused_on_the_call(world: Any, phone: str) -> None:
    before = counts(world)
    with pytest.raises(CasepathError) as caught:
        take(world, [someone_new()], caller_phone=phone)
    # named on the caller's phone, where the TC typed it (not on the new patient's record)
    assert refused(caught.value) == {
        "caller_phone": "Enter the phone number as 10 digits, for example (614) 555-0101."
    }
    assert counts(world) == before
