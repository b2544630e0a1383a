"""Follow-up tasks: who calls, writes or texts which patient, about what, and by when.

A task is opened by the services of the area it is about (a pre-determination came
back, a patient asked a question) with a `key` that names the event, so opening it
twice gives the same task. It ends done (with the outcome of the call), skipped or
cancelled; it is never deleted.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from casepath.core.cases import DECLINE_LABELS
from casepath.tenancy.scoping import PracticeScopedModel


class TaskKind(models.TextChoices):
    CALL = "call", "Call"
    EMAIL = "email", "E-mail"
    SMS = "sms", "Text message"
    LETTER = "letter", "Letter"
    INTERNAL = "internal", "Internal"


class TaskReason(models.TextChoices):
    PRESENTED = "presented", "Presented and not accepted"
    PREDETERMINATION = "predetermination", "Pre-determination returned"
    FINANCING = "financing", "Financing pending"
    QUESTION = "question", "Question from the patient page"
    NO_SHOW = "no_show", "No-show"
    NOT_SCHEDULED = "not_scheduled", "Accepted but not scheduled"
    VERIFICATION = "verification", "Verification due"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"
    CANCELLED = "cancelled", "Cancelled"


class Outcome(models.TextChoices):
    SCHEDULED = "scheduled", "Reached and scheduled"
    THINKING = "thinking", "Reached and thinking"
    DECLINED = "declined", "Reached and declined"
    LEFT_MESSAGE = "left_message", "Left message"
    NO_ANSWER = "no_answer", "No answer"
    WRONG_NUMBER = "wrong_number", "Wrong number"


class Priority(models.IntegerChoices):
    LOW = 1, "Low"
    NORMAL = 2, "Normal"
    HIGH = 3, "High"


class Task(PracticeScopedModel):
    kind = models.CharField(max_length=8, choices=TaskKind.choices, default=TaskKind.CALL)
    reason = models.CharField(max_length=16, choices=TaskReason.choices)
    title = models.CharField(max_length=200, help_text="What to do, in a sentence.")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who does it (nobody yet: anyone of the practice may take it).",
    )
    due_at = models.DateTimeField()
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    value_at_stake = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text="The case's amount weighted by its stage (core.followups.value_at_stake).",
    )
    status = models.CharField(max_length=9, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    decline_reason = models.CharField(
        max_length=20,
        choices=[(reason.value, label) for reason, label in DECLINE_LABELS.items()],
        blank=True,
        help_text="Why the patient declined, when the call's outcome says so.",
    )
    note = models.TextField(blank=True)
    key = models.CharField(
        max_length=120, help_text="The event that opened it: the same event never opens two."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "key"],
                name="one_task_per_event",
                violation_error_message="This event already has its task.",
            )
        ]
        indexes = [
            models.Index(fields=["practice", "status", "due_at"], name="task_practice_due"),
            models.Index(fields=["owner", "status", "due_at"], name="task_owner_due"),
            # The worklist (migration 0003): every owner's open tasks in rank order, and
            # one owner's open tasks (theirs and nobody's) by due time.
            models.Index(
                fields=["practice", "-value_at_stake", "due_at", "-priority", "id"],
                condition=models.Q(status="open"),
                name="task_open_ranked",
            ),
            models.Index(
                fields=["practice", "owner", "due_at"],
                condition=models.Q(status="open"),
                name="task_open_owner_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title


from casepath.followups.cadence_models import Cadence, CadenceRun  # noqa: E402, F401
from casepath.followups.settings_models import FollowupSettings  # noqa: E402, F401
