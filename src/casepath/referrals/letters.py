"""Letters to the other provider of a referral: thank you for the referral, consult
report, progress update, treatment completed.

- Templates: one per kind and practice (LetterTemplate), made from letter_defaults.py
  the first time the practice needs it, edited in place (each save audited with the
  before and after). Subject and body hold merge fields, checked when saved: the
  sandbox of cases/merge.py (its engine, tags and filters, escaping, plain values only)
  with this module's FIELDS; an unknown field is refused, named.
- A letter: the template filled in with the referral's values (`letter_draft`), edited
  by the writer, then kept as plain text with its PDF (the letterhead of cases/pdf) and
  the PDF's SHA-256 (`letter_write`). The text is never rendered as a template again.
- Sending: by e-mail to the other provider's address (Django's EmailMessage with the PDF
  attached: the other provider is not a patient, so not through messaging), or marked
  as sent by fax or mail. Every write is audited against the patient.
"""

from __future__ import annotations

import hashlib
import html
import re
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import formataddr, parseaddr
from typing import Any, Final

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template import Context
from django.utils import timezone

from casepath.audit.models import Action
from casepath.audit.services import audit_record, diff
from casepath.cases.consult_services import consult_latest, when_words
from casepath.cases.document_services import provider_name
from casepath.cases.merge import MAX_LENGTH, ListOf, Schema, check_plain, compiled
from casepath.cases.models import Case, PlannedProcedure
from casepath.cases.pdf import pdf_file, render_pdf
from casepath.core.cases import Decision
from casepath.core.catalog import plain_name
from casepath.core.errors import CasepathError
from casepath.referrals.letter_defaults import default_letter
from casepath.referrals.models import (
    LetterKind,
    LetterTemplate,
    Referral,
    ReferralEvent,
    ReferralLetter,
    ReferralProcedure,
    ReferralStatus,
)
from casepath.referrals.services import plan_option
from casepath.scheduling.models import Appointment, AppointmentStatus
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

PDF_TEMPLATE: Final = "referrals/letters/pdf/letter.html"
SUBJECT_LENGTH: Final = 200
NEXT_STEPS_SHOWN: Final = 5
SENT_HOW: Final[dict[str, str]] = {"email": "e-mail", "fax": "fax", "mail": "mail"}
"""How a letter went: the form's value and the words kept on the letter."""

PROCEDURE: Final[Schema] = {"name": None, "code": None, "tooth": None}
FIELDS: Final[dict[str, Schema]] = {
    "patient": {"first_name": None, "last_name": None, "full_name": None, "date_of_birth": None},
    "practice": {"name": None, "phone": None, "address": None},
    "provider": {"name": None},
    "recipient": {"name": None, "practice": None, "specialty": None},
    "referral": {"reason": None, "urgency": None, "referred_on": None, "expected_back_on": None},
    "procedures": ListOf(PROCEDURE),
    "case": {"title": None},
    "consult": {"when": None},
    "next_steps": None,
    "coordinator": {"name": None},
    "today": None,
}

# What the template editor lists beside the text.
FIELD_HELP: Final[dict[str, str]] = {
    "patient.first_name": "The patient's first name (or the name they go by)",
    "patient.full_name": "First and last name",
    "patient.last_name": "Last name",
    "patient.date_of_birth": "Date of birth, e.g. April 12, 1985",
    "practice.name": "The practice's name",
    "practice.phone": "The practice's phone number",
    "practice.address": "The practice's address",
    "provider.name": "Our dentist for this patient (the case's, or who saw them first)",
    "recipient.name": "The provider the letter is written to",
    "recipient.practice": "Their practice",
    "recipient.specialty": "Their specialty",
    "referral.reason": "Why the patient was referred",
    "referral.urgency": "How soon, e.g. Routine",
    "referral.referred_on": "The day of the referral",
    "referral.expected_back_on": "Referred out: when the patient comes back to us",
    "procedures": "The procedures, one a line (the referral's, else the case's plan)",
    "procedure.name, procedure.code, procedure.tooth": (
        "Inside {% for procedure in procedures %} … {% endfor %}"
    ),
    "case.title": "The case, e.g. “Missing lower left molar”",
    "consult.when": "The consult's day (held or booked; empty when none)",
    "next_steps": "The next booked visits, one a line (empty when none)",
    "coordinator.name": "The treatment coordinator",
    "today": "Today's date",
}


