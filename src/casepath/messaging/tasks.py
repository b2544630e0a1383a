"""Background tasks (django-tasks, database backend: `casepath worker` runs them)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django_tasks import task


@task()
def send_due_messages() -> int:
    """Send every message that is due (and retry sends a crash interrupted)."""
    from casepath.messaging.sending import message_send_due

    return message_send_due(now=timezone.now())


def send_due_at(when: datetime) -> None:
    """Queue a run of `send_due_messages` for `when` (call it from transaction.on_commit)."""
    later = send_due_messages.using(run_after=when) if when > timezone.now() else send_due_messages
    later.enqueue()
