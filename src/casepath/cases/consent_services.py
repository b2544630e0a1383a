"""Informed consent: the practice's versioned templates, and signing from a patient link.

Templates: one current version per procedure category and language, made from the
core's default text (core.explain.default_consent) the first time it is needed. Editing
never changes a version: it adds the next one and moves `is_current`, so a consent
signed on version 1 still names version 1.

Signing (`consent_sign`) is refused on anything but the plan the patient was shown:
an expired or revoked link, a presentation that is not the case's latest, a plan
changed since, a case no longer awaiting a decision. Otherwise, in one transaction, the
case is accepted (whole, the chosen option), the consent PDF is rendered and kept with
its SHA-256, and the timeline says so.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_record
from casepath.cases import services
from casepath.cases.events import case_event
from casepath.cases.links import link_state
from casepath.cases.models import (
    Case,
    Consent,
    ConsentTemplate,
    EventKind,
    PatientLink,
    SignatureKind,
)
from casepath.cases.patient.display import shown_options
from casepath.cases.patient.phrases import phrase, phrases
from casepath.cases.pdf import pdf_file, render_pdf
from casepath.core.cases import AWAITING_DECISION
from casepath.core.catalog import CATEGORIES
from casepath.core.errors import CasepathError
from casepath.core.explain import (
    CONSENT_STATEMENT,
    LANGUAGES,
    default_consent,
    language_of,
)
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

PARTS = ("risks", "benefits", "alternatives", "refusal")
TEXT_FIELDS = ("title", *PARTS)
MAX_SIGNATURE_BYTES = 200 * 1024
_PNG_DATA_URL = re.compile(r"data:image/png;base64,(?P<data>[A-Za-z0-9+/=\s]+)")
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# Templates


def consent_template(practice: Practice, category: str, language: str) -> ConsentTemplate:
    """The current template of a category and language (version 1 from the core's
    default text, made the first time it is needed)."""
    found = _current(practice, category, language).first()
    if found is not None:
        return found
    text = default_consent(category, language)
    template = ConsentTemplate(
        practice=practice,
        category=category,
        language=language_of(language),
        version=1,
        title=text.title,
        **{part: "\n".join(getattr(text, part)) for part in PARTS},
    )
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError:  # made at the same moment by another request
        return _current(practice, category, language).get()
    return template


def consent_templates_of(practice: Practice) -> dict[tuple[str, str], ConsentTemplate]:
    """The practice's current templates by (category, language); the version number of
    the current one is also how many versions it has had."""
    current = scoped(ConsentTemplate, practice).filter(is_current=True)
    return {(t.category, t.language): t for t in current}


def consent_template_versions(
    practice: Practice, category: str, language: str
) -> QuerySet[ConsentTemplate]:
    return scoped(ConsentTemplate, practice).filter(category=category, language=language)


@transaction.atomic
def consent_template_edit(
    *, acting_user: Any, practice: Practice, category: str, language: str, **texts: str
) -> ConsentTemplate:
    """Save the edited texts as the next version; the old version is kept as it was."""
    _check_kind(category, language)
    cleaned = {name: _clean(name, texts.get(name, "")) for name in TEXT_FIELDS}
    current = consent_template(practice, category, language)
    current = ConsentTemplate.objects.select_for_update().get(pk=current.pk)
    if all(getattr(current, name) == value for name, value in cleaned.items()):
        raise CasepathError.at("title", f"Nothing changed: this is version {current.version}.")
    current.is_current = False
    current.save(update_fields=["is_current", "updated_at"])
    last = consent_template_versions(practice, category, language).aggregate(n=Max("version"))
    made = ConsentTemplate(
        practice=practice,
        category=category,
        language=language,
        version=last["n"] + 1,
        made_by=acting_user,
        **cleaned,
    )
    made.full_clean()
    made.save()
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=made,
        summary=f"Saved version {made.version} of the {language} consent “{made.title}”",
        changes={"version": {"before": current.version, "after": made.version}},
    )
    return made


def template_parts(template: ConsentTemplate) -> dict[str, list[str]]:
    """Each part of a template as the list of sentences a patient reads."""
    return {
        part: [line.strip() for line in getattr(template, part).splitlines() if line.strip()]
        for part in PARTS
    }


def _current(practice: Practice, category: str, language: str) -> QuerySet[ConsentTemplate]:
    _check_kind(category, language)
    return scoped(ConsentTemplate, practice).filter(
        category=category, language=language_of(language), is_current=True
    )


def _check_kind(category: str, language: str) -> None:
    if category not in CATEGORIES:
        raise CasepathError.at("category", f"Unknown procedure category {category!r}.")
    if language not in LANGUAGES:
        raise CasepathError.at("language", f"Unknown language {language!r}.")


def _clean(name: str, text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise CasepathError.at(name, "Write this part: a patient must be able to read it.")
    return " ".join(lines) if name == "title" else "\n".join(lines)


# Signing


@dataclass(frozen=True)
class Signature:
    """What the patient gave on the sign page."""

    kind: str  # SignatureKind
    value: str  # PNG data URL, or the typed full name
    signer_name: str
    witness_name: str = ""


def consent_form(link: PatientLink, option_id: int) -> dict[str, Any]:
    """What the patient reads before signing: the option as presented, and the current
    template of each of its categories in the presentation's language."""
    presentation = link.presentation
    snapshot = presentation.snapshot
    language = snapshot.get("language", presentation.language)
    option = next((o for o in shown_options(snapshot) if o["id"] == option_id), None)
    if option is None:
        raise CasepathError.at("option", phrase("choice_missing", language))
    templates = [
        consent_template(link.practice, category, language) for category in option["categories"]
    ]
    return {
        "language": language,
        "snapshot": snapshot,
        "option": option,
        "templates": [(t, template_parts(t)) for t in templates],
        "statement": CONSENT_STATEMENT[language_of(language)],
        "patient_name": snapshot["case"]["patient_name"],
    }


