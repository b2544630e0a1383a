"""The link in a welcome or reminder message that confirms the visit.

The token is signed (never stored) and names the intake and the visit's start (in UTC):
a link for a visit that was moved since says so instead of confirming the new time.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

from casepath.intake.models import Intake

SALT = "casepath.intake.confirm"


def confirm_token(intake: Intake) -> str:
    visit = intake.first_visit
    starts = _utc(visit.starts_at) if visit is not None else ""
    return signing.Signer(salt=SALT).sign_object([intake.pk, starts])


def confirm_url(intake: Intake) -> str:
    path = reverse("intake_public:confirm", args=[confirm_token(intake)])
    return settings.CASEPATH_PUBLIC_URL.rstrip("/") + path


def read_confirm_token(token: str) -> tuple[int, str] | None:
    """(intake id, the visit's start as given) or None for a link that is not ours."""
    try:
        intake_id, starts = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(intake_id, int) or not isinstance(starts, str):
        return None
    return intake_id, starts


def link_is_current(intake: Intake, starts: str) -> bool:
    """Whether the link (its visit's start, `starts`) is for the intake's visit now."""
    visit = intake.first_visit
    if visit is None or not starts:
        return False
    try:
        given = datetime.fromisoformat(starts)
    except ValueError:
        return False
    return given.tzinfo is not None and given == visit.starts_at


def _utc(moment: datetime) -> str:
    """The same instant however the caller gave it (a zone's time, or UTC from the database)."""
    return moment.astimezone(UTC).isoformat()
