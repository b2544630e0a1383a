"""Two-step sign-in (TOTP): enrolment, the code after the password, and admins who must."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from casepath.accounts.models import ApiToken
from casepath.tenancy.roles import Role
from tests.accounts.conftest import log_in
from tests.accounts.otp import code_now, confirmed_device, verified_client, wrong_code
from tests.builders import build_user
from tests.conftest import World, signed_in

pytestmark = pytest.mark.usefixtures("frozen_now")

THROTTLE_PAUSE = timedelta(seconds=5)  # django-otp waits 1 s after a wrong code, then 2 s, ...
NEXT_STEP = timedelta(seconds=30)  # a code is accepted once; the next one comes 30 s later


def _pending_device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=False)


def test_enrolment_page_shows_a_qr_code_and_the_key(world: World) -> None:
    response = signed_in(world.tess).get("/accounts/two-factor/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    device = _pending_device(world.tess)
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert f'data-testid="totp-secret">{key}<' in html
    assert "otpauth://totp/" in device.config_url


def test_enrolment_page_keeps_one_pending_device(world: World) -> None:
    client = signed_in(world.tess)
    client.get("/accounts/two-factor/")
    client.get("/accounts/two-factor/")
    assert TOTPDevice.objects.filter(user=world.tess).count() == 1


def test_wrong_code_is_a_field_error_and_a_right_code_turns_it_on(
    world: World, frozen_now: Any
) -> None:
    client = signed_in(world.tess)
    client.get("/accounts/two-factor/")
    device = _pending_device(world.tess)
    refused = client.post("/accounts/two-factor/", {"code": wrong_code(device)})
    assert refused.status_code == 200
    assert refused.context["form"].errors["code"] == [
        "That code does not match; check the time on your phone."
    ]
    assert not TOTPDevice.objects.filter(user=world.tess, confirmed=True).exists()
    frozen_now.shift(THROTTLE_PAUSE)
    accepted = client.post("/accounts/two-factor/", {"code": code_now(device)})
    assert (accepted.status_code, accepted["Location"]) == (302, "/accounts/settings/")
    assert TOTPDevice.objects.get(user=world.tess).confirmed
    assert client.get("/patients/").status_code == 200  # this session counts as verified
    assert "Two-step sign-in is on" in client.get("/accounts/two-factor/").content.decode()


def test_code_that_is_not_six_digits_is_refused(world: World) -> None:
    client = signed_in(world.tess)
    response = client.post("/accounts/two-factor/", {"code": "12"})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors


@pytest.fixture
def enrolled(world: World) -> TOTPDevice:
    return confirmed_device(world.tess)


def test_after_enrolment_sign_in_asks_for_the_code_first(
    world: World, enrolled: TOTPDevice
) -> None:
    client = Client()
    assert log_in(client, "tess")["Location"] == "/"
    for page in ("/", "/patients/", "/practice/", "/audit/"):
        response = client.get(page)
        assert (response.status_code, response["Location"]) == (
            302,
            f"/accounts/verify/?next={page}",
        )
    assert client.get("/accounts/verify/").status_code == 200


def test_wrong_code_is_refused_and_the_right_one_passes(
    world: World, enrolled: TOTPDevice, frozen_now: Any
) -> None:
    client = Client()
    log_in(client, "tess")
    refused = client.post("/accounts/verify/?next=/patients/", {"code": wrong_code(enrolled)})
    assert refused.status_code == 200
    assert refused.context["form"].errors["code"]
    assert client.get("/patients/").status_code == 302
    frozen_now.shift(THROTTLE_PAUSE)
    passed = client.post("/accounts/verify/?next=/patients/", {"code": code_now(enrolled)})
    assert (passed.status_code, passed["Location"]) == (302, "/patients/")
    assert client.get("/patients/").status_code == 200


def test_a_code_works_once(world: World, enrolled: TOTPDevice, frozen_now: Any) -> None:
    first, second = Client(), Client()
    log_in(first, "tess")
    log_in(second, "tess")
    code = code_now(enrolled)
    assert first.post("/accounts/verify/", {"code": code}).status_code == 302
    assert second.post("/accounts/verify/", {"code": code}).status_code == 200
    frozen_now.shift(NEXT_STEP)
    assert second.post("/accounts/verify/", {"code": code_now(enrolled)}).status_code == 302


def test_verify_does_not_follow_next_to_another_host(world: World, enrolled: TOTPDevice) -> None:
    client = Client()
    log_in(client, "tess")
    response = client.post(
        "/accounts/verify/", {"code": code_now(enrolled), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_api_needs_the_second_factor_too(world: World, enrolled: TOTPDevice) -> None:
    client = Client()
    log_in(client, "tess")
    refused = client.get("/api/v1/me")
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["path"] == ""
    client.post("/accounts/verify/", {"code": code_now(enrolled)})
    assert client.get("/api/v1/me").json()["username"] == "tess"


@pytest.fixture
def otto(world: World) -> Any:
    """Organization admin of Riverside's organization, no authenticator yet."""
    return build_user("otto", (world.practice_a, Role.ORGANIZATION_ADMIN))


