"""The welcome package and the visit's reminder: e-mailed (with the package as a PDF)
when the first visit is booked, or marked as given by hand; the reminder asks the
patient to confirm, and is cancelled when the visit moves.

Keys: `intake:<id>:welcome` (once per new patient; `…:welcome:<n>` when a person sends
it again after one that never went) and `intake:<id>:reminder…:<visit>` (once per
visit), so booking twice never sends twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casepath.audit.models import Action
from casepath.audit.services import audit_record, diff
from casepath.core.errors import CasepathError
from casepath.core.intake import Stage
from casepath.intake.models import Intake, WelcomePackage
from casepath.intake.pdf import welcome_pdf
from casepath.intake.selectors import welcome_package
from casepath.intake.services import intake_move
from casepath.intake.tokens import confirm_url
from casepath.messaging.models import Channel, Message, MessageAttachment, MessageStatus
from casepath.messaging.rules import problem_of
from casepath.messaging.services import Attachment, message_queue, messages_cancel
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.scoping import scoped

PACKAGE_FIELDS = (
    "introduction",
    "what_to_expect",
    "forms",
    "directions",
    "financial_policy",
    "send_automatically",
    "reminder_hours",
)
REMINDER_AT_LEAST = timedelta(hours=1)
GIVEN_HOW = {"mail": "by mail", "in_person": "in person", "email": "by e-mail"}
NOT_GONE = frozenset({MessageStatus.BLOCKED, MessageStatus.FAILED, MessageStatus.CANCELLED})
"""A welcome e-mail in these never reached the patient: a person may send another."""


def visit_values(intake: Intake) -> dict[str, str]:
    """The visit's merge fields (messaging.fields: visit.*), and the TC's name to sign."""
    visit = intake.first_visit
    if visit is None:
        return {}
    local = timezone.localtime(visit.starts_at, practice_zone(intake.practice))
    hour = local.strftime("%I:%M %p").lstrip("0").lower()
    values = {
        "visit.date": f"{local:%A, %B} {local.day}",
        "visit.time": hour,
        "visit.provider": str(visit.provider),
        "visit.confirm_url": confirm_url(intake),
    }
    coordinator = intake.coordinator
    if coordinator is not None:
        values["coordinator.name"] = coordinator.get_full_name() or coordinator.get_username()
    return values


def visit_messages_queue(intake: Intake, *, acting_user: Any, now: datetime) -> None:
    """After booking: the welcome package (when sent automatically, and only once per
    new patient: a moved or rebooked visit never sends a second) and the reminder."""
    package = welcome_package(intake.practice)
    if intake.welcome_sent_at is not None:  # rebooked after a cancel: they have it
        _mark_sent(intake, intake.welcome_sent_how, acting_user, now, note="sent before")
    elif package.send_automatically and package.welcome_template.is_active:
        welcome_send(intake=intake, acting_user=acting_user, now=now, automated=True)
    reminder_queue(intake, package, now=now)


def welcome_key(intake: Intake) -> str:
    return f"intake:{intake.pk}:welcome"


def welcome_messages(intake: Intake) -> list[Message]:
    """The welcome e-mails of `intake`, oldest first (a second only after one not sent)."""
    key = welcome_key(intake)
    return list(
        scoped(Message, intake.practice)
        .filter(Q(idempotency_key=key) | Q(idempotency_key__startswith=f"{key}:"))
        .order_by("pk")
    )


def welcome_pdf_sent(intake: Intake) -> MessageAttachment | None:
    """The PDF of the newest welcome e-mail that went (or waits to go), as it was sent."""
    gone = [m.pk for m in welcome_messages(intake) if m.status not in NOT_GONE]
    return (
        scoped(MessageAttachment, intake.practice)
        .filter(message_id__in=gone)
        .order_by("-message_id", "pk")
        .first()
    )


@transaction.atomic
def welcome_send(
    *, intake: Intake, acting_user: Any, now: datetime, automated: bool = False
) -> Message:
    """E-mail the welcome package (the PDF attached), once: asking again returns the
    e-mail already queued or sent. A person's send that cannot go is refused in words
    (nothing written); an automatic one is kept as "not sent" with the reason. One that
    never went may go again under a new key: a person's send, or the automatic one once
    the reason is gone (an address added, then the visit moved)."""
    if intake.first_visit is None:
        raise CasepathError.at("first_visit", "Book the first visit before sending the package.")
    key = welcome_key(intake)
    earlier = welcome_messages(intake)
    if earlier:
        last = earlier[-1]
        if last.status not in NOT_GONE:
            _mark_sent(intake, "email", acting_user, now)
            return last
        if automated and last.status != MessageStatus.BLOCKED:
            return last  # it failed on the way: a person decides
        key = f"{key}:{len(earlier) + 1}"
    problem = problem_of(intake.patient, Channel.EMAIL)
    if problem is not None:  # checked before the PDF is made
        if not automated:
            raise CasepathError.at(problem.path, problem.why)
        if earlier:
            return earlier[-1]  # kept as "not sent" once is enough
    package = welcome_package(intake.practice)
    pdf = Attachment(f"welcome-{intake.patient.chart_number}.pdf", welcome_pdf(intake, package))
    message = message_queue(
        acting_user=acting_user,
        patient=intake.patient,
        template=package.welcome_template,
        idempotency_key=key,
        now=now,
        automated=automated,
        values=visit_values(intake),
        attachments=[pdf],
    )
    if message.status not in NOT_GONE:
        _mark_sent(intake, "email", acting_user, now)
    return message


def welcome_given(*, intake: Intake, how: str, acting_user: Any, now: datetime) -> Intake:
    """The package went another way (by mail, in person)."""
    if how not in GIVEN_HOW:
        raise CasepathError.at("how", "Say how the package was given: by mail or in person.")
    if intake.first_visit is None:
        raise CasepathError.at("first_visit", "Book the first visit first.")
    return _mark_sent(intake, how, acting_user, now)


def _mark_sent(intake: Intake, how: str, acting_user: Any, now: datetime, note: str = "") -> Intake:
    if intake.welcome_sent_at is None:
        intake.welcome_sent_at, intake.welcome_sent_how = now, how
        intake.save(update_fields=["welcome_sent_at", "welcome_sent_how", "updated_at"])
    if intake.stage == Stage.BOOKED:
        note = note or f"sent {GIVEN_HOW.get(intake.welcome_sent_how, 'by e-mail')}"
        intake_move(
            intake=intake, to_stage=Stage.WELCOME_SENT, acting_user=acting_user, now=now, note=note
        )
    return intake


def reminder_queue(intake: Intake, package: WelcomePackage, *, now: datetime) -> list[Message]:
    """The reminder `package.reminder_hours` before the visit (and a text when the
    patient agreed to texts); none when the visit is too close for one (the welcome
    e-mail asks to confirm). Keys name the visit: a moved visit gets its own."""
    visit = intake.first_visit
    if visit is None:
        return []
    send_after = visit.starts_at - timedelta(hours=package.reminder_hours)
    if send_after < now + REMINDER_AT_LEAST:
        return []
    values = visit_values(intake)
    templates = [("reminder", package.reminder_template)]
    if intake.patient.sms_consent and package.reminder_text_template is not None:
        templates.append(("reminder-text", package.reminder_text_template))
    templates = [(name, t) for name, t in templates if t.is_active]  # not in use: not sent
    return [
        message_queue(
            acting_user=None,
            patient=intake.patient,
            template=template,
            idempotency_key=f"intake:{intake.pk}:{name}:{visit.pk}",
            now=now,
            send_after=send_after,
            automated=True,
            values=values,
        )
        for name, template in templates
    ]


def reminder_cancel(intake: Intake, *, why: str) -> int:
    return messages_cancel(
        practice=intake.practice, key_prefix=f"intake:{intake.pk}:reminder", why=why
    )


@transaction.atomic
def welcome_package_save(
    *, package: WelcomePackage, acting_user: Any, data: Mapping[str, Any]
) -> WelcomePackage:
    before = {name: getattr(package, name) for name in PACKAGE_FIELDS}
    for name in PACKAGE_FIELDS:
        if name in data:
            setattr(package, name, data[name])
    package.full_clean()
    package.save()
    audit_record(
        practice=package.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=package,
        summary="Welcome package changed",
        changes=diff(before, {name: getattr(package, name) for name in PACKAGE_FIELDS}),
    )
    return package
