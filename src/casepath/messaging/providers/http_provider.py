"""A text provider behind a plain JSON API: POST {to, from, body} to CASEPATH_SMS_URL.

The request carries `Authorization: Bearer <CASEPATH_SMS_TOKEN>` and the message's
`Idempotency-Key`, so a provider that sees the same key twice sends once; the answer
is JSON with the provider's `id`. The token is never logged nor put in an error.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Final

from casepath.messaging.providers import SendFailed, SendRefused

TIMEOUT_SECONDS: Final = 10
RETRY_STATUSES: Final = frozenset({408, 409, 425, 429})


class HttpProvider:
    def __init__(self, *, url: str, token: str, sender: str) -> None:
        self.url, self._token, self.sender = url, token, sender

    def __repr__(self) -> str:
        return f"HttpProvider(url={self.url!r}, sender={self.sender!r})"  # never the token

    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        payload = json.dumps({"to": to, "from": self.sender, "body": body}).encode()
        request = urllib.request.Request(  # noqa: S310 (the URL is https/http, checked in settings)
            self.url,
            data=payload,
            method="POST",
            headers={
                "Authorization": f"Bearer {self._token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Idempotency-Key": idempotency_key,
            },
        )
        return _provider_id(_post(request))


def _post(request: urllib.request.Request) -> Any:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            return json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        said = _said(error)
        if error.code >= 500 or error.code in RETRY_STATUSES:
            raise SendFailed(f"The text provider answered {error.code}{said}.") from None
        raise SendRefused(f"The text provider refused it ({error.code}){said}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise SendFailed(f"The text provider could not be reached: {reason}.") from None
    except ValueError:
        raise SendFailed("The text provider's answer was not JSON.") from None


def _said(error: urllib.error.HTTPError) -> str:
    """The provider's own words, when it sent some (short)."""
    try:
        detail = json.loads(error.read() or b"{}")
    except ValueError:
        return ""
    words = detail.get("error") or detail.get("message") if isinstance(detail, dict) else None
    return f": {str(words)[:150]}" if words else ""


def _provider_id(answer: Any) -> str:
    if not isinstance(answer, dict) or not answer.get("id"):
        raise SendFailed("The text provider's answer had no message id.")
    return str(answer["id"])[:200]
