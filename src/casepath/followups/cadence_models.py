"""Cadences: the practice's steps of follow-up for a reason, and each case's run of them.

A run starts when a case is presented and keeps one step's task open at a time (key
"cadence:<run id>:step:<n>"); it stops when the case is decided, expires or goes back
to draft, when the patient asks not to be contacted, when a call reaches a decision,
or after its last step. A case has at most one open run.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from casepath.tenancy.scoping import PracticeScopedModel


class CadenceReason(models.TextChoices):
    PRESENTED = "presented", "Presented and not accepted"


class Cadence(PracticeScopedModel):
    name = models.CharField(max_length=80)
    reason = models.CharField(max_length=16, choices=CadenceReason.choices)
    steps = models.JSONField(
        default=list, help_text='[{"kind": "call", "offset": 48, "unit": "hours"}, ...]'
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive: presenting a case starts no follow-ups."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "reason"],
                name="one_cadence_per_reason",
                violation_error_message="This practice already has a cadence for this reason.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class StopReason(models.TextChoices):
    ACCEPTED = "accepted", "Case accepted"
    DECLINED = "declined", "Case declined"
    EXPIRED = "expired", "Case expired"
    DRAFT = "draft", "Case back to draft"
    CASE_MOVED = "case_moved", "Case no longer waiting for a decision"
    OPTED_OUT = "opted_out", "Patient asked not to be contacted"
    REACHED_SCHEDULED = "reached_scheduled", "Reached and scheduled"
    REACHED_DECLINED = "reached_declined", "Reached and declined"
    TASK_CANCELLED = "task_cancelled", "Follow-up cancelled by hand"
    FINISHED = "finished", "Every step done"


class CadenceRun(PracticeScopedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="cadence_runs")
    cadence = models.ForeignKey(Cadence, on_delete=models.PROTECT, related_name="runs")
    steps = models.JSONField(
        default=list, help_text="The cadence's steps when the run started: it keeps to them."
    )
    started_at = models.DateTimeField()
    agreed_at = models.DateTimeField(
        null=True, blank=True, help_text="A follow-up time agreed with the patient."
    )
    step = models.PositiveSmallIntegerField(default=1, help_text="The step open now, from 1.")
    stopped_at = models.DateTimeField(null=True, blank=True)
    stop_reason = models.CharField(max_length=20, choices=StopReason.choices, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(stopped_at__isnull=True),
                name="one_open_cadence_run_per_case",
                violation_error_message="This case already has a running cadence.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cadence} for case {self.case_id}"

    @property
    def key_prefix(self) -> str:
        """What the keys of this run's tasks start with."""
        return f"cadence:{self.pk}:"

    def step_key(self, number: int) -> str:
        return f"{self.key_prefix}step:{number}"