class Procedure(dict[str, str]):
    """One procedure's fields; printed whole, one line: code, name and tooth."""

    def __str__(self) -> str:
        tooth = f" (tooth {self['tooth']})" if self.get("tooth") else ""
        return f"• {self['code']} {self['name']}{tooth}"


class ProcedureList(list[Procedure]):
    """The procedures: a list to loop over, and one procedure a line when printed whole."""

    def __str__(self) -> str:
        return "\n".join(str(procedure) for procedure in self)


# The sandbox (cases/merge.py) with the referral letters' fields


def check_template(text: str, path: str = "body") -> None:
    """Refuse a template that does not compile or names an unknown merge field."""
    compiled(text, path, FIELDS)


def render_text(text: str, fields: Mapping[str, Any], path: str = "body") -> str:
    """The template filled in, as plain text (what the writer edits and the letter keeps)."""
    check_plain(fields, "fields")
    output = compiled(text, path, FIELDS).render(Context(dict(fields), autoescape=True))
    return _tidy(html.unescape(output))


def _tidy(text: str) -> str:
    """No spaces at line ends, at most one empty line in a row (left by {% if %} lines)."""
    lines = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return re.sub(r"\n{3,}", "\n\n", lines)


# Templates: one per kind, the default the first time


def letter_template(practice: Practice, kind: str) -> LetterTemplate:
    """The practice's template of `kind` (made from the default the first time)."""
    if kind not in LetterKind.values:
        raise CasepathError.at("kind", "Choose one of the letters.")
    found = scoped(LetterTemplate, practice).filter(kind=kind).first()
    if found is not None:
        return found
    subject, body = default_letter(kind)
    try:
        with transaction.atomic():
            made = LetterTemplate(practice=practice, kind=kind, subject=subject, body=body)
            made.save()
            return made
    except IntegrityError:  # made by someone else meanwhile
        return scoped(LetterTemplate, practice).get(kind=kind)


def letter_templates(practice: Practice) -> list[LetterTemplate]:
    """All four templates, in LetterKind order (the missing ones made from the defaults)."""
    found = {t.kind: t for t in scoped(LetterTemplate, practice)}
    return [found.get(kind) or letter_template(practice, kind) for kind in LetterKind.values]


@transaction.atomic
def letter_template_save(
    *,
    acting_user: Any,
    practice: Practice,
    kind: str,
    subject: str,
    body: str,
    now: datetime,
) -> LetterTemplate:
    """New words for the practice's letter of `kind`: both parts checked, then kept."""
    if kind not in LetterKind.values:
        raise CasepathError.at("kind", "Choose one of the letters.")
    subject, body = " ".join(subject.split()), body.strip()
    problems = []
    for path, text in (("subject", subject), ("body", body)):
        if not text:
            problems.append(CasepathError.at(path, f"Write the letter's {path}."))
            continue
        try:
            check_template(text, path)
        except CasepathError as error:
            problems.append(error)
    if len(subject) > SUBJECT_LENGTH:
        problems.append(
            CasepathError.at("subject", f"Keep the subject under {SUBJECT_LENGTH} characters.")
        )
    if problems:
        raise CasepathError(*(e for problem in problems for e in problem.errors))
    template = letter_template(practice, kind)
    before = {"subject": template.subject, "body": template.body}
    template.subject, template.body = subject, body
    template.full_clean()
    template.save()
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=template,
        summary=f"Edited the letter “{template.get_kind_display()}”",
        changes=diff(before, {"subject": subject, "body": body}),
    )
    return template


# The values of one referral's letter


