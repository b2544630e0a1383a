"""The huddle's forms: which day, the schedule file, the benefits window, the settings."""

from __future__ import annotations

from typing import Any

from django import forms

from casepath.core.huddle.benefit_year import LONGEST_WITHIN_DAYS
from casepath.core.huddle.outstanding import LARGEST_THRESHOLD
from casepath.core.huddle.schedule_csv import MAX_ROWS

MAX_BYTES = 1_000_000
_EXAMPLE = (
    "date,time,chart_number,provider,type,length\n2026-04-02,08:00,RV-000123,Nunez,hygiene,60"
)


class DayForm(forms.Form):
    day = forms.DateField(
        label="Day",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ExpiringForm(forms.Form):
    within = forms.IntegerField(
        label="Benefit year ends within (days)",
        required=False,
        min_value=1,
        max_value=LONGEST_WITHIN_DAYS,
    )


class ScheduleImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        required=False,
        help_text=f"The schedule your practice management system exports, up to {MAX_ROWS:,} "
        "visits.",
    )
    text = forms.CharField(
        label="Or paste the rows",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": _EXAMPLE}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(f"The file is larger than {MAX_BYTES // 1000:,} kB.")
            data["text"] = _decoded(upload.read())
            data["file_name"] = upload.name
        if not (data.get("text") or "").strip():
            raise forms.ValidationError("Choose a CSV file or paste its rows.")
        return data


def _decoded(raw: bytes) -> str:
    """Spreadsheets save UTF-8 (often with a byte order mark) or Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


class HuddleSettingsForm(forms.Form):
    threshold = forms.DecimalField(
        label="List patients with outstanding treatment of at least ($)",
        min_value=0,
        max_value=LARGEST_THRESHOLD,
        max_digits=9,
        decimal_places=2,
    )
    expiring_within_days = forms.IntegerField(
        label="Benefits expiring: benefit year ends within (days)",
        min_value=1,
        max_value=LONGEST_WITHIN_DAYS,
    )
