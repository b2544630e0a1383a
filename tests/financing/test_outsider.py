"""Until tests/isolation maps the financing parameters: every financing route, web and
API, answers 404 to a user of another practice, whatever the method."""

from __future__ import annotations

import pytest

from tests.conftest import World, signed_in
from tests.financing.builders import financing_objects
from tests.isolation.routes import Route
from tests.isolation.test_outsider import _call, objects_of_practice_a, record_routes

FINANCING = ("financing/", "api/v1/practices/<int:practice_id>/payment-plans")
METHODS = ("get", "post", "put", "patch", "delete")


def financing_routes() -> list[Route]:
    return [r for r in record_routes() if r.template.startswith(FINANCING)]


def known(world: World) -> dict[str, object]:
    return objects_of_practice_a(world) | financing_objects(world)


def test_every_financing_parameter_has_a_builder(world: World) -> None:
    assert {p for r in financing_routes() for p in r.params} <= set(known(world))
    assert len(financing_routes()) >= 12


@pytest.mark.parametrize("route", financing_routes(), ids=lambda r: r.template)
def test_outsider_gets_404(world: World, route: Route) -> None:
    values = known(world)
    client = signed_in(world.olga)
    answered = {method: _call(client, method, route.fill(values)) for method in METHODS}
    assert not {m: s for m, s in answered.items() if s not in (404, 405)}
    assert 404 in answered.values()