def letter_fields(referral: Referral, *, acting_user: Any, now: datetime) -> dict[str, Any]:
    """Plain values for FIELDS, read from the referral, its patient, intake and case."""
    practice, patient, other = referral.practice, referral.patient, referral.other_provider
    intake = referral.intake
    case = referral.case or (intake.case if intake is not None else None)
    coordinator = referral.coordinator or (case.coordinator if case else None) or acting_user
    today = timezone.localtime(now, practice_zone(practice)).date()
    return {
        "patient": {
            "first_name": patient.preferred_name or patient.first_name,
            "last_name": patient.last_name,
            "full_name": f"{patient.first_name} {patient.last_name}",
            "date_of_birth": day_words(patient.date_of_birth),
        },
        "practice": {"name": practice.name, "phone": practice.phone, "address": practice.address},
        "provider": {"name": _our_provider(referral, case)},
        "recipient": {
            "name": other.name,
            "practice": other.practice_name,
            "specialty": other.specialty,
        },
        "referral": {
            "reason": referral.reason,
            "urgency": referral.get_urgency_display(),
            "referred_on": day_words(referral.referred_on),
            "expected_back_on": day_words(referral.expected_back_on),
        },
        "procedures": _procedures(referral, case),
        "case": {"title": case.title if case else ""},
        "consult": {"when": _consult_when(referral, case)},
        "next_steps": _next_steps(referral, case, now),
        "coordinator": {"name": coordinator.get_full_name() or coordinator.get_username()},
        "today": day_words(today),
    }


def day_words(day: date | None) -> str:
    """ "March 10, 2026" (empty for no day)."""
    return f"{day:%B} {day.day}, {day.year}" if day else ""


def _our_provider(referral: Referral, case: Case | None) -> str:
    if case is not None:
        return provider_name(case.diagnosing_provider)
    intake = referral.intake
    if intake is not None and intake.handed_off_to is not None:
        return provider_name(intake.handed_off_to)
    if intake is not None and intake.first_visit is not None:
        return provider_name(intake.first_visit.provider)
    return ""


def _procedures(referral: Referral, case: Case | None) -> ProcedureList:
    """The referral's procedures; with none, those of the case's option (the accepted
    one, else the recommended one, else the first; the declined procedures left out)."""
    practice = referral.practice
    chosen = [
        link.procedure
        for link in scoped(ReferralProcedure, practice)
        .filter(referral=referral)
        .select_related("procedure")
    ]
    option = plan_option(case) if not chosen and case is not None else None
    if option is not None:
        chosen = list(
            scoped(PlannedProcedure, practice)
            .filter(phase__option=option)
            .exclude(decision=Decision.DECLINED)
            .order_by("phase__position", "phase__pk", "position", "pk")
        )
    return ProcedureList(
        Procedure(name=plain_name(p.code), code=p.code, tooth=p.tooth) for p in chosen
    )


def _consult_when(referral: Referral, case: Case | None) -> str:
    """The consult's day: the referral's "consulted" step, else the case's consult (held
    or booked), else the day the new patient arrived for their first visit."""
    zone = practice_zone(referral.practice)
    consulted = (
        scoped(ReferralEvent, referral.practice)
        .filter(referral=referral, status=ReferralStatus.CONSULTED)
        .order_by("-at", "-pk")
        .first()
    )
    if consulted is not None:
        return day_words(timezone.localtime(consulted.at, zone).date())
    consult = consult_latest(case) if case is not None else None
    if consult is not None:
        return when_words(consult.appointment)
    intake = referral.intake
    if intake is not None and intake.arrived_at is not None:
        return day_words(timezone.localtime(intake.arrived_at, zone).date())
    return ""


def _next_steps(referral: Referral, case: Case | None, now: datetime) -> str:
    """The next booked visits (of the case, else of the patient), one a line."""
    upcoming = scoped(Appointment, referral.practice).filter(
        starts_at__gte=now, status__in=(AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED)
    )
    upcoming = (
        upcoming.filter(case=case)
        if case is not None
        else upcoming.filter(patient=referral.patient)
    )
    lines = []
    for visit in upcoming.select_related("appointment_type").order_by("starts_at", "pk")[
        :NEXT_STEPS_SHOWN
    ]:
        what = visit.reason or (visit.appointment_type.name if visit.appointment_type else "")
        lines.append(f"• {when_words(visit)}: {what or 'a visit'}")
    return "\n".join(lines)


