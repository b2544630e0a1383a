"""The forms of the plan's scheduling screen: what to propose (start day, the patient's
preferred days and times, a split across benefit years), and one row per visit of the
proposal (provider, day, time) that the TC may adjust before booking."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from casepath.core.scheduling import Placed, Preferences
from casepath.core.scheduling.calendar import local_moment
from casepath.scheduling.checks import provider_name
from casepath.scheduling.models import WEEKDAYS
from casepath.scheduling.plan_requests import LONGEST_MONTHS, PlanVisit
from casepath.scheduling.plan_services import PlanChoices

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanOptionsForm(forms.Form):
    start_on = forms.DateField(label="Start from", widget=DATE_INPUT)
    months = forms.IntegerField(
        label="Look ahead (months)", min_value=1, max_value=LONGEST_MONTHS, initial=6
    )
    weekdays = forms.TypedMultipleChoiceField(
        label="Days the patient can come",
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: any day.",
    )
    earliest = forms.TimeField(
        label="Not before", required=False, widget=TIME_INPUT, help_text="e.g. 09:00"
    )
    latest = forms.TimeField(
        label="Done by", required=False, widget=TIME_INPUT, help_text="e.g. 15:00"
    )
    split_phase = forms.TypedChoiceField(
        label="Next benefit year from",
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, phases: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["split_phase"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Do not split: as early as possible")] + [
            (str(number), f"Phase {number}: {name}") for number, name in phases[1:]
        ]
        field.help_text = "The phases from this one wait for the patient's next benefit year."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        earliest, latest = data.get("earliest"), data.get("latest")
        if earliest and latest and latest <= earliest:
            self.add_error("latest", "“Done by” comes after “Not before”.")
        return data

    def choices(self) -> PlanChoices:
        data = self.cleaned_data
        weekdays = frozenset(data.get("weekdays") or range(7))
        return PlanChoices(
            start_on=data["start_on"],
            preferences=Preferences(
                weekdays=weekdays, earliest=data.get("earliest"), latest=data.get("latest")
            ),
            months=data["months"],
            split_phase=data.get("split_phase"),
        )


def options_data(choices: PlanChoices) -> list[tuple[str, str]]:
    """The options as (name, value) pairs: the proposal's hidden fields carry them."""
    preferences = choices.preferences
    pairs = [("start_on", choices.start_on.isoformat()), ("months", str(choices.months))]
    if len(preferences.weekdays) < 7:
        pairs += [("weekdays", str(day)) for day in sorted(preferences.weekdays)]
    if preferences.earliest:
        pairs.append(("earliest", f"{preferences.earliest:%H:%M}"))
    if preferences.latest:
        pairs.append(("latest", f"{preferences.latest:%H:%M}"))
    if choices.split_phase is not None:
        pairs.append(("split_phase", str(choices.split_phase)))
    return pairs


class VisitRowForm(forms.Form):
    """One visit of the proposal: who, which day, what time (its length is the plan's)."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=40)
    provider = forms.TypedChoiceField(label="Provider", coerce=int)
    day = forms.DateField(label="Day", widget=DATE_INPUT)
    time = forms.TimeField(label="Time", widget=TIME_INPUT)

    def __init__(self, *args: Any, visit: PlanVisit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.visit = visit
        field = self.fields["provider"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(str(p.pk), provider_name(p)) for p in visit.providers]
        for name, words in (("provider", "Provider"), ("day", "Day"), ("time", "Time")):
            self.fields[name].widget.attrs["aria-label"] = f"{words} of {visit.visit.label}"

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        if key != self.visit.key:
            raise forms.ValidationError("This row belongs to another visit: propose again.")
        return key

    def placed(self, zone: ZoneInfo) -> Placed:
        data = self.cleaned_data
        start = local_moment(data["day"], data["time"], zone)
        end = start.astimezone(UTC) + timedelta(minutes=self.visit.minutes)
        return Placed(self.visit.key, data["provider"], start, end.astimezone(zone))


def row_forms(
    visits: Sequence[PlanVisit], data: Mapping[str, Any] | None = None
) -> list[VisitRowForm]:
    """One form per visit (prefix row-<n>), bound to `data` when given."""
    return [
        VisitRowForm(data, visit=visit, prefix=f"row-{n}", initial={"key": visit.key})
        for n, visit in enumerate(visits)
    ]


def rows_from_proposal(
    visits: Sequence[PlanVisit], placed: Sequence[Placed], zone: ZoneInfo
) -> dict[str, Any]:
    """The proposal as the rows' form data (what the TC then adjusts)."""
    data: dict[str, Any] = {}
    by_key = {p.visit: p for p in placed}
    for n, visit in enumerate(visits):
        one = by_key.get(visit.key)
        data[f"row-{n}-key"] = visit.key
        if one is None:
            continue
        local = one.start.astimezone(zone)
        data[f"row-{n}-provider"] = str(one.provider)
        data[f"row-{n}-day"] = local.date().isoformat()
        data[f"row-{n}-time"] = f"{local:%H:%M}"
    return data


class BookForm(forms.Form):
    accept_warnings = forms.BooleanField(
        label="Book anyway: I have read the warnings", required=False
    )