@transaction.atomic
def consent_sign(
    *,
    link: PatientLink,
    option_id: int,
    signature: Signature,
    ip_address: str | None,
    user_agent: str = "",
    shown_templates: list[int] | None = None,
    now: datetime,
    today: date,
) -> Consent:
    """The patient signs the consent of `option_id` from `link`: the case is accepted,
    the signed PDF is kept. CasepathError (in the patient's words) when refused."""
    link = PatientLink.objects.select_for_update().select_related("presentation").get(pk=link.pk)
    case = (
        Case.objects.select_for_update().select_related("patient", "practice").get(pk=link.case_id)
    )
    language = link.presentation.language
    _check_signable(link, case, now, language)
    form = consent_form(link, option_id)
    if shown_templates is not None and sorted(shown_templates) != sorted(
        t.pk for t, _ in form["templates"]
    ):
        raise CasepathError.at("signature", phrase("consent_changed", language))
    checked = _check_signature(signature, language)
    services.case_accept(
        acting_user=None, case=case, option_id=option_id, decided_on=today, by_patient=True
    )
    consent = Consent(
        practice=case.practice,
        case=case,
        presentation=link.presentation,
        option_id=option_id,
        link=link,
        templates=[_version(t) for t, _ in form["templates"]],
        signer_name=checked.signer_name,
        signature_kind=checked.kind,
        signature=checked.value,
        signed_at=now,
        ip_address=ip_address,
        user_agent=user_agent[:300],
        witness_name=checked.witness_name,
    )
    content = render_pdf("cases/consent/pdf.html", _pdf_context(consent, form, case))
    consent.pdf, consent.pdf_sha256 = pdf_file(content, f"consent-{link.presentation.number}.pdf")
    consent.full_clean()
    consent.save()
    case_event(
        case,
        kind=EventKind.SIGNED,
        actor=None,
        summary=f"The patient signed the consent for “{form['option']['name']}” "
        f"(presentation {link.presentation.number}) on the patient link",
        data={"consent": consent.pk, "presentation": link.presentation.number},
        action=Action.CREATE,
        channel=Channel.PATIENT_LINK,
        ip_address=ip_address,
    )
    return consent


def _version(template: ConsentTemplate) -> dict[str, Any]:
    return {"id": template.pk, "version": template.version, "category": template.category}


def sign_refusal(link: PatientLink, now: datetime) -> str:
    """Why this link cannot sign now (in the patient's words), or "" when it can."""
    try:
        _check_signable(link, link.case, now, link.presentation.language)
    except CasepathError as refused:
        return refused.errors[0].message
    return ""


def _check_signable(link: PatientLink, case: Case, now: datetime, language: str) -> None:
    state = link_state(link, now)
    if state != "open":
        raise CasepathError.at("link", phrase(f"link_{state}", language))
    latest = case.presentations.order_by("-number").values_list("pk", flat=True).first()
    if latest != link.presentation_id:
        raise CasepathError.at("presentation", phrase("plan_replaced", language))
    if case.plan_version != link.presentation.plan_version:
        raise CasepathError.at("presentation", phrase("plan_changed", language))
    if case.status not in AWAITING_DECISION:
        raise CasepathError.at("case", phrase("case_closed", language))


def _check_signature(signature: Signature, language: str) -> Signature:
    signer = " ".join(signature.signer_name.split())
    if not signer:
        raise CasepathError.at("signer_name", phrase("name_missing", language))
    witness = " ".join(signature.witness_name.split())
    if signature.kind == SignatureKind.DRAWN:
        value = signature.value.strip()
        if not value:
            raise CasepathError.at("signature", phrase("signature_missing", language))
        if not is_png_data_url(value):
            raise CasepathError.at("signature", phrase("signature_unreadable", language))
    elif signature.kind == SignatureKind.TYPED:
        value = " ".join(signature.value.split())
        if not value:
            raise CasepathError.at("signature", phrase("name_missing", language))
    else:
        raise CasepathError.at("signature", phrase("signature_missing", language))
    return Signature(signature.kind, value, signer[:200], witness[:200])


def is_png_data_url(text: str) -> bool:
    """A PNG image as a data URL, no larger than MAX_SIGNATURE_BYTES."""
    if len(text) > MAX_SIGNATURE_BYTES * 4 // 3 + 100:
        return False
    found = _PNG_DATA_URL.fullmatch(text)
    if found is None:
        return False
    try:
        data = base64.b64decode("".join(found["data"].split()), validate=True)
    except (binascii.Error, ValueError):
        return False
    return data.startswith(_PNG_MAGIC) and len(data) <= MAX_SIGNATURE_BYTES


def _pdf_context(consent: Consent, form: dict[str, Any], case: Case) -> dict[str, Any]:
    practice, presentation, language = case.practice, consent.presentation, form["language"]
    versions = ", ".join(f"{t.title} v{t.version}" for t, _ in form["templates"])
    return {
        **form,
        "title": f"{form['option']['name']} · {form['patient_name']}",
        "practice": practice,
        "consent": consent,
        "signed_at": timezone.localtime(consent.signed_at, ZoneInfo(practice.time_zone)),
        "w": phrases(language),
        "plan_line": phrase(
            "plan_number", language, number=presentation.number, code=presentation.fingerprint
        ),
        "versions_line": phrase("consent_versions", language, versions=versions),
    }
