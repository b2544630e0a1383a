"""The audit trail for practice managers: filter, read, export as CSV."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from casepath.audit.forms import AuditFilterForm
from casepath.audit.models import Action
from casepath.audit.selectors import audit_events
from casepath.audit.services import audit_request
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission

PAGE_SIZE = 50
CSV_COLUMNS = (
    "when",
    "user",
    "action",
    "channel",
    "record",
    "record id",
    "patient chart",
    "summary",
    "address",
    "changes",
)


@practice_view(Permission.VIEW_AUDIT)
def audit_list(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    form = AuditFilterForm(request.GET or None, practice=practice)
    rows = audit_events(practice, form.filter())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"form": form, "page": page})


class _Echo:
    def write(self, value: str) -> str:
        return value


@practice_view(Permission.VIEW_AUDIT)
def audit_export(request: HttpRequest) -> HttpResponse:
    """All rows matching the filter as CSV; the export itself is audited."""
    practice = request.practice  # type: ignore[attr-defined]
    form = AuditFilterForm(request.GET or None, practice=practice)
    rows = audit_events(practice, form.filter())
    audit_request(
        request,
        action=Action.EXPORT,
        object_type="audit trail",
        summary=f"Exported the audit trail ({form.describe()})",
    )
    writer = csv.writer(_Echo())

    def lines():  # type: ignore[no-untyped-def]
        yield writer.writerow(CSV_COLUMNS)
        for e in rows.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.at.isoformat(),
                    e.actor_name,
                    e.action,
                    e.channel,
                    e.object_type,
                    e.object_id,
                    e.patient.chart_number if e.patient else "",
                    e.summary,
                    e.ip_address or "",
                    e.changes or "",
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv")
    name = f"audit-{practice.short_code}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
