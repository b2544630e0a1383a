"""A referral's lifecycle: out (sent → scheduled → consulted → in treatment → completed →
returned) and in (received → … → completed), cancelled from an open state; every move an
event and an audit row; moves out of order refused in words at "status"; the page's
buttons, refusals beside the form, and who may move."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from casepath.audit.models import Action, AuditEvent
from casepath.core.errors import CasepathError
from casepath.referrals import services
from casepath.referrals.models import Referral, ReferralEvent
from casepath.tenancy.scoping import scoped
from tests.conftest import World, signed_in
from tests.referrals.builders import NOW, build_inbound, build_outbound

LATER = NOW + timedelta(days=3)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def move(referral: Referral, to: str, user: Any, **extra: Any) -> Referral:
    return services.referral_move(
        referral=referral, acting_user=user, now=extra.pop("now", NOW), to=to, **extra
    )


def refusal(referral: Referral, to: str, user: Any, **extra: Any) -> tuple[str, str]:
    with pytest.raises(CasepathError) as refused:
        move(referral, to, user, **extra)
    error = refused.value.errors[0]
    return error.path, error.message


def statuses(referral: Referral) -> list[str]:
    return list(
        scoped(ReferralEvent, referral.practice)
        .filter(referral=referral)
        .values_list("status", flat=True)
    )


def test_outbound_all_the_way(world: World) -> None:
    referral = build_outbound(world)
    way = ["scheduled", "consulted", "in_treatment", "completed", "returned"]
    for n, to in enumerate(way):
        move(referral, to, world.tess, now=NOW + timedelta(days=n), note=f"step {n}")
    referral.refresh_from_db()
    assert referral.status == "returned"
    assert referral.returned_on == date(2026, 3, 24)  # the day of the move, in New York
    assert referral.status_changed_at == NOW + timedelta(days=4)
    assert statuses(referral) == ["sent", *way]
    events = scoped(ReferralEvent, world.practice_a).filter(referral=referral)
    assert [e.note for e in events][1:] == [f"step {n}" for n in range(5)]
    assert {e.by for e in events} == {world.tess}
    audits = AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(referral.pk))
    assert audits.count() == 5
    last = audits.order_by("-pk").first()
    assert last is not None
    assert last.changes["status"] == {"before": "completed", "after": "returned"}
    assert last.changes["returned_on"] == {"before": None, "after": "2026-03-24"}
    assert services.next_statuses(referral) == []


def test_inbound_all_the_way(world: World) -> None:
    referral = build_inbound(world)
    for to in ("scheduled", "consulted", "in_treatment", "completed"):
        move(referral, to, world.fran)
    assert statuses(referral) == ["received", "scheduled", "consulted", "in_treatment", "completed"]
    assert refusal(referral, "scheduled", world.fran) == (
        "status",
        "The referral is completed: it is closed.",
    )


def test_a_step_not_heard_of_may_be_skipped(world: World) -> None:
    referral = build_outbound(world)
    move(referral, "consulted", world.tess)
    assert statuses(referral) == ["sent", "consulted"]
    assert services.next_statuses(referral) == [
        "in_treatment",
        "completed",
        "returned",
        "cancelled",
    ]


@pytest.mark.parametrize(
    ("path", "to", "message"),
    [
        (["consulted"], "scheduled", "The referral is consulted: it cannot go back to scheduled."),
        (
            ["completed"],
            "in_treatment",
            "The referral is completed: it cannot go back to in treatment.",
        ),
        ([], "sent", "The referral is already sent."),
        ([], "received", "A patient referred out is never “received”."),
        (
            ["completed"],
            "cancelled",
            "The referral is completed: only an open referral can be cancelled.",
        ),
        (["returned"], "completed", "The referral is returned to us: it is closed."),
        (["cancelled"], "scheduled", "The referral is cancelled: nothing moves it any more."),
        ([], "lost", "Choose one of the statuses of a referral."),
    ],
)
def test_outbound_moves_out_of_order_are_refused(
    world: World, path: list[str], to: str, message: str
) -> None:
    referral = build_outbound(world)
    for step in path:
        move(referral, step, world.tess)
    before = statuses(referral)
    assert refusal(referral, to, world.tess) == ("status", message)
    referral.refresh_from_db()
    assert statuses(referral) == before
    assert referral.status == (path[-1] if path else "sent")


def test_inbound_refusals(world: World) -> None:
    referral = build_inbound(world)
    assert refusal(referral, "sent", world.tess) == (
        "status",
        "A patient referred to us is never “sent”.",
    )
    assert refusal(referral, "returned", world.tess) == (
        "status",
        "A patient referred to us is never “returned to us”.",
    )
    move(referral, "cancelled", world.tess, note="Patient chose another office")
    referral.refresh_from_db()
    assert referral.status == "cancelled"
    assert statuses(referral) == ["received", "cancelled"]


@pytest.mark.parametrize("start", ["sent", "scheduled", "consulted", "in_treatment"])
def test_cancelled_from_any_open_state(world: World, start: str) -> None:
    referral = build_outbound(world)
    if start != "sent":
        move(referral, start, world.tess)
    move(referral, "cancelled", world.tess)
    assert referral.status == "cancelled"


def test_returned_on_a_given_day(world: World) -> None:
    referral = build_outbound(world)  # sent 03/18/2026
    assert refusal(referral, "returned", world.tess, on=date(2026, 3, 21)) == (
        "on",
        "The day cannot be after today (03/20/2026).",
    )
    assert refusal(referral, "returned", world.tess, on=date(2026, 3, 1)) == (
        "on",
        "The patient cannot be back before the referral was sent (03/18/2026).",
    )
    move(referral, "returned", world.tess, on=date(2026, 3, 19))
    referral.refresh_from_db()
    assert (referral.status, referral.returned_on) == ("returned", date(2026, 3, 19))


# On the page ------------------------------------------------------------------------


def test_the_page_offers_the_next_steps_and_cancel(world: World) -> None:
    referral = build_outbound(world)
    page = signed_in(world.tess).get(reverse("referrals:detail", args=[referral.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert page.context["moves"][0] == ("scheduled", "Scheduled")
    assert 'value="cancelled"' in text
    assert 'value="returned"' in text
    assert "Every move" in text
    assert f'href="{reverse("referrals:letters", args=[referral.pk])}"' in text
    assert AuditEvent.objects.filter(action=Action.VIEW, object_id=str(referral.pk)).exists()


def test_a_move_on_the_page(world: World) -> None:
    referral = build_outbound(world)
    url = reverse("referrals:move", args=[referral.pk])
    with time_machine.travel(LATER, tick=False):
        client = signed_in(world.fran)
        response = client.post(url, {"status": "scheduled", "note": "Seen on 3/30 at 9:00"})
        assert response.status_code == 302
        page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    referral.refresh_from_db()
    assert (referral.status, referral.status_changed_at) == ("scheduled", LATER)
    assert "Seen on 3/30 at 9:00" in page
    assert 'id="referral-status">Scheduled<' in page


def test_a_move_out_of_order_on_the_page_is_refused_in_words(world: World) -> None:
    referral = build_outbound(world)
    move(referral, "completed", world.tess)
    response = signed_in(world.tess).post(
        reverse("referrals:move", args=[referral.pk]), {"status": "scheduled"}
    )
    assert response.status_code == 200
    assert response.context["move_form"].errors["status"] == [
        "The referral is completed: it cannot go back to scheduled."
    ]
    assert "it cannot go back to scheduled" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "completed"


def test_a_future_return_day_is_shown_beside_its_field(world: World) -> None:
    referral = build_outbound(world)
    response = signed_in(world.tess).post(
        reverse("referrals:move", args=[referral.pk]), {"status": "returned", "on": "2026-04-01"}
    )
    assert response.status_code == 200
    assert response.context["move_form"].errors["on"] == [
        "The day cannot be after today (03/20/2026)."
    ]


def test_change_the_expected_return(world: World) -> None:
    referral = build_outbound(world)
    client = signed_in(world.tess)
    url = reverse("referrals:edit", args=[referral.pk])
    data = {"reason": referral.reason, "urgency": "urgent", "expected_back_on": "2026-05-15"}
    assert client.post(url, data).status_code == 302
    referral.refresh_from_db()
    assert (referral.urgency, referral.expected_back_on) == ("urgent", date(2026, 5, 15))
    audit = AuditEvent.objects.filter(object_id=str(referral.pk), action=Action.UPDATE).get()
    assert audit.changes["expected_back_on"] == {"before": "2026-04-30", "after": "2026-05-15"}
    response = client.post(url, data | {"expected_back_on": "2026-03-01"})
    assert response.status_code == 200
    assert response.context["edit_form"].errors["expected_back_on"] == [
        "The patient cannot be back before the referral was sent (03/18/2026)."
    ]


def test_who_may_move(world: World) -> None:
    referral = build_outbound(world)
    url = reverse("referrals:move", args=[referral.pk])
    doc = signed_in(world.doc)
    page = doc.get(reverse("referrals:detail", args=[referral.pk]))
    assert page.status_code == 200
    assert 'id="move-form"' not in page.content.decode()
    assert doc.post(url, {"status": "scheduled"}).status_code == 403
    assert signed_in(world.olga).post(url, {"status": "scheduled"}).status_code == 404
    assert doc.post(reverse("referrals:edit", args=[referral.pk]), {}).status_code == 403
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert signed_in(world.mona).post(url, {"status": "scheduled"}).status_code == 302
