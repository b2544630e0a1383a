"""The queue costs the same queries with 3 rows per list as with 10."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import World
from tests.predeterminations.queue.builders import (
    TODAY,
    Asking,
    expiring_in,
    received_on,
    sent_days_ago,
)

QUEUE = "/predeterminations/queue/"


def add_rows(asking: Asking, count: int) -> None:
    for n in range(count):
        sent_days_ago(asking, 31 + n)
        received_on(asking, TODAY - timedelta(days=n), "1000.00", "700.00")
        expiring_in(asking, n)


def queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(QUEUE)
    assert response.status_code == 200
    return len(captured)


def test_the_queue_costs_the_same_queries_for_3_or_10_rows(
    world: World, ana: Asking, tess_client: Client
) -> None:
    add_rows(ana, 3)
    tess_client.get(QUEUE)  # the first request of a session also saves when it was last seen
    few = queries(tess_client)
    add_rows(ana, 7)
    response = tess_client.get(QUEUE)
    assert [len(response.context[name]) for name in ("waiting", "to_discuss", "expiring")] == [
        10,
        10,
        10,
    ]
    assert queries(tess_client) == few
