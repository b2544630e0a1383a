"""The outsider walk of tests/isolation, for compensation's routes and the objects the
lead adds to `objects_of_practice_a` (see `compensation_objects`)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from casepath.compensation.models import Statement
from casepath.compensation.services import statements_make
from tests.compensation.builders import build_october, compensation_objects
from tests.conftest import World, signed_in

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.mark.parametrize(
    ("name", "param"),
    [
        ("compensation:plan_edit", "compensation_plan_id"),
        ("compensation:statement", "statement_id"),
        ("compensation:finalize", "statement_id"),
    ],
)
def test_outsider_gets_404(world: World, name: str, param: str) -> None:
    url = reverse(name, kwargs={param: compensation_objects(world)[param]})
    client = signed_in(world.olga)
    answered: dict[str, Any] = {}
    for method in METHODS:
        kwargs: dict[str, Any] = {}
        if method in ("post", "put", "patch"):
            kwargs = {"data": json.dumps({}), "content_type": "application/json"}
        answered[method] = getattr(client, method)(url, **kwargs).status_code
    assert not {m: s for m, s in answered.items() if s not in (404, 405)}, answered
    assert 404 in answered.values()


def test_a_tc_cannot_finalize_another_tcs_statement(world: World) -> None:
    build_october(world)
    statements_make(
        practice=world.practice_a,
        acting_user=world.mona,
        start=date(2026, 10, 1),
        end=date(2026, 10, 31),
        as_of=date(2026, 11, 2),
    )
    toms = Statement.objects.get(user__username="tom")
    tess = signed_in(world.tess)
    assert tess.post(reverse("compensation:finalize", args=[toms.pk])).status_code == 404
