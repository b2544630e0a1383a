"""Writes for a user's own account: API tokens and the second factor."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from casepath.accounts.models import ApiToken, hash_token, new_raw_token


@transaction.atomic
def api_token_create(*, acting_user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for the user; the raw value is returned once and never stored."""
    raw = new_raw_token()
    token = ApiToken(user=acting_user, name=name.strip(), hint=raw[:10], token_hash=hash_token(raw))
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, acting_user: Any, token: ApiToken) -> ApiToken:
    if token.user_id != acting_user.pk:
        raise PermissionError("only the owner revokes a token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def totp_device_pending(*, acting_user: Any) -> TOTPDevice:
    """The user's unconfirmed authenticator, created on first use."""
    device = TOTPDevice.objects.filter(user=acting_user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=acting_user, name="Authenticator app", confirmed=False
        )
    return device


@transaction.atomic
def totp_device_confirm(*, acting_user: Any, device: TOTPDevice, code: str) -> bool:
    """Confirm the authenticator when the code matches; returns whether it did."""
    if device.user_id != acting_user.pk or not device.verify_token(code.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
    return True
