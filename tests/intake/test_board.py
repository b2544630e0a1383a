"""The new-patient board: a column per stage with its count and cards (oldest in stage
first, time in stage, waiting long), "Case created" for 30 days, closed inquiries apart,
filters, a constant number of queries, and nothing of another practice."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casepath.cases.services import case_create
from casepath.core.intake import BOARD, Stage
from casepath.intake import services, visit_services
from casepath.intake.board import board, duration_words, waiting_long
from casepath.intake.models import Intake
from casepath.intake.selectors import welcome_package
from casepath.intake.welcome_services import welcome_package_save
from tests.conftest import World, signed_in
from tests.intake.builders import (
    CALLED_AT,
    VISIT_AT,
    book,
    call_data,
    capture,
    new_patient,
    provider_of,
    take_to,
)

URL = "/new-patients/"


def _new(
    world: World,
    n: int,
    *,
    source: str = "web",
    user: Any = None,
    at: datetime = CALLED_AT,
    practice: Any = None,
    **about: Any,
) -> Intake:
    return capture(
        practice or world.practice_a,
        user or world.tess,
        call=call_data(source=source, caller_phone=f"(614) 555-{n:04d}", caller_email=""),
        patient=new_patient(
            first_name=f"Pat{n}",
            last_name=f"Board{n}",
            date_of_birth=date(1980, 1, 1) + timedelta(days=n),
            email=f"pat{n}@example.com",
        ),
        at=at,
        **about,
    )


def _no_automatic_welcome(world: World) -> None:
    """Booking then leaves the intake at "first visit booked" (and renders no PDF)."""
    package = welcome_package(world.practice_a)
    welcome_package_save(
        package=package, acting_user=world.tess, data={"send_automatically": False}
    )


def _counts(response: Any) -> dict[str, int]:
    return {c.key: c.count for c in response.context["board"].columns}


def _names(column: Any) -> list[str]:
    return [card.intake.patient.first_name for card in column.cards]


def _column(response: Any, stage: Stage) -> Any:
    return next(c for c in response.context["board"].columns if c.stage == stage)


def _card_html(html: str, intake: Intake) -> str:
    return html.split(f'data-intake="{intake.pk}"', 1)[1].split("</ul>", 1)[0]


@time_machine.travel(CALLED_AT + timedelta(hours=3, minutes=13), tick=False)
def test_a_column_per_stage_with_counts_and_cards(world: World, tess_client: Client) -> None:
    waiting = _new(world, 1, source="patient")
    booked = book(_new(world, 2), world.tess)  # the welcome e-mail goes: welcome sent
    _new(world, 3, source="provider")
    closed = _new(world, 4)
    services.intake_close(
        intake=closed, reason="Moving away", acting_user=world.tess, now=CALLED_AT
    )

    response = tess_client.get(URL)

    assert response.status_code == 200
    assert [c.key for c in response.context["board"].columns] == [s.value for s in BOARD]
    assert [c.label for c in response.context["board"].columns][:4] == [
        "Inquiry",
        "First visit booked",
        "Welcome package sent",
        "Visit confirmed",
    ]
    counts = _counts(response)
    assert counts == {s.value: 0 for s in BOARD} | {"inquiry": 2, "welcome_sent": 1}
    assert response.context["board"].closed_count == 1
    html = response.content.decode()
    assert "3 new patients on the board." in html
    assert 'Inquiry <span class="count">(2)</span>' in html
    card = _card_html(html, waiting)
    assert f'<a href="/new-patients/{waiting.pk}/">Pat1 Board1</a>' in card
    assert "Patient referral" in card
    assert "TC <strong>Tess Tester</strong>" in card
    assert "<strong>3 h</strong> in this stage" in card
    assert "First visit" not in card
    visit = _card_html(html, booked)
    assert 'First visit <strong class="nowrap">Tue Nov 10, 10:00 AM</strong>' in visit
    assert "Web search or website" in visit and "Google search" in visit
    assert "<strong>2 h</strong> in this stage" in visit  # sent at 14:14: 2 h 59 min
    assert f'data-intake="{closed.pk}"' not in html
    assert "Closed inquiries: 1" in html


def test_the_links_at_the_top_follow_the_role(world: World) -> None:
    links = {
        "call": reverse("intake:call"),
        "arrivals": reverse("intake:arrivals"),
        "conversion": reverse("intake:conversion"),
        "settings": reverse("intake:settings"),
    }

    def shown(who: str) -> set[str]:
        html = signed_in(getattr(world, who)).get(URL).content.decode()
        return {name for name, href in links.items() if f'href="{href}"' in html}

    assert shown("tess") == {"call", "arrivals", "conversion", "settings"}
    assert shown("mona") == {"call", "arrivals", "conversion", "settings"}
    assert shown("fran") == {"call", "arrivals", "conversion"}
    assert shown("doc") == {"arrivals", "conversion"}


@pytest.mark.parametrize(
    ("later", "words"),
    [
        (timedelta(seconds=30), "0 min"),
        (timedelta(minutes=25), "25 min"),
        (timedelta(hours=3, minutes=59), "3 h"),
        (timedelta(hours=47), "47 h"),
        (timedelta(days=2, hours=5), "2 d"),
        (timedelta(days=40), "40 d"),
    ],
)
def test_time_in_stage(world: World, later: timedelta, words: str) -> None:
    intake = _new(world, 1)
    with time_machine.travel(intake.stage_entered_at + later, tick=False):
        html = signed_in(world.tess).get(URL).content.decode()
    assert f"<strong>{words}</strong> in this stage" in _card_html(html, intake)


def test_duration_words_never_negative() -> None:
    assert duration_words(timedelta(minutes=-5)) == "0 min"
    assert duration_words(timedelta(hours=48)) == "2 d"


def test_an_inquiry_waits_long_after_two_days(world: World) -> None:
    intake = _new(world, 1)
    entered = intake.stage_entered_at
    assert waiting_long(intake, entered + timedelta(days=2)) == ""
    assert waiting_long(intake, entered + timedelta(days=2, minutes=1)) == (
        "No first visit booked after 2 days"
    )


def test_waiting_long_is_marked_on_the_card(world: World, tess_client: Client) -> None:
    old, new = _new(world, 1), _new(world, 2, at=CALLED_AT + timedelta(days=2))
    with time_machine.travel(CALLED_AT + timedelta(days=3), tick=False):
        response = tess_client.get(URL)
    cards = {c.intake.pk: c for c in _column(response, Stage.INQUIRY).cards}
    assert cards[old.pk].waiting_long == "No first visit booked after 2 days"
    assert cards[new.pk].waiting_long == ""
    html = response.content.decode()
    assert "waiting-long" in html.split(f'data-intake="{old.pk}"')[0].rsplit("<li", 1)[1]
    assert "Waiting long" in _card_html(html, old)
    assert "Waiting long" not in _card_html(html, new)


def test_booked_without_welcome_waits_long_after_a_day(world: World) -> None:
    _no_automatic_welcome(world)
    intake = book(_new(world, 1), world.tess)
    assert intake.stage == Stage.BOOKED
    booked_at = intake.stage_entered_at
    assert waiting_long(intake, booked_at + timedelta(hours=23)) == ""
    assert waiting_long(intake, booked_at + timedelta(hours=25)) == (
        "No welcome package a day after booking"
    )


def test_a_visit_gone_by_without_arrival_or_no_show_waits_long(world: World) -> None:
    intake = book(_new(world, 1), world.tess)
    assert intake.stage == Stage.WELCOME_SENT
    assert waiting_long(intake, VISIT_AT + timedelta(minutes=30)) == ""
    assert waiting_long(intake, VISIT_AT + timedelta(hours=2)) == (
        "The visit time has passed: record the arrival or the no-show"
    )


def test_oldest_in_stage_first(world: World, tess_client: Client) -> None:
    _new(world, 1, at=CALLED_AT + timedelta(hours=5))
    _new(world, 2, at=CALLED_AT)
    _new(world, 3, at=CALLED_AT + timedelta(hours=1))
    with time_machine.travel(CALLED_AT + timedelta(days=1), tick=False):
        response = tess_client.get(URL)
    assert _names(_column(response, Stage.INQUIRY)) == ["Pat2", "Pat3", "Pat1"]


def test_case_created_shows_the_last_30_days(world: World) -> None:
    intake = take_to(_new(world, 1), Stage.HANDED_OFF, world.tess)
    opened = datetime.fromisoformat("2026-11-11T15:00:00+00:00")
    with time_machine.travel(opened, tick=False):
        case_create(
            acting_user=world.doc,
            patient=intake.patient,
            diagnosing_provider=provider_of(world.practice_a),
            title="Front tooth",
            case_type="new_patient",
            diagnosed_on=date(2026, 11, 10),
        )
    intake.refresh_from_db()
    assert intake.stage == Stage.CASE_CREATED

    with time_machine.travel(opened + timedelta(days=29), tick=False):
        shown = signed_in(world.tess).get(URL)
    with time_machine.travel(opened + timedelta(days=31), tick=False):
        gone = signed_in(world.tess).get(URL)

    assert _names(_column(shown, Stage.CASE_CREATED)) == ["Pat1"]
    assert "The last 30 days." in shown.content.decode()
    assert _counts(gone)["case_created"] == 0
    assert gone.context["board"].count == 0


@time_machine.travel(CALLED_AT + timedelta(days=1), tick=False)
def test_closed_inquiries_are_a_count_and_a_list(world: World, tess_client: Client) -> None:
    for n, reason in ((1, "Chose another dentist"), (2, "Moving away")):
        services.intake_close(
            intake=_new(world, n),
            reason=reason,
            acting_user=world.tess,
            now=CALLED_AT + timedelta(hours=n),
        )
    _new(world, 3)

    response = tess_client.get(URL)
    assert response.context["board"].closed_count == 2
    assert f'href="{URL}?closed=1"' in response.content.decode()

    listed = tess_client.get(URL, {"closed": "1"})
    assert listed.status_code == 200
    assert "board" not in listed.context
    assert [c.intake.patient.first_name for c in listed.context["closed"]] == ["Pat2", "Pat1"]
    html = listed.content.decode()
    assert 'Closed inquiries <span class="muted">(2)</span>' in html
    assert "Moving away" in html and "Chose another dentist" in html
    assert "Pat3" not in html
    assert f'href="{URL}">Back to the board' in html


@time_machine.travel(CALLED_AT + timedelta(days=1), tick=False)
def test_filters_mine_and_source(world: World, tess_client: Client) -> None:
    _new(world, 1, source="web")
    _new(world, 2, source="patient")
    _new(world, 3, source="web", user=world.fran)
    services.intake_close(
        intake=_new(world, 4, source="patient", user=world.fran),
        reason="Not coming",
        acting_user=world.fran,
        now=CALLED_AT,
    )

    def names(query: dict[str, str]) -> list[str]:
        return _names(_column(tess_client.get(URL, query), Stage.INQUIRY))

    assert names({}) == ["Pat1", "Pat2", "Pat3"]
    assert names({"mine": "on"}) == ["Pat1", "Pat2"]
    assert names({"source": "web"}) == ["Pat1", "Pat3"]
    assert names({"mine": "on", "source": "patient"}) == ["Pat2"]
    assert names({"source": "nonsense"}) == ["Pat1", "Pat2", "Pat3"]  # ignored
    assert tess_client.get(URL, {"mine": "on"}).context["board"].closed_count == 0
    patients = tess_client.get(URL, {"source": "patient"})
    assert patients.context["board"].closed_count == 1
    assert f'href="{URL}?source=patient&amp;closed=1"' in patients.content.decode()
    closed = tess_client.get(URL, {"source": "web", "closed": "1"})
    assert closed.context["closed"] == []
    fran_closed = signed_in(world.fran).get(URL, {"mine": "on", "closed": "1"})
    assert [c.intake.patient.first_name for c in fran_closed.context["closed"]] == ["Pat4"]


def test_the_selector_filters_by_coordinator(world: World) -> None:
    _new(world, 1)
    _new(world, 2, user=world.fran)
    shown = board(world.practice_a, now=CALLED_AT, coordinator=world.fran)
    assert [c.intake.patient.first_name for c in shown.columns[0].cards] == ["Pat2"]


def test_a_constant_number_of_queries(
    world: World, tess_client: Client, django_assert_max_num_queries: Any
) -> None:
    _no_automatic_welcome(world)
    book(_new(world, 1), world.tess)
    tess_client.get(URL)  # the first request of a session reads a little more
    later = time_machine.travel(CALLED_AT + timedelta(days=1), tick=False)
    with later, CaptureQueriesContext(connection) as one:
        tess_client.get(URL)

    tess, sources = world.tess, ["web", "patient", "provider", "campaign"]
    for n in range(2, 44):
        intake = _new(world, n, source=sources[n % 4], user=[tess, world.fran][n % 2])
        if n % 3 == 0:
            intake = book(intake, tess)
        if n % 6 == 0:
            visit_services.visit_confirm(
                intake=intake, acting_user=tess, now=CALLED_AT, how="by phone"
            )
        if n % 7 == 0:
            services.intake_close(
                intake=intake, reason="Not coming", acting_user=tess, now=CALLED_AT
            )

    later = time_machine.travel(CALLED_AT + timedelta(days=1), tick=False)
    with later, django_assert_max_num_queries(len(one)):
        response = tess_client.get(URL)
    shown = response.context["board"]
    assert shown.count + shown.closed_count == 43
    assert shown.closed_count == 6
    assert _counts(response)["confirmed"] > 0 and _counts(response)["booked"] > 0
    # Sign-in, practice and session, then the board: the intakes and the closed count.
    assert len(one) <= 10


@time_machine.travel(CALLED_AT + timedelta(days=1), tick=False)
def test_the_outsider_sees_none_of_practice_a(
    world: World, olga_client: Client, tess_client: Client
) -> None:
    mine = _new(world, 1)
    services.intake_close(intake=_new(world, 2), reason="No", acting_user=world.tess, now=CALLED_AT)
    theirs = _new(world, 3, practice=world.practice_b, user=world.olga)

    response = olga_client.get(URL)
    assert response.status_code == 200
    assert [c.intake.pk for col in response.context["board"].columns for c in col.cards] == [
        theirs.pk
    ]
    assert response.context["board"].closed_count == 0
    html = response.content.decode()
    assert "Pat1" not in html and "Pat3 Board3" in html
    assert olga_client.get(URL, {"closed": "1"}).context["closed"] == []
    assert f'data-intake="{theirs.pk}"' not in tess_client.get(URL).content.decode()
    assert f'data-intake="{mine.pk}"' in tess_client.get(URL).content.decode()


@pytest.mark.parametrize("who", ["fran", "doc", "mona"])
def test_every_staff_member_sees_the_board(world: World, who: str) -> None:
    _new(world, 1)
    response = signed_in(getattr(world, who)).get(URL)
    assert response.status_code == 200
    assert "Pat1 Board1" in response.content.decode()


def test_signed_out_goes_to_sign_in(world: World, client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_the_board_is_read_only(world: World, tess_client: Client) -> None:
    assert tess_client.post(URL).status_code == 405
