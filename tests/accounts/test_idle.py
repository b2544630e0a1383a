"""Idle logoff: a session without requests for CASEPATH_IDLE_SECONDS ends."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from casepath.accounts.middleware import LAST_SEEN_KEY
from tests.accounts.conftest import is_signed_in
from tests.conftest import World, signed_in

pytestmark = pytest.mark.usefixtures("frozen_now")


def test_default_idle_time_is_fifteen_minutes() -> None:
    assert settings.CASEPATH_IDLE_SECONDS == 15 * 60


def test_idle_session_ends_and_the_next_page_asks_to_sign_in(world: World, frozen_now: Any) -> None:
    client = signed_in(world.tess)
    assert client.get("/").status_code == 200
    frozen_now.shift(timedelta(seconds=settings.CASEPATH_IDLE_SECONDS + 1))
    response = client.get("/patients/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?idle=1&next=/patients/",
    )
    assert not is_signed_in(client)
    assert client.get("/").status_code == 302
    login_page = client.get(response["Location"]).content.decode()
    assert "signed out after a period without activity" in login_page


def test_activity_within_the_limit_keeps_the_session(world: World, frozen_now: Any) -> None:
    client = signed_in(world.tess)
    for _ in range(3):  # 45 minutes in all, never 15 in a row without a request
        frozen_now.shift(timedelta(seconds=settings.CASEPATH_IDLE_SECONDS - 1))
        assert client.get("/patients/").status_code == 200
    assert is_signed_in(client)


def test_keepalive_restarts_the_idle_timer(world: World, frozen_now: Any) -> None:
    client = signed_in(world.tess)
    assert client.get("/").status_code == 200
    frozen_now.shift(timedelta(minutes=10))
    assert client.post("/accounts/keepalive/").status_code == 204
    assert client.session[LAST_SEEN_KEY] == time.time()
    frozen_now.shift(timedelta(minutes=10))  # 20 minutes after the page, 10 after keepalive
    assert client.get("/").status_code == 200
    assert is_signed_in(client)


def test_keepalive_comes_too_late_after_the_limit(world: World, frozen_now: Any) -> None:
    client = signed_in(world.tess)
    client.get("/")
    frozen_now.shift(timedelta(minutes=16))
    assert client.post("/accounts/keepalive/").status_code == 302
    assert not is_signed_in(client)


def test_keepalive_without_a_session_sends_to_sign_in(db: Any) -> None:
    response = Client().post("/accounts/keepalive/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")


@override_settings(CASEPATH_IDLE_SECONDS=60)
def test_idle_time_is_configurable(world: World, frozen_now: Any) -> None:
    client = signed_in(world.tess)
    client.get("/")
    frozen_now.shift(timedelta(seconds=61))
    assert client.get("/")["Location"].startswith("/accounts/login/?idle=1")


def test_pages_tell_the_browser_timer_the_limit(world: World) -> None:
    html = signed_in(world.tess).get("/").content.decode()
    assert f'data-idle-seconds="{settings.CASEPATH_IDLE_SECONDS}"' in html
    assert "idle.js" in html


def test_the_last_seen_time_is_saved_at_most_every_tenth_of_the_limit(
    world: Any, settings: Any
) -> None:
    """Each session save is a database write: a page and its htmx sections must not race."""
    import time_machine

    from casepath.accounts.middleware import LAST_SEEN_KEY

    settings.CASEPATH_IDLE_SECONDS = 900
    client = signed_in(world.tess)
    with time_machine.travel(time.time(), tick=False) as clock:
        client.get("/patients/")
        first = client.session[LAST_SEEN_KEY]
        clock.shift(59)
        client.get("/patients/")
        assert client.session[LAST_SEEN_KEY] == first
        clock.shift(2)
        client.get("/patients/")
        assert client.session[LAST_SEEN_KEY] == first + 61
