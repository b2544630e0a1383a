"""The welcome package settings: the five sections of the PDF, whether it goes by itself
when the first visit is booked, and when the reminder goes."""

from __future__ import annotations

from typing import Any

from django.forms import BooleanField, BoundField, CharField, Form, IntegerField, Textarea

from casepath.intake.models import WelcomePackage

LEAST_HOURS = 2
MOST_HOURS = 336
HOURS_WORDS = (
    f"Send the reminder between {LEAST_HOURS} and {MOST_HOURS} hours (two weeks) before the visit."
)
SECTION_NAMES = ("introduction", "what_to_expect", "forms", "directions", "financial_policy")


def _section(label: str, help_text: str) -> CharField:
    return CharField(
        label=label,
        help_text=help_text,
        max_length=10_000,
        widget=Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write this section: it is a part of the PDF."},
    )


class WelcomePackageForm(Form):
    introduction = _section("Practice introduction", "Who you are and how you care for patients.")
    what_to_expect = _section(
        "What to expect at the first visit", "How long it takes and what happens."
    )
    forms = _section("Forms", "The forms to fill in before the visit, and where to find them.")
    directions = _section("Directions and parking", "How to find you and where to park.")
    financial_policy = _section("Financial policy", "When payment is due, insurance, estimates.")
    send_automatically = BooleanField(
        label="Send the welcome package when the first visit is booked",
        required=False,
        help_text="Off: the TC sends it from the new patient's page.",
    )
    reminder_hours = IntegerField(
        label="Send the reminder this many hours before the visit",
        min_value=LEAST_HOURS,
        max_value=MOST_HOURS,
        help_text="48 is two days. It asks the patient to confirm the visit.",
        error_messages={
            "required": HOURS_WORDS,
            "invalid": HOURS_WORDS,
            "min_value": HOURS_WORDS,
            "max_value": HOURS_WORDS,
        },
    )

    @classmethod
    def of(cls, package: WelcomePackage, data: Any = None) -> WelcomePackageForm:
        initial = {name: getattr(package, name) for name in cls.base_fields}
        return cls(data, initial=initial)

    def sections(self) -> list[BoundField]:
        return [self[name] for name in SECTION_NAMES]
