"""Official procedure descriptors a practice imported from its own CDT licence.

Casepath ships code numbers with its own plain-language names (core.catalog).
The ADA licenses the official descriptors, so a practice that holds a licence
imports its descriptor file, and staff then see the official nomenclature too.
"""

from __future__ import annotations

from django.db import models

from casepath.insurance.models import procedure_code
from casepath.tenancy.scoping import PracticeScopedModel


class ProcedureDescriptor(PracticeScopedModel):
    code = models.CharField(max_length=5, validators=[procedure_code])
    descriptor = models.TextField()
    source = models.CharField(max_length=80, help_text="e.g. “CDT 2026 (ADA licence)”.")

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "code"],
                name="descriptor_one_per_code_in_practice",
                violation_error_message="This practice already has a descriptor for this code.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.descriptor[:40]}"
