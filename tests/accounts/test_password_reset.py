"""Password reset by e-mail, delivered through a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from tests.accounts.conftest import is_signed_in, log_in
from tests.builders import PASSWORD
from tests.conftest import World
from tests.smtp import Inbox

NEW_PASSWORD = "molar-crown-bridge-2026"
RESET_LINK = re.compile(r"http://testserver(/accounts/password/reset/[^/\s]+/[^/\s]+/)")


def _ask_for_reset(email: str) -> Any:
    return Client().post("/accounts/password/reset/", {"email": email})


def _reset_path(inbox: Inbox) -> str:
    [(recipients, message)] = inbox.deliveries
    assert recipients == ["tess@example.com"]
    assert message["Subject"] == "Reset your Casepath password"
    body = message.get_payload(decode=True).decode()
    assert body.startswith("Hello Tess Tester,")
    found = RESET_LINK.search(body)
    assert found, body
    return found.group(1)


def _choose_new_password(client: Client, path: str, password: str) -> Any:
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]
    return client.post(set_password_url, {"new_password1": password, "new_password2": password})


def test_reset_link_arrives_by_smtp_and_sets_a_new_password(
    world: World, smtp_inbox: Inbox
) -> None:
    response = _ask_for_reset("tess@example.com")
    assert (response.status_code, response["Location"]) == (302, "/accounts/password/reset/sent/")
    path = _reset_path(smtp_inbox)
    client = Client()
    done = _choose_new_password(client, path, NEW_PASSWORD)
    assert (done.status_code, done["Location"]) == (302, "/accounts/password/reset/complete/")
    assert log_in(Client(), "tess", PASSWORD).status_code == 200
    fresh = Client()
    assert log_in(fresh, "tess", NEW_PASSWORD).status_code == 302
    assert is_signed_in(fresh)


def test_reset_link_works_once(world: World, smtp_inbox: Inbox) -> None:
    _ask_for_reset("tess@example.com")
    path = _reset_path(smtp_inbox)
    _choose_new_password(Client(), path, NEW_PASSWORD)
    again = Client().get(path, follow=True)
    assert not again.context["validlink"]
    assert "This link no longer works" in again.content.decode()


def test_weak_new_password_is_refused(world: World, smtp_inbox: Inbox) -> None:
    _ask_for_reset("tess@example.com")
    refused = _choose_new_password(Client(), _reset_path(smtp_inbox), "12345678")
    assert refused.status_code == 200
    assert refused.context["form"].errors["new_password2"]
    assert log_in(Client(), "tess", PASSWORD).status_code == 302


def test_unknown_address_gets_the_same_page_and_no_mail(world: World, smtp_inbox: Inbox) -> None:
    known = _ask_for_reset("tess@example.com")
    unknown = _ask_for_reset("nobody@example.com")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert len(smtp_inbox.deliveries) == 1
    page = Client().get(unknown["Location"]).content.decode()
    assert "If an account uses that address" in page
