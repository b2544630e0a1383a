"""Message templates: an unknown merge field is refused when saved, naming it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from casepath.audit.models import AuditEvent
from casepath.core.errors import CasepathError
from casepath.messaging.models import MessageTemplate
from tests.conftest import World, signed_in
from tests.messaging.builders import email_template, text_template


def refusal(error: pytest.ExceptionInfo[CasepathError]) -> tuple[str, str]:
    return error.value.errors[0].path, error.value.errors[0].message


def test_an_unknown_field_in_the_body_is_refused_naming_it(world: World) -> None:
    with pytest.raises(CasepathError) as refused:
        email_template(world, body="Hi {{ patient.first_name }}, you owe {{ patient.balance }}.")
    assert refusal(refused) == (
        "body",
        "“{{ patient.balance }}” is not a merge field of an e-mail.",
    )
    assert not MessageTemplate.objects.exists()


def test_an_unknown_field_in_the_subject_is_refused_at_the_subject(world: World) -> None:
    with pytest.raises(CasepathError) as refused:
        email_template(world, subject="For {{ patient.nickname }}")
    assert refusal(refused) == (
        "subject",
        "“{{ patient.nickname }}” is not a merge field of an e-mail.",
    )


def test_a_text_cannot_carry_an_unsubscribe_link(world: World) -> None:
    with pytest.raises(CasepathError) as refused:
        text_template(world, body="Stop texts: {{ unsubscribe_url }}")
    assert refusal(refused) == (
        "body",
        "“{{ unsubscribe_url }}” is not a merge field of a text message.",
    )


def test_a_filter_or_a_tag_is_refused(world: World) -> None:
    with pytest.raises(CasepathError, match="is not a merge field") as refused:
        email_template(world, html_body="<p>{{ patient.first_name|upper }}</p>")
    assert refused.value.errors[0].path == "html_body"


def test_an_email_needs_a_subject(world: World) -> None:
    with pytest.raises(CasepathError) as refused:
        email_template(world, subject="  ")
    assert refusal(refused) == ("subject", "Give the e-mail a subject.")


def test_a_saved_template_is_audited_and_a_text_drops_email_parts(world: World) -> None:
    saved = text_template(world, subject="ignored", html_body="<p>ignored</p>")
    assert (saved.subject, saved.html_body) == ("", "")
    event = AuditEvent.objects.get(object_type="messagetemplate")
    assert event.summary == "Message template saved: Plan text"
    assert event.changes["body"]["after"].startswith("Hi {{ patient.first_name }}")


def test_two_templates_of_a_practice_cannot_share_a_name(world: World) -> None:
    email_template(world)
    with pytest.raises(ValidationError, match="Another message template of this practice"):
        email_template(world)


def test_the_template_page_shows_the_refusal_beside_the_field(world: World) -> None:
    response = signed_in(world.tess).post(
        "/messages/templates/new/",
        {"name": "Bad", "channel": "sms", "body": "Hi {{ patient.nickname }}", "is_active": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [
        "“{{ patient.nickname }}” is not a merge field of a text message."
    ]
    assert not MessageTemplate.objects.exists()


def test_the_template_page_saves_and_previews(world: World) -> None:
    client = signed_in(world.tess)
    response = client.post(
        "/messages/templates/new/",
        {
            "name": "Hello",
            "channel": "sms",
            "body": "Hi {{ patient.first_name }}",
            "is_active": "on",
        },
    )
    saved = MessageTemplate.objects.get(name="Hello")
    assert (
        response.status_code == 302 and response["Location"] == f"/messages/templates/{saved.pk}/"
    )
    page = client.get(response["Location"])
    assert page.context["preview"].body == "Hi Maria Reply STOP to end texts."
    assert "Hello" in client.get("/messages/templates/").content.decode()


def test_front_desk_cannot_edit_templates_and_an_outsider_finds_none(world: World) -> None:
    saved = email_template(world)
    assert signed_in(world.fran).get("/messages/templates/").status_code == 403
    assert signed_in(world.olga).get(f"/messages/templates/{saved.pk}/").status_code == 404
    assert signed_in(world.olga).post(f"/messages/templates/{saved.pk}/", {}).status_code == 404
