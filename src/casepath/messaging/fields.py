"""The merge fields a message may use, and their values for one patient.

The same fields for e-mail and texts, except the unsubscribe link (e-mail only: a text
is ended by replying STOP). Values are plain text; the HTML part escapes them.
"""

from __future__ import annotations

from typing import Any, Final

from casepath.messaging.models import Channel
from casepath.patients.models import Patient

FIELD_HELP: Final[dict[str, str]] = {
    "patient.first_name": "The patient's first name (or the name they go by)",
    "patient.last_name": "Last name",
    "patient.full_name": "First and last name",
    "practice.name": "The practice's name",
    "practice.phone": "The practice's phone number",
    "case.title": "The case, e.g. “Missing lower left molar” (only for a message about a case)",
    "coordinator.name": "Who sends it (the treatment coordinator)",
    "visit.date": "The visit's day, e.g. Tuesday, December 1 (only for a message about a visit)",
    "visit.time": "The visit's time, e.g. 9:30 am",
    "visit.provider": "Who the patient will see",
    "visit.confirm_url": "The link that confirms the visit",
    "visit.type": "What the visit is for, e.g. Implant placement (only for an appointment)",
    "appointments.list": "The visits booked, one a line: day, time, what for, with whom",
    "unsubscribe_url": "E-mail only: the link that ends e-mails (added at the end if not used)",
}
EMAIL_FIELDS: Final = frozenset(FIELD_HELP)
SMS_FIELDS: Final = EMAIL_FIELDS - {"unsubscribe_url"}


def known_fields(channel: str) -> frozenset[str]:
    return EMAIL_FIELDS if channel == Channel.EMAIL else SMS_FIELDS


def field_values(
    patient: Patient, *, case: Any = None, sender: Any = None, unsubscribe_url: str = ""
) -> dict[str, str]:
    """The value of every field for `patient` (a field without a value is left out)."""
    practice = patient.practice
    values = {
        "patient.first_name": patient.preferred_name or patient.first_name,
        "patient.last_name": patient.last_name,
        "patient.full_name": patient.display_name,
        "practice.name": practice.name,
        "practice.phone": practice.phone,
        "coordinator.name": _name(sender) or practice.name,
    }
    if case is not None:
        values["case.title"] = case.title
    if unsubscribe_url:
        values["unsubscribe_url"] = unsubscribe_url
    return values


def sample_values(channel: str) -> dict[str, str]:
    """Made-up values for the template editor's preview."""
    values = {
        "patient.first_name": "Maria",
        "patient.last_name": "Garcia",
        "patient.full_name": "Maria Garcia",
        "practice.name": "Riverside Dental",
        "practice.phone": "(614) 555-0100",
        "case.title": "Missing lower left molar",
        "coordinator.name": "Tess Jones",
        "visit.date": "Tuesday, December 1",
        "visit.time": "9:30 am",
        "visit.provider": "Dr. Rosa Nunez",
        "visit.confirm_url": "https://casepath.example/n/confirm/…/",
        "visit.type": "Implant placement",
        "appointments.list": (
            "Tuesday, December 1, 2026 at 9:30 am: Extraction, with Dr. Alan Reyes (1 hour)\n"
            "Thursday, March 4, 2027 at 10:00 am: Implant placement, with Dr. Alan Reyes "
            "(1 hour 30 minutes)"
        ),
    }
    if channel == Channel.EMAIL:
        values["unsubscribe_url"] = "https://casepath.example/m/unsubscribe/…/"
    return values


def _name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(user.get_full_name() or user.get_username())
