"""A TC sends a message from a follow-up task (template, preview, send), and a patient's
messages are listed with how each went."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import time_machine

from casepath.followups.models import TaskKind, TaskStatus
from casepath.messaging.models import Message, MessageStatus
from casepath.messaging.sending import message_send_due
from tests.cases.builders import build_case
from tests.conftest import World, signed_in
from tests.followups.builders import build_task
from tests.messaging.builders import NEW_YORK, NOW, email_template, queue, reachable, text_template
from tests.messaging.fake_sms import FakeSms


def send_url(task: Any) -> str:
    return f"/messages/tasks/{task.pk}/send/"


def test_the_tc_previews_then_sends_an_email_and_the_task_is_done(
    world: World, at_now: Any
) -> None:
    reachable(world.patient_a)
    template = email_template(world, body="Hi {{ patient.first_name }}, about {{ case.title }}.")
    task = build_task(world, kind=TaskKind.EMAIL, case=build_case(world))
    client = signed_in(world.tess)
    page = client.get(send_url(task))
    assert page.status_code == 200 and page.context["problem"] is None
    key = page.context["form"]["key"].value()
    posted = {"template": template.pk, "key": key}
    preview = client.post(send_url(task), posted | {"preview": "1"})
    assert preview.context["preview"].body.startswith(
        "Hi Ana, about Missing lower left molar.\n\nTo stop e-mails"
    )
    assert not Message.objects.exists()
    sent = client.post(send_url(task), posted | {"send": "1"})
    assert sent.status_code == 302 and sent["Location"] == "/follow-ups/"
    again = client.post(send_url(task), posted | {"send": "1"})  # a double click
    assert again.status_code == 302
    message = Message.objects.get()
    assert (message.task, message.case, message.sent_by) == (task, task.case, world.tess)
    task.refresh_from_db()
    assert (task.status, task.closed_by) == (TaskStatus.DONE, world.tess)


def test_a_text_task_for_a_patient_without_consent_says_why_and_sends_nothing(
    world: World, fake_sms: FakeSms, at_now: Any
) -> None:
    reachable(world.patient_a, sms_consent=False)
    template = text_template(world)
    task = build_task(world, kind=TaskKind.SMS)
    client = signed_in(world.tess)
    page = client.get(send_url(task))
    assert page.context["problem"].why == "Ana Lopez has not agreed to text messages."
    refused = client.post(send_url(task), {"template": template.pk, "key": "k1", "send": "1"})
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [
        "Ana Lopez has not agreed to text messages."
    ]
    assert not Message.objects.exists()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_a_text_send_now_at_night_is_refused(world: World, fake_sms: FakeSms) -> None:
    reachable(world.patient_a)
    template = text_template(world)
    task = build_task(world, kind=TaskKind.SMS)
    with time_machine.travel(datetime(2026, 3, 10, 21, 5, tzinfo=NEW_YORK), tick=False):
        response = signed_in(world.tess).post(
            send_url(task), {"template": template.pk, "key": "k1", "send": "1"}
        )
    assert response.status_code == 200
    assert "It is 9:05 pm for Ana Lopez" in response.context["form"].non_field_errors()[0]
    assert not Message.objects.exists()


def test_only_templates_of_the_tasks_kind_are_offered(world: World, at_now: Any) -> None:
    reachable(world.patient_a)
    email_template(world)
    text = text_template(world)
    task = build_task(world, kind=TaskKind.EMAIL)
    client = signed_in(world.tess)
    offered = client.get(send_url(task)).context["form"].fields["template"].queryset
    assert [t.name for t in offered] == ["Plan follow-up"]
    wrong = client.post(send_url(task), {"template": text.pk, "key": "k", "send": "1"})
    assert wrong.status_code == 200 and "template" in wrong.context["form"].errors


def test_a_call_task_sends_nothing_and_others_cannot_send(world: World, at_now: Any) -> None:
    call = build_task(world, kind=TaskKind.CALL)
    email = build_task(world, kind=TaskKind.EMAIL)
    assert signed_in(world.tess).get(send_url(call)).status_code == 404
    assert signed_in(world.doc).get(send_url(email)).status_code == 403  # a provider
    assert signed_in(world.olga).get(send_url(email)).status_code == 404
    assert signed_in(world.olga).post(send_url(email), {}).status_code == 404


def test_the_patients_messages_list_each_with_its_status(
    world: World, fake_sms: FakeSms, at_now: Any
) -> None:
    reachable(world.patient_a)
    queue(world, email_template(world))
    queue(world, text_template(world))
    message_send_due(now=NOW)
    reachable(world.patient_a, sms_consent=False)
    queue(world, text_template(world, name="Later"), automated=True, acting_user=None)
    client = signed_in(world.tess)
    response = client.get(f"/messages/patients/{world.patient_a.pk}/")
    listed = [(m.channel, m.status) for m in response.context["patient_messages"]]
    assert sorted(listed) == [
        ("email", MessageStatus.SENT),  # to the test suite's locmem mail backend
        ("sms", MessageStatus.BLOCKED),
        ("sms", MessageStatus.SENT),
    ]
    html = response.content.decode()
    assert "Not sent" in html and "Ana Lopez has not agreed to text messages." in html
    fragment = client.get(f"/messages/patients/{world.patient_a.pk}/", HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode() and "Not sent" in fragment.content.decode()
    assert signed_in(world.olga).get(f"/messages/patients/{world.patient_a.pk}/").status_code == 404
