"""Generated documents: the consult packet, the letter to the patient and the letter to
the referring provider, from the practice's editable letter templates (merge.py).

A template is versioned like a consent: editing makes a new version, and a document
keeps the version it was made from. The defaults are made the first time a practice
needs them. A document is a PDF (pdf.render_pdf) kept with its SHA-256.

The packet shows the options as the patient saw them (the latest presentation's
snapshot) while the plan is unchanged since; otherwise the live plan with its saved
estimates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from django.db import IntegrityError, transaction

from casepath.audit.models import Action
from casepath.audit.services import audit_record
from casepath.cases import merge
from casepath.cases.consult_services import consult_latest, when_words
from casepath.cases.events import case_event
from casepath.cases.models import (
    Case,
    CaseDocument,
    CaseImage,
    CaseOption,
    ConsentTemplate,
    DocumentKind,
    DocumentTemplate,
    EventKind,
    Presentation,
)
from casepath.cases.pdf import data_url, pdf_file, render_pdf
from casepath.cases.selectors import case_plan
from casepath.core.cases import PhasePlan, ProcedurePlan, option_figures, weeks_words
from casepath.core.catalog import category_of
from casepath.core.errors import CasepathError
from casepath.core.explain import default_consent, explain, language_of
from casepath.core.money import ZERO
from casepath.tenancy.models import Practice, Provider
from casepath.tenancy.scoping import scoped

PACKET, PATIENT_LETTER, REFERRER_LETTER = "packet", "patient_letter", "referrer_letter"


@dataclass(frozen=True)
class Made:
    label: str
    template_kind: str
    pdf_template: str


MAKE: Final[dict[str, Made]] = {
    PACKET: Made("Consult packet", DocumentKind.PACKET_COVER, "cases/documents/pdf/packet.html"),
    PATIENT_LETTER: Made(
        "Letter to the patient", DocumentKind.PATIENT_LETTER, "cases/documents/pdf/letter.html"
    ),
    REFERRER_LETTER: Made(
        "Letter to the referring provider",
        DocumentKind.REFERRER_LETTER,
        "cases/documents/pdf/letter.html",
    ),
}
IMAGE_TYPES: Final = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


# Letter templates


def document_template_current(practice: Practice, kind: str) -> DocumentTemplate:
    """The current version of a practice's letter (the default the first time)."""
    found = scoped(DocumentTemplate, practice).filter(kind=kind, is_current=True).first()
    if found is not None:
        return found
    name, body = default_letter(kind)
    try:
        with transaction.atomic():
            made = DocumentTemplate(practice=practice, kind=kind, name=name, body=body)
            made.save()
            return made
    except IntegrityError:  # someone else made it first
        return scoped(DocumentTemplate, practice).get(kind=kind, is_current=True)


def document_templates(practice: Practice) -> list[DocumentTemplate]:
    return [document_template_current(practice, kind) for kind in DocumentKind.values]


@transaction.atomic
def document_template_save(
    *, acting_user: Any, practice: Practice, kind: str, name: str, body: str
) -> DocumentTemplate:
    """A new version of the letter; the one before stays for the documents made from it."""
    if kind not in DocumentKind.values:
        raise CasepathError.at("kind", "Choose one of the letters.")
    if not name.strip():
        raise CasepathError.at("name", "Name the letter.")
    merge.check_template(body, "body")
    before = document_template_current(practice, kind)
    scoped(DocumentTemplate, practice).filter(kind=kind, is_current=True).update(is_current=False)
    made = DocumentTemplate(
        practice=practice,
        kind=kind,
        version=before.version + 1,
        name=name.strip(),
        body=body.strip(),
        made_by=acting_user,
    )
    made.full_clean()
    made.save()
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=made,
        summary=f"Edited the letter “{made.name}”: version {made.version}",
        changes={"body": {"before": before.body, "after": made.body}},
    )
    return made


# Documents


def document_make(
    *, acting_user: Any, case: Case, kind: str, today: date, referrer: Provider | None = None
) -> CaseDocument:
    """Make one document of `case` as a PDF, keep it, and put it on the timeline."""
    made = MAKE.get(kind)
    if made is None:
        raise CasepathError.at("kind", "Choose the consult packet or one of the letters.")
    if kind == REFERRER_LETTER and referrer is None:
        raise CasepathError.at("referrer", "Choose the provider the letter is written to.")
    if referrer is not None and referrer.practice_id != case.practice_id:
        raise CasepathError.at("referrer", "Choose a provider of this practice.")
    template = document_template_current(case.practice, made.template_kind)
    pages = plan_pages(case)
    fields = merge_fields(
        case, acting_user=acting_user, today=today, referrer=referrer, pages=pages
    )
    title = _title(made, case, referrer, today)
    context = {
        "title": title,
        "practice": case.practice,
        "language": "en",
        "letter": merge.render(template.body, fields),
        "pages": pages,
    }
    if kind == PACKET:
        context |= _packet_extras(case, pages)
    content = render_pdf(made.pdf_template, context)
    return _keep(acting_user, case, kind, title, template, content, today)


