"""Patient links: an unguessable token that opens one presentation on the patient's phone.

The raw token is made with `secrets.token_urlsafe(32)` (256 bits), shown to the TC once
and never stored: the database keeps only its SHA-256 (`PatientLink.token_hash`), so a
copy of the database opens nothing. The patient's page is at `link_path(token)`
("/p/<token>/").

For the patient pages (stable API):
- `find_link(token)` -> the PatientLink, or None for an unknown or malformed token.
  It does not judge the link: call `link_state(link, now)`.
- `link_state(link, now)` -> "open", "expired" or "revoked".
The link's presentation, case, patient and practice come with it (no further queries).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from casepath.cases.events import case_event
from casepath.cases.models import EventKind, PatientLink, Presentation
from casepath.cases.selectors import case_settings
from casepath.cases.snapshot import long_date
from casepath.core.cases import AWAITING_DECISION
from casepath.core.errors import CasepathError
from casepath.core.explain import language_of

TOKEN_BYTES = 32
LinkState = Literal["open", "expired", "revoked"]


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the database keeps of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_path(token: str) -> str:
    """The patient page of a token, from the site's root."""
    return f"/p/{token}/"


def find_link(token: str) -> PatientLink | None:
    """The link a token opens (any practice: the patient has no account), or None."""
    if not token or len(token) > 100:
        return None
    return (
        PatientLink.objects.select_related(
            "presentation", "case", "case__patient", "case__practice"
        )
        .filter(token_hash=token_hash(token))
        .first()
    )


def link_state(link: PatientLink, now: datetime) -> LinkState:
    if link.revoked_at is not None:
        return "revoked"
    return "expired" if now >= link.expires_at else "open"


@transaction.atomic
def link_make(
    *, acting_user: Any, presentation: Presentation, now: datetime, email_site: str = ""
) -> tuple[PatientLink, str]:
    """A new link to `presentation` and its raw token (show it once; it is not kept).

    With `email_site` (the site's address, "https://host"), the link is also e-mailed to
    the patient once the transaction commits.
    """
    case = presentation.case
    _check_linkable(presentation)
    patient = case.patient
    if email_site and not patient.email:
        raise CasepathError.at("email", "The patient has no e-mail address on file.")
    token = new_token()
    link = PatientLink(
        practice=case.practice,
        case=case,
        presentation=presentation,
        token_hash=token_hash(token),
        expires_at=now + timedelta(days=case_settings(case.practice).link_days),
        made_by=acting_user,
    )
    link.full_clean()
    link.save()
    until = timezone.localtime(link.expires_at).date()
    summary = (
        f"Made a patient link to presentation {presentation.number}, open until {until:%m/%d/%Y}"
    )
    if email_site:
        url = email_site.rstrip("/") + link_path(token)
        transaction.on_commit(lambda: _send(link, url, until), robust=True)
        summary += ", and e-mailed it to the patient"
    data = {"link": link.pk, "presentation": presentation.number, "emailed": bool(email_site)}
    case_event(case, kind=EventKind.LINK_SENT, actor=acting_user, summary=summary, data=data)
    return link, token


@transaction.atomic
def link_revoke(*, acting_user: Any, link: PatientLink, now: datetime) -> PatientLink:
    """Close a link for good: it opens nothing from now on."""
    if link.revoked_at is not None:
        raise CasepathError.at("link", "This link is already revoked.")
    link.revoked_at = now
    link.save(update_fields=["revoked_at", "updated_at"])
    case_event(
        link.case,
        kind=EventKind.LINK_REVOKED,
        actor=acting_user,
        summary=f"Revoked a patient link to presentation {link.presentation.number}",
        data={"link": link.pk, "presentation": link.presentation.number},
    )
    return link


def _check_linkable(presentation: Presentation) -> None:
    case = presentation.case
    latest = case.presentations.order_by("-number").values_list("pk", flat=True).first()
    if presentation.pk != latest:
        raise CasepathError.at("presentation", "Make links to the latest presentation only.")
    if case.plan_version != presentation.plan_version:
        raise CasepathError.at(
            "presentation", "The plan changed since this presentation: present it again first."
        )
    if case.status not in AWAITING_DECISION:
        raise CasepathError.at(
            "presentation",
            f"The case is {case.get_status_display().lower()}: links are for a case "
            "awaiting the patient's decision.",
        )


def _send(link: PatientLink, url: str, until: date) -> None:
    """The link e-mail: plain text in the patient's language, first name only."""
    case = link.case
    language = language_of(case.patient.preferred_language)
    context = {
        "first_name": case.patient.preferred_name or case.patient.first_name,
        "practice": case.practice.name,
        "phone": case.practice.phone,
        "url": url,
        "until": long_date(until, language),
    }
    subject = EMAIL_SUBJECTS[language].format(practice=case.practice.name)
    body = render_to_string(f"cases/present/link_email_{language}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [case.patient.email])


EMAIL_SUBJECTS = {
    "en": "Your treatment plan from {practice}",
    "es": "Su plan de tratamiento de {practice}",
}
