"""Authenticator-app helpers: compute the code a phone would show, sign in with a device."""

from __future__ import annotations

import time
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_now(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The six digits the authenticator app shows for `device` at the (frozen) time."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    """Six digits that no tolerated time step accepts."""
    accepted = {code_now(device, steps) for steps in range(-device.tolerance, device.tolerance + 1)}
    return next(c for c in (f"{n:06d}" for n in range(10**6)) if c not in accepted)


def confirmed_device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def verified_client(user: Any) -> Client:
    """Signed in with password and second factor, as after /accounts/verify/."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or confirmed_device(user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
