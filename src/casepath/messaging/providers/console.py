"""The demo's text provider: each text is written to the log instead of being sent."""

from __future__ import annotations

import hashlib
import logging

logger = logging.getLogger("casepath.messaging.sms")


class ConsoleProvider:
    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        logger.info("Text to %s (not sent: CASEPATH_SMS=console): %s", to, body)
        return "console-" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:16]
