"""Reads of procedure names: Casepath's plain-language name and the official descriptor."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from casepath.procedures.models import ProcedureDescriptor
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped


def descriptors_of(practice: Practice) -> QuerySet[ProcedureDescriptor]:
    return scoped(ProcedureDescriptor, practice)


def official_descriptors(practice: Practice, codes: Iterable[str]) -> dict[str, str]:
    """The practice's licensed descriptor of each code it has one for."""
    rows = descriptors_of(practice).filter(code__in=list(codes))
    return dict(rows.values_list("code", "descriptor"))
