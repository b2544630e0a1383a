"""Reads for the patient pages: only what the link's own case holds."""

from __future__ import annotations

from casepath.cases.models import CaseImage, Consent, PatientLink
from casepath.tenancy.scoping import scoped


def link_consent(link: PatientLink) -> Consent | None:
    """The consent signed from this link (the latest, should there be more)."""
    return scoped(Consent, link.practice).filter(link=link).order_by("-signed_at", "-pk").first()


def link_image(link: PatientLink, image_id: int) -> CaseImage | None:
    """An image of the link's case that its presentation showed, or None."""
    shown = {image["id"] for image in link.presentation.snapshot.get("images", [])}
    if image_id not in shown:
        return None
    return scoped(CaseImage, link.practice).filter(case_id=link.case_id, pk=image_id).first()
