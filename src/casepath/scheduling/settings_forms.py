"""Forms of the calendar's settings. They parse what was typed; the services decide
(overlaps, end before start, names taken) and their refusals land beside the field."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.db.models import QuerySet

from casepath.scheduling.models import (
    KIND_CHOICES,
    AppointmentType,
    SequencingRule,
    TimeOff,
    WorkingHours,
)
from casepath.scheduling.settings_services import DAY_NAMES, hours_field
from casepath.tenancy.models import Provider, ProviderKind

SLOTS = 3
"""Ranges per day on the form (morning, afternoon and one more), or more if saved."""
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WeekHoursForm(forms.Form):
    """A provider's week: for each weekday up to `slots` ranges (start and end)."""

    def __init__(self, *args: Any, slots: int = SLOTS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots = slots
        for weekday, day in DAY_NAMES.items():
            for slot in range(1, slots + 1):
                for part, word in (("starts", "from"), ("ends", "to")):
                    self.fields[hours_field(weekday, slot, part)] = forms.TimeField(
                        label=f"{day}, range {slot}: {word}",
                        required=False,
                        widget=TIME,
                        error_messages={"invalid": "Type a time, e.g. 8:00 or 13:30."},
                    )

    @classmethod
    def of(cls, rows: QuerySet[WorkingHours] | list[WorkingHours], data: Any = None) -> Any:
        """The form with the provider's saved hours (as posted when posted)."""
        by_day: dict[int, list[WorkingHours]] = {}
        for row in rows:
            by_day.setdefault(row.weekday, []).append(row)
        slots = max([SLOTS, *(len(day) for day in by_day.values())])
        initial = {}
        for weekday, day in by_day.items():
            for slot, row in enumerate(sorted(day, key=lambda r: r.starts), start=1):
                initial[hours_field(weekday, slot, "starts")] = row.starts
                initial[hours_field(weekday, slot, "ends")] = row.ends
        return cls(data, initial=initial, slots=slots)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for weekday, day in DAY_NAMES.items():
            for slot in range(1, self.slots + 1):
                starts_name = hours_field(weekday, slot, "starts")
                ends_name = hours_field(weekday, slot, "ends")
                starts, ends = data.get(starts_name), data.get(ends_name)
                if self.has_error(starts_name) or self.has_error(ends_name):
                    continue
                if starts and not ends:
                    self.add_error(ends_name, f"{day}: give the time the range ends.")
                elif ends and not starts:
                    self.add_error(starts_name, f"{day}: give the time the range starts.")
        return data

    def week(self) -> dict[int, list[tuple[time, time] | None]]:
        """{weekday: [(starts, ends) or None for an empty slot]} from valid input."""
        return {
            weekday: [self._range(weekday, slot) for slot in range(1, self.slots + 1)]
            for weekday in DAY_NAMES
        }

    def _range(self, weekday: int, slot: int) -> tuple[time, time] | None:
        starts = self.cleaned_data.get(hours_field(weekday, slot, "starts"))
        ends = self.cleaned_data.get(hours_field(weekday, slot, "ends"))
        return (starts, ends) if starts and ends else None

    def days(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField]]]]:
        """For the template: each day's name and its (from, to) fields."""
        return [
            (
                day,
                [
                    (
                        self[hours_field(weekday, slot, "starts")],
                        self[hours_field(weekday, slot, "ends")],
                    )
                    for slot in range(1, self.slots + 1)
                ],
            )
            for weekday, day in DAY_NAMES.items()
        ]


