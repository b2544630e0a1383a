"""The practice's choice of metric definitions: one row per practice, changed in one
transaction with one audit row (its before and after)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from casepath.audit.models import Action
from casepath.audit.services import audit_record, diff
from casepath.core.metrics import ACCEPTED_LABELS, AcceptedMeans, PresenterRule
from casepath.reports.models import MetricSettings
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

FIELDS = ("accepted_means", "presenter_rule")


def metric_settings_save(
    *,
    practice: Practice,
    accepted_means: AcceptedMeans,
    presenter_rule: PresenterRule,
    acting_user: Any,
) -> MetricSettings:
    """Make `accepted_means` and `presenter_rule` the practice's defaults."""
    with transaction.atomic():
        row = scoped(MetricSettings, practice).select_for_update().first()
        created = row is None
        row = row or MetricSettings(practice=practice, organization_id=practice.organization_id)
        before = {} if created else {f: getattr(row, f) for f in FIELDS}
        row.accepted_means = accepted_means.value
        row.presenter_rule = presenter_rule.value
        row.full_clean()
        row.save()
        after = {f: getattr(row, f) for f in FIELDS}
        audit_record(
            practice=practice,
            actor=acting_user,
            action=Action.CREATE if created else Action.UPDATE,
            target=row,
            summary=(
                f"Acceptance figures: accepted means {ACCEPTED_LABELS[accepted_means]}, "
                f"{presenter_rule.value} presenter"
            ),
            changes=diff(before, after),
        )
    return row
