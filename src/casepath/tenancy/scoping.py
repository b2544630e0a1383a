"""The one scoping helper: every practice-owned query starts here.

A practice-owned model inherits `PracticeScopedModel`; it carries its practice
and organization. Code reads it with `scoped(Model, practice)` or fetches one
row with `get_scoped_or_404(Model, practice, pk)`, so that a row of another
practice is never found: callers answer 404, and nobody learns it exists.
tools/check_invariants.py forbids `.objects` in views and API modules.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from casepath.tenancy.models import Practice

M = TypeVar("M", bound="PracticeScopedModel")


class PracticeScopedModel(models.Model):
    """A row owned by one practice (and through it, one organization)."""

    practice = models.ForeignKey("tenancy.Practice", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.organization_id = self.practice.organization_id
        super().save(*args, **kwargs)


def scoped(model: type[M], practice: Practice) -> models.QuerySet[M]:
    """All rows of `model` that belong to `practice`, and no others."""
    return model._default_manager.filter(practice=practice)


def scoped_many(model: type[M], practices: Sequence[Practice]) -> models.QuerySet[M]:
    """All rows of `model` that belong to any of `practices` (an organization's report)."""
    return model._default_manager.filter(practice__in=[p.pk for p in practices])


def get_scoped_or_404(
    model: type[M], practice: Practice, pk: object, *, related: tuple[str, ...] = ()
) -> M:
    """One row of `practice`, or 404 whether it is missing or belongs elsewhere."""
    try:
        return scoped(model, practice).select_related(*related).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No such {model._meta.verbose_name}") from None
