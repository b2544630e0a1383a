"""How messages leave Casepath: one interface for texts, Django's mail backends for e-mail.

A text provider's `send(to, body, idempotency_key)` returns the provider's id for the
message. It raises `SendRefused` when the provider will never take it (a bad number)
and `SendFailed` when trying again later may work (a timeout, the provider is down).
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings


class SendFailed(Exception):
    """Not sent this time; trying again later may work."""


class SendRefused(Exception):
    """Not sent and never will be as it stands (the message says why)."""


class SmsProvider(Protocol):
    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        """Send one text; the provider's id for it. The same key never sends twice."""
        ...


def sms_provider() -> SmsProvider | None:
    """The configured provider (CASEPATH_SMS), or None when texting is off."""
    from casepath.messaging.providers.console import ConsoleProvider
    from casepath.messaging.providers.http_provider import HttpProvider

    mode = getattr(settings, "SMS_MODE", "off")
    if mode == "http":
        return HttpProvider(
            url=settings.CASEPATH_SMS_URL,
            token=settings.CASEPATH_SMS_TOKEN,
            sender=settings.CASEPATH_SMS_FROM,
        )
    if mode == "console":
        return ConsoleProvider()
    return None
