"""A two-option case of Ana Lopez (tess coordinates it), presented at NOW."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine

from casepath.cases.models import Case
from casepath.cases.presentation_services import present_case
from casepath.followups.models import Task
from tests.cases.builders import TwoOptions, two_option_case
from tests.conftest import World
from tests.followups.builders import NOW


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def ready(world: World, clock: Any) -> TwoOptions:
    return two_option_case(world)


def present(world: World, case: Case, *, after: timedelta = timedelta(0)) -> Case:
    """Present `case` (again) `after` NOW; the case as it is then."""
    when = NOW + after
    with time_machine.travel(when, tick=False):
        present_case(
            acting_user=world.tess, case=case, mode="in_person", today=when.date(), now=when
        )
    case.refresh_from_db()
    return case


@pytest.fixture
def presented(world: World, ready: TwoOptions) -> TwoOptions:
    present(world, ready.case)
    return ready


def cadence_tasks(case: Case) -> list[Task]:
    return list(Task.objects.filter(case=case, key__startswith="cadence:").order_by("pk"))
