"""The message templates of the patient's appointments: the e-mail that lists the visits
booked (with the calendar file), the reminder before each visit (an e-mail, and a text
for patients who agreed to texts), and the e-mail that says a visit is cancelled.

They are made the first time they are needed, found by name afterwards: a practice
changes them on the Messages settings like any other template, and one it no longer
uses (or one of that name on the wrong channel) is simply not sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from casepath.messaging.models import Channel, MessageTemplate
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

# (name, channel, subject, body)
BOOKED: Final = (
    "Appointments booked",
    Channel.EMAIL,
    "Your visits at {{ practice.name }}",
    "Hi {{ patient.first_name }},\n\n"
    "Your visits are booked:\n\n"
    "{{ appointments.list }}\n\n"
    "The file attached puts them in your calendar. We will send you a reminder two days "
    "before each visit.\n\n"
    "To change a time, call us at {{ practice.phone }}.\n\n{{ coordinator.name }}",
)
REMINDER: Final = (
    "Appointment reminder",
    Channel.EMAIL,
    "Your visit on {{ visit.date }} at {{ practice.name }}",
    "Hi {{ patient.first_name }},\n\n"
    "This is a reminder of your visit on {{ visit.date }} at {{ visit.time }} with "
    "{{ visit.provider }} ({{ visit.type }}).\n\n"
    "To change the time, call us at {{ practice.phone }}.\n\n{{ coordinator.name }}",
)
REMINDER_TEXT: Final = (
    "Appointment reminder (text)",
    Channel.SMS,
    "",
    "{{ practice.name }}: your visit is on {{ visit.date }} at {{ visit.time }} with "
    "{{ visit.provider }}. To change it, call {{ practice.phone }}.",
)
CANCELLED: Final = (
    "Appointment cancelled",
    Channel.EMAIL,
    "Your visit on {{ visit.date }} is cancelled",
    "Hi {{ patient.first_name }},\n\n"
    "Your visit on {{ visit.date }} at {{ visit.time }} with {{ visit.provider }} is "
    "cancelled. The file attached takes it off your calendar.\n\n"
    "To book a new time, call us at {{ practice.phone }}.\n\n{{ coordinator.name }}",
)


@dataclass(frozen=True)
class NotifyTemplates:
    """The practice's templates in use (None: that message is not sent)."""

    booked: MessageTemplate | None
    reminder: MessageTemplate | None
    reminder_text: MessageTemplate | None
    cancelled: MessageTemplate | None


def notify_templates(practice: Practice) -> NotifyTemplates:
    """The four templates, made with the words above when the practice has none by name."""
    return NotifyTemplates(
        booked=_template(practice, *BOOKED),
        reminder=_template(practice, *REMINDER),
        reminder_text=_template(practice, *REMINDER_TEXT),
        cancelled=_template(practice, *CANCELLED),
    )


def _template(
    practice: Practice, name: str, channel: str, subject: str, body: str
) -> MessageTemplate | None:
    template, _ = scoped(MessageTemplate, practice).get_or_create(
        name=name,
        defaults={"practice": practice, "channel": channel, "subject": subject, "body": body},
    )
    if template.channel != channel or not template.is_active:
        return None
    return template
