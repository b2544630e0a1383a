"""The worklist's lists read open tasks through the indexes made for them (migration
0003), on a practice of a few thousand tasks with planner statistics; the benchmark
(tests/bench/worklist.py) reads the same plans at 1,000,000 tasks."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from casepath.followups.models import Task, TaskReason, TaskStatus
from casepath.followups.selectors import due_later, due_ranked, end_of_day, worklist_tasks
from tests.conftest import World
from tests.followups.builders import NOW

CROWD = 3000
STATUSES = [TaskStatus.OPEN, TaskStatus.DONE, TaskStatus.SKIPPED, TaskStatus.CANCELLED]
TASK_READ = re.compile(
    r"(Seq Scan on followups_task|Index (?:Only )?Scan using (\w+)|"
    r"Bitmap Index Scan on (\w+)|(?:SCAN|SEARCH) (?:followups_task|U0)\b.*)"
)


@pytest.fixture
def crowded(world: World) -> World:
    """Practice A with a few thousand tasks, a quarter open, for tess, fran and nobody."""
    owners = [world.tess, world.fran, None]
    Task.objects.bulk_create(
        Task(
            practice=world.practice_a,
            organization_id=world.practice_a.organization_id,
            reason=TaskReason.PRESENTED,
            title=f"Task {n}",
            patient=world.patient_a,
            owner=owners[n % 3],
            due_at=NOW + timedelta(hours=(n * 37) % 2000 - 1000),
            value_at_stake=Decimal((n * 7919) % 20000),
            status=STATUSES[n % 4],
            key=f"crowd:{n}",
        )
        for n in range(CROWD)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":  # plan as for 1,000,000: a few thousand fit a scan
            cursor.execute("SET LOCAL enable_seqscan = off")
    return world


def reads(plan: str) -> list[str]:
    """How each line of the plan that reads tasks reads them."""
    found = [m.group(0) for line in plan.splitlines() if (m := TASK_READ.search(line))]
    return [r for r in found if "pkey" not in r and "INTEGER PRIMARY KEY" not in r]


@pytest.mark.parametrize("whose", ["mine", "everyone"])
def test_today_s_ranked_tasks_and_the_later_ones_read_the_open_tasks_indexes(
    crowded: World, whose: str
) -> None:
    tasks = worklist_tasks(crowded.practice_a, crowded.tess if whose == "mine" else None)
    end = end_of_day(crowded.practice_a, NOW)
    for query in (due_ranked(tasks, end, 50), due_later(tasks, end, 25)):
        assert len(query) > 0
        plan = str(query.explain())
        task_reads = reads(plan)
        assert task_reads, plan
        assert not any("Seq Scan" in r or r.startswith("SCAN") for r in task_reads), plan
        assert any("task_open_" in r or "task_practice_due" in r for r in task_reads), plan


def test_every_owner_s_ranked_list_reads_in_rank_order_without_sorting_the_practice(
    crowded: World,
) -> None:
    tasks = worklist_tasks(crowded.practice_a)
    plan = str(due_ranked(tasks, end_of_day(crowded.practice_a, NOW), 50).explain())
    assert any("task_open_ranked" in r for r in reads(plan)), plan