def sample_fields() -> dict[str, Any]:
    """Made-up values for the template editor's preview."""
    return {
        "patient": {
            "first_name": "Maria",
            "last_name": "Garcia",
            "full_name": "Maria Garcia",
            "date_of_birth": "April 12, 1985",
        },
        "practice": {"name": "Riverside Dental", "phone": "(614) 555-0100", "address": ""},
        "provider": {"name": "Dr. Rita Nunez"},
        "recipient": {
            "name": "Dr. Alan Reyes",
            "practice": "Reyes Family Dentistry",
            "specialty": "General dentistry",
        },
        "referral": {
            "reason": "Implant consult for a missing lower molar",
            "urgency": "Routine",
            "referred_on": "March 2, 2026",
            "expected_back_on": "September 1, 2026",
        },
        "procedures": ProcedureList(
            [
                Procedure(name="Implant", code="D6010", tooth="19"),
                Procedure(name="Implant crown", code="D6058", tooth="19"),
            ]
        ),
        "case": {"title": "Missing lower left molar"},
        "consult": {"when": "Friday, March 20, 2026 at 10:00 AM"},
        "next_steps": "• Tuesday, April 7, 2026 at 9:00 AM: Implant placement",
        "coordinator": {"name": "Tess Jones"},
        "today": "March 24, 2026",
    }


# Letters


@dataclass(frozen=True)
class Draft:
    kind: str
    subject: str
    body: str


def letter_draft(*, referral: Referral, kind: str, acting_user: Any, now: datetime) -> Draft:
    """The practice's template of `kind` filled in for `referral`: what the writer edits."""
    template = letter_template(referral.practice, kind)
    fields = letter_fields(referral, acting_user=acting_user, now=now)
    subject = " ".join(render_text(template.subject, fields, "subject").split())
    return Draft(kind, subject[:SUBJECT_LENGTH], render_text(template.body, fields, "body"))


def letter_write(
    *,
    acting_user: Any,
    referral: Referral,
    kind: str,
    subject: str,
    body: str,
    now: datetime,
) -> ReferralLetter:
    """Keep the letter as written, with its PDF and the PDF's SHA-256."""
    subject, body = " ".join(subject.split()), _tidy(body)
    problems = []
    if kind not in LetterKind.values:
        problems.append(("kind", "Choose one of the letters."))
    if not subject:
        problems.append(("subject", "Write the letter's subject."))
    elif len(subject) > SUBJECT_LENGTH:
        problems.append(("subject", f"Keep the subject under {SUBJECT_LENGTH} characters."))
    if not body:
        problems.append(("body", "Write the letter."))
    elif len(body) > MAX_LENGTH:
        problems.append(("body", f"Keep the letter under {MAX_LENGTH:,} characters."))
    if problems:
        raise CasepathError(*(CasepathError.at(p, m).errors[0] for p, m in problems))
    today = timezone.localtime(now, practice_zone(referral.practice)).date()
    content = letter_pdf(referral, subject=subject, body=body, today=today)
    return _keep(acting_user, referral, kind, subject, body, content, today)


def letter_pdf(referral: Referral, *, subject: str, body: str, today: date) -> bytes:
    """The letter on the practice's letterhead: date, addressee, patient, text."""
    context = {
        "title": subject,
        "practice": referral.practice,
        "language": "en",
        "today": day_words(today),
        "recipient": referral.other_provider,
        "patient": referral.patient,
        "date_of_birth": day_words(referral.patient.date_of_birth),
        "subject": subject,
        "body": body,
    }
    return render_pdf(PDF_TEMPLATE, context)


