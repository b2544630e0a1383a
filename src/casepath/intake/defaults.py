"""The welcome package a practice starts with: sections it edits, and three message
templates (the welcome e-mail, the reminder e-mail and the reminder text) that it may
change on the Messages settings like any other template."""

from __future__ import annotations

from typing import Final

from casepath.intake.models import WelcomePackage
from casepath.messaging.models import Channel, MessageTemplate
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

SECTIONS: Final[dict[str, str]] = {
    "introduction": (
        "Welcome to our practice. We take the time to listen, explain what we see in plain "
        "words, and plan your care with you."
    ),
    "what_to_expect": (
        "Your first visit takes about an hour. We will talk about what brings you in and "
        "what you want for your smile, take the x-rays the doctor needs, and the doctor "
        "will examine your teeth and gums. Before you leave, we go over what we found and "
        "the choices you have."
    ),
    "forms": (
        "Please fill in the health history and the privacy form before your visit, and "
        "bring your insurance card and a photo ID."
    ),
    "directions": "We are on the ground floor. Parking is free in front of the building.",
    "financial_policy": (
        "Payment is due when care is given. We file your insurance claims for you, and "
        "before any treatment we give you a written estimate of your part. Ask us about "
        "payment plans."
    ),
}

WELCOME: Final = (
    "Welcome package",
    "Welcome to {{ practice.name }}: your first visit on {{ visit.date }}",
    "Hi {{ patient.first_name }},\n\n"
    "Thank you for choosing {{ practice.name }}. Your first visit is on {{ visit.date }} at "
    "{{ visit.time }} with {{ visit.provider }}.\n\n"
    "Your welcome package is attached: what to expect, the forms to fill in, directions "
    "and our financial policy.\n\n"
    "Please confirm your visit here: {{ visit.confirm_url }}\n\n"
    "If you have a question, call us at {{ practice.phone }}.\n\n{{ coordinator.name }}",
)
REMINDER: Final = (
    "Visit reminder",
    "Your visit on {{ visit.date }} at {{ practice.name }}",
    "Hi {{ patient.first_name }},\n\n"
    "This is a reminder of your visit on {{ visit.date }} at {{ visit.time }} with "
    "{{ visit.provider }}.\n\n"
    "Please confirm here: {{ visit.confirm_url }}\n\n"
    "To change the time, call us at {{ practice.phone }}.\n\n{{ coordinator.name }}",
)
REMINDER_TEXT: Final = (
    "Visit reminder (text)",
    "",
    "{{ practice.name }}: your visit is on {{ visit.date }} at {{ visit.time }}. "
    "Confirm: {{ visit.confirm_url }}",
)


def default_welcome_package(practice: Practice) -> WelcomePackage:
    """Make the practice's package (and its templates, unless they exist by name)."""
    package = WelcomePackage(
        practice=practice,
        welcome_template=_template(practice, Channel.EMAIL, *WELCOME),
        reminder_template=_template(practice, Channel.EMAIL, *REMINDER),
        reminder_text_template=_template(practice, Channel.SMS, *REMINDER_TEXT),
        **SECTIONS,
    )
    package.save()
    return package


def _template(
    practice: Practice, channel: str, name: str, subject: str, body: str
) -> MessageTemplate:
    template, _ = scoped(MessageTemplate, practice).get_or_create(
        name=name,
        defaults={"practice": practice, "channel": channel, "subject": subject, "body": body},
    )
    return template
