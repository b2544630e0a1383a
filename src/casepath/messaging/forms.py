"""Forms: a message template, and sending one from a follow-up task."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from casepath.messaging.models import Channel, MessageTemplate


class TemplateForm(forms.Form):
    name = forms.CharField(max_length=100)
    channel = forms.ChoiceField(choices=Channel.choices, label="Sent as")
    subject = forms.CharField(max_length=200, required=False, help_text="E-mail only.")
    body = forms.CharField(
        label="Text", widget=forms.Textarea(attrs={"rows": 8}), help_text="Merge fields as listed."
    )
    html_body = forms.CharField(
        label="HTML",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="E-mail only; leave empty to make it from the text.",
    )
    is_active = forms.BooleanField(label="In use", required=False, initial=True)

    @classmethod
    def of(cls, template: MessageTemplate | None, data: Any = None) -> TemplateForm:
        """The form for `template` (empty for a new one), bound to `data` when posted."""
        fields = list(cls.base_fields)
        initial = {f: getattr(template, f) for f in fields} if template else None
        return cls(data, initial=initial)

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class SendForm(forms.Form):
    template = forms.ModelChoiceField(queryset=MessageTemplate.objects.none(), empty_label=None)
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, templates: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        template_field: Any = self.fields["template"]
        template_field.queryset = templates
        template_field.label = "Template"

    def idempotency_key(self) -> str:
        """The same for every post of this form: a double click sends once."""
        return f"manual:{self.cleaned_data['key']}"


def channel_words(channel: str) -> str:
    return "e-mail" if channel == Channel.EMAIL else "text message"
