"""Forms of referrals: the directory (search, add, change), a referral in or out, a move
along the lifecycle, a document, the list's filters. Forms parse; the services decide
(a wrong NPI, a procedure of another case, a move out of order are refused there)."""

from __future__ import annotations

from typing import Any

from django import forms

from casepath.referrals.models import (
    Direction,
    ReferralStatus,
    ReferralUrgency,
    ReferringProvider,
)
from casepath.referrals.selectors import active_providers
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_INVALID = "Give the day as on a calendar, e.g. 2026-11-10."


class ProviderChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        words = [obj.name]
        if obj.practice_name:
            words.append(obj.practice_name)
        if obj.specialty:
            words.append(obj.specialty)
        return " · ".join(words)


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label="Find a provider", required=False, max_length=100)
    inactive = forms.BooleanField(label="Include providers out of use", required=False)


class ProviderForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=120,
        help_text="e.g. Dr. Alan Reyes",
        error_messages={"required": "Give the provider's name, e.g. Dr. Alan Reyes."},
    )
    practice_name = forms.CharField(label="Practice", max_length=120, required=False)
    specialty = forms.CharField(
        label="Specialty",
        max_length=60,
        required=False,
        help_text="e.g. Oral surgery, Periodontics, General dentistry",
    )
    npi = forms.CharField(
        label="NPI",
        max_length=14,
        required=False,
        help_text="10 digits, from the provider's letterhead or the NPI registry.",
    )
    phone = forms.CharField(label="Phone", max_length=30, required=False)
    fax = forms.CharField(label="Fax", max_length=30, required=False)
    email = forms.EmailField(
        label="E-mail",
        required=False,
        error_messages={"invalid": "Give an e-mail address like office@example.com."},
    )
    address = forms.CharField(label="Address", required=False, widget=forms.Textarea({"rows": 3}))
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea({"rows": 3}))

    @classmethod
    def of(cls, provider: ReferringProvider) -> ProviderForm:
        return cls(initial={name: getattr(provider, name) for name in cls.base_fields})


class ActiveForm(forms.Form):
    active = forms.BooleanField(required=False)


def _provider_field(practice: Practice, label: str, required: str) -> ProviderChoice:
    field = ProviderChoice(
        label=label,
        queryset=active_providers(practice),
        empty_label="Choose from the directory",
        error_messages={
            "required": required,
            "invalid_choice": "Choose a provider of the directory who is in use.",
        },
    )
    return field


def _urgency() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Urgency",
        choices=ReferralUrgency.choices,
        initial=ReferralUrgency.ROUTINE,
        error_messages={"required": "Choose how urgent the referral is."},
    )


def _reason(help_text: str) -> forms.CharField:
    return forms.CharField(
        label="Reason",
        widget=forms.Textarea({"rows": 3}),
        help_text=help_text,
        error_messages={"required": "Say why the patient is referred."},
    )


class InboundForm(forms.Form):
    """A patient a provider sent us. The patient comes from the page's ?patient= or
    ?intake=; without either, the chart number finds them."""

    other_provider = forms.Field()  # set in __init__
    chart_number = forms.CharField(
        label="Patient's chart number",
        required=False,
        max_length=20,
        help_text="From the patient's page, e.g. RV-000124.",
    )
    reason = _reason("What the referring provider asks us to do.")
    urgency = _urgency()
    received_on = forms.DateField(
        label="Received on",
        widget=DATE,
        error_messages={"required": "Give the day the referral came.", "invalid": DATE_INVALID},
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, practice: Practice, ask_patient: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other_provider"] = _provider_field(
            practice, "Referred by", "Choose the provider who referred the patient."
        )
        if not ask_patient:
            del self.fields["chart_number"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class OutboundForm(forms.Form):
    """A part of a plan sent to a specialist: which procedures, why, how soon, and the
    files that go with it."""

    other_provider = forms.Field()  # set in __init__
    procedures = forms.TypedMultipleChoiceField(
        label="Procedures the specialist does",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Tick only procedures listed here."},
    )
    reason = _reason("What you ask the specialist to do, and what they should know.")
    urgency = _urgency()
    sent_on = forms.DateField(
        label="Sent on",
        widget=DATE,
        error_messages={"required": "Give the day the referral is sent.", "invalid": DATE_INVALID},
    )
    expected_back_on = forms.DateField(
        label="Expected back on",
        required=False,
        widget=DATE,
        help_text="When the patient should be back with us.",
        error_messages={"invalid": DATE_INVALID},
    )
    documents = MultipleFileField(
        label="Documents",
        required=False,
        help_text="X-rays, the chart, reports: PDF, pictures or DICOM, at most 20 MB each.",
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(
        self,
        *args: Any,
        practice: Practice,
        procedure_choices: list[tuple[int, str]] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other_provider"] = _provider_field(
            practice, "Referred to", "Choose the specialist the patient goes to."
        )
        if procedure_choices is None:
            del self.fields["procedures"]
        else:
            field: Any = self.fields["procedures"]
            field.choices = procedure_choices


class MoveForm(forms.Form):
    status = forms.ChoiceField(
        label="Move to",
        choices=ReferralStatus.choices,
        error_messages={
            "required": "Choose where the referral goes.",
            "invalid_choice": "Choose one of the statuses of a referral.",
        },
    )
    note = forms.CharField(label="Note", required=False, max_length=300)
    on = forms.DateField(
        label="Back with us on",
        required=False,
        widget=DATE,
        help_text="For “returned to us”: the day the patient came back (today if blank).",
        error_messages={"invalid": DATE_INVALID},
    )


class ReferralEditForm(forms.Form):
    reason = _reason("")
    urgency = _urgency()
    expected_back_on = forms.DateField(
        label="Expected back on",
        required=False,
        widget=DATE,
        error_messages={"invalid": DATE_INVALID},
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, inbound: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "edit_%s")
        super().__init__(*args, **kwargs)
        if inbound:
            del self.fields["expected_back_on"]


class DocumentForm(forms.Form):
    title = forms.CharField(
        label="Title",
        required=False,
        max_length=120,
        help_text="e.g. Panoramic x-ray, Surgeon's report (the file name if blank).",
    )
    file = forms.FileField(label="File", error_messages={"required": "Choose the file to add."})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "doc_%s")
        super().__init__(*args, **kwargs)


class FilterForm(forms.Form):
    direction = forms.ChoiceField(
        label="Direction", required=False, choices=[("", "Both ways"), *Direction.choices]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ReferralStatus.choices]
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
    provider = forms.Field(required=False)  # set in __init__

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"] = ProviderChoice(
            label="Provider",
            required=False,
            queryset=scoped(ReferringProvider, practice).order_by("name", "pk"),
            empty_label="Any provider",
            error_messages={"invalid_choice": "Choose a provider of the directory."},
        )
