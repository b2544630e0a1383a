"""Forms of the consult section, the documents and the letter templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from casepath.cases.consult_services import Attendee
from casepath.cases.document_services import MAKE, provider_name
from casepath.core.errors import CasepathError
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.models import Operatory, Practice, Provider
from casepath.tenancy.scoping import scoped


def add_casepath_errors(form: forms.BaseForm, error: CasepathError) -> None:
    """Show a service's CasepathError beside the fields it names (else above the form)."""
    for problem in error.errors:
        form.add_error(problem.path if problem.path in form.fields else None, problem.message)


class ProviderChoice(forms.ModelChoiceField[Provider]):
    def label_from_instance(self, obj: Provider) -> str:
        where = f" · {obj.specialty or 'outside specialist'}" if obj.is_external else ""
        return f"{provider_name(obj)}{where}"


class ScheduleForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Day and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=5, max_value=240, initial=60
    )
    provider = ProviderChoice(queryset=Provider.objects.none(), empty_label=None)
    room = forms.ModelChoiceField(
        queryset=Operatory.objects.none(), required=False, empty_label="No room yet"
    )
    companion_name = forms.CharField(label="Also coming (name)", max_length=200, required=False)
    companion_relationship = forms.CharField(
        label="Who they are to the patient", max_length=60, required=False
    )
    companion_decides = forms.BooleanField(label="Helps decide", required=False)

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "consult_%s")  # unique on the case page
        super().__init__(*args, **kwargs)
        self.zone = practice_zone(practice)
        in_house = scoped(Provider, practice).filter(is_active=True, is_external=False)
        self.fields["provider"].queryset = in_house  # type: ignore[attr-defined]
        rooms = scoped(Operatory, practice).filter(is_active=True)
        self.fields["room"].queryset = rooms  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        """The time typed is the practice's local time, whatever the server's zone."""
        with timezone.override(self.zone):
            super().full_clean()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("companion_name") and not data.get("companion_relationship"):
            self.add_error("companion_relationship", "Say who they are, e.g. spouse.")
        return data

    def service_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        attendees = []
        if data["companion_name"]:
            attendees.append(
                Attendee(
                    data["companion_name"],
                    data["companion_relationship"],
                    data["companion_decides"],
                )
            )
        return {
            "provider": data["provider"],
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "room": data["room"],
            "attendees": attendees,
        }


class AttendeeForm(forms.Form):
    consult = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(max_length=200)
    relationship = forms.CharField(
        label="Who they are to the patient", max_length=60, help_text="Spouse, parent, friend …"
    )
    decides = forms.BooleanField(label="Helps decide", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "attendee_%s")
        super().__init__(*args, **kwargs)


class CheckForm(forms.Form):
    consult = forms.IntegerField(widget=forms.HiddenInput)
    item = forms.CharField(max_length=20, widget=forms.HiddenInput)
    checked = forms.BooleanField(required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Document", choices=[(kind, made.label) for kind, made in MAKE.items()]
    )
    referrer = ProviderChoice(
        label="Referring provider",
        queryset=Provider.objects.none(),
        required=False,
        empty_label="—",
        help_text="For the letter to the referring provider.",
    )

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "document_%s")
        super().__init__(*args, **kwargs)
        providers = scoped(Provider, practice).filter(is_active=True).order_by("-is_external")
        self.fields["referrer"].queryset = providers  # type: ignore[attr-defined]


class DocumentTemplateForm(forms.Form):
    name = forms.CharField(max_length=120)
    body = forms.CharField(
        label="Letter",
        widget=forms.Textarea(attrs={"rows": 18, "cols": 80, "spellcheck": "true"}),
        help_text="Plain text; merge fields in double braces, e.g. {{ patient.first_name }}.",
    )
