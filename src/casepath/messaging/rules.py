"""Whether a message may go to a patient now, and if not, why, in words.

Texts need a mobile number, the patient's consent, no STOP since, texting set up, and
(for automated texts) the daytime of the patient's time zone. E-mails need an address
that has not unsubscribed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings

from casepath.core.messaging import is_quiet
from casepath.core.patient_search import phone_key
from casepath.messaging.models import Channel, OptOut
from casepath.messaging.providers import sms_provider
from casepath.patients.models import Patient, is_phone_number
from casepath.tenancy.scoping import scoped


@dataclass(frozen=True)
class Problem:
    """Why a message cannot go: `path` names the field, `why` says it."""

    path: str
    why: str


def address_of(patient: Patient, channel: str) -> str:
    """Where the message goes: the e-mail address, or the mobile number in E.164 form
    (+1 and ten digits)."""
    if channel == Channel.EMAIL:
        return patient.email.strip().lower()
    if not is_phone_number(patient.mobile_phone):
        return ""
    return f"+1{phone_key(patient.mobile_phone)}"


def problem_of(patient: Patient, channel: str) -> Problem | None:
    """The first reason `patient` cannot get a message on `channel`, or None."""
    if channel == Channel.SMS:
        return _text_problem(patient)
    return _email_problem(patient)


def _text_problem(patient: Patient) -> Problem | None:
    name = patient.display_name
    if sms_provider() is None:
        return Problem("channel", "Texting is not set up for this Casepath (CASEPATH_SMS).")
    if not address_of(patient, Channel.SMS):
        return Problem("to", f"{name} has no mobile number on file.")
    stopped = _opt_out(patient, Channel.SMS)
    if stopped is not None:
        return Problem("channel", f"{name} replied STOP on {_day(stopped, patient)}: no texts.")
    if not patient.sms_consent:
        return Problem("channel", f"{name} has not agreed to text messages.")
    return None


def _email_problem(patient: Patient) -> Problem | None:
    name = patient.display_name
    if not patient.email.strip():
        return Problem("to", f"{name} has no e-mail address on file.")
    stopped = _opt_out(patient, Channel.EMAIL)
    if stopped is not None:
        return Problem("channel", f"{name} unsubscribed from e-mails on {_day(stopped, patient)}.")
    if not settings.CASEPATH_PUBLIC_URL:
        return Problem("channel", "Set CASEPATH_PUBLIC_URL: e-mails carry an unsubscribe link.")
    return None


def quiet_problem(patient: Patient, now: datetime) -> Problem | None:
    """Night in the patient's time zone: automated texts wait, a person's send is refused."""
    zone = zone_of(patient)
    if not is_quiet(now, zone):
        return None
    local = now.astimezone(zone).strftime("%-I:%M %p").lower()
    return Problem(
        "channel",
        f"It is {local} for {patient.display_name} ({zone.key}): texts go out from 8:00 am "
        "to 9:00 pm their time. Send it after 8:00 am, or call.",
    )


def zone_of(patient: Patient) -> ZoneInfo:
    """The patient's time zone (the practice's when the patient's is not a real zone)."""
    for name in (patient.time_zone, patient.practice.time_zone, settings.TIME_ZONE):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("America/New_York")


def _opt_out(patient: Patient, channel: str) -> OptOut | None:
    return (
        scoped(OptOut, patient.practice)
        .filter(patient=patient, channel=channel, ended_at=None)
        .first()
    )


def _day(opt_out: OptOut, patient: Patient) -> str:
    return opt_out.at.astimezone(zone_of(patient)).strftime("%m/%d/%Y")
