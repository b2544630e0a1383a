"""Consult preparation: the appointment, who comes, the room, and the checklist."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casepath.tenancy.scoping import PracticeScopedModel

CHECKLIST: dict[str, str] = {
    "plan_final": "Plan final",
    "estimate_verified": "Estimate verified",
    "predetermination": "Pre-determination status known",
    "financing_ready": "Financial options ready",
    "letters_printed": "Letters printed",
    "visuals_loaded": "Visuals loaded",
    "room_ready": "Room set up",
}


class Consult(PracticeScopedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consults")
    appointment = models.OneToOneField(
        "scheduling.Appointment", on_delete=models.PROTECT, related_name="consult"
    )
    room = models.ForeignKey(
        "tenancy.Operatory", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "-pk"]

    def __str__(self) -> str:
        return f"Consult for {self.case}"


class ConsultAttendee(PracticeScopedModel):
    consult = models.ForeignKey(Consult, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=60, help_text="Patient, spouse, parent ...")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decides = models.BooleanField("decision maker", default=False)

    class Meta:
        ordering = ["consult", "pk"]

    def __str__(self) -> str:
        return self.name


class ConsultCheck(PracticeScopedModel):
    """One checklist item ticked: who and when (unticking deletes the row)."""

    consult = models.ForeignKey(Consult, on_delete=models.CASCADE, related_name="checks")
    item = models.CharField(max_length=20, choices=list(CHECKLIST.items()))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["consult", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consult", "item"], name="one_check_per_item")
        ]

    def __str__(self) -> str:
        return CHECKLIST.get(self.item, self.item)
