"""Collections' forms: which payments to list, a payment entered, the file to import."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing

from casepath.core.errors import CasepathError
from casepath.payments.imports import MAX_BYTES, Upload
from casepath.payments.models import PayerKind
from casepath.payments.parsing import amount_parse

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%m/%d/%Y"]
SIGNED_FOR = "casepath.payments.import"
# A file kept between preview and import is signed; it is good for one hour.
KEPT_SECONDS = 3600
# The signed file must fit in a form post (Django refuses bodies over 2.5 MB).
MAX_KEPT = 2_300_000


class FilterForm(forms.Form):
    start = forms.DateField(label="From", required=False, widget=DATE, input_formats=DATE_FORMATS)
    end = forms.DateField(label="To", required=False, widget=DATE, input_formats=DATE_FORMATS)
    chart_number = forms.CharField(label="Chart number", required=False, max_length=20)
    case = forms.IntegerField(label="Case number", required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end comes before the start.")
        return data


class PaymentForm(forms.Form):
    amount = forms.CharField(
        label="Amount",
        max_length=20,
        help_text="In dollars, e.g. 1,250.00. A refund or correction is negative: -50.00.",
    )
    received_on = forms.DateField(label="Received on", widget=DATE, input_formats=DATE_FORMATS)
    payer = forms.ChoiceField(label="Paid by", choices=PayerKind.choices, initial=PayerKind.PATIENT)
    reference = forms.CharField(
        label="Reference",
        required=False,
        max_length=60,
        help_text="The transaction number in the practice management system, if any.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=200,
        help_text="Needed for a refund or correction: say why.",
    )

    def clean_amount(self) -> Decimal:
        try:
            return amount_parse(self.cleaned_data["amount"])
        except CasepathError as error:
            raise forms.ValidationError(error.errors[0].message) from None


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="The payments your practice management system exports, up to 2 MB and "
        "10,000 lines.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            size = upload.size / 1024 / 1024
            raise forms.ValidationError(f"The file is larger than 2 MB ({size:.1f} MB).")
        return upload


def keep(upload: Upload, practice_id: int, user_id: int) -> str:
    """The file signed for the import step: the browser cannot change it unnoticed."""
    return signing.dumps(
        {"p": practice_id, "u": user_id, "n": upload.name, "t": upload.text, "h": upload.sha256},
        salt=SIGNED_FOR,
        compress=True,
    )


def kept(token: str, practice_id: int, user_id: int) -> Upload | None:
    """The file signed at preview, if the signature holds, is fresh and is this user's."""
    try:
        data = signing.loads(token, salt=SIGNED_FOR, max_age=KEPT_SECONDS)
    except signing.BadSignature:
        return None
    if data.get("p") != practice_id or data.get("u") != user_id:
        return None
    return Upload(data["n"], data["t"], data["h"])