@transaction.atomic
def _keep(
    acting_user: Any,
    referral: Referral,
    kind: str,
    subject: str,
    body: str,
    content: bytes,
    today: date,
) -> ReferralLetter:
    file, sha256 = pdf_file(content, f"letter-{referral.pk}-{kind}-{today:%Y%m%d}.pdf")
    letter = ReferralLetter(
        practice=referral.practice,
        referral=referral,
        kind=kind,
        subject=subject,
        body=body,
        sha256=sha256,
        written_by=acting_user,
    )
    letter.pdf.save(file.name, file, save=False)
    letter.save()
    audit_record(
        practice=referral.practice,
        actor=acting_user,
        action=Action.CREATE,
        target=letter,
        patient=referral.patient,
        summary=f"Wrote the letter “{subject}” to {referral.other_provider.name}",
        changes={
            "kind": {"before": None, "after": kind},
            "sha256": {"before": None, "after": sha256},
        },
    )
    return letter


def letter_email(*, acting_user: Any, letter: ReferralLetter, now: datetime) -> ReferralLetter:
    """E-mail the letter's PDF to the other provider; refused in words when it cannot go
    (no address, the kept PDF changed, the mail server said no), with nothing recorded."""
    referral = letter.referral
    other, practice = referral.other_provider, referral.practice
    if not other.email:
        raise CasepathError.at(
            "email",
            f"{other.name} has no e-mail address: add it in the directory, "
            "or send the letter by fax or mail.",
        )
    with letter.pdf.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != letter.sha256:
        raise CasepathError.at("pdf", "The kept PDF does not match the letter as written.")
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    message = EmailMessage(
        subject=letter.subject,
        body=_cover_note(letter),
        from_email=formataddr((practice.name, sender)),
        to=[other.email],
        reply_to=[practice.email] if practice.email else None,
    )
    message.attach(letter_file_name(letter), content, "application/pdf")
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused:
        raise CasepathError.at(
            "email", f"The mail server refused {other.email}: check the address."
        ) from None
    except (smtplib.SMTPException, OSError) as error:
        raise CasepathError.at("email", f"The mail server could not take it: {error}.") from None
    return _mark_sent(letter, "email", acting_user, now, to=other.email)


def letter_sent(
    *, acting_user: Any, letter: ReferralLetter, how: str, now: datetime
) -> ReferralLetter:
    """The letter went another way: by fax or by mail."""
    if how not in ("fax", "mail"):
        raise CasepathError.at("how", "Choose fax or mail.")
    return _mark_sent(letter, how, acting_user, now, to="")


@transaction.atomic
def _mark_sent(
    letter: ReferralLetter, how: str, acting_user: Any, now: datetime, *, to: str
) -> ReferralLetter:
    before = {"sent_how": letter.sent_how, "sent_at": _iso(letter.sent_at)}
    letter.sent_how, letter.sent_at = SENT_HOW[how], now
    letter.save(update_fields=["sent_how", "sent_at", "updated_at"])
    words = f"by e-mail to {to}" if to else f"by {SENT_HOW[how]}"
    again = " again" if before["sent_at"] else ""
    audit_record(
        practice=letter.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=letter,
        patient=letter.referral.patient,
        summary=f"Sent the letter “{letter.subject}”{again} {words}",
        changes=diff(before, {"sent_how": letter.sent_how, "sent_at": _iso(now)}),
    )
    return letter


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _cover_note(letter: ReferralLetter) -> str:
    referral = letter.referral
    practice = referral.practice
    phone = f"\n{practice.phone}" if practice.phone else ""
    return (
        f"Dear {referral.other_provider.name},\n\n"
        f"Please find our letter attached: {letter.subject}.\n\n"
        f"With thanks,\n{practice.name}{phone}\n"
    )


def letter_file_name(letter: ReferralLetter) -> str:
    return f"letter-{letter.referral_id}-{letter.kind}-{letter.pk}.pdf".replace("_", "-")


def letters_of(referral: Referral) -> list[ReferralLetter]:
    """The referral's letters, newest first."""
    return list(
        scoped(ReferralLetter, referral.practice)
        .filter(referral=referral)
        .select_related("written_by")
        .order_by("-created_at", "-pk")
    )
