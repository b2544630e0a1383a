"""Reports: the practice's chosen metric definitions and the monthly team reports made.

A `MonthlyReport` keeps the PDF as made (with its SHA-256), for the month before the
one it was made in; it is made on demand by a manager or automatically on the 1st
(`made_by` empty), and e-mailed to the practice's managers. Nothing is overwritten: a
report made again for the same month is a new row, and the newest is shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casepath.core.metrics import ACCEPTED_LABELS, PRESENTER_LABELS
from casepath.tenancy.scoping import PracticeScopedModel

ACCEPTED_CHOICES = [(m.value, label) for m, label in ACCEPTED_LABELS.items()]
PRESENTER_CHOICES = [(r.value, label) for r, label in PRESENTER_LABELS.items()]


class MetricSettings(PracticeScopedModel):
    """Which definitions the practice's figures use unless the screen says otherwise."""

    accepted_means = models.CharField(
        "a case counts as accepted when",
        max_length=10,
        choices=ACCEPTED_CHOICES,
        default="said_yes",
    )
    presenter_rule = models.CharField(
        "a case belongs to", max_length=5, choices=PRESENTER_CHOICES, default="first"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice"], name="one_metric_settings_per_practice")
        ]

    def __str__(self) -> str:
        return f"Metric settings of {self.practice}"


def report_path(instance: MonthlyReport, filename: str) -> str:
    return f"practice-{instance.practice_id}/reports/{filename}"


class MonthlyReport(PracticeScopedModel):
    month = models.DateField(help_text="The first day of the month reported on.")
    file = models.FileField(upload_to=report_path)
    sha256 = models.CharField(max_length=64)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when made automatically on the 1st.",
    )
    accepted_means = models.CharField(max_length=10, choices=ACCEPTED_CHOICES)
    presenter_rule = models.CharField(max_length=5, choices=PRESENTER_CHOICES)
    emailed_to = models.TextField(blank=True, help_text="The managers it was sent to.")

    class Meta:
        ordering = ["-month", "-created_at", "-pk"]
        indexes = [models.Index(fields=["practice", "month"], name="report_practice_month")]

    def __str__(self) -> str:
        return f"Monthly report for {self.month:%B %Y}"


WHOLE_CASE = ""
"""The category of a case's row that sums all its procedures."""


class CaseFigures(PracticeScopedModel):
    """A case's planned dollars and procedures, summed once when the plan or a decision
    changes (reports/case_figures.py), so that a report reads one row per case and
    category instead of every procedure with its phase and option.

    One row has category "" (the whole case); one row per procedure category it has.
    presented: the recommended option's procedures; accepted: the procedures accepted.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=16, blank=True)
    presented_usd = models.DecimalField(max_digits=12, decimal_places=2)
    presented_n = models.PositiveIntegerField()
    accepted_usd = models.DecimalField(max_digits=12, decimal_places=2)
    accepted_n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "category"], name="case_figures_once")
        ]

    def __str__(self) -> str:
        return f"Figures of case {self.case_id} ({self.category or 'whole case'})"
