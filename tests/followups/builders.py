"""Follow-up tasks for tests: opened the way other areas' services open them."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from casepath.cases.models import CaseType
from casepath.cases.services import case_create
from casepath.followups.models import Priority, Task, TaskKind, TaskReason
from casepath.followups.services import task_open
from tests.builders import build_patient
from tests.cases.builders import DIAGNOSED
from tests.conftest import World
from tests.estimates.builders import nunez

# Thursday April 2, 2026, 10:00 in New York (the practices' time zone).
NOW = datetime(2026, 4, 2, 10, 0, tzinfo=ZoneInfo("America/New_York"))
_keys = count(1)


def build_task(world: World, *, due_in: timedelta = timedelta(0), **fields: Any) -> Task:
    """An open call about Ana Lopez for tess, due `due_in` after NOW."""
    values: dict[str, Any] = {
        "practice": world.practice_a,
        "reason": TaskReason.PRESENTED,
        "title": "Call Ana Lopez about her implant",
        "patient": world.patient_a,
        "owner": world.tess,
        "kind": TaskKind.CALL,
        "priority": Priority.NORMAL,
        "key": f"test:{next(_keys)}",
    }
    values.update(fields)
    return task_open(due_at=NOW + due_in, **values)


def build_tasks(world: World, how_many: int, **fields: Any) -> list[Task]:
    """`how_many` tasks, each about its own patient and case: odd ones due by today
    (some overdue), even ones later."""
    made = []
    for n in range(how_many):
        patient = build_patient(world.practice_a, first_name=f"Pat{n}", last_name="Many")
        case = case_create(
            acting_user=world.tess,
            patient=patient,
            diagnosing_provider=nunez(world),
            title=f"Case {n}",
            case_type=CaseType.FROM_HYGIENE,
            diagnosed_on=DIAGNOSED,
            coordinator=world.tess,
        )
        due = timedelta(hours=-n) if n % 2 else timedelta(days=n + 1)
        made.append(build_task(world, patient=patient, case=case, due_in=due, **fields))
    return made
