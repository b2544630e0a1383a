from __future__ import annotations

from django import forms

MAX_FILE_BYTES = 2 * 1024 * 1024


class DescriptorFileForm(forms.Form):
    file = forms.FileField(
        label="Descriptor file (CSV with a code and a descriptor column)",
        help_text="The file your CDT licence came with, saved as CSV.",
    )
    source = forms.CharField(
        label="Edition and licence", max_length=80, initial="CDT (ADA licence)"
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB; is it the right file?")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("Save the file as CSV in UTF-8 and try again.") from None