class TimeOffForm(forms.Form):
    provider = forms.ModelChoiceField(
        label="Who is away",
        queryset=Provider.objects.none(),
        required=False,
        empty_label="The whole practice (closed)",
    )
    starts_on = forms.DateField(
        label="First day off",
        widget=DATE,
        error_messages={"required": "Give the first day off.", "invalid": "Type a date."},
    )
    ends_on = forms.DateField(
        label="Last day off",
        widget=DATE,
        help_text="The same day for one day.",
        error_messages={"required": "Give the last day off.", "invalid": "Type a date."},
    )
    reason = forms.CharField(
        label="Reason", max_length=120, required=False, help_text="e.g. Vacation, a holiday."
    )

    def __init__(self, *args: Any, providers: QuerySet[Provider], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = providers
        field.error_messages["invalid_choice"] = "Choose a provider of this practice."

    @classmethod
    def of(
        cls, providers: QuerySet[Provider], row: TimeOff | None = None, data: Any = None
    ) -> TimeOffForm:
        initial = {}
        if row is not None:
            initial = {
                "provider": row.provider_id,
                "starts_on": row.starts_on,
                "ends_on": row.ends_on,
                "reason": row.reason,
            }
        return cls(data, initial=initial, providers=providers)


WHO_CHOICES = [("", "Any provider"), *ProviderKind.choices]


class AppointmentTypeForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=80,
        error_messages={"required": "Name the type, e.g. “Crown preparation”."},
    )
    kind = forms.ChoiceField(
        label="Kind of visit",
        choices=KIND_CHOICES,
        help_text="The sequencing rules and the plan's visits go by the kind.",
    )
    minutes = forms.IntegerField(
        label="Length (minutes)",
        min_value=5,
        max_value=720,
        error_messages={
            "required": "Give the usual length in minutes.",
            "invalid": "Give the length in whole minutes.",
            "min_value": "A visit lasts from 5 to 720 minutes.",
            "max_value": "A visit lasts from 5 to 720 minutes.",
        },
    )
    provider_kind = forms.ChoiceField(label="Who does it", choices=WHO_CHOICES, required=False)
    specialty = forms.CharField(
        label="Specialty",
        max_length=60,
        required=False,
        help_text="Only providers with this specialty, e.g. Oral surgery. Empty: any.",
    )
    is_active = forms.BooleanField(
        label="In use", required=False, help_text="Off: not offered when booking."
    )

    @classmethod
    def of(cls, row: AppointmentType | None = None, data: Any = None) -> AppointmentTypeForm:
        initial: dict[str, Any] = {"is_active": True, "minutes": 60}
        if row is not None:
            initial = {name: getattr(row, name) for name in cls.base_fields}
        return cls(data, initial=initial)


class SequencingRuleForm(forms.Form):
    before_kind = forms.ChoiceField(label="First", choices=KIND_CHOICES)
    after_kind = forms.ChoiceField(label="Then", choices=KIND_CHOICES)
    min_days = forms.IntegerField(
        label="At least (days)",
        min_value=0,
        max_value=730,
        help_text="0: the same day is fine.",
        error_messages={
            "required": "Give the days to wait (0 for none).",
            "invalid": "Give whole days.",
            "min_value": "Give 0 to 730 days.",
            "max_value": "Give 0 to 730 days.",
        },
    )
    max_days = forms.IntegerField(
        label="At most (days)",
        min_value=0,
        max_value=730,
        required=False,
        help_text="Empty: no limit.",
        error_messages={
            "invalid": "Give whole days, or leave it empty.",
            "min_value": "Give 0 to 730 days, or leave it empty.",
            "max_value": "Give 0 to 730 days, or leave it empty.",
        },
    )
    why = forms.CharField(
        label="Why",
        max_length=120,
        help_text="In words, e.g. the implant fuses with the bone.",
        error_messages={"required": "Say why in a few words."},
    )
    is_active = forms.BooleanField(
        label="In use", required=False, help_text="Off: the scheduler ignores this rule."
    )

    @classmethod
    def of(cls, row: SequencingRule | None = None, data: Any = None) -> SequencingRuleForm:
        initial: dict[str, Any] = {"is_active": True, "min_days": 0}
        if row is not None:
            initial = {name: getattr(row, name) for name in cls.base_fields}
        return cls(data, initial=initial)
