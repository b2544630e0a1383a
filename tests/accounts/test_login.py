"""Sign-in and sign-out with a password, argon2 hashing, and lockout after failures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.test import Client, override_settings

import casepath.settings as production
from tests.accounts.conftest import is_signed_in, log_in
from tests.builders import PASSWORD
from tests.conftest import World, signed_in

pytestmark = pytest.mark.usefixtures("frozen_now")

GENERIC_ERROR = "Please enter a correct username and password."


def test_login_page_shows_the_form(db: Any) -> None:
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_right_password_signs_in_and_opens_today(world: World) -> None:
    client = Client()
    response = log_in(client, "tess")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.session["_auth_user_id"] == str(world.tess.pk)
    assert client.get("/").status_code == 200


def test_login_follows_next_on_this_site_only(world: World) -> None:
    inside = log_in(Client(), "tess", next="/patients/")
    assert inside["Location"] == "/patients/"
    outside = log_in(Client(), "tess", next="https://evil.example/")
    assert outside["Location"] == "/"


def _errors(response: Any) -> list[str]:
    assert response.status_code == 200
    return list(response.context["form"].non_field_errors())


def test_wrong_password_is_refused_with_a_generic_message(world: World) -> None:
    client = Client()
    response = log_in(client, "tess", "not the password")
    assert GENERIC_ERROR in _errors(response)[0]
    assert not is_signed_in(client)


def test_unknown_user_gets_the_same_message_as_a_wrong_password(world: World) -> None:
    wrong_password = _errors(log_in(Client(), "tess", "not the password"))
    unknown_user = _errors(log_in(Client(), "nobody-here", "not the password"))
    assert unknown_user == wrong_password


def test_inactive_user_cannot_sign_in(world: World) -> None:
    world.tess.is_active = False
    world.tess.save()
    client = Client()
    assert GENERIC_ERROR in _errors(log_in(client, "tess"))[0]
    assert not is_signed_in(client)


def test_signed_in_user_is_sent_on_from_the_login_page(world: World) -> None:
    response = signed_in(world.tess).get("/accounts/login/")
    assert (response.status_code, response["Location"]) == (302, "/")


def test_logout_is_a_post_that_ends_the_session(world: World) -> None:
    client = signed_in(world.tess)
    assert client.get("/accounts/logout/").status_code == 405
    assert is_signed_in(client)
    response = client.post("/accounts/logout/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert not is_signed_in(client)
    assert client.get("/patients/")["Location"].startswith("/accounts/login/")


def test_logout_by_the_idle_timer_says_why(world: World) -> None:
    client = signed_in(world.tess)
    response = client.post("/accounts/logout/", {"idle": "1"})
    assert response["Location"] == "/accounts/login/?idle=1"
    assert not is_signed_in(client)
    assert "without activity" in client.get(response["Location"]).content.decode()


# Hashing ----------------------------------------------------------------------------------

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_production_settings_hash_with_argon2_first() -> None:
    assert production.PASSWORD_HASHERS[0] == ARGON2
    assert settings.PASSWORD_HASHERS != production.PASSWORD_HASHERS  # tests use MD5 for speed


@override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS)
def test_argon2_hashes_and_checks_passwords() -> None:
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$")
    assert check_password(PASSWORD, encoded)
    assert not check_password("another password", encoded)


@override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS)
def test_older_hash_is_upgraded_to_argon2_at_sign_in(world: World) -> None:
    world.tess.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    world.tess.save()
    assert log_in(Client(), "tess").status_code == 302
    world.tess.refresh_from_db()
    assert world.tess.password.startswith("argon2$")


# Lockout (django-axes) --------------------------------------------------------------------


def _fail_logins(username: str, times: int) -> list[int]:
    return [log_in(Client(), username, "not the password").status_code for _ in range(times)]


def _is_locked_out(response: Any) -> bool:
    return "Too many failed sign-ins" in response.content.decode()


def test_lockout_after_the_configured_number_of_failures(world: World) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert _fail_logins("tess", 4) == [200] * 4
    fifth = log_in(Client(), "tess", "not the password")
    assert fifth.status_code == 429
    assert AccessAttempt.objects.get(username="tess").failures_since_start == 5
    client = Client()
    sixth = log_in(client, "tess")  # the right password, too late
    assert sixth.status_code == 429
    assert _is_locked_out(sixth)
    assert "locked for 15 minutes" in sixth.content.decode()
    assert not is_signed_in(client)


def test_lockout_ends_after_the_cool_off(world: World, frozen_now: Any) -> None:
    _fail_logins("tess", 5)
    frozen_now.shift(timedelta(minutes=15, seconds=1))
    client = Client()
    assert log_in(client, "tess").status_code == 302
    assert is_signed_in(client)


def test_trying_again_while_locked_restarts_the_cool_off(world: World, frozen_now: Any) -> None:
    """django-axes counts the cool-off from the latest attempt (the database handler)."""
    _fail_logins("tess", 5)
    frozen_now.shift(timedelta(minutes=14))
    assert _is_locked_out(log_in(Client(), "tess"))
    frozen_now.shift(timedelta(minutes=14))
    assert _is_locked_out(log_in(Client(), "tess"))
    frozen_now.shift(timedelta(minutes=15, seconds=1))
    assert log_in(Client(), "tess").status_code == 302


def test_lockout_is_per_user_name(world: World) -> None:
    _fail_logins("tess", 5)
    client = Client()
    assert log_in(client, "fran").status_code == 302
    assert is_signed_in(client)


def test_a_successful_sign_in_clears_earlier_failures(world: World) -> None:
    _fail_logins("tess", 4)
    assert log_in(Client(), "tess").status_code == 302
    assert _fail_logins("tess", 4) == [200] * 4
    assert log_in(Client(), "tess").status_code == 302
