"""The outsider walk's object for payments opens for practice A and is 404 for B."""

from __future__ import annotations

from tests.conftest import World, signed_in
from tests.payments.builders import payments_objects


def test_the_import_of_practice_a_is_found_only_by_practice_a(world: World) -> None:
    url = f"/payments/imports/{payments_objects(world)['payment_import_id']}/"
    assert signed_in(world.tess).get(url).status_code == 200
    assert signed_in(world.olga).get(url).status_code == 404
    assert signed_in(world.olga).post(url).status_code == 405
