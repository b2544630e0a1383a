"""The first visit: book, move, confirm, arrived, no-show (followed up), cancel."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from casepath.core.errors import CasepathError
from casepath.core.intake import Stage
from casepath.followups.models import Priority, Task, TaskReason, TaskStatus
from casepath.intake.models import Intake, IntakeMove, WelcomePackage
from casepath.intake.selectors import welcome_package
from casepath.intake.visit_services import (
    visit_arrived,
    visit_book,
    visit_cancel,
    visit_confirm,
    visit_no_show,
)
from casepath.messaging.models import Message, MessageStatus
from casepath.scheduling.models import Appointment, AppointmentStatus
from casepath.tenancy.scoping import scoped
from tests.builders import build_provider
from tests.intake.builders import (
    CALLED_AT,
    VISIT_AT,
    book,
    call_data,
    capture,
    provider_of,
    take_to,
)

pytestmark = pytest.mark.usefixtures("frozen")
BOOKED_AT = CALLED_AT + timedelta(minutes=14)  # what builders.book passes as `now`
DAY_BEFORE = VISIT_AT - timedelta(days=1)


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(CALLED_AT, tick=False):
        yield


@pytest.fixture
def intake(world: Any) -> Intake:
    return capture(world.practice_a, world.tess)


def moves_to(intake: Intake) -> list[str]:
    rows = scoped(IntakeMove, intake.practice).filter(intake=intake).order_by("pk")
    return list(rows.values_list("to_stage", flat=True))


def appointments(intake: Intake) -> list[tuple[Any, str]]:
    rows = scoped(Appointment, intake.practice).filter(patient=intake.patient).order_by("pk")
    return [(a.starts_at, a.status) for a in rows]


def reminders(intake: Intake) -> list[tuple[str, str]]:
    rows = scoped(Message, intake.practice).filter(
        idempotency_key__startswith=f"intake:{intake.pk}:reminder"
    )
    return [(m.idempotency_key.rsplit(":", 1)[1], m.status) for m in rows.order_by("pk")]


def stage_of(intake: Intake) -> str:
    intake.refresh_from_db()
    return intake.stage


def only_error(caught: pytest.ExceptionInfo[CasepathError]) -> tuple[str, str]:
    (error,) = caught.value.errors
    return error.path, error.message


def no_auto_welcome(world: Any) -> None:
    package = welcome_package(world.practice_a)
    WelcomePackage.objects.filter(pk=package.pk).update(send_automatically=False)


# --- booking -----------------------------------------------------------------------------


@pytest.mark.parametrize("when", [BOOKED_AT, BOOKED_AT - timedelta(days=1)], ids=["now", "past"])
def test_a_visit_in_the_past_is_refused(world: Any, intake: Intake, when: Any) -> None:
    with pytest.raises(CasepathError) as caught:
        visit_book(
            intake=intake,
            acting_user=world.tess,
            provider=provider_of(world.practice_a),
            starts_at=when,
            duration_minutes=60,
            now=BOOKED_AT,
        )
    assert only_error(caught) == ("starts_at", "Book the first visit at a time still to come.")
    assert stage_of(intake) == Stage.INQUIRY and intake.first_visit is None
    assert appointments(intake) == []


def test_a_provider_of_another_practice_is_refused(world: Any, intake: Intake) -> None:
    stranger = build_provider(world.practice_b, first_name="Hal", last_name="Hill")
    with pytest.raises(CasepathError) as caught:
        visit_book(
            intake=intake,
            acting_user=world.tess,
            provider=stranger,
            starts_at=VISIT_AT,
            duration_minutes=60,
            now=BOOKED_AT,
        )
    assert only_error(caught) == ("provider", "Choose a provider of this practice.")
    assert stage_of(intake) == Stage.INQUIRY
    assert appointments(intake) == [] and moves_to(intake) == ["inquiry"]
    assert reminders(intake) == []


def test_booking_makes_the_appointment_and_sends_the_welcome(world: Any, intake: Intake) -> None:
    book(intake, world.tess)
    intake.refresh_from_db()
    visit = intake.first_visit
    assert visit is not None
    assert (visit.starts_at, visit.duration_minutes, visit.status) == (
        VISIT_AT,
        60,
        AppointmentStatus.SCHEDULED,
    )
    assert visit.provider == provider_of(world.practice_a)
    assert visit.reason == "New patient: first visit"
    assert intake.booked_at == BOOKED_AT and intake.welcome_sent_at == BOOKED_AT
    assert intake.stage == Stage.WELCOME_SENT
    assert moves_to(intake) == ["inquiry", "booked", "welcome_sent"]
    assert reminders(intake) == [(str(visit.pk), MessageStatus.QUEUED)]


def test_booking_without_the_automatic_welcome_stays_booked(world: Any, intake: Intake) -> None:
    no_auto_welcome(world)
    book(intake, world.tess)
    assert stage_of(intake) == Stage.BOOKED and intake.welcome_sent_at is None
    assert moves_to(intake) == ["inquiry", "booked"]


@pytest.mark.parametrize("reached", [Stage.WELCOME_SENT, Stage.CONFIRMED])
def test_moving_the_visit_cancels_the_old_one(world: Any, intake: Intake, reached: Stage) -> None:
    intake = take_to(intake, reached, world.tess)
    old = intake.first_visit
    assert old is not None
    later = VISIT_AT + timedelta(days=2)
    book(intake, world.fran, at=later, now=DAY_BEFORE + timedelta(hours=1))
    intake.refresh_from_db()
    new = intake.first_visit
    assert new is not None and new.pk != old.pk
    assert appointments(intake) == [
        (VISIT_AT, AppointmentStatus.CANCELLED),
        (later, AppointmentStatus.SCHEDULED),
    ]
    # the welcome went already: back to "welcome sent", to be confirmed again
    assert intake.stage == Stage.WELCOME_SENT and intake.confirmed_at is None
    assert reminders(intake) == [
        (str(old.pk), MessageStatus.CANCELLED),
        (str(new.pk), MessageStatus.QUEUED),
    ]
    last = scoped(IntakeMove, world.practice_a).filter(intake=intake).order_by("pk").last()
    assert last is not None
    assert (last.from_stage, last.to_stage, last.note, last.by) == (
        reached,
        "welcome_sent",
        "visit moved",
        world.fran,
    )


def test_moving_a_visit_before_any_welcome_goes_back_to_booked(world: Any, intake: Intake) -> None:
    no_auto_welcome(world)
    book(intake, world.tess)
    visit_confirm(intake=intake, acting_user=world.tess, now=DAY_BEFORE, how="by phone")
    book(intake, world.tess, at=VISIT_AT + timedelta(hours=3))
    assert stage_of(intake) == Stage.BOOKED
    assert moves_to(intake) == ["inquiry", "booked", "confirmed", "booked"]


def test_a_refused_move_of_the_visit_writes_nothing(world: Any, intake: Intake) -> None:
    intake = take_to(intake, Stage.ARRIVED, world.tess)
    before = (appointments(intake), moves_to(intake), reminders(intake))
    with pytest.raises(CasepathError) as caught:
        book(intake, world.tess, at=VISIT_AT + timedelta(days=3), now=VISIT_AT)
    assert only_error(caught)[0] == "stage"
    assert stage_of(intake) == Stage.ARRIVED
    assert (appointments(intake), moves_to(intake), reminders(intake)) == before


# --- confirm, arrived --------------------------------------------------------------------


def test_confirming_twice_is_one_move(world: Any, intake: Intake) -> None:
    book(intake, world.tess)
    visit_confirm(intake=intake, acting_user=None, now=DAY_BEFORE, how="on the link")
    visit_confirm(
        intake=intake, acting_user=world.tess, now=DAY_BEFORE + timedelta(hours=1), how="by phone"
    )
    intake.refresh_from_db()
    assert intake.stage == Stage.CONFIRMED and intake.confirmed_at == DAY_BEFORE
    assert moves_to(intake).count("confirmed") == 1
    move = scoped(IntakeMove, world.practice_a).get(intake=intake, to_stage="confirmed")
    assert (move.note, move.by, move.at) == ("on the link", None, DAY_BEFORE)
    assert intake.first_visit is not None
    assert intake.first_visit.status == AppointmentStatus.CONFIRMED


def test_arrived_marks_the_appointment(world: Any, intake: Intake) -> None:
    book(intake, world.tess)
    here = VISIT_AT - timedelta(minutes=7)
    visit_arrived(intake=intake, acting_user=world.fran, now=here)
    intake.refresh_from_db()
    assert (intake.stage, intake.arrived_at) == (Stage.ARRIVED, here)
    assert intake.first_visit is not None
    assert intake.first_visit.status == AppointmentStatus.ARRIVED


NO_VISIT = "There is no first visit waiting: book one first."


def call_each(action: str, intake: Intake, user: Any) -> None:
    if action == "confirm":
        visit_confirm(intake=intake, acting_user=user, now=VISIT_AT, how="by phone")
    elif action == "arrived":
        visit_arrived(intake=intake, acting_user=user, now=VISIT_AT)
    elif action == "no_show":
        visit_no_show(intake=intake, acting_user=user, now=VISIT_AT)
    else:
        visit_cancel(intake=intake, acting_user=user, now=VISIT_AT, reason="Sick")


@pytest.mark.parametrize("action", ["confirm", "arrived", "no_show", "cancel"])
@pytest.mark.parametrize("reached", [Stage.INQUIRY, Stage.ARRIVED, Stage.HANDED_OFF])
def test_the_visit_day_moves_only_before_the_visit(
    world: Any, intake: Intake, action: str, reached: Stage
) -> None:
    intake = take_to(intake, reached, world.tess)
    before = (moves_to(intake), appointments(intake))
    with pytest.raises(CasepathError) as caught:
        call_each(action, intake, world.tess)
    assert only_error(caught) == ("stage", NO_VISIT)
    assert stage_of(intake) == reached
    assert (moves_to(intake), appointments(intake)) == before
    assert not scoped(Task, world.practice_a).filter(reason=TaskReason.NO_SHOW).exists()


# --- no-show -----------------------------------------------------------------------------


def test_a_no_show_opens_one_follow_up_for_the_coordinator(world: Any, intake: Intake) -> None:
    intake = take_to(intake, Stage.CONFIRMED, world.tess)
    visit = intake.first_visit
    assert visit is not None
    missed = VISIT_AT + timedelta(minutes=20)
    visit_no_show(intake=intake, acting_user=world.fran, now=missed)
    with pytest.raises(CasepathError):
        visit_no_show(intake=intake, acting_user=world.fran, now=missed + timedelta(minutes=5))
    intake.refresh_from_db()
    assert intake.stage == Stage.NO_SHOW and intake.no_shows == 1
    assert appointments(intake) == [(VISIT_AT, AppointmentStatus.NO_SHOW)]
    assert reminders(intake) == [(str(visit.pk), MessageStatus.CANCELLED)]
    (task,) = scoped(Task, world.practice_a).filter(patient=intake.patient)
    assert task.reason == TaskReason.NO_SHOW and task.status == TaskStatus.OPEN
    assert task.priority == Priority.HIGH
    assert missed < task.due_at <= missed + timedelta(hours=4)
    assert task.owner == world.tess  # the coordinator, not the one who marked it
    assert task.key == f"intake:{intake.pk}:no-show:{visit.pk}"
    assert task.title == "Missed first visit: call Nina Patel to rebook"


def test_rebooking_after_a_no_show(world: Any, intake: Intake) -> None:
    intake = take_to(intake, Stage.CONFIRMED, world.tess)
    first = intake.first_visit
    assert first is not None
    visit_no_show(intake=intake, acting_user=world.tess, now=VISIT_AT + timedelta(minutes=20))
    again = VISIT_AT + timedelta(days=7)
    book(intake, world.tess, at=again, now=VISIT_AT + timedelta(hours=2))
    intake.refresh_from_db()
    second = intake.first_visit
    assert second is not None and second.pk != first.pk
    # the missed visit stays a no-show; the welcome went already
    assert appointments(intake) == [
        (VISIT_AT, AppointmentStatus.NO_SHOW),
        (again, AppointmentStatus.SCHEDULED),
    ]
    assert intake.stage == Stage.WELCOME_SENT and intake.no_shows == 1
    assert moves_to(intake)[-2:] == ["no_show", "welcome_sent"]
    assert reminders(intake) == [
        (str(first.pk), MessageStatus.CANCELLED),
        (str(second.pk), MessageStatus.QUEUED),
    ]
    # a second no-show, of the new visit, is a new follow-up
    visit_no_show(intake=intake, acting_user=world.tess, now=again + timedelta(minutes=20))
    intake.refresh_from_db()
    assert intake.no_shows == 2
    assert scoped(Task, world.practice_a).filter(reason=TaskReason.NO_SHOW).count() == 2


# --- cancel ------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "  "])
def test_cancelling_needs_a_reason(world: Any, intake: Intake, reason: str) -> None:
    intake = take_to(intake, Stage.CONFIRMED, world.tess)
    with pytest.raises(CasepathError) as caught:
        visit_cancel(intake=intake, acting_user=world.tess, now=DAY_BEFORE, reason=reason)
    assert only_error(caught) == ("reason", "Say why the visit is cancelled.")
    assert stage_of(intake) == Stage.CONFIRMED and intake.first_visit is not None
    assert appointments(intake) == [(VISIT_AT, AppointmentStatus.CONFIRMED)]


def test_cancelling_goes_back_to_inquiry_and_can_book_again(world: Any, intake: Intake) -> None:
    intake = take_to(intake, Stage.CONFIRMED, world.tess)
    visit = intake.first_visit
    assert visit is not None
    visit_cancel(intake=intake, acting_user=world.tess, now=DAY_BEFORE, reason="Car broke down")
    intake.refresh_from_db()
    assert intake.stage == Stage.INQUIRY and intake.stage_entered_at == DAY_BEFORE
    assert intake.first_visit is None and intake.confirmed_at is None
    assert appointments(intake) == [(VISIT_AT, AppointmentStatus.CANCELLED)]
    assert reminders(intake) == [(str(visit.pk), MessageStatus.CANCELLED)]
    last = scoped(IntakeMove, world.practice_a).filter(intake=intake).order_by("pk").last()
    assert last is not None
    assert (last.from_stage, last.to_stage, last.note) == ("confirmed", "inquiry", "Car broke down")
    # booked again: no second welcome, the stage comes back to "welcome sent"
    again = VISIT_AT + timedelta(days=3)
    book(intake, world.tess, at=again, now=DAY_BEFORE)
    assert stage_of(intake) == Stage.WELCOME_SENT
    assert appointments(intake)[-1] == (again, AppointmentStatus.SCHEDULED)
    welcomes = scoped(Message, world.practice_a).filter(idempotency_key__endswith=":welcome")
    assert welcomes.count() == 1


def test_a_caller_without_an_email_gets_no_welcome_email(world: Any) -> None:
    intake = capture(world.practice_a, world.tess, call=call_data(caller_email=""))
    book(intake, world.tess)
    intake.refresh_from_db()
    welcome = scoped(Message, world.practice_a).get(idempotency_key=f"intake:{intake.pk}:welcome")
    assert welcome.status == MessageStatus.BLOCKED
    assert intake.stage == Stage.BOOKED and intake.welcome_sent_at is None
