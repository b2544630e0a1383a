"""The demo's new patients: every column of the board has someone, first visits today
and tomorrow, conversion by source over the last 90 days (hand-computed below from the
stories of demo/intake.py), no-shows with their call, cases that inherit the intake, the
welcome e-mails going out, and the same new patients for the same seed.

Seeded once for the module on a Thursday (inside a transaction rolled back at the end),
with the public address set as demo mode sets it, so the welcome e-mails can go.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from casepath.cases.models import CaseType
from casepath.core.cases import ACCEPTED_OR_LATER
from casepath.core.intake import BOARD, Inquiry, Stage, Step, by_source
from casepath.demo.generator import seed_database
from casepath.demo.intake import CALL_MINUTES, CURRENT, MOST_LATER, PAST, Town, intakes_for
from casepath.followups.models import Task, TaskReason, TaskStatus
from casepath.intake.models import Intake, IntakeMove
from casepath.messaging.models import Message, MessageStatus
from casepath.messaging.sending import message_send_due
from casepath.patients.models import Patient
from casepath.scheduling.models import Appointment, AppointmentStatus
from casepath.scheduling.selectors import day_start, visits_between
from casepath.tenancy.models import Practice

AS_OF = date(2026, 4, 2)  # a Thursday
SEED = 3
ZONE = ZoneInfo("America/New_York")  # both demo practices
NOON = datetime.combine(AS_OF, time(12), ZONE)
PUBLIC_URL = "https://casepath.example"
SOURCES = {"web", "patient", "provider", "insurance", "campaign"}


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with (
        django_db_blocker.unblock(),
        override_settings(CASEPATH_PUBLIC_URL=PUBLIC_URL),
        transaction.atomic(),
    ):
        seed_database(patients_per_practice=40, seed=SEED, as_of=AS_OF)
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("seeded", "db")


def practices() -> list[Practice]:
    return list(Practice.objects.order_by("pk"))


def intakes(practice: Practice) -> list[Intake]:
    rows = Intake.objects.filter(practice=practice).select_related(
        "patient", "call", "case", "first_visit"
    )
    return list(rows.order_by("pk"))


def test_every_column_of_the_board_has_new_patients() -> None:
    recent = day_start(AS_OF - timedelta(days=30), ZONE)
    for practice in practices():
        rows = intakes(practice)
        on_board = Counter(
            i.stage
            for i in rows
            if i.stage != Stage.CLOSED
            if i.stage != Stage.CASE_CREATED or i.stage_entered_at >= recent
        )
        assert all(on_board[stage] >= 1 for stage in BOARD), on_board
        assert {stage: on_board[stage] for stage in BOARD[:9]} == {
            "inquiry": 2,
            "booked": 1,
            "welcome_sent": 3,
            "confirmed": 2,
            "no_show": 2,
            "arrived": 1,
            "welcomed": 1,
            "interviewed": 1,
            "handed_off": 1,
        }
        closed = [i for i in rows if i.stage == Stage.CLOSED]
        assert len(closed) == 5
        assert all(i.closed_reason for i in closed)
        assert {i.call.source for i in rows} == SOURCES
        assert len(rows) == 30


def expected_on(practice: Practice, day: date) -> list[Intake]:
    """The new patients expected on `day` (as the arrival list): not cancelled."""
    start = day_start(day, ZONE)
    return [
        i
        for i in intakes(practice)
        if i.first_visit is not None
        if start <= i.first_visit.starts_at < start + timedelta(days=1)
        if i.first_visit.status != AppointmentStatus.CANCELLED
    ]


def check_day(practice: Practice, day: date, expected: dict[str, list[str]]) -> None:
    """Each stage's visits at the story's time, or later when the dentists were busy;
    a dentist never sees two patients at once."""
    found: dict[str, list[datetime]] = {}
    for intake in expected_on(practice, day):
        assert intake.first_visit is not None
        found.setdefault(intake.stage, []).append(intake.first_visit.starts_at)
    assert sorted(found) == sorted(expected)
    for stage, times in expected.items():
        for wanted, visit in zip(times, sorted(found[stage]), strict=True):
            late = visit - datetime.combine(day, time.fromisoformat(wanted), ZONE)
            assert timedelta(0) <= late <= timedelta(minutes=MOST_LATER), (stage, visit)
    ours = {i.first_visit_id for i in expected_on(practice, day)}
    booked = list(visits_between(practice, day, day, ZONE))
    for one in (v for v in booked if v.pk in ours):
        for other in (v for v in booked if v.pk != one.pk and v.provider_id == one.provider_id):
            assert one.ends_at <= other.starts_at or other.ends_at <= one.starts_at


def test_first_visits_today_at_every_step_and_tomorrow() -> None:
    for practice in practices():
        today = {
            "handed_off": ["08:00"],
            "interviewed": ["09:00"],
            "welcomed": ["10:00"],
            "arrived": ["11:00"],
            "confirmed": ["14:00"],
            "welcome_sent": ["15:30", "16:30"],
        }
        check_day(practice, AS_OF, today)
        check_day(
            practice, AS_OF + timedelta(days=1), {"confirmed": ["09:00"], "booked": ["10:30"]}
        )
        handed = [i for i in intakes(practice) if i.stage == Stage.HANDED_OFF]
        assert handed[0].hand_off_note and handed[0].handed_off_to is not None
        assert handed[0].chart_prepared and handed[0].interviewed_at is not None
        assert handed[0].first_visit.provider_id == handed[0].handed_off_to_id


def furthest(intake: Intake) -> Step:
    """The conversion rule: booked, arrived, the case presented, accepted."""
    case = intake.case
    if case is not None and case.status in ACCEPTED_OR_LATER:
        return Step.ACCEPTED
    if case is not None and case.presented_on is not None:
        return Step.PRESENTED
    if intake.arrived_at is not None:
        return Step.ARRIVED
    return Step.BOOKED if intake.booked_at is not None else Step.CALLED


def test_conversion_has_figures_for_each_source() -> None:
    since = day_start(AS_OF - timedelta(days=90), ZONE)
    for practice in practices():
        inquiries = [
            Inquiry(i.call.source, furthest(i))
            for i in intakes(practice)
            if i.call.started_at >= since
        ]
        funnels = {f.source: [s.count for s in f.steps] for f in by_source(inquiries)}
        # called, booked, arrived, presented, accepted: counted from the stories
        assert funnels == {
            "web": [9, 6, 3, 2, 1],
            "patient": [7, 7, 4, 3, 2],
            "provider": [5, 5, 4, 2, 2],
            "insurance": [4, 2, 2, 1, 0],
            "campaign": [5, 5, 2, 0, 0],
            "all": [30, 25, 15, 8, 5],
        }


def test_no_shows_have_their_follow_up_call() -> None:
    for practice in practices():
        rows = intakes(practice)
        missed = [i for i in rows if i.stage == Stage.NO_SHOW]
        assert len(missed) == 2
        for intake in missed:
            assert intake.first_visit is not None
            assert intake.first_visit.status == AppointmentStatus.NO_SHOW
            task = Task.objects.get(patient=intake.patient, reason=TaskReason.NO_SHOW)
            assert task.status == TaskStatus.OPEN
            assert task.owner == intake.coordinator is not None
        called_back = Task.objects.filter(
            practice=practice, reason=TaskReason.NO_SHOW, status=TaskStatus.DONE
        )
        assert called_back.count() == 1
        closed = Intake.objects.get(patient=called_back.get().patient)
        assert closed.stage == Stage.CLOSED and closed.no_shows == 1


def test_cases_inherit_what_the_tc_heard() -> None:
    for practice in practices():
        made = [i for i in intakes(practice) if i.stage == Stage.CASE_CREATED]
        assert len(made) == 11
        for intake in made:
            case = intake.case
            assert case is not None and case.patient_id == intake.patient_id
            assert case.case_type == CaseType.NEW_PATIENT
            assert case.chief_concern == intake.chief_concern != ""
            assert case.goals.startswith(intake.goals)
            assert case.diagnosing_provider_id == intake.handed_off_to_id
            assert intake.stage_entered_at == case.created_at
            assert intake.handed_off_at < case.created_at
        statuses = Counter(i.case.status for i in made)
        assert statuses["accepted"] == 5
        assert statuses["presented"] == 3


def test_every_move_is_dated_by_the_demo_clock() -> None:
    first, last = (
        day_start(AS_OF - timedelta(days=90), ZONE),
        day_start(AS_OF + timedelta(days=1), ZONE),
    )
    for practice in practices():
        moves = IntakeMove.objects.filter(practice=practice)
        assert moves.count() > 100
        assert all(first <= at < last for at in moves.values_list("at", flat=True))
        for intake in intakes(practice):
            latest = moves.filter(intake=intake).order_by("-at", "-pk").first()
            assert latest is not None
            assert (latest.to_stage, latest.at) == (intake.stage, intake.stage_entered_at)


def test_welcome_emails_go_out() -> None:
    for practice in practices():
        welcome = Message.objects.filter(practice=practice, idempotency_key__endswith=":welcome")
        booked = [i for i in intakes(practice) if i.booked_at is not None]
        assert welcome.count() == len(booked) == 25
        blocked = welcome.filter(status=MessageStatus.BLOCKED)
        assert [m.why for m in blocked] == [
            f"{blocked.get().patient.display_name} has no e-mail address on file."
        ]
        sent = welcome.filter(status=MessageStatus.SENT)
        assert sent.count() == 23
        assert all(m.sent_at < day_start(AS_OF, ZONE) for m in sent)
        assert all(m.attachments.get().content[:4] == b"%PDF" for m in sent)
    waiting = Message.objects.filter(status=MessageStatus.QUEUED, send_after__lte=NOON)
    assert waiting.count() == 2  # this morning's welcome, in each practice
    assert message_send_due(now=NOON) == 2
    assert not Message.objects.filter(status=MessageStatus.FAILED).exists()
    assert len(mail.outbox) == 2
    for email in mail.outbox:
        assert email.subject.startswith("Welcome to Brightside Dental")
        assert PUBLIC_URL + "/n/confirm/" in email.body
        assert [name for name, _, kind in email.attachments if kind == "application/pdf"]


def scrub(patients: list[int]) -> None:
    """Make the seeded new patients look like nobody (the replay must not see them)."""
    Appointment.objects.filter(patient_id__in=patients).update(status="cancelled")  # free again
    for pk in patients:
        Patient.objects.filter(pk=pk).update(
            first_name_key=f"x{pk}",
            last_name_key=f"x{pk}",
            email="",
            mobile_phone_key="",
            home_phone_key="",
            work_phone_key="",
        )


def story_rows(rows: list[Intake]) -> list[tuple[Any, ...]]:
    return [
        (i.patient.first_name, i.patient.last_name, i.patient.date_of_birth, i.stage, i.call.source)
        for i in rows
    ]


def test_same_seed_same_new_patients() -> None:
    practice = practices()[0]
    seeded = intakes(practice)
    with transaction.atomic():
        scrub([i.patient_id for i in seeded])
        made = intakes_for(practice, random.Random(f"{SEED}-intake-{practice.short_code}"), AS_OF)
        again = [i for i in intakes(practice) if i.pk > seeded[-1].pk]
        transaction.set_rollback(True)
    assert made == len(again) == 30
    assert story_rows(again) == story_rows(seeded)


@pytest.mark.parametrize("days_later", range(7))
def test_each_story_keeps_its_order_whatever_the_weekday(days_later: int) -> None:
    as_of = AS_OF + timedelta(days=days_later)
    town = Town(None, as_of, ZONE, random.Random(), None, [], [], None)  # type: ignore[arg-type]
    for story in PAST + CURRENT:
        times = [town.at(*story.called) + timedelta(minutes=CALL_MINUTES[1])]
        for action, ago, at, *details in story.steps:
            times.append(town.at(ago, at))
            if action == "book":
                assert town.at(*details) > times[-1], story.reason
        assert times == sorted(times), story.reason
        assert times[-1] <= datetime.combine(as_of, time(12), ZONE), story.reason  # now
