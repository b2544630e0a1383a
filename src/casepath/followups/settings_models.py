"""A practice's rules for handing out follow-up tasks (imported by followups/models.py).

With the round robin on, a task opened for nobody goes to the next person of the pool
after the one who got the last such task, so the calls are shared out evenly.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casepath.tenancy.scoping import PracticeScopedModel


class FollowupSettings(PracticeScopedModel):
    round_robin = models.BooleanField(
        default=False,
        help_text="Tasks opened for nobody go to the people of the pool in turn.",
    )
    pool = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", help_text="Who takes turns."
    )
    last_assigned = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who got the last task in turn: the next one goes to whoever follows.",
    )

    class Meta:
        verbose_name_plural = "follow-up settings"
        constraints = [
            models.UniqueConstraint(fields=["practice"], name="one_followup_settings_per_practice")
        ]

    def __str__(self) -> str:
        return f"Follow-up settings of {self.practice}"
