"""The calendar a practice starts with: the core's sequencing rules (DEFAULT_RULES) and one
appointment type per common kind of visit.

They are made once, the first time the calendar's settings are read. The audit row that
records it is the mark: after it, a type or rule the practice removed stays removed.
Types are matched by name and rules by their two kinds, so a practice that already has
some (set up by hand, or by the demo) keeps them and only gets what is missing.
"""

from __future__ import annotations

from typing import Final

from django.db import transaction

from casepath.audit.models import Action, AuditEvent
from casepath.audit.services import audit_record
from casepath.core.scheduling import DEFAULT_RULES, KIND_LABELS, VisitKind
from casepath.scheduling.models import AppointmentType, SequencingRule
from casepath.tenancy.models import Practice, ProviderKind
from casepath.tenancy.scoping import scoped

MARK: Final = "calendar_defaults"
"""The audit row's object type that says the defaults were made."""

# (kind, minutes, who does it): the appointment types a practice starts with.
DEFAULT_TYPES: Final[tuple[tuple[VisitKind, int, str], ...]] = (
    (VisitKind.EXAM, 60, ""),
    (VisitKind.CLEANING, 60, ProviderKind.HYGIENIST),
    (VisitKind.PERIO, 90, ProviderKind.HYGIENIST),
    (VisitKind.FILLING, 60, ""),
    (VisitKind.ROOT_CANAL, 90, ""),
    (VisitKind.CROWN, 90, ""),
    (VisitKind.BRIDGE, 120, ""),
    (VisitKind.DENTURE, 60, ""),
    (VisitKind.EXTRACTION, 60, ""),
    (VisitKind.GRAFT, 60, ""),
    (VisitKind.IMPLANT, 90, ""),
    (VisitKind.IMPLANT_RESTORATION, 60, ""),
    (VisitKind.ORTHODONTIC, 30, ""),
)


def defaults_made(practice: Practice) -> bool:
    return AuditEvent.objects.filter(practice=practice, object_type=MARK).exists()


@transaction.atomic
def calendar_defaults(practice: Practice) -> bool:
    """Make the default appointment types and sequencing rules, once. True when made now."""
    if defaults_made(practice):
        return False
    # Two first reads at once: the second waits here, then finds the mark.
    Practice.objects.select_for_update().filter(pk=practice.pk).first()
    if defaults_made(practice):
        return False
    names = set(scoped(AppointmentType, practice).values_list("name", flat=True))
    types = [
        AppointmentType(
            practice=practice,
            organization_id=practice.organization_id,
            name=KIND_LABELS[kind],
            kind=kind,
            minutes=minutes,
            provider_kind=who,
        )
        for kind, minutes, who in DEFAULT_TYPES
        if KIND_LABELS[kind] not in names
    ]
    pairs = set(scoped(SequencingRule, practice).values_list("before_kind", "after_kind"))
    rules = [
        SequencingRule(
            practice=practice,
            organization_id=practice.organization_id,
            before_kind=rule.before,
            after_kind=rule.after,
            min_days=rule.min_days,
            max_days=rule.max_days,
            why=rule.why,
        )
        for rule in DEFAULT_RULES
        if (rule.before.value, rule.after.value) not in pairs
    ]
    AppointmentType.objects.bulk_create(types)
    SequencingRule.objects.bulk_create(rules)
    audit_record(
        practice=practice,
        actor=None,
        action=Action.CREATE,
        object_type=MARK,
        summary=(
            f"Set up the calendar: {len(types)} appointment type(s) and "
            f"{len(rules)} sequencing rule(s) to start with"
        ),
        changes={
            "appointment_types": {"before": None, "after": sorted(t.name for t in types)},
            "sequencing_rules": {
                "before": None,
                "after": [f"{r.before_kind} -> {r.after_kind}" for r in rules],
            },
        },
    )
    return True