@transaction.atomic
def _keep(
    acting_user: Any,
    case: Case,
    kind: str,
    title: str,
    template: DocumentTemplate,
    content: bytes,
    today: date,
) -> CaseDocument:
    file, sha256 = pdf_file(content, f"{kind}-{case.pk}-{today:%Y%m%d}.pdf")
    document = CaseDocument(
        practice=case.practice, case=case, kind=kind, title=title, template=template
    )
    document.made_by = acting_user
    document.pdf_sha256 = sha256
    document.pdf.save(file.name, file, save=False)
    document.save()
    case_event(
        case,
        kind=EventKind.DOCUMENT,
        actor=acting_user,
        summary=f"Made the document “{title}”",
        data={"document": document.pk, "kind": kind, "sha256": sha256},
        action=Action.CREATE,
    )
    return document


def _title(made: Made, case: Case, referrer: Provider | None, today: date) -> str:
    if referrer is not None and made.template_kind == DocumentKind.REFERRER_LETTER:
        return f"Letter to {provider_name(referrer)} · {today:%m/%d/%Y}"
    return f"{made.label} for {case.patient.display_name} · {today:%m/%d/%Y}"


def case_documents(case: Case) -> list[CaseDocument]:
    return list(scoped(CaseDocument, case.practice).filter(case=case).select_related("made_by"))


# What the documents show: the options, phase by phase


@dataclass(frozen=True)
class ProcedureRow:
    name: str
    code: str
    tooth: str
    fee: Decimal
    insurance: Decimal | None
    patient: Decimal | None


@dataclass(frozen=True)
class PhaseRows:
    name: str
    procedures: tuple[ProcedureRow, ...]


@dataclass(frozen=True)
class OptionPage:
    name: str
    summary: str
    recommended: bool
    phases: tuple[PhaseRows, ...]
    fee: Decimal
    insurance: Decimal | None  # None: not estimated
    patient: Decimal
    visits: int
    time_words: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class PlanPages:
    options: tuple[OptionPage, ...]
    language: str
    presented_on: date | None  # the presentation shown; None for the live plan


def plan_pages(case: Case) -> PlanPages:
    latest = scoped(Presentation, case.practice).filter(case=case).order_by("-number").first()
    if latest is not None and latest.plan_version == case.plan_version:
        snapshot = latest.snapshot
        options = tuple(_snapshot_option(option) for option in snapshot["options"])
        shown_on = date.fromisoformat(snapshot["presented_on"])
        return PlanPages(options, snapshot.get("language", "en"), shown_on)
    language = language_of(case.patient.preferred_language)
    return PlanPages(tuple(_live_option(o, language) for o in case_plan(case)), language, None)


def _snapshot_option(option: dict[str, Any]) -> OptionPage:
    figures = option["figures"]
    phases = tuple(
        PhaseRows(
            phase["name"],
            tuple(_snapshot_row(p) for p in phase["procedures"]),
        )
        for phase in option["phases"]
    )
    return OptionPage(
        name=option["name"],
        summary=option.get("summary", ""),
        recommended=bool(option.get("recommended")),
        phases=phases,
        fee=Decimal(figures["fee_total"]),
        insurance=_amount(figures.get("insurance_total")) if option.get("estimate") else None,
        patient=Decimal(figures["patient_total"]),
        visits=int(figures["visits"]),
        time_words=figures["time_words"],
        categories=tuple(option.get("categories", ())),
    )


def _snapshot_row(procedure: dict[str, Any]) -> ProcedureRow:
    net_fee = Decimal(procedure["net_fee"])
    patient = _amount(procedure.get("patient"))
    return ProcedureRow(
        procedure["name"],
        procedure["code"],
        procedure.get("tooth", ""),
        net_fee,
        _amount(procedure.get("insurance")),
        net_fee if patient is None else patient,  # not estimated: the patient owes the fee
    )


def _live_option(option: CaseOption, language: str) -> OptionPage:
    phases = list(option.phases.all())
    procedures = [p for phase in phases for p in phase.procedures.all()]
    estimated = _estimated_shares(option, [p.code for p in procedures])
    shares = dict(zip((p.pk for p in procedures), estimated, strict=False))
    rows = tuple(
        PhaseRows(
            phase.name,
            tuple(
                ProcedureRow(
                    explain(p.code, language).name,
                    p.code,
                    p.tooth,
                    p.net_fee,
                    *shares.get(p.pk, (None, p.net_fee)),
                )
                for p in phase.procedures.all()
            ),
        )
        for phase in phases
    )
    insurance = sum((share[0] for share in estimated), ZERO) if estimated else None
    figures = option_figures(
        [_phase_plan(phase.name, phase.procedures.all()) for phase in phases],
        insurance_total=insurance or ZERO,
        patient_total=sum((r.patient or ZERO for ph in rows for r in ph.procedures), ZERO),
    )
    return OptionPage(
        name=option.name,
        summary=option.summary,
        recommended=option.is_recommended,
        phases=rows,
        fee=figures.fee_total,
        insurance=insurance,
        patient=figures.patient_total,
        visits=figures.visits,
        time_words=weeks_words(figures.days_to_finish),
        categories=_categories([p.code for p in procedures]),
    )


