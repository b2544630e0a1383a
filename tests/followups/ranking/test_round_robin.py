"""Round robin: a task opened for nobody goes to the next person of the pool in turn,
skipping whoever cannot take it; remembered in the practice's settings."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction

from casepath.followups.assignment import followup_settings, next_in_turn
from casepath.followups.models import Task
from casepath.followups.settings_models import FollowupSettings
from casepath.tenancy.models import Membership
from casepath.tenancy.roles import Role
from tests.builders import build_user
from tests.conftest import World
from tests.followups.builders import build_task

pytestmark = pytest.mark.usefixtures("at_now")


def turns_on(world: World, *pool: Any) -> FollowupSettings:
    settings = followup_settings(world.practice_a)
    settings.round_robin = True
    settings.save()
    settings.pool.set(pool)
    return settings


def owners_of_new_tasks(world: World, how_many: int) -> list[str]:
    return [build_task(world, owner=None).owner.username for _ in range(how_many)]


def test_tasks_for_nobody_go_round_the_pool_in_turn(world: World) -> None:
    turns_on(world, world.mona, world.tess, world.fran)  # turns follow the user ids
    assert owners_of_new_tasks(world, 5) == ["tess", "fran", "mona", "tess", "fran"]
    assert followup_settings(world.practice_a).last_assigned == world.fran


def test_a_task_with_an_owner_keeps_it_and_takes_no_turn(world: World) -> None:
    turns_on(world, world.tess, world.fran)
    assert build_task(world, owner=world.mona).owner == world.mona
    assert owners_of_new_tasks(world, 2) == ["tess", "fran"]


def test_the_same_event_twice_takes_one_turn(world: World) -> None:
    turns_on(world, world.tess, world.fran)
    first = build_task(world, owner=None, key="event:1")
    again = build_task(world, owner=None, key="event:1")
    assert (first.pk, first.owner, again.owner) == (again.pk, world.tess, world.tess)
    assert owners_of_new_tasks(world, 1) == ["fran"]


def test_inactive_staff_and_roles_that_do_not_work_follow_ups_are_skipped(world: World) -> None:
    gone = build_user("gus", (world.practice_a, Role.TREATMENT_COORDINATOR), is_active=False)
    turns_on(world, world.tess, world.fran, world.doc, world.mona, gone)
    Membership.objects.filter(user=world.fran, practice=world.practice_a).update(is_active=False)
    assert owners_of_new_tasks(world, 3) == ["tess", "mona", "tess"]


def test_someone_of_another_practice_is_skipped(world: World) -> None:
    turns_on(world, world.tess, world.olga)
    assert owners_of_new_tasks(world, 2) == ["tess", "tess"]


def test_the_turn_moves_on_after_the_last_one_left_the_pool(world: World) -> None:
    settings = turns_on(world, world.tess, world.fran, world.mona)
    assert owners_of_new_tasks(world, 2) == ["tess", "fran"]
    settings.pool.remove(world.fran)
    assert owners_of_new_tasks(world, 3) == ["mona", "tess", "mona"]


def test_off_or_nobody_to_take_it_leaves_the_task_for_anyone(world: World) -> None:
    assert build_task(world, owner=None).owner is None
    assert not FollowupSettings.objects.exists(), "opening a task makes no settings"
    settings = turns_on(world, world.doc)
    assert build_task(world, owner=None).owner is None
    settings.pool.set([world.tess])
    settings.round_robin = False
    settings.save()
    assert build_task(world, owner=None).owner is None


def test_each_practice_has_its_own_turns(world: World) -> None:
    turns_on(world, world.tess, world.fran)
    other = followup_settings(world.practice_b)
    other.round_robin = True
    other.save()
    other.pool.set([world.olga])
    task_b = build_task(world, owner=None, practice=world.practice_b, patient=world.patient_b)
    assert task_b.owner == world.olga
    assert owners_of_new_tasks(world, 1) == ["tess"]


@pytest.mark.django_db(transaction=True)
def test_two_tasks_opened_at_once_go_to_two_people(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has a single writer: there is no row lock to test")
    turns_on(world, world.tess, world.fran)
    holding, release = threading.Event(), threading.Event()

    def hold_the_settings_row() -> None:
        with transaction.atomic():
            assert next_in_turn(world.practice_a) == world.tess
            holding.set()
            release.wait(10)
        connection.close()

    def open_a_task() -> None:
        build_task(world, owner=None, due_in=timedelta(hours=1), title="Second")
        connection.close()

    first = threading.Thread(target=hold_the_settings_row)
    first.start()
    assert holding.wait(10)
    second = threading.Thread(target=open_a_task)
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second waits for the first's turn"
    release.set()
    first.join(10)
    second.join(10)
    assert Task.objects.get(title="Second").owner == world.fran
