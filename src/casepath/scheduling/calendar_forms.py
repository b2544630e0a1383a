"""Forms of the calendar: which day or week, a status change, a new appointment.

Forms parse; the checks (scheduling.checks) and the services decide. Times typed are the
practice's local times, whatever the server's zone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from casepath.cases.forms import in_house
from casepath.patients.models import Patient
from casepath.patients.selectors import patient_by_chart
from casepath.scheduling.calendar_selectors import BUTTON_LABELS, NEXT_STATUSES
from casepath.scheduling.models import (
    LONGEST_MINUTES,
    Appointment,
    AppointmentStatus,
    AppointmentType,
)
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.models import Operatory, Practice, Provider
from casepath.tenancy.scoping import scoped

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The services and checks name the appointment's fields; the form calls some differently.
ALIASES = {"operatory": "room", "minutes": "duration_minutes", "type": "appointment_type"}
CHANGEABLE = [
    (status.value, BUTTON_LABELS[status])
    for status in (
        AppointmentStatus.CONFIRMED,
        AppointmentStatus.ARRIVED,
        AppointmentStatus.COMPLETED,
        AppointmentStatus.NO_SHOW,
        AppointmentStatus.CANCELLED,
    )
]


class DayForm(forms.Form):
    day = forms.DateField(label="Day", required=False, widget=DATE)


class WeekForm(forms.Form):
    week = forms.DateField(label="Week of", required=False, widget=DATE)


class StatusForm(forms.Form):
    """A status button of an appointment's block."""

    status = forms.ChoiceField(
        choices=CHANGEABLE,
        error_messages={
            "required": "Choose what happened.",
            "invalid_choice": "Choose confirmed, arrived, completed, no-show or cancelled.",
        },
    )

    def __init__(self, *args: Any, appointment: Appointment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.appointment = appointment

    def clean_status(self) -> AppointmentStatus:
        status = AppointmentStatus(self.cleaned_data["status"])
        current = AppointmentStatus(self.appointment.status)
        if status not in NEXT_STATUSES[current]:
            raise ValidationError(
                f"This visit is {current.label.lower()}: it cannot be marked "
                f"{status.label.lower()} now."
            )
        return status


class ProviderField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class TypeSelect(forms.Select):
    """Each type's usual length rides on its option, so choosing it fills the length."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.minutes: dict[str, int] = {}

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(name, value, *args, **kwargs)
        minutes = self.minutes.get(str(value))
        if minutes is not None:
            option["attrs"]["data-minutes"] = str(minutes)
        return option


class TypeField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.minutes} min)"


FILL_LENGTH = (
    "var m = this.selectedOptions[0] && this.selectedOptions[0].dataset.minutes;"
    " if (m) { this.form.elements.duration_minutes.value = m; }"
)


class AppointmentForm(forms.Form):
    """A new appointment: who, with whom, what, when (local time), how long, where."""

    patient = forms.CharField(
        label="Patient's chart number",
        max_length=20,
        error_messages={"required": "Give the patient's chart number."},
    )
    provider = ProviderField(
        label="Provider",
        queryset=Provider.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose the provider who sees the patient.",
            "invalid_choice": "Choose one of this practice's providers.",
        },
    )
    appointment_type = TypeField(
        label="Type",
        queryset=AppointmentType.objects.none(),
        required=False,
        empty_label="No type",
        widget=TypeSelect(attrs={"onchange": FILL_LENGTH}),
        error_messages={"invalid_choice": "Choose one of this practice's appointment types."},
    )
    starts_at = forms.DateTimeField(
        label="Day and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Give the day and time of the appointment.",
            "invalid": "Give the day and time as on a calendar, e.g. 2026-11-10 10:00.",
        },
    )
    duration_minutes = forms.IntegerField(
        label="Length (minutes)",
        required=False,
        min_value=5,
        max_value=LONGEST_MINUTES,
        help_text="Empty: the type's usual length.",
        error_messages={
            "min_value": "An appointment lasts at least 5 minutes.",
            "max_value": f"An appointment lasts at most {LONGEST_MINUTES} minutes (12 hours).",
        },
    )
    room = forms.ModelChoiceField(
        label="Room",
        queryset=Operatory.objects.none(),
        required=False,
        empty_label="No room",
        error_messages={"invalid_choice": "Choose one of this practice's rooms."},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=120,
        required=False,
        help_text="What the visit is for, e.g. crown preparation.",
    )
    confirm = forms.BooleanField(
        label="Book anyway",
        required=False,
        help_text="The warnings above are understood.",
    )
    warned = forms.CharField(required=False, widget=forms.HiddenInput)
    """Which warnings "Book anyway" answered: changing the visit asks again."""

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.practice = practice
        self.zone = practice_zone(practice)
        provider: Any = self.fields["provider"]
        provider.queryset = in_house(practice)
        types = scoped(AppointmentType, practice).filter(is_active=True).order_by("name")
        kind: Any = self.fields["appointment_type"]
        kind.queryset = types
        kind.widget.minutes = {str(t.pk): t.minutes for t in types}
        room: Any = self.fields["room"]
        room.queryset = scoped(Operatory, practice).filter(is_active=True)

    def full_clean(self) -> None:
        """The time typed is the practice's local time, whatever the server's zone."""
        with timezone.override(self.zone):
            super().full_clean()

    def clean_patient(self) -> Patient:
        chart = self.cleaned_data["patient"].strip()
        found = patient_by_chart(self.practice, chart)
        if found is None:
            raise ValidationError(f"No patient of this practice has chart number {chart}.")
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "duration_minutes" in data and data.get("duration_minutes") is None:
            kind = data.get("appointment_type")
            if kind is not None:
                data["duration_minutes"] = kind.minutes
            elif "appointment_type" in data:
                self.add_error(
                    "duration_minutes", "Say how long the visit is, in minutes, or choose a type."
                )
        return data

    @property
    def chosen_patient(self) -> Patient:
        found: Patient = self.cleaned_data["patient"]
        return found

    def patient_shown(self) -> Patient | None:
        """The patient the form is for, when known (to name them above the form)."""
        if self.is_bound:
            found = getattr(self, "cleaned_data", {}).get("patient")
            return found if isinstance(found, Patient) else None
        chart = self.initial.get("patient")
        return patient_by_chart(self.practice, chart) if chart else None

    def accepts(self, warnings: Sequence[str]) -> bool:
        """True when "Book anyway" was ticked for exactly these warnings; else the form
        asks again (with the box unticked)."""
        digest = warnings_digest(warnings)
        if self.cleaned_data.get("confirm") and self.cleaned_data.get("warned") == digest:
            return True
        self.data = self.data.copy()  # type: ignore[has-type]
        self.data["warned"] = digest
        self.data.pop("confirm", None)
        return False

    def check_args(self) -> dict[str, Any]:
        """What scheduling.checks.appointment_conflicts takes (besides the practice)."""
        data = self.cleaned_data
        return {
            "patient": data["patient"],
            "provider": data["provider"],
            "starts_at": data["starts_at"],
            "minutes": data["duration_minutes"],
            "operatory": data["room"],
        }

    def service_data(self) -> dict[str, Any]:
        """What scheduling.services.appointment_create takes as `data`."""
        data = self.cleaned_data
        return {
            "provider": data["provider"],
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "operatory": data["room"],
            "reason": data["reason"],
            "appointment_type": data["appointment_type"],
        }


def warnings_digest(warnings: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(warnings).encode()).hexdigest()[:16]


def appointment_initial(practice: Practice, query: Mapping[str, str]) -> dict[str, Any]:
    """A new appointment's form filled from the link that opened it: ?patient=<id>,
    ?provider=<id>, ?start=YYYY-MM-DDTHH:MM. Unknown or foreign ids are ignored."""
    initial: dict[str, Any] = {}
    patient = _scoped_id(Patient, practice, query.get("patient"))
    if patient is not None:
        initial["patient"] = patient.chart_number
    provider = _scoped_id(Provider, practice, query.get("provider"))
    if provider is not None:
        initial["provider"] = provider.pk
    start = query.get("start", "")
    field = forms.DateTimeField()
    try:
        field.clean(start)
    except ValidationError:
        pass
    else:
        initial["starts_at"] = start
    return initial


def _scoped_id(model: Any, practice: Practice, raw: str | None) -> Any:
    if not raw or not raw.isdigit():
        return None
    return scoped(model, practice).filter(pk=int(raw)).first()
