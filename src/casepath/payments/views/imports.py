"""/payments/import/: a CSV file from the practice management system, previewed (every
line checked, nothing written), then imported in one step; /payments/imports/<id>/ shows
what an import did.

Between the preview and the import the file travels signed in a hidden field: the
import reads exactly what was previewed, and refuses a file changed or too old.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.core.errors import CasepathError
from casepath.payments import imports, selectors
from casepath.payments.forms import MAX_KEPT, ImportForm, keep, kept
from casepath.payments.views.common import practice, require_seeing, today
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission

EXPIRED = "The previewed file has expired or was changed: choose it again."


@practice_view(Permission.RECORD_PAYMENTS)
def payment_import(request: HttpRequest) -> HttpResponse:
    """Choose a file (GET) and preview it (POST): nothing is written here."""
    if request.method != "POST":
        return _upload_page(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form)
    chosen = form.cleaned_data["file"]
    try:
        upload = imports.upload_read(chosen.name, chosen.read())
        checked = imports.preview(practice(request), upload, today=today(request))
    except CasepathError as error:
        form.add_error("file", error.errors[0].message)
        return _upload_page(request, form)
    return _preview_page(request, upload, checked, form)


@require_POST
@practice_view(Permission.RECORD_PAYMENTS)
def payment_import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the previewed file: every new line, or nothing at all."""
    ids = (practice(request).pk, request.user.pk)
    upload = kept(request.POST.get("kept", ""), *ids)
    if upload is None:
        return _upload_page(request, ImportForm(), refused=EXPIRED)
    try:
        batch = imports.payments_import(
            acting_user=request.user,
            practice=practice(request),
            upload=upload,
            today=today(request),
        )
    except imports.ImportRefused:
        checked = imports.preview(practice(request), upload, today=today(request))
        return _preview_page(request, upload, checked, ImportForm())
    except CasepathError as error:
        return _upload_page(request, ImportForm(), refused=error.errors[0].message)
    messages.success(
        request,
        f"Imported {batch.imported} payment{'s' if batch.imported != 1 else ''}; "
        f"{batch.skipped} already on file.",
    )
    return redirect("payments:import_detail", payment_import_id=batch.pk)


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def import_detail(request: HttpRequest, payment_import_id: int) -> HttpResponse:
    require_seeing(request)
    batch = selectors.import_get(practice(request), payment_import_id)
    rows = selectors.import_payments(batch)
    audit_request(
        request,
        action=Action.VIEW,
        target=batch,
        summary=f"Opened the payments import {batch.file_name}",
    )
    total = sum((p.amount for p in rows), Decimal("0.00"))
    return render(
        request, "payments/import_detail.html", {"batch": batch, "rows": rows, "total": total}
    )


def _upload_page(request: HttpRequest, form: ImportForm, **more: Any) -> HttpResponse:
    context = {"form": form, "imports": selectors.imports_recent(practice(request))} | more
    return render(request, "payments/import.html", context)


def _preview_page(
    request: HttpRequest, upload: imports.Upload, checked: imports.Preview, form: ImportForm
) -> HttpResponse:
    token = "" if checked.problems else keep(upload, practice(request).pk, request.user.pk)
    if len(token) > MAX_KEPT:
        form.add_error("file", "This file is too large to import in one step: split it in two.")
        return _upload_page(request, form)
    audit_request(
        request,
        action=Action.VIEW,
        object_type="paymentimport",
        summary=f"Previewed {upload.name}: {len(checked.lines)} lines, "
        f"{len(checked.problems)} problems",
    )
    context = {"upload": upload, "preview": checked, "kept": token}
    return _upload_page(request, form, **context)


urlpatterns = [
    path("import/", payment_import, name="import"),
    path("import/confirm/", payment_import_confirm, name="import_confirm"),
    path("imports/<int:payment_import_id>/", import_detail, name="import_detail"),
]
