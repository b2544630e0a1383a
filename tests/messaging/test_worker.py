"""The background worker (django-tasks, database backend) sends what is queued, when due."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from casepath.messaging.models import MessageStatus
from tests.conftest import World
from tests.messaging.builders import NEW_YORK, NOW, email_template, queue, reachable, text_template
from tests.messaging.fake_sms import FakeSms
from tests.smtp import Inbox


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_queued_email_is_sent_by_the_worker(world: World, smtp_inbox: Inbox) -> None:
    with time_machine.travel(NOW, tick=False):
        reachable(world.patient_a)
        message = queue(world, email_template(world))
        assert DBTaskResult.objects.count() == 1  # queued on commit
        run_worker()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [to for to, _ in smtp_inbox.deliveries] == [["ana@example.com"]]


@pytest.mark.django_db(transaction=True)
def test_a_text_queued_at_night_is_sent_by_the_worker_at_8(world: World, fake_sms: FakeSms) -> None:
    night = datetime(2026, 3, 10, 22, 15, tzinfo=NEW_YORK)
    morning = datetime(2026, 3, 11, 8, 0, tzinfo=NEW_YORK)
    with time_machine.travel(night, tick=False):
        reachable(world.patient_a)
        message = queue(world, text_template(world), automated=True, acting_user=None, now=night)
        assert DBTaskResult.objects.get().run_after == morning
        run_worker()
    assert fake_sms.requests == []
    with time_machine.travel(morning, tick=False):
        run_worker()
    message.refresh_from_db()
    assert (message.status, message.sent_at) == (MessageStatus.SENT, morning)
    assert len(fake_sms.texts) == 1


@pytest.mark.django_db(transaction=True)
def test_each_send_queues_its_own_recovery_run(world: World, fake_sms: FakeSms) -> None:
    """If the worker dies mid-send, a run after the lease is already waiting for it."""
    with time_machine.travel(NOW, tick=False):
        reachable(world.patient_a)
        queue(world, text_template(world))
        run_worker()
    waiting: Any = DBTaskResult.objects.filter(status="READY").get()
    assert waiting.run_after == datetime(2026, 3, 10, 10, 5, tzinfo=NEW_YORK)
