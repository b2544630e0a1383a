"""Helpers shared by the forms of every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the fields it names."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(None if field == NON_FIELD_ERRORS else target, message)


class DateRangeForm(forms.Form):
    """Two days, both included (GET: ?from=YYYY-MM-DD&to=YYYY-MM-DD); the end on or after
    the start. `FROM_LABEL` says what the range is of ("Calls from")."""

    FROM_LABEL = "From"

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["from"] = forms.DateField(label=self.FROM_LABEL, widget=widget)
        self.fields["to"] = forms.DateField(label="to", widget=widget)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", "Choose an end date on or after the start date.")
        return data
