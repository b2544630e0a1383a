"""The unsubscribe link of an e-mail: a public URL whose signed token names the patient
(and a digest of the address, which stays out of the URL and of server logs), so whoever
holds the e-mail, and only they, can end e-mails to the patient."""

from __future__ import annotations

import hashlib
from typing import Final

from django.conf import settings
from django.core import signing
from django.urls import reverse

from casepath.core.errors import CasepathError
from casepath.patients.models import Patient

SALT: Final = "casepath.messaging.unsubscribe"


def unsubscribe_token(patient: Patient, address: str) -> str:
    """The same token every time for this patient and address (it never expires)."""
    return signing.Signer(salt=SALT).sign_object([patient.pk, _digest(address)])


def unsubscribe_url(patient: Patient, address: str) -> str:
    base = settings.CASEPATH_PUBLIC_URL
    if not base:
        raise CasepathError.at(
            "channel", "Set CASEPATH_PUBLIC_URL: every e-mail carries an unsubscribe link."
        )
    path = reverse("messaging:unsubscribe", args=[unsubscribe_token(patient, address)])
    return f"{base}{path}"


def read_token(token: str) -> tuple[int, str] | None:
    """(patient id, address digest) of a genuine token, else None."""
    try:
        patient_id, address = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(patient_id, int) or not isinstance(address, str):
        return None
    return patient_id, address


def _digest(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()[:16]


def sending_key(practice_id: int, idempotency_key: str) -> str:
    """What the providers see of a message's key: the same on every retry, unique across
    practices, and saying nothing about the patient."""
    return hashlib.sha256(f"{practice_id}:{idempotency_key}".encode()).hexdigest()[:40]
