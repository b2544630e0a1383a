"""The three lists of the work queue, on hand-made dates."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.test import Client

from casepath.audit.models import AuditEvent
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.selectors import predetermination_settings
from tests.conftest import World, signed_in
from tests.predeterminations.queue.builders import (
    TODAY,
    Asking,
    asking_b,
    expiring_in,
    received_on,
    sent_days_ago,
)

QUEUE = "/predeterminations/queue/"


def shown(client: Client, name: str) -> list[tuple[int, Any]]:
    """(pre-determination id, days or approved total) of each row of one list."""
    response = client.get(QUEUE)
    assert response.status_code == 200
    return [
        (row.pd.pk, row.approved if name == "to_discuss" else row.days)
        for row in response.context[name]
    ]


def test_a_request_waits_too_long_from_day_31(
    world: World, ana: Asking, tess_client: Client
) -> None:
    sent_days_ago(ana, 30)
    late = sent_days_ago(ana, 31, reference="KD-88120")
    older = sent_days_ago(ana, 45)
    assert shown(tess_client, "waiting") == [(older.pk, 45), (late.pk, 31)]
    page = tess_client.get(QUEUE).content.decode()
    assert "Waiting more than 30 days (2)" in page
    assert "KD-88120" in page
    assert f"{(TODAY - timedelta(days=31)):%m/%d/%Y} by mail" in page
    assert "Keystone Dental" in page


def test_the_waiting_days_are_the_practice_s(
    world: World, ana: Asking, tess_client: Client
) -> None:
    rules = predetermination_settings(world.practice_a)
    rules.waiting_days = 10
    rules.save()
    sent_days_ago(ana, 10)
    late = sent_days_ago(ana, 11)
    assert shown(tess_client, "waiting") == [(late.pk, 11)]
    assert "Waiting more than 10 days (1)" in tess_client.get(QUEUE).content.decode()


def test_answers_not_discussed_show_with_their_approved_total(
    world: World, ana: Asking, tess_client: Client
) -> None:
    first = received_on(ana, TODAY - timedelta(days=5), "1000.00", "700.50")
    denied = received_on(ana, TODAY - timedelta(days=2), "", "")
    received_on(ana, TODAY - timedelta(days=9), "900.00", discussed_on=TODAY - timedelta(days=1))
    assert shown(tess_client, "to_discuss") == [(first.pk, Decimal("1700.50")), (denied.pk, None)]
    page = tess_client.get(QUEUE).content.decode()
    assert "Returned, not yet discussed with the patient (2)" in page
    assert "$1,700.50" in page


def test_expiring_soon_counts_both_ends_of_the_window(
    world: World, ana: Asking, tess_client: Client
) -> None:
    last_day = expiring_in(ana, 0)
    at_the_edge = expiring_in(ana, 30)
    expiring_in(ana, 31)
    expiring_in(ana, -1)  # its last day has passed (the nightly job expires it)
    expiring_in(ana, 5, status="expired")
    expiring_in(ana, 5, status="voided")
    assert shown(tess_client, "expiring") == [(last_day.pk, 0), (at_the_edge.pk, 30)]
    page = tess_client.get(QUEUE).content.decode()
    assert "Expiring soon (2)" in page
    assert "Last day today" in page


def test_closed_and_draft_requests_are_in_no_list(
    world: World, ana: Asking, tess_client: Client
) -> None:
    for status in ("draft", "not_needed", "voided"):
        pd = sent_days_ago(ana, 60)
        Predetermination.objects.filter(pk=pd.pk).update(status=status)
    response = tess_client.get(QUEUE)
    assert [len(response.context[name]) for name in ("waiting", "to_discuss", "expiring")] == [
        0,
        0,
        0,
    ]
    page = response.content.decode()
    assert "No request has waited more than 30 days." in page
    assert "Every answer has been discussed with its patient." in page
    assert "No answer ends in the next 30 days." in page


def test_another_practice_s_rows_never_appear(world: World, ana: Asking) -> None:
    ours = [sent_days_ago(ana, 40), received_on(ana, TODAY), expiring_in(ana, 3)]
    bea = asking_b(world)
    theirs = [sent_days_ago(bea, 40), received_on(bea, TODAY, "65.00"), expiring_in(bea, 3)]
    for user, expected, hidden in ((world.tess, ours, theirs), (world.olga, theirs, ours)):
        client = signed_in(user)
        ids = [
            pk for name in ("waiting", "to_discuss", "expiring") for pk, _ in shown(client, name)
        ]
        assert ids == [pd.pk for pd in expected]
        page = client.get(QUEUE).content.decode()
        assert hidden[0].patient.display_name not in page


def test_opening_the_queue_is_audited(world: World, ana: Asking, tess_client: Client) -> None:
    sent_days_ago(ana, 40)
    tess_client.get(QUEUE)
    event = AuditEvent.objects.filter(practice=world.practice_a, action="view").latest("pk")
    assert event.actor == world.tess
    assert event.summary == (
        "Opened the pre-determination work queue: 1 waiting, 0 to discuss, 0 expiring"
    )
