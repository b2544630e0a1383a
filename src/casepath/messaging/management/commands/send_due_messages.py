"""`casepath manage send_due_messages`: send what is due now (for cron, besides the worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from casepath.messaging.sending import message_send_due


class Command(BaseCommand):
    help = "Send the e-mails and texts that are due (and retry those a crash interrupted)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = message_send_due(now=timezone.now())
        self.stdout.write(f"{sent} message(s) sent")
