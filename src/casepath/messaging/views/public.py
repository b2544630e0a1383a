"""Public endpoints, without a staff sign-in: the unsubscribe link of an e-mail, and the
text provider's webhooks (a patient's reply; a delivery report), which prove themselves
with the shared secret CASEPATH_SMS_WEBHOOK_SECRET as a bearer token."""

from __future__ import annotations

import hmac
import json
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from casepath.core.messaging import words_for
from casepath.messaging import replies


@csrf_exempt  # the signed token is the proof; mail providers post one-click (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners open links); POST stops e-mails to the patient."""
    patient = replies.token_patient(token)
    if patient is None:
        return render(request, "messaging/unsubscribe.html", _page(None, "bad"), status=404)
    if request.method == "POST":
        replies.email_unsubscribe(token=token, now=timezone.now())
    state = "done" if request.method == "POST" else "ask"
    return render(request, "messaging/unsubscribe.html", _page(patient, state))


def _page(patient: Any, state: str) -> dict[str, Any]:
    practice = patient.practice if patient is not None else None
    words = words_for(patient.preferred_language if patient is not None else "English")
    phone = practice.phone if practice else ""
    return {
        "state": state,
        "w": words,
        "practice_name": practice.name if practice else "",
        "call_us": words["call_us"].format(phone=phone) if phone else "",
    }


@csrf_exempt
@require_POST
def sms_inbound(request: HttpRequest) -> HttpResponse:
    """A patient's reply: {"from": "+16145550101", "body": "STOP"}."""
    payload = _webhook_payload(request)
    if isinstance(payload, HttpResponse):
        return payload
    changed = replies.sms_reply_receive(
        sender=str(payload.get("from", "")), text=str(payload.get("body", "")), now=timezone.now()
    )
    return JsonResponse({"patients": changed})


@csrf_exempt
@require_POST
def sms_status(request: HttpRequest) -> HttpResponse:
    """A delivery report: {"id": "<provider's id>", "status": "delivered", "error": ""}."""
    payload = _webhook_payload(request)
    if isinstance(payload, HttpResponse):
        return payload
    matched = replies.sms_delivery_report(
        provider_id=str(payload.get("id", "")),
        status=str(payload.get("status", "")),
        error=str(payload.get("error", "") or ""),
        now=timezone.now(),
    )
    return JsonResponse({"matched": matched})


def _webhook_payload(request: HttpRequest) -> dict[str, Any] | HttpResponse:
    """The posted JSON object, or the answer to a caller without the secret."""
    secret = settings.CASEPATH_SMS_WEBHOOK_SECRET
    if not secret:
        raise Http404("The text webhooks are off (CASEPATH_SMS_WEBHOOK_SECRET)")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), secret.encode()):
        return JsonResponse({"error": "Wrong or missing webhook secret."}, status=403)
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return JsonResponse({"error": "Send a JSON object."}, status=400)
    return payload
