"""The patient pages' forms, labelled and answered in the patient's language."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from casepath.cases.consent_services import Signature
from casepath.cases.models import SignatureKind
from casepath.cases.patient.phrases import phrases
from casepath.cases.patient.services import MAX_QUESTION_CHARS


class PatientForm(forms.Form):
    """A form whose labels and 'required' messages are phrases of `language`."""

    labels: dict[str, str] = {}
    missing: dict[str, str] = {}

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.w = phrases(language)
        for name, field in self.fields.items():
            if name in self.labels:
                field.label = self.w[self.labels[name]]
            field.error_messages["required"] = self.w[self.missing.get(name, "name_missing")]


def _number(low: int, high: int, autocomplete: str, size: int) -> forms.IntegerField:
    widget = forms.TextInput(
        attrs={
            "inputmode": "numeric",
            "pattern": "[0-9]*",
            "autocomplete": autocomplete,
            "maxlength": str(size),
            "size": str(size),
        }
    )
    return forms.IntegerField(min_value=low, max_value=high, widget=widget)


class BirthDateForm(PatientForm):
    """Three boxes (month, day, year): easier on a phone than a calendar back to 1950."""

    month = _number(1, 12, "bday-month", 2)
    day = _number(1, 31, "bday-day", 2)
    year = _number(1900, 2100, "bday-year", 4)
    labels = {"month": "month", "day": "day", "year": "year"}
    missing = {
        "month": "birth_date_invalid",
        "day": "birth_date_invalid",
        "year": "birth_date_invalid",
    }

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, language=language, **kwargs)
        for field in self.fields.values():
            for key in ("invalid", "min_value", "max_value", "max_length"):
                field.error_messages[key] = self.w["birth_date_invalid"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            data["date_of_birth"] = date(data["year"], data["month"], data["day"])
        except (KeyError, ValueError):
            raise forms.ValidationError(self.w["birth_date_invalid"]) from None
        return data


class ChooseForm(PatientForm):
    option = forms.IntegerField(widget=forms.HiddenInput)
    missing = {"option": "choice_missing"}


class QuestionForm(PatientForm):
    text = forms.CharField(
        max_length=MAX_QUESTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    labels = {"text": "question_label"}
    missing = {"text": "question_missing"}

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, language=language, **kwargs)
        self.fields["text"].error_messages["max_length"] = self.w["question_too_long"]
        self.fields["text"].help_text = self.w["question_help"]


class SignForm(PatientForm):
    """Drawn (a PNG data URL from the pad) or typed; the service checks both again."""

    signature_kind = forms.ChoiceField(
        choices=[(SignatureKind.DRAWN, ""), (SignatureKind.TYPED, "")],
        initial=SignatureKind.TYPED,
        # Enabled by signature.js: without scripts, typing the name is the only way.
        widget=forms.RadioSelect(attrs={"disabled": True}),
    )
    signature_drawn = forms.CharField(required=False, widget=forms.HiddenInput, strip=True)
    signature_typed = forms.CharField(
        required=False, max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    signer_name = forms.CharField(
        max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    witness_name = forms.CharField(required=False, max_length=200)
    agree = forms.BooleanField()
    templates = forms.CharField(required=False, widget=forms.HiddenInput)
    labels = {
        "signature_kind": "signature_kind",
        "signature_typed": "signature",
        "signer_name": "signer_name",
        "witness_name": "witness_name",
        "agree": "agree",
    }
    missing = {"signature_kind": "signature_missing", "agree": "agree_missing"}

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, language=language, **kwargs)
        self.fields["signature_typed"].help_text = self.w["typed_name"]
        self.fields["signature_kind"].choices = [
            (SignatureKind.DRAWN, self.w["draw_signature"]),
            (SignatureKind.TYPED, self.w["type_signature"]),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("signature_kind")
        if kind == SignatureKind.DRAWN and not data.get("signature_drawn"):
            self.add_error("signature_kind", self.w["signature_missing"])
        if kind == SignatureKind.TYPED and not data.get("signature_typed"):
            self.add_error("signature_typed", self.w["name_missing"])
        return data

    def signature(self) -> Signature:
        data = self.cleaned_data
        drawn = data["signature_kind"] == SignatureKind.DRAWN
        return Signature(
            kind=data["signature_kind"],
            value=data["signature_drawn"] if drawn else data["signature_typed"],
            signer_name=data["signer_name"],
            witness_name=data.get("witness_name", ""),
        )

    def shown_templates(self) -> list[int] | None:
        text = self.cleaned_data.get("templates", "")
        if not text:
            return None
        return [int(part) for part in text.split(",") if part.strip().isdigit()]