def _phase_plan(name: str, procedures: Any) -> PhasePlan:
    return PhasePlan(
        name, tuple(ProcedurePlan(p.code, p.visits, p.healing_days, p.net_fee) for p in procedures)
    )


def _estimated_shares(option: CaseOption, codes: list[str]) -> list[tuple[Decimal, Decimal]]:
    """Insurance and patient part of each procedure, from the option's saved estimate;
    empty when there is none or it no longer matches the procedures (plan changed)."""
    if option.estimate is None:
        return []
    lines = option.estimate.response.get("procedures", [])
    if [line.get("code") for line in lines] != codes:
        return []
    return [(Decimal(line["insurance"]), Decimal(line["patient"])) for line in lines]


def _categories(codes: Sequence[str]) -> tuple[str, ...]:
    found = (category_of(code) for code in codes)
    return tuple(dict.fromkeys(c for c in found if c))


def _amount(value: object) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


# The packet's other pages: consent preview and images


@dataclass(frozen=True)
class ConsentPreview:
    title: str
    risks: tuple[str, ...]
    benefits: tuple[str, ...]
    alternatives: tuple[str, ...]
    refusal: tuple[str, ...]


def _packet_extras(case: Case, pages: PlanPages) -> dict[str, Any]:
    categories = dict.fromkeys(c for option in pages.options for c in option.categories)
    return {
        "consents": [_consent(case.practice, c, pages.language) for c in categories],
        "images": _images(case),
    }


def _consent(practice: Practice, category: str, language: str) -> ConsentPreview:
    """The practice's current consent text for the category, else the default one."""
    own = (
        scoped(ConsentTemplate, practice)
        .filter(category=category, language=language, is_current=True)
        .first()
    )
    if own is not None:
        return ConsentPreview(
            own.title,
            _lines(own.risks),
            _lines(own.benefits),
            _lines(own.alternatives),
            _lines(own.refusal),
        )
    text = default_consent(category, language)
    return ConsentPreview(text.title, text.risks, text.benefits, text.alternatives, text.refusal)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t"))


def _images(case: Case) -> list[dict[str, str]]:
    shown = []
    for image in scoped(CaseImage, case.practice).filter(case=case):
        if image.content_type not in IMAGE_TYPES:
            continue
        with image.file.open("rb") as handle:
            content = handle.read()
        shown.append({"caption": image.caption, "src": data_url(content, image.content_type)})
    return shown


# Merge fields: plain values only (merge.FIELDS)


def merge_fields(
    case: Case, *, acting_user: Any, today: date, referrer: Provider | None, pages: PlanPages
) -> dict[str, Any]:
    patient, practice = case.patient, case.practice
    consult = consult_latest(case)
    coordinator = case.coordinator or acting_user
    return {
        "patient": {
            "first_name": patient.preferred_name or patient.first_name,
            "last_name": patient.last_name,
            "full_name": f"{patient.first_name} {patient.last_name}",
        },
        "practice": {"name": practice.name, "phone": practice.phone, "address": practice.address},
        "case": {"title": case.title},
        "provider": {"name": provider_name(case.diagnosing_provider)},
        "coordinator": {"name": coordinator.get_full_name() or coordinator.get_username()},
        "today": f"{today:%B} {today.day}, {today.year}",
        "consult": {
            "when": when_words(consult.appointment) if consult else "",
            "room": str(consult.room) if consult and consult.room else "",
        },
        "options": merge.OptionList(_merge_option(option) for option in pages.options),
        "referrer": {
            "name": provider_name(referrer) if referrer else "",
            "specialty": referrer.specialty if referrer else "",
        },
    }


def _merge_option(option: OptionPage) -> merge.Option:
    return merge.Option(
        name=option.name,
        recommended="yes" if option.recommended else "",
        fee=_dollars(option.fee),
        insurance=_dollars(option.insurance) if option.insurance is not None else "not estimated",
        patient_portion=_dollars(option.patient),
        visits=str(option.visits),
        time=option.time_words,
    )


def provider_name(provider: Provider) -> str:
    """ "Dr. Rita Nunez" for a dentist or specialist; "Pat Lee, RDH" for the others."""
    if provider.kind in ("dentist", "specialist"):
        return f"Dr. {provider.first_name} {provider.last_name}"
    return str(provider)


def _dollars(amount: Decimal) -> str:
    return f"${amount:,.2f}"


# The default letters (a practice edits its own copies): plain text files beside the
# PDF templates, read as they are (never rendered by the site's template engine).

DEFAULTS_DIR: Final = Path(__file__).parent / "templates" / "cases" / "documents" / "defaults"
DEFAULT_NAMES: Final[dict[str, str]] = {
    DocumentKind.PACKET_COVER: "Consult packet cover letter",
    DocumentKind.PATIENT_LETTER: "Letter to the patient",
    DocumentKind.REFERRER_LETTER: "Letter to the referring provider",
}


def default_letter(kind: str) -> tuple[str, str]:
    """The default name and body of a letter."""
    body = (DEFAULTS_DIR / f"{kind}.txt").read_text(encoding="utf-8").strip()
    return DEFAULT_NAMES[kind], body
