"""Importing a practice's licensed procedure descriptors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from casepath.audit.models import Action
from casepath.audit.services import audit_record
from casepath.interop.cdt_descriptors import ParsedFile
from casepath.procedures.models import ProcedureDescriptor
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped


@dataclass(frozen=True)
class ImportCounts:
    added: int
    changed: int
    unchanged: int


def descriptors_preview(practice: Practice, parsed: ParsedFile) -> ImportCounts:
    """What an import of `parsed` would add and change, without writing anything."""
    current = dict(scoped(ProcedureDescriptor, practice).values_list("code", "descriptor"))
    added = sum(1 for r in parsed.rows if r.code not in current)
    changed = sum(1 for r in parsed.rows if current.get(r.code, r.descriptor) != r.descriptor)
    return ImportCounts(added, changed, len(parsed.rows) - added - changed)


@transaction.atomic
def descriptors_import(
    *, acting_user: Any, practice: Practice, parsed: ParsedFile, source: str
) -> ImportCounts:
    """Add or replace the practice's descriptors; refuses a file with errors."""
    if parsed.errors:
        raise ValueError("a descriptor file with errors is never imported")
    counts = descriptors_preview(practice, parsed)
    existing = {d.code: d for d in scoped(ProcedureDescriptor, practice)}
    fresh = []
    for row in parsed.rows:
        descriptor = existing.get(row.code) or ProcedureDescriptor(practice=practice, code=row.code)
        descriptor.descriptor, descriptor.source = row.descriptor, source
        descriptor.organization_id = practice.organization_id
        descriptor.full_clean(validate_constraints=False)
        if descriptor.pk is None:
            fresh.append(descriptor)
        else:
            descriptor.save(update_fields=["descriptor", "source", "updated_at"])
    ProcedureDescriptor.objects.bulk_create(fresh)
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.UPDATE,
        object_type="procedure descriptors",
        summary=f"Imported {len(parsed.rows)} procedure descriptors from {source}",
        changes={"added": counts.added, "changed": counts.changed},
    )
    return counts
