"""What the patient does from a link: prove who they are, open the plan, choose an
option, ask a question. Signing: consent_services.consent_sign.

The patient has no account: the actor of every audit row and timeline event is None
("patient"), the channel is the patient link, and the address is the caller's.
Refusals are CasepathErrors in the patient's language.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Final

from django.db import transaction
from django.db.models import F

from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_record
from casepath.cases import services
from casepath.cases.events import case_event
from casepath.cases.links import link_state
from casepath.cases.models import Case, CaseQuestion, EventKind, PatientLink
from casepath.cases.patient.phrases import phrase
from casepath.core.cases import AWAITING_DECISION, CaseStatus
from casepath.core.errors import CasepathError

MAX_FAILED_CHECKS: Final = 5
QUESTIONS_A_DAY: Final = 10
MAX_QUESTION_CHARS: Final = 2000


def is_locked(link: PatientLink) -> bool:
    """Five wrong dates of birth in a row close the link for good (the TC makes a new one)."""
    return link.failed_checks >= MAX_FAILED_CHECKS


@transaction.atomic
def link_verify(
    *, link: PatientLink, date_of_birth: date, ip_address: str | None, now: datetime
) -> bool:
    """True when `date_of_birth` is the patient's: the link opens (on the timeline and
    the audit trail; the page that follows counts the view). A wrong date counts
    towards the lock, and is audited too."""
    link = _locked(link)
    if is_locked(link) or link_state(link, now) != "open":
        return False
    patient = link.case.patient
    if date_of_birth != patient.date_of_birth:
        link.failed_checks += 1
        link.save(update_fields=["failed_checks", "updated_at"])
        locked = " The link is now locked." if is_locked(link) else ""
        _audit(
            link,
            Action.UPDATE,
            f"Wrong date of birth on a patient link ({link.failed_checks} of "
            f"{MAX_FAILED_CHECKS}).{locked}",
            ip_address,
        )
        return False
    if link.failed_checks:
        link.failed_checks = 0
        link.save(update_fields=["failed_checks", "updated_at"])
    case_event(
        link.case,
        kind=EventKind.LINK_OPENED,
        actor=None,
        summary=f"The patient opened the link to presentation {link.presentation.number}",
        data={"link": link.pk, "presentation": link.presentation.number},
        action=Action.VIEW,
        channel=Channel.PATIENT_LINK,
        ip_address=ip_address,
    )
    return True


def link_viewed(*, link: PatientLink, ip_address: str | None, now: datetime, what: str) -> None:
    """One opening of a verified link: counted and audited."""
    PatientLink.objects.filter(pk=link.pk).update(
        opened_count=F("opened_count") + 1, last_opened_at=now
    )
    _audit(link, Action.VIEW, f"The patient opened {what} on the patient link", ip_address)


def link_read(*, link: PatientLink, ip_address: str | None, what: str) -> None:
    """The patient read a file of the link (an image, the signed PDF): audited."""
    _audit(link, Action.VIEW, f"The patient opened {what} on the patient link", ip_address)


@transaction.atomic
def link_choose(
    *, link: PatientLink, option_id: int, ip_address: str | None, now: datetime
) -> PatientLink:
    """The patient picks an option; a presented case now waits for their decision."""
    link = _locked(link)
    language = link.presentation.language
    case = Case.objects.select_for_update().get(pk=link.case_id)
    _check_open(link, case, language, now)
    presented = {o["id"]: o for o in link.presentation.snapshot.get("options", [])}
    option = case.options.filter(pk=option_id).first() if option_id in presented else None
    if option is None:
        raise CasepathError.at("option", phrase("choice_missing", language))
    if link.chosen_option_id == option.pk:
        return link
    link.chosen_option = option
    link.save(update_fields=["chosen_option", "updated_at"])
    case_event(
        case,
        kind=EventKind.OPTION_CHOSEN,
        actor=None,
        summary=f"The patient chose “{presented[option_id]['name']}” on the patient link",
        data={"link": link.pk, "option": option.pk},
        channel=Channel.PATIENT_LINK,
        ip_address=ip_address,
    )
    if case.status == CaseStatus.PRESENTED:
        services.case_move(
            acting_user=None, case=case, to=CaseStatus.PENDING, note="The patient chose an option."
        )
    return link


@transaction.atomic
def link_ask(
    *, link: PatientLink, text: str, ip_address: str | None, now: datetime
) -> CaseQuestion:
    """A question for the case's TC (an open task until answered); ten a day a link."""
    link = _locked(link)
    language = link.presentation.language
    if link_state(link, now) != "open":
        raise CasepathError.at("text", phrase(f"link_{link_state(link, now)}", language))
    text = text.strip()
    if not text:
        raise CasepathError.at("text", phrase("question_missing", language))
    if len(text) > MAX_QUESTION_CHARS:
        raise CasepathError.at("text", phrase("question_too_long", language))
    recent = CaseQuestion.objects.filter(link=link, created_at__gte=now - timedelta(days=1))
    if recent.count() >= QUESTIONS_A_DAY:
        raise CasepathError.at("text", phrase("too_many_questions", language))
    question = CaseQuestion(practice=link.practice, case=link.case, link=link, text=text)
    question.full_clean()
    question.save()
    case_event(
        link.case,
        kind=EventKind.QUESTION,
        actor=None,
        summary=f"The patient asked: {text[:200]}",
        data={"question": question.pk, "link": link.pk},
        action=Action.CREATE,
        channel=Channel.PATIENT_LINK,
        ip_address=ip_address,
    )
    return question


def _check_open(link: PatientLink, case: Case, language: str, now: datetime) -> None:
    state = link_state(link, now)
    if state != "open":
        raise CasepathError.at("option", phrase(f"link_{state}", language))
    if case.status not in AWAITING_DECISION:
        raise CasepathError.at("option", phrase("case_closed", language))


def _audit(link: PatientLink, action: Action, summary: str, ip_address: str | None) -> Any:
    return audit_record(
        practice=link.practice,
        actor=None,
        action=action,
        target=link,
        patient=link.case.patient,
        summary=summary,
        channel=Channel.PATIENT_LINK,
        ip_address=ip_address,
    )


def _locked(link: PatientLink) -> PatientLink:
    return (
        PatientLink.objects.select_for_update(of=("self",))
        .select_related("presentation", "case", "case__patient", "practice")
        .get(pk=link.pk)
    )
