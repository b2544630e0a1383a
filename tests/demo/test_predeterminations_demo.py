"""The demo's pre-determinations: each practice has one in every state of the work queue.

The demo is seeded once for the module (inside a transaction rolled back at the end).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction

from casepath.cases.models import CaseEvent
from casepath.demo.generator import seed_database
from casepath.followups.models import Task, TaskStatus
from casepath.interop.fhir_predetermination import is_npi
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.selectors import predetermination_settings, work_queue
from casepath.tenancy.models import Practice

AS_OF = date(2026, 11, 2)  # a Monday
STATUSES = {"draft", "sent", "received", "expired", "not_needed", "voided"}


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        seed_database(patients_per_practice=40, seed=3, as_of=AS_OF)
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("seeded", "db")


def practices() -> list[Practice]:
    return list(Practice.objects.order_by("pk"))


def test_every_status_in_every_practice() -> None:
    for practice in practices():
        made = Predetermination.objects.filter(practice=practice)
        assert set(made.values_list("status", flat=True)) == STATUSES, practice
        assert made.count() == 9
        assert made.values("case_id").distinct().count() >= 5


def test_the_work_queue_has_each_list() -> None:
    for practice in practices():
        queue = work_queue(practice, AS_OF)
        assert [pd.sent_on < AS_OF - timedelta(days=30) for pd in queue.waiting] == [True]
        [to_discuss] = queue.to_discuss
        assert to_discuss.received_on is not None
        assert AS_OF - timedelta(days=5) <= to_discuss.received_on <= AS_OF
        [expiring] = queue.expiring
        assert expiring.discussed_on is not None and expiring.response_expiry is not None
        assert expiring.expires_on is not None
        assert AS_OF < expiring.expires_on <= AS_OF + timedelta(days=30)
        recent = Predetermination.objects.filter(
            practice=practice, status="sent", sent_on__gte=AS_OF - timedelta(days=14)
        )
        assert recent.count() == 1


def test_the_answer_to_discuss_has_its_open_call() -> None:
    for practice in practices():
        [to_discuss] = work_queue(practice, AS_OF).to_discuss
        mine = Task.objects.filter(practice=practice, key__startswith="predetermination:")
        [task] = mine.filter(status=TaskStatus.OPEN)
        assert (task.case_id, task.priority, task.owner) == (
            to_discuss.case_id,
            3,
            to_discuss.case.coordinator,
        )
        assert task.key.startswith(f"predetermination:{to_discuss.pk}:")
        closed = mine.exclude(status=TaskStatus.OPEN)
        assert set(closed.values_list("status", flat=True)) == {TaskStatus.DONE}


def test_answers_show_in_the_estimates_and_dates_are_in_order() -> None:
    for pd in Predetermination.objects.filter(status="received").select_related("option"):
        estimate = pd.option.estimate
        assert estimate is not None
        assert "pre-determination of" in json.dumps(estimate.response), pd
    for pd in Predetermination.objects.select_related("case"):
        assert pd.case.status not in ("declined", "expired"), pd
        days = [pd.case.diagnosed_on, pd.created_on, pd.sent_on, pd.received_on, pd.discussed_on]
        known = [day for day in days if day is not None]
        assert known == sorted(known) and known[-1] <= AS_OF, pd


def test_timeline_rows_are_dated_to_the_story() -> None:
    events = CaseEvent.objects.filter(kind="predetermination")
    assert events.count() >= 2 * 15
    assert all(event.created_at.date() <= AS_OF for event in events)
    assert all(event.created_at.weekday() < 5 for event in events.exclude(data__status="expired"))


def test_the_practices_can_send_electronically() -> None:
    for practice in practices():
        rules = predetermination_settings(practice)
        assert is_npi(rules.billing_npi) and rules.tax_id
    electronic = Predetermination.objects.filter(channel="electronic")
    assert electronic.count() == 4
    assert all(pd.claim["use"] == "preauthorization" for pd in electronic)
