"""Carriers and fee schedules: the simple forms of the insurance settings."""

from __future__ import annotations

from typing import Any

from django import forms

from casepath.insurance import selectors
from casepath.insurance.fee_csv import MAX_BYTES
from casepath.insurance.forms.fields import CodeField, MoneyField
from casepath.insurance.models import Carrier, FeeSchedule, FeeScheduleKind
from casepath.tenancy.models import Practice

CARRIER_FIELDS = ("name", "payer_id", "phone", "portal_url")


class CarrierForm(forms.ModelForm):
    portal_url = forms.URLField(
        label="Provider portal",
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = Carrier
        fields = CARRIER_FIELDS
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "payer_id": "The electronic payer ID printed on the card or the carrier's claims page.",
            "phone": "The provider services line you call to check benefits.",
        }


class FeeScheduleForm(forms.ModelForm):
    class Meta:
        model = FeeSchedule
        fields = ("name", "kind", "provider")

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider = self.fields["provider"]
        provider.queryset = selectors.providers_for_fees(practice)  # type: ignore[attr-defined]
        provider.empty_label = "Every provider (the office's fees)"  # type: ignore[attr-defined]
        if self.instance.pk:
            # A plan may point at this schedule: its kind stays what it was.
            self.fields["kind"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("provider") and data.get("kind") != FeeScheduleKind.OFFICE:
            self.add_error("provider", "Only office fee schedules belong to one provider.")
        return data


class FeeForm(forms.Form):
    """One fee, edited in its row."""

    amount = MoneyField(label="Fee", required=True)


class NewFeeForm(forms.Form):
    code = CodeField(label="Code")
    amount = MoneyField(label="Fee", required=True)

    def __init__(self, *args: Any, schedule: FeeSchedule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schedule = schedule

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if selectors.fee_for_code(self.schedule, code) is not None:
            raise forms.ValidationError(
                f"Code: {code} is already in this schedule; change its fee in the list."
            )
        return str(code)


class FeeImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file", required=False, help_text="Two columns: code,fee (a header is fine)."
    )
    text = forms.CharField(
        label="Or paste the rows",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "code,fee\nD0120,65.00"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(f"The file is larger than {MAX_BYTES // 1000} kB.")
            raw = upload.read()
            data["text"] = _decoded(raw)
        if not (data.get("text") or "").strip():
            raise forms.ValidationError("Choose a CSV file or paste its rows.")
        return data


def _decoded(raw: bytes) -> str:
    """Spreadsheets save UTF-8 (often with a byte order mark) or Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")
