"""Forms of the new patient's page: book (or move) the first visit, the welcome package
given by hand, cancel the visit, close the inquiry. Forms parse; the services decide.
The buttons without fields (send the package, confirmed, arrived, no-show, reopen) post
an `ActionForm`, so a refusal shows beside them like any other form's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from casepath.cases.forms import in_house
from casepath.intake.welcome_services import GIVEN_HOW
from casepath.scheduling.models import LONGEST_MINUTES
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.models import Operatory, Practice, Provider
from casepath.tenancy.scoping import scoped

# Service errors name the appointment's fields; the form calls the room "room".
BOOK_ALIASES = {"operatory": "room"}


class ProviderField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class BookForm(forms.Form):
    """The first visit: who, when (the practice's local time), how long, which room."""

    provider = ProviderField(
        label="Provider",
        queryset=Provider.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose the provider who sees the patient.",
            "invalid_choice": "Choose one of this practice's providers.",
        },
    )
    starts_at = forms.DateTimeField(
        label="Day and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Give the day and time of the first visit.",
            "invalid": "Give the day and time as on a calendar, e.g. 2026-11-10 10:00.",
        },
    )
    duration_minutes = forms.IntegerField(
        label="Length (minutes)",
        min_value=5,
        max_value=LONGEST_MINUTES,
        initial=60,
        error_messages={"required": "Say how long the visit is, in minutes."},
    )
    room = forms.ModelChoiceField(
        label="Room",
        queryset=Operatory.objects.none(),
        required=False,
        empty_label="No room yet",
        error_messages={"invalid_choice": "Choose one of this practice's rooms."},
    )

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "book_%s")
        super().__init__(*args, **kwargs)
        self.zone = practice_zone(practice)
        provider: Any = self.fields["provider"]
        provider.queryset = in_house(practice)
        room: Any = self.fields["room"]
        room.queryset = scoped(Operatory, practice).filter(is_active=True)

    def full_clean(self) -> None:
        """The time typed is the practice's local time, whatever the server's zone."""
        with timezone.override(self.zone):
            super().full_clean()

    def service_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "provider": data["provider"],
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "operatory": data["room"],
        }


class ActionForm(forms.Form):
    """A button with nothing to fill in: its refusals are the form's errors."""


class WelcomeGivenForm(forms.Form):
    how = forms.ChoiceField(
        label="Given",
        choices=[(key, label) for key, label in GIVEN_HOW.items() if key != "email"],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say how the package was given: by mail or in person.",
            "invalid_choice": "Say how the package was given: by mail or in person.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "given_%s")
        super().__init__(*args, **kwargs)


class CancelVisitForm(forms.Form):
    reason = forms.CharField(
        label="Why is the visit cancelled?",
        max_length=300,
        error_messages={"required": "Say why the visit is cancelled."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "cancel_%s")
        super().__init__(*args, **kwargs)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label="Why is the patient not coming?",
        max_length=200,
        error_messages={"required": "Say why the patient is not coming."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "close_%s")
        super().__init__(*args, **kwargs)