@override_settings(CASEPATH_REQUIRE_ADMIN_2FA=True)
def test_admin_without_a_device_must_set_one_up(otto: Any) -> None:
    client = signed_in(otto)
    for page in ("/", "/patients/", "/practice/staff/"):
        response = client.get(page)
        assert (response.status_code, response["Location"]) == (302, "/accounts/two-factor/")
    assert client.get("/accounts/two-factor/").status_code == 200
    assert client.get("/api/v1/me").status_code == 401


@override_settings(CASEPATH_REQUIRE_ADMIN_2FA=False)
def test_admin_may_skip_the_device_when_not_required(otto: Any) -> None:
    client = signed_in(otto)
    assert client.get("/practice/staff/").status_code == 200
    assert client.get("/api/v1/me").json()["memberships"][0]["role"] == "org_admin"


@override_settings(CASEPATH_REQUIRE_ADMIN_2FA=True)
def test_admin_with_a_verified_device_works(otto: Any) -> None:
    client = verified_client(otto)
    assert client.get("/practice/staff/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200


@override_settings(CASEPATH_REQUIRE_ADMIN_2FA=True)
def test_other_roles_may_do_without_a_device(world: World) -> None:
    for user in (world.tess, world.fran, world.doc, world.mona):
        assert signed_in(user).get("/patients/").status_code == 200


@pytest.mark.parametrize("page", ["/accounts/settings/", "/accounts/tokens/"])
def test_account_pages_wait_for_the_second_factor(
    world: World, enrolled: TOTPDevice, page: str
) -> None:
    client = Client()
    log_in(client, "tess")
    assert client.get(page)["Location"] == f"/accounts/verify/?next={page}"


def test_password_alone_cannot_mint_an_api_token(world: World, enrolled: TOTPDevice) -> None:
    """A token would let a password-only sign-in use the API without the second factor."""
    client = Client()
    log_in(client, "tess")
    response = client.post("/accounts/tokens/", {"name": "exfiltrate"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/verify/")
    assert not ApiToken.objects.exists()


@override_settings(CASEPATH_REQUIRE_ADMIN_2FA=True)
def test_admin_must_enrol_before_creating_tokens(otto: Any) -> None:
    response = signed_in(otto).post("/accounts/tokens/", {"name": "sync"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/two-factor/")
    assert not ApiToken.objects.exists()


def test_pages_needed_before_the_second_factor_stay_open(
    world: World, enrolled: TOTPDevice
) -> None:
    client = Client()
    log_in(client, "tess")
    assert client.get("/accounts/verify/").status_code == 200
    assert client.post("/accounts/keepalive/").status_code == 204
    assert client.get("/accounts/password/reset/").status_code == 200
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"
