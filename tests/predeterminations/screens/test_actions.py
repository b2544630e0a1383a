"""The section's small forms: send, not needed, void, discussed. With htmx each answers
with the section (a refusal beside the field, or above the form, status 200); a void
that takes an answer out of the estimates reloads the whole case page."""

from __future__ import annotations

import re
from typing import Any

from casepath.predeterminations.models import Predetermination
from tests.conftest import World, signed_in
from tests.predeterminations.builders import drafted, received, sent
from tests.predeterminations.screens.conftest import HTMX, field_error, text_of, url
from tests.predeterminations.services.helpers import rows, state


def post(user: Any, name: str, pd_id: int, data: dict[str, str], htmx: bool = True) -> Any:
    return signed_in(user).post(url(name, pd_id), data, **(HTMX if htmx else {}))


def test_send_by_mail_shows_the_section_with_the_request_sent(world: World) -> None:
    pd = drafted(world).pd
    data = {"sent_on": "2026-03-13", "channel": "mail", "payer_reference": "PA-0419"}
    response = post(world.tess, "send", pd.pk, data)
    assert response.status_code == 200
    saved = Predetermination.objects.get(pk=pd.pk)
    assert (saved.status, str(saved.sent_on), saved.channel, saved.payer_reference) == (
        "sent",
        "2026-03-13",
        "mail",
        "PA-0419",
    )
    words = text_of(response.content.decode())
    assert "Marked the pre-determination sent." in words
    assert "Sent 03/13/2026 by mail · reference PA-0419" in words


def test_a_front_desk_user_can_send_without_htmx(world: World) -> None:
    pd = drafted(world).pd
    data = {"sent_on": "2026-03-13", "channel": "fax"}
    response = post(world.fran, "send", pd.pk, data, htmx=False)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{pd.case_id}/#case-predeterminations"
    assert Predetermination.objects.get(pk=pd.pk).status == "sent"


def test_send_errors_are_beside_their_fields(world: World) -> None:
    pd = drafted(world).pd
    before = (rows(), state(pd))
    page = post(world.tess, "send", pd.pk, {"sent_on": "2026-03-11", "channel": ""}).content
    assert field_error(page.decode(), f"pd{pd.pk}-send-channel") == "Choose how it was sent."
    page = post(world.tess, "send", pd.pk, {"sent_on": "2026-03-11", "channel": "mail"}).content
    assert field_error(page.decode(), f"pd{pd.pk}-send-sent_on") == (
        "It cannot be sent on 2026-03-11, before it was created on 2026-03-12."
    )
    assert re.search(r"<details open>\s*<summary>Send", page.decode())
    assert (rows(), state(pd)) == before


def test_sending_twice_is_refused_above_the_form(world: World) -> None:
    pd = sent(world).pd
    before = (rows(), state(pd))
    response = post(world.tess, "send", pd.pk, {"sent_on": "2026-03-20", "channel": "mail"})
    assert response.status_code == 200
    assert "The pre-determination is already sent." in text_of(response.content.decode())
    assert (rows(), state(pd)) == before


def test_not_needed_sets_a_draft_aside(world: World) -> None:
    pd = drafted(world).pd
    data = {"to": "not_needed", "reason": "The patient chose the bridge."}
    response = post(world.tess, "close", pd.pk, data)
    assert response.status_code == 200
    saved = Predetermination.objects.get(pk=pd.pk)
    assert (saved.status, saved.closed_reason) == ("not_needed", "The patient chose the bridge.")
    words = text_of(response.content.decode())
    assert "Not needed" in words and "Why: The patient chose the bridge." in words


def test_voiding_an_answer_reloads_the_case_page(world: World) -> None:
    pd = received(world).pd
    response = post(world.tess, "close", pd.pk, {"to": "voided", "reason": "Wrong coverage"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/cases/{pd.case_id}/#case-predeterminations"
    assert Predetermination.objects.get(pk=pd.pk).status == "voided"


def test_a_voided_request_cannot_be_voided_again(world: World) -> None:
    pd = drafted(world).pd
    post(world.tess, "close", pd.pk, {"to": "voided", "reason": ""})
    before = (rows(), state(pd))
    response = post(world.tess, "close", pd.pk, {"to": "not_needed", "reason": ""})
    assert response.status_code == 200
    assert "is final" in text_of(response.content.decode())
    assert (rows(), state(pd)) == before


def test_discussed_on_a_day(world: World) -> None:
    pd = received(world).pd
    response = post(world.tess, "discussed", pd.pk, {"on": "2026-04-02"})
    assert response.status_code == 200
    assert str(Predetermination.objects.get(pk=pd.pk).discussed_on) == "2026-04-02"
    assert "Discussed with the patient 04/02/2026" in text_of(response.content.decode())


def test_discussed_before_the_answer_is_refused_beside_the_date(world: World) -> None:
    pd = received(world).pd
    before = (rows(), state(pd))
    page = post(world.tess, "discussed", pd.pk, {"on": "2026-03-30"}).content.decode()
    assert field_error(page, f"pd{pd.pk}-discussed-on") == (
        "Give a day from 2026-04-02 (received) to 2026-04-02."
    )
    assert (rows(), state(pd)) == before


def test_a_provider_cannot_send_close_or_discuss(world: World) -> None:
    pd = received(world).pd
    before = (rows(), state(pd))
    assert (
        post(world.doc, "send", pd.pk, {"sent_on": "2026-03-13", "channel": "mail"}).status_code
        == 403
    )
    assert post(world.doc, "close", pd.pk, {"to": "voided"}).status_code == 403
    assert post(world.doc, "discussed", pd.pk, {"on": "2026-04-02"}).status_code == 403
    assert (rows(), state(pd)) == before


def test_the_outsider_does_not_find_the_request(world: World) -> None:
    pd = drafted(world).pd
    response = post(world.olga, "send", pd.pk, {"sent_on": "2026-03-13", "channel": "mail"})
    assert response.status_code == 404
    assert Predetermination.objects.get(pk=pd.pk).status == "draft"
