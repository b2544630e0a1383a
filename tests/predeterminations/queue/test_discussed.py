"""Marking an answer discussed from the queue: it leaves the list; who may do it."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from casepath.predeterminations.models import Predetermination
from tests.conftest import World, signed_in
from tests.predeterminations.queue.builders import TODAY, Asking, received_on, sent_days_ago

QUEUE = "/predeterminations/queue/"


def discussed_url(pd: Predetermination) -> str:
    return f"/predeterminations/queue/{pd.pk}/discussed/"


def test_marking_discussed_takes_it_off_the_list(
    world: World, ana: Asking, tess_client: Client
) -> None:
    pd = received_on(ana, TODAY - timedelta(days=3), "1000.00", "700.00")
    assert discussed_url(pd) in tess_client.get(QUEUE).content.decode()
    response = tess_client.post(discussed_url(pd), follow=True)
    assert response.redirect_chain == [(QUEUE, 302)]
    assert "Marked the answer for Ana Lopez as discussed today." in response.content.decode()
    assert response.context["to_discuss"] == []
    pd.refresh_from_db()
    assert pd.discussed_on == TODAY


def test_a_request_not_answered_cannot_be_discussed(
    world: World, ana: Asking, tess_client: Client
) -> None:
    pd = sent_days_ago(ana, 40)
    response = tess_client.post(discussed_url(pd), follow=True)
    assert (
        "Ana Lopez: Only an answered pre-determination can be discussed."
        in response.content.decode()
    )
    pd.refresh_from_db()
    assert (pd.status, pd.discussed_on) == ("sent", None)


def test_who_cannot_send_sees_no_button_and_is_refused(world: World, ana: Asking) -> None:
    pd = received_on(ana, TODAY - timedelta(days=3), "1000.00", "700.00")
    doc = signed_in(world.doc)  # a provider: sees cases, does not send pre-determinations
    page = doc.get(QUEUE)
    assert page.status_code == 200
    assert [row.pd.pk for row in page.context["to_discuss"]] == [pd.pk]
    assert "Mark discussed" not in page.content.decode()
    assert doc.post(discussed_url(pd)).status_code == 403
    pd.refresh_from_db()
    assert pd.discussed_on is None


def test_the_front_desk_may_mark_it_discussed(world: World, ana: Asking) -> None:
    pd = received_on(ana, TODAY - timedelta(days=3), "1000.00", "700.00")
    assert signed_in(world.fran).post(discussed_url(pd)).status_code == 302
    pd.refresh_from_db()
    assert pd.discussed_on == TODAY


def test_another_practice_s_answer_is_not_found(
    world: World, ana: Asking, olga_client: Client
) -> None:
    pd = received_on(ana, TODAY - timedelta(days=3), "1000.00", "700.00")
    assert olga_client.post(discussed_url(pd)).status_code == 404
    pd.refresh_from_db()
    assert pd.discussed_on is None


def test_discussing_is_a_post(world: World, ana: Asking, tess_client: Client) -> None:
    pd = received_on(ana, TODAY - timedelta(days=3), "1000.00", "700.00")
    assert tess_client.get(discussed_url(pd)).status_code == 405


def test_the_queue_needs_a_practice(db: None) -> None:
    from tests.builders import build_user

    nobody = signed_in(build_user("nobody"))
    assert nobody.get(QUEUE).status_code == 403
    assert Client().get(QUEUE).status_code == 302
